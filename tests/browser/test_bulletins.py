"""Bulletins in a real browser: the CCPL team composes one (with an error first), previews
it with the count, schedules it, then sends it now; a leader reads it in the archive and the
public sees only public ones. Every page passes axe and the HTML checker."""

from playwright.sync_api import expect

from communications.models import Bulletin
from tests.factories import PersonFactory, ProfessionalGroupFactory


def test_composing_previewing_and_sending_a_bulletin(
    page, live_server, staff_user, sign_in_as, axe_check, screenshot_dir, eager_celery
):
    group = ProfessionalGroupFactory(name="Pharmacy")
    for i in range(3):
        PersonFactory(email=f"pharmacist{i}@nhs.net", professional_group=group)
    sign_in_as(page, staff_user)
    page.goto(f"{live_server.url}/communications/manage/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    axe_check(page)
    page.goto(f"{live_server.url}/communications/manage/new/")
    axe_check(page)
    # Nothing filled in: clear errors, linked from the summary.
    page.get_by_role("button", name="Save and preview").click()
    expect(page.get_by_role("alert")).to_contain_text("There is a problem")
    axe_check(page)
    page.get_by_label("Subject", exact=True).fill("Pharmacy leadership update")
    page.get_by_label("Message", exact=True).fill(
        "Dear colleagues,\n\n- **New** role: clinical lead\n- Forum on 3 March\n\n"
        "<script>alert(1)</script> https://www.england.nhs.uk/"
    )
    page.get_by_label("Pharmacy").check()
    page.screenshot(path=screenshot_dir / "bulletin-compose.png", full_page=True)
    page.get_by_role("button", name="Save and preview").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Pharmacy leadership update")
    expect(page.get_by_text("3 people")).to_be_visible()
    # The script is shown as text, never run; the address is a link.
    expect(page.get_by_text("<script>alert(1)</script>")).to_be_visible()
    expect(page.get_by_role("link", name="https://www.england.nhs.uk/")).to_be_visible()
    axe_check(page)
    page.screenshot(path=screenshot_dir / "bulletin-preview.png", full_page=True)
    page.get_by_role("link", name="Send it later").click()
    axe_check(page)
    page.get_by_role("button", name="Schedule it").click()
    expect(page.get_by_role("alert")).to_contain_text("There is a problem")
    axe_check(page)
    page.go_back()
    page.go_back()
    page.get_by_role("button", name="Send it now").click()
    expect(page.get_by_role("heading", name="How far it went")).to_be_visible()
    axe_check(page)
    bulletin = Bulletin.objects.get()
    assert bulletin.status == Bulletin.Status.SENT and bulletin.recipients == 3
    page.screenshot(path=screenshot_dir / "bulletin-report.png", full_page=True)


def test_the_archive_for_leaders_and_the_public(
    page, live_server, leader_user, sign_in_as, axe_check, django_user_model
):
    Bulletin.objects.create(
        title="Public news", body="For everyone.", status=Bulletin.Status.SENT, is_public=True
    )
    Bulletin.objects.create(
        title="Leaders only", body="For leaders.", status=Bulletin.Status.SENT, is_public=False
    )
    page.goto(f"{live_server.url}/communications/")
    expect(page.get_by_role("link", name="Public news")).to_be_visible()
    expect(page.get_by_role("link", name="Leaders only")).to_have_count(0)
    axe_check(page)
    page.get_by_role("link", name="Public news").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Public news")
    axe_check(page)
    sign_in_as(page, leader_user)
    page.goto(f"{live_server.url}/communications/")
    page.get_by_role("link", name="Leaders only").click()
    expect(page.get_by_text("For leaders.")).to_be_visible()
    axe_check(page)
    # The header links leaders to the news and forum.
    expect(page.get_by_role("navigation", name="Menu")).to_contain_text("News")
