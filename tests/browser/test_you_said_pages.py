"""You said, we did in a real browser: the staff list, the add form (with an error) and the
public page; each passes axe and the HTML checker."""

from playwright.sync_api import expect

from assurance import yousaid_services as services
from assurance.models import YouSaid
from forums.models import Forum
from tests.factories import PriorityFactory
from tests.forums.factories import DecisionFactory, MeetingFactory


def _entries(staff):
    priority = PriorityFactory(number=1, short_title="Leaders in decisions")
    council = Forum.objects.create(
        name="Clinical and Care Professional Council",
        slug="council",
        kind=Forum.Kind.COUNCIL,
        purpose="Brings every profession together.",
        is_public=True,
    )
    decision = DecisionFactory(
        meeting=MeetingFactory(forum=council, minutes_public=True),
        text="Agreed to hold a learning session each quarter.",
    )
    services.entry_create(
        user=staff,
        source_kind=YouSaid.Source.DECISION,
        decision=decision,
        priority=priority,
        you_said="The Council asked for shared learning",
        we_did="We hold a learning session each quarter",
        is_public=True,
    )
    return decision


def test_you_said_pages_pass_axe(page, live_server, staff_user, sign_in_as, axe_check):
    _entries(staff_user)
    sign_in_as(page, staff_user)
    page.goto(f"{live_server.url}/assurance/manage/you-said-we-did/")
    expect(page.get_by_role("heading", level=1)).to_have_text("You said, we did")
    expect(page.get_by_text("The Council asked for shared learning")).to_be_visible()
    axe_check(page)
    page.get_by_role("link", name="Add an entry").click()
    page.get_by_label("Forum decision", exact=True).check()
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".nhsuk-error-summary")).to_be_visible()
    axe_check(page)
    page.get_by_label("You said", exact=True).fill("Leaders asked to see the minutes")
    page.get_by_label("Forum decision", exact=True).check()
    page.locator("#id_decision").select_option(index=1)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("The entry has been added.")).to_be_visible()
    page.goto(f"{live_server.url}/assurance/you-said-we-did/")
    expect(page.get_by_text("We hold a learning session each quarter")).to_be_visible()
    expect(page.get_by_text("Leaders asked to see the minutes")).to_have_count(0)
    axe_check(page)
