"""The NHS.UK shell in a real browser: sign in, home page, a form page; axe finds nothing."""

import re

from playwright.sync_api import expect

from tests.factories import TEST_PASSWORD, PriorityFactory


def test_sign_in_home_and_form_pages_pass_axe(
    page, live_server, leader_user, sign_in, axe_check, screenshot_dir
):
    PriorityFactory(number=1, short_title="Integrated into decision-making")
    page.goto(live_server.url + "/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        "Clinical and care professional leadership"
    )
    axe_check(page)

    page.goto(live_server.url + "/accounts/login/")
    axe_check(page)
    sign_in(page, leader_user, TEST_PASSWORD)
    expect(page.locator(".nhsuk-header__account")).to_contain_text("Lee Leader")
    page.screenshot(path=screenshot_dir / "home-signed-in.png", full_page=True)
    axe_check(page)

    page.goto(live_server.url + "/profile/equality/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Equality monitoring")
    axe_check(page)
    page.get_by_role("group", name="What is your sex?").get_by_label("Female").check()
    page.get_by_label("What is your ethnic group?").select_option("black_african")
    page.get_by_role("button", name="Save answers").click()
    expect(page).to_have_url(re.compile(r"/profile/$"))
    expect(page.get_by_text("You have answered 2 of 7 questions")).to_be_visible()
    page.screenshot(path=screenshot_dir / "profile.png", full_page=True)
    axe_check(page)


def test_wrong_password_shows_an_accessible_error(page, live_server, leader_user, axe_check):
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Username or email").fill("leader-user")
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Sign in", exact=True).click()
    expect(page.locator(".nhsuk-error-summary")).to_be_visible()
    axe_check(page)


def test_staff_person_list_passes_axe(
    page, live_server, staff_user, sign_in, axe_check, screenshot_dir
):
    from tests.factories import PersonFactory

    PersonFactory.create_batch(30)
    sign_in(page, staff_user, TEST_PASSWORD)
    page.goto(live_server.url + "/manage/people/")
    expect(page.locator("caption")).to_contain_text("People")
    page.screenshot(path=screenshot_dir / "people.png", full_page=True)
    axe_check(page)


def test_staff_core_pages_pass_axe(
    page, live_server, staff_user, sign_in, axe_check, screenshot_dir
):
    from django.contrib.contenttypes.models import ContentType

    from ccpl.models import Person
    from tests.factories import PersonFactory

    person = PersonFactory(given_name="Amelia", family_name="Hughes")
    person.job_title = "Clinical director"
    person.save()
    sign_in(page, staff_user, TEST_PASSWORD)

    page.goto(f"{live_server.url}/manage/people/{person.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Amelia Hughes")
    axe_check(page)

    content_type = ContentType.objects.get_for_model(Person)
    page.goto(f"{live_server.url}/manage/history/{content_type.pk}/{person.pk}/")
    expect(page.locator("caption")).to_contain_text("Who changed what")
    axe_check(page)

    page.goto(f"{live_server.url}/manage/benchmarks/")
    expect(page.locator("caption")).to_contain_text("Benchmarks")
    axe_check(page)

    page.goto(f"{live_server.url}/manage/benchmarks/import/")
    page.get_by_role("button", name="Import benchmarks").click()
    expect(page.locator(".nhsuk-error-summary")).to_be_visible()
    page.screenshot(path=screenshot_dir / "benchmark-import-error.png", full_page=True)
    axe_check(page)


def test_error_pages_pass_axe(page, live_server, leader_user, sign_in, axe_check):
    page.goto(f"{live_server.url}/no-such-page/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    axe_check(page)
    sign_in(page, leader_user, TEST_PASSWORD)
    response = page.goto(f"{live_server.url}/manage/people/")
    assert response.status == 403
    axe_check(page)


def test_the_html_checker_finds_an_error(html_checker):
    """The Nu HTML checker that every axe_check also runs really reports errors."""
    valid = '<!DOCTYPE html><html lang="en-GB"><head><title>Fine</title></head><body></body></html>'
    assert html_checker.errors(valid) == []
    broken = valid.replace("<body>", '<body><span role="text">x</span><div><p></div>')
    messages = [e["message"] for e in html_checker.errors(broken)]
    assert any("role" in m for m in messages), messages
