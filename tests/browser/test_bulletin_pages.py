"""Bulletins in a real browser: writing one (with an error), its preview and count,
scheduling, sending, the delivery report, and the archive for a leader and for the public;
each passes axe and the HTML checker."""

from playwright.sync_api import expect

from communications.models import Bulletin
from tests.factories import PersonFactory, ProfessionalGroupFactory


def test_writing_previewing_and_sending_pass_axe(
    page, live_server, staff_user, sign_in_as, axe_check, screenshot_dir
):
    group = ProfessionalGroupFactory(name="Pharmacy")
    for i in range(3):
        PersonFactory(email=f"pharmacist{i}@nhs.net", professional_group=group)
    sign_in_as(page, staff_user)
    page.goto(f"{live_server.url}/communications/manage/")
    expect(page.get_by_text("No bulletins have been written yet")).to_be_visible()
    axe_check(page)
    page.get_by_role("link", name="Write a bulletin").click()
    page.get_by_role("button", name="Save and preview").click()
    expect(page.locator(".nhsuk-error-summary")).to_be_visible()
    axe_check(page)
    page.get_by_label("Subject", exact=True).fill("Pharmacy leaders: winter update")
    page.get_by_label("Message", exact=True).fill(
        "Hello.\n\n- **Flu** vaccine clinics\n- Rotas\n\nhttps://www.england.nhs.uk/"
    )
    page.get_by_label("Pharmacy", exact=True).check()
    page.get_by_role("button", name="Save and preview").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Pharmacy leaders: winter update")
    expect(page.get_by_text("3 people")).to_be_visible()
    page.screenshot(path=screenshot_dir / "bulletin-preview.png", full_page=True)
    axe_check(page)
    page.get_by_role("link", name="Send it later").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Choose when to send it")
    axe_check(page)
    page.go_back()
    page.get_by_role("button", name="Send it now").click()
    expect(page.get_by_text("The bulletin is on its way to 3 people")).to_be_visible()
    expect(page.get_by_role("heading", name="How far it went")).to_be_visible()
    axe_check(page)


def test_archive_for_a_leader_and_the_public_pass_axe(
    page, live_server, leader_user, sign_in_as, axe_check
):
    Bulletin.objects.create(
        title="For everyone", body="Public news.", status="sent", is_public=True,
        sent_at="2026-11-01T09:00:00Z",
    )  # fmt: skip
    Bulletin.objects.create(
        title="Leaders only", body="Private news.", status="sent", sent_at="2026-11-02T09:00:00Z"
    )
    page.goto(f"{live_server.url}/communications/")
    expect(page.get_by_role("link", name="For everyone")).to_be_visible()
    expect(page.get_by_role("link", name="Leaders only")).to_have_count(0)
    axe_check(page)
    page.get_by_role("link", name="For everyone").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("For everyone")
    axe_check(page)
    sign_in_as(page, leader_user)
    page.goto(f"{live_server.url}/communications/")
    page.get_by_role("link", name="Leaders only").click()
    expect(page.get_by_text("Private news.")).to_be_visible()
    axe_check(page)
