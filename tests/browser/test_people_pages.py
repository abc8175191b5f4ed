"""People and accounts in a real browser, as the CCPL team and the invited person use them:
add a person, invite them, set up the account from the e-mailed link, change what they can
do, ask for a new e-mail address and deactivate. axe finds nothing on any of these pages."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_ccpl_team_invites_a_person_who_sets_up_their_account(
    page, live_server, staff_user, sign_in, axe_check, screenshot_dir, settings, eager_celery
):
    settings.CCPL_SITE_URL = live_server.url
    sign_in(page, staff_user, TEST_PASSWORD)
    page.goto(live_server.url + "/manage/people/")
    page.get_by_role("link", name="Add a person").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a person")
    page.get_by_role("button", name="Save person").click()
    expect(page.locator(".nhsuk-error-summary")).to_be_visible()
    axe_check(page)
    page.get_by_label("Given name").fill("Grace")
    page.get_by_label("Family name").fill("Adebayo")
    page.get_by_label("Email address").fill("grace.adebayo@nhs.net")
    page.get_by_role("button", name="Save person").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Grace Adebayo")
    axe_check(page)

    page.get_by_role("link", name="Invite to set up an account").click()
    axe_check(page)
    page.get_by_label("Leader").check()
    page.get_by_role("button", name="Send invitation").click()
    expect(page.get_by_text("An invitation is on its way to grace.adebayo@nhs.net")).to_be_visible()
    expect(page.get_by_text("Invited: invitation sent to grace.adebayo@nhs.net")).to_be_visible()
    page.screenshot(path=screenshot_dir / "person-invited.png", full_page=True)
    axe_check(page)

    (message,) = [m for m in mail.outbox if m.to == ["grace.adebayo@nhs.net"]]
    link = re.search(r"https?://\S+", message.body).group(0)
    page.context.clear_cookies()
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Set up your account")
    axe_check(page)
    page.get_by_label("Create a password").fill("Adebayo-2026-password")
    page.get_by_label("Confirm your password").fill("Adebayo-2026-password")
    page.get_by_role("button", name="Set up my account").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("must not contain your name")
    page.screenshot(path=screenshot_dir / "account-setup-error.png", full_page=True)
    axe_check(page)
    page.get_by_label("Create a password").fill("otter-compass-meadow-81")
    page.get_by_label("Confirm your password").fill("otter-compass-meadow-81")
    page.get_by_role("button", name="Set up my account").click()
    expect(page.get_by_text("Your account is set up")).to_be_visible()
    page.get_by_label("Username or email").fill("grace.adebayo@nhs.net")
    page.get_by_label("Password").fill("otter-compass-meadow-81")
    page.get_by_role("button", name="Sign in", exact=True).click()
    expect(page.locator(".nhsuk-header__account")).to_contain_text("Grace Adebayo")
    # The used link now says plainly that it cannot be used.
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("This link cannot be used")
    axe_check(page)

    page.context.clear_cookies()
    sign_in(page, staff_user, TEST_PASSWORD)
    page.goto(live_server.url + "/manage/people/")
    page.get_by_role("link", name="Grace Adebayo").click()
    page.get_by_role("link", name="Change what they can do").click()
    axe_check(page)
    page.get_by_label("Executive").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Executive, Leader", exact=True)).to_be_visible()
    page.get_by_role("link", name="Change e-mail address").click()
    axe_check(page)
    page.get_by_label("New email address").fill("grace.adebayo@carehome.org.uk")
    page.get_by_role("button", name="Send confirmation link").click()
    expect(page.get_by_text("Waiting for them to confirm")).to_be_visible()
    page.get_by_role("link", name="Deactivate account").click()
    axe_check(page)
    page.get_by_role("button", name="Deactivate account").click()
    expect(page.get_by_text("can no longer sign in")).to_be_visible()
    page.screenshot(path=screenshot_dir / "person-deactivated.png", full_page=True)
    axe_check(page)
