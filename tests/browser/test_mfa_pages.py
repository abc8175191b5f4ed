"""MFA in a real browser: a staff member made to set up MFA adds a security key (Chromium's
virtual authenticator), then signs in with it; every MFA page passes axe, and the
Content-Security-Policy blocks nothing (the autouse check in conftest.py)."""

import re

import pytest
from allauth.mfa.models import Authenticator
from playwright.sync_api import expect

from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.real_mfa


def _password_sign_in(page, url, user):
    page.goto(f"{url}/accounts/login/")
    page.get_by_label("Username or email").fill(user.username)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()
    page.wait_for_load_state()


def test_staff_add_a_security_key_and_sign_in_with_it(
    page, live_server, staff_user, axe_check, screenshot_dir
):
    url = live_server.url
    # A USB security key with a PIN, as Chromium's DevTools protocol emulates one.
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "usb",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
            }
        },
    )

    _password_sign_in(page, url, staff_user)
    page.goto(f"{url}/manage/people/")
    expect(page).to_have_url(f"{url}/accounts/2fa/")
    expect(page.get_by_text("Set up two-factor authentication to carry on")).to_be_visible()
    axe_check(page)

    page.get_by_role("link", name="Add a security key").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm it is you")
    axe_check(page)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a security key")
    axe_check(page)
    page.get_by_label("Name for this key (optional)").fill("Blue key")
    page.get_by_role("button", name="Add the key").click()

    # The first key brings recovery codes, shown this once.
    expect(page.get_by_role("heading", level=1)).to_have_text("Your recovery codes")
    expect(page.locator("#recovery-codes li")).to_have_count(10)
    expect(page.get_by_role("link", name="Download the codes")).to_have_attribute(
        "href", re.compile(r"^data:text/plain")
    )
    page.screenshot(path=screenshot_dir / "mfa-recovery-codes.png", full_page=True)
    axe_check(page)
    key = Authenticator.objects.get(user=staff_user, type=Authenticator.Type.WEBAUTHN)
    assert str(key) == "Blue key"

    page.get_by_label("I have saved my recovery codes").check()
    page.goto(f"{url}/accounts/2fa/webauthn/")
    expect(page.get_by_role("cell", name="Blue key", exact=True)).to_be_visible()
    axe_check(page)
    page.goto(f"{url}/accounts/2fa/")
    axe_check(page)
    page.goto(f"{url}/manage/people/")
    expect(page.locator("caption")).to_contain_text("People")

    page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state()
    _password_sign_in(page, url, staff_user)
    expect(page.get_by_role("heading", level=1)).to_have_text("Enter your security code")
    axe_check(page)
    page.get_by_role("button", name="Use your security key").click()
    page.wait_for_url(re.compile(r"^(?!.*/accounts/2fa/authenticate/)"))
    page.goto(f"{url}/manage/people/")
    expect(page.locator("caption")).to_contain_text("People")
    key.refresh_from_db()
    assert key.last_used_at is not None
