"""The self-assessment in a real browser: the list, an assessment, editing an entry (with an
error), the year-on-year comparison and the public summary; each passes axe and the HTML
checker."""

from datetime import date

from playwright.sync_api import expect

from assurance import services
from forums.models import Forum
from tests.assurance.conftest import sign_off
from tests.factories import PriorityFactory


def _assessments(staff, executive):
    for n in range(1, 6):
        PriorityFactory(number=n, short_title=f"Priority {n}")
    council = Forum.objects.create(
        name="Clinical and Care Professional Council",
        slug="council",
        kind=Forum.Kind.COUNCIL,
        purpose="Brings every profession together.",
    )
    last = services.assessment_create(user=staff, year=2025, as_of=date(2025, 12, 31))
    entry = last.entries.get(principle__order=1)
    services.entry_update(
        user=staff,
        entry=entry,
        level=1,
        what_we_did="Set up the Council",
        what_we_heard="Leaders want a say",
        what_is_next="Fill the gaps",
        internal_notes="Not for the public",
    )
    services.evidence_link_add(user=staff, entry=entry, kind="forum", object_id=council.pk)
    sign_off(last, staff=staff, executive=executive, forum=council, publish=True)
    return services.assessment_create(user=staff, year=2026, as_of=date(2026, 6, 30))


def test_assessment_pages_pass_axe(
    page, live_server, staff_user, exec_user, sign_in_as, axe_check, screenshot_dir
):
    draft = _assessments(staff_user, exec_user)
    sign_in_as(page, staff_user)
    page.goto(f"{live_server.url}/assurance/manage/")
    expect(page.get_by_role("link", name="Self-assessment 2026")).to_be_visible()
    axe_check(page)
    page.get_by_role("link", name="Self-assessment 2026").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Self-assessment 2026")
    expect(page.get_by_text("Set up the Council")).to_be_visible()
    page.screenshot(path=screenshot_dir / "assurance-detail.png", full_page=True)
    axe_check(page)
    page.goto(f"{live_server.url}/assurance/manage/entries/{draft.entries.first().pk}/")
    page.get_by_label("What we did").fill("x" * 5001)
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".nhsuk-error-summary")).to_be_visible()
    axe_check(page)
    page.get_by_label("What we did").fill("Set up the Council and two Place groups")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Set up the Council and two Place groups")).to_be_visible()
    page.goto(f"{live_server.url}/assurance/manage/compare/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Self-assessments year on year")
    expect(page.locator("svg.ccpl-chart")).to_be_visible()
    axe_check(page)
    page.goto(f"{live_server.url}/assurance/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("2025 self-assessment")
    expect(page.get_by_text("Not for the public")).to_have_count(0)
    axe_check(page)
