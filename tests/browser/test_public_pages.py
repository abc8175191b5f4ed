"""Public pages in a real browser, on a desktop (1280 px) and a phone (375 px): the plan
progress page (never an internal note), the header navigation, and wide tables that fit (the
register, the survey results' priority table) with axe and the HTML checker."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from actions import services as action_services
from actions.models import ActionPlan, Band, Executive, ProgressStatus
from surveys import services as survey_services
from surveys.models import Survey
from tests.actions.factories import ActionFactory, ActionPlanFactory
from tests.factories import PersonFactory, PlaceFactory, PriorityFactory, UserFactory
from tests.forums.factories import ForumFactory
from tests.roles.factories import AppointmentFactory, LinkRoleFactory, RoleFactory, SeatFactory
from tests.surveys.factories import add_responses

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 800}
TODAY = timezone.localdate()

# Every table on the page fits its scroll container (nothing cut off behind a scroll shadow),
# and no header cell lies outside the page.
CLIPPED_TABLES = """() => [...document.querySelectorAll('table')].flatMap(table => {
  const box = table.closest('.nhsuk-scroll__content, .nhsuk-table-container') || table.parentElement;
  const problems = [];
  if (table.scrollWidth > box.clientWidth + 1) {
    problems.push(`${table.caption ? table.caption.textContent : 'table'}: ${table.scrollWidth} > ${box.clientWidth} (page ${document.documentElement.scrollWidth})`);
  }
  // A phone layout hides the header row (visually: 1 px) and labels each cell instead.
  const head = table.querySelector('thead');
  const headers = head && head.getBoundingClientRect().width > 1 ? head.querySelectorAll('th') : [];
  for (const th of headers) {
    const r = th.getBoundingClientRect();
    if (r.width > 1 && (r.right > box.getBoundingClientRect().right + 1 || r.right > document.documentElement.clientWidth)) {
      problems.push(`header "${th.textContent.trim()}" cut off`);
    }
  }
  return problems;
})"""


@pytest.fixture
def plan(db):
    for number, title in enumerate(
        ["Integrated into decision-making", "Shared learning and collaboration"], start=1
    ):
        PriorityFactory(number=number, short_title=title)
    council = ForumFactory(
        name="Clinical and Care Professional Council", slug="council", is_public=True
    )
    plan = ActionPlanFactory(
        title="Clinical and care professional leadership action plan",
        version="2026 to 2027",
        starts_on=TODAY - datetime.timedelta(days=200),
        status=ActionPlan.Status.ACTIVE,
        approved_on=TODAY - datetime.timedelta(days=210),
    )
    author = UserFactory(username="author", first_name="Zebedee", last_name="Quill")
    register = ActionFactory(
        plan=plan,
        code="1.1",
        title="Publish who holds each leadership role",
        owner_executive=Executive.CMO_AND_CNO,
    )
    mapping = ActionFactory(
        plan=plan,
        code="1.2",
        title="Map the governance groups",
        owner_forum=council,
        band=Band.LONG,
    )
    ActionFactory(plan=plan, code="2.1", title="Run the temperature check survey")
    for action, days, status, narrative, public in (
        (register, 150, "on_track", "The register is published and reviewed each year.", True),
        (register, 10, "complete", "Register reviewed by the Council this month.", True),
        (mapping, 90, "on_track", "Governance map drafted with every group.", True),
        (mapping, 5, "at_risk", "INTERNAL NOTE: the chair disputes the map", False),
    ):
        action_services.progress_update_add(
            user=author,
            action=action,
            on=TODAY - datetime.timedelta(days=days),
            status=ProgressStatus(status),
            narrative=narrative,
            is_public=public,
        )
    return plan


def test_public_plan_page_on_desktop_and_phone(page, live_server, plan, axe_check, screenshot_dir):
    for name, size in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(size)
        page.goto(f"{live_server.url}/")
        if name == "desktop":
            # The header links the public pages for everyone, signed out included.
            menu = page.get_by_role("navigation", name="Menu")
            for label in (
                "Leaders and roles",
                "Vacancies",
                "Development",
                "Forums",
                "Governance map",
                "Our plan",
                "Survey results",
            ):
                expect(menu.get_by_role("link", name=label, exact=True)).to_be_attached()
        page.get_by_role("link", name="how we are doing against our plan", exact=True).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(
            "How we are doing against our plan"
        )
        action = page.locator(".public-plan-action", has_text="1.2 Map the governance groups")
        expect(action).to_contain_text("Governance map drafted with every group.")
        expect(action).to_contain_text("At risk")
        expect(
            action.get_by_role("link", name="Clinical and Care Professional Council")
        ).to_be_visible()
        html = page.content()
        for secret in ("INTERNAL NOTE", "disputes", "Zebedee", "Quill"):
            assert secret not in html, secret
        page.screenshot(path=screenshot_dir / f"public-plan-{name}.png", full_page=True)
        axe_check(page)


@pytest.fixture
def register(db):
    council = ForumFactory(name="Clinical and Care Professional Council", slug="council")
    board = ForumFactory(name="Integrated Care Board Strategic Executive", slug="board")
    for i in range(6):
        role = RoleFactory(
            title=f"Clinical lead for urgent and emergency care {i + 1}",
            summary="Leads the clinical programme group and its improvement work.",
        )
        person = PersonFactory(given_name="Alexandra", family_name=f"Montgomery-Smythe {i}")
        AppointmentFactory(role=role, person=person, starts_on=TODAY - datetime.timedelta(days=100))
        SeatFactory(role=role, forum=council, capacity="member")
        SeatFactory(role=role, forum=board, capacity="member")
        LinkRoleFactory(role=role, name="Samuel Fletcher-Worthington")
    RoleFactory(title="Dental professional lead")


def test_register_table_fits_on_desktop_and_reads_as_a_list_on_a_phone(
    page, live_server, register, axe_check, screenshot_dir
):
    page.set_viewport_size(DESKTOP)
    page.goto(f"{live_server.url}/roles/")
    table = page.get_by_role("table", name="Leadership roles")
    for header in ("Role", "Held by", "Involved in decisions at", "Supported by"):
        expect(table.get_by_role("columnheader", name=header)).to_be_visible()
    assert page.evaluate(CLIPPED_TABLES) == []
    page.screenshot(path=screenshot_dir / "register-desktop.png", full_page=True)
    axe_check(page)

    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/roles/")
    page.screenshot(path=screenshot_dir / "register-phone.png", full_page=True)
    assert page.evaluate(CLIPPED_TABLES) == []
    # Each role is a block of its details, each labelled with its column's header.
    row = page.locator("tbody tr", has_text="urgent and emergency care 1").first
    assert row.evaluate("r => getComputedStyle(r).display") == "block"
    expect(row).to_contain_text("Involved in decisions at")
    expect(row).to_contain_text("Supported by")
    expect(row).to_contain_text("Samuel Fletcher-Worthington")
    page.screenshot(path=screenshot_dir / "register-phone.png", full_page=True)
    axe_check(page)


@pytest.fixture
def two_years_of_results(db):
    for n, title in enumerate(
        [
            "Integrated into decision-making",
            "Shared learning and collaboration",
            "Protected time, support and infrastructure",
            "Leadership training and development",
            "Transparent recruitment and a diverse pipeline",
        ],
        start=1,
    ):
        PriorityFactory(number=n, short_title=title)
    PlaceFactory(name="Cheltenham")
    surveys = []
    for year, agree in ((2025, "Agree"), (2026, "Disagree")):
        survey = survey_services.survey_from_template(year=year)
        questions = {q.key: q for q in survey.questions.all()}
        add_responses(
            survey,
            [
                {
                    questions["p1-say-in-decisions"]: [agree, "Strongly agree"][i % 2],
                    questions["p3-protected-time"]: ["Agree", "Disagree"][i % 2],
                }
                for i in range(12)
            ],
        )
        survey.status = Survey.Status.PUBLISHED
        survey.save()
        surveys.append(survey)
    return surveys[-1]


def test_survey_results_priority_table_shows_its_change_column(
    page, live_server, two_years_of_results, leader_user, sign_in_as, axe_check, screenshot_dir
):
    sign_in_as(page, leader_user)
    for name, size in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(size)
        page.goto(f"{live_server.url}/surveys/results/{two_years_of_results.pk}/")
        table = page.get_by_role("table", name="Favourable answers by priority")
        expect(table.get_by_role("columnheader", name="Change (points)")).to_be_attached()
        if name == "desktop":
            expect(table.get_by_role("columnheader", name="Change (points)")).to_be_visible()
            assert page.evaluate(CLIPPED_TABLES) == []
        else:
            # A phone scrolls a wide table; the keyboard can reach the scroll container.
            region = page.get_by_role("region", name="Favourable answers by priority", exact=True)
            assert region.get_attribute("tabindex") == "0"
        page.screenshot(path=screenshot_dir / f"survey-results-{name}.png", full_page=True)
        if name == "desktop":  # the same markup on a phone; one axe run of this long page
            axe_check(page)
