"""Preferences and unsubscribing in a real browser, from an e-mail's link with no sign-in
(the confirm page, then unsubscribed, then choosing topics again), and the CCPL team's
audience count: each passes axe and the HTML checker."""

from playwright.sync_api import expect

from communications import services
from communications.models import Preference
from tests.factories import PersonFactory, ProfessionalGroupFactory


def test_unsubscribe_and_preferences_pass_axe(page, live_server, db, axe_check, screenshot_dir):
    token = services.preference_token("leader@nhs.net")
    page.goto(f"{live_server.url}/communications/unsubscribe/{token}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Unsubscribe from our e-mails")
    axe_check(page)
    page.get_by_role("button", name="Unsubscribe").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("You have been unsubscribed")
    assert Preference.objects.get(email="leader@nhs.net").is_unsubscribed
    axe_check(page)
    page.get_by_role("link", name="Choose topics to hear about again").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Choose what you hear from us")
    axe_check(page)
    page.get_by_label("Events, forums and ways to have your say").check()
    page.get_by_label("A weekly digest").check()
    page.screenshot(path=screenshot_dir / "communications-preferences.png", full_page=True)
    page.get_by_role("button", name="Save my choices").click()
    expect(page.get_by_text("Your choices have been saved")).to_be_visible()
    axe_check(page)
    saved = Preference.objects.get(email="leader@nhs.net")
    assert not saved.is_unsubscribed and saved.topics == ["events"]


def test_audience_count_passes_axe(page, live_server, staff_user, sign_in_as, axe_check):
    group = ProfessionalGroupFactory(name="Pharmacy")
    for i in range(3):
        PersonFactory(email=f"pharmacist{i}@nhs.net", professional_group=group)
    sign_in_as(page, staff_user)
    page.goto(f"{live_server.url}/communications/manage/audience/")
    axe_check(page)
    page.get_by_label("Pharmacy").check()
    page.get_by_role("button", name="Count the people reached").click()
    expect(page.get_by_role("heading", name="3 people would get this message")).to_be_visible()
    axe_check(page)
    page.get_by_label("Members of the forums chosen").check()
    page.get_by_role("button", name="Count the people reached").click()
    expect(
        page.get_by_role("link", name="Choose the forums whose members should hear")
    ).to_be_visible()
    axe_check(page)
