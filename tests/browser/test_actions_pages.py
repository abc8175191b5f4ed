"""The action plan in a real browser: overview, action detail and the update form pass axe."""

import re

import pytest
from playwright.sync_api import expect

from tests.actions.factories import load_demo_plan
from tests.factories import TEST_PASSWORD


@pytest.fixture(autouse=True)
def actions_urls(settings):
    settings.ROOT_URLCONF = "tests.actions.urls"


@pytest.fixture
def plan(db):
    return load_demo_plan()


def test_overview_shows_the_matrix_and_passes_axe(
    page, live_server, exec_user, plan, sign_in, axe_check, screenshot_dir
):
    sign_in(page, exec_user, TEST_PASSWORD)
    page.goto(f"{live_server.url}/actions/")
    expect(page.get_by_role("heading", level=1)).to_have_text(plan.title)
    matrix = page.get_by_role("table", name="Number of actions by priority and timeframe")
    expect(matrix.get_by_role("row").last).to_contain_text("Total actions (20)")
    expect(matrix.get_by_role("row").last).to_contain_text("3")
    expect(page.get_by_text("Refresh for next year")).to_have_count(0)  # read-only
    page.get_by_text("How the status is worked out").first.click()
    expect(page.get_by_role("table", name="Status rules, in order")).to_be_visible()
    page.screenshot(path=screenshot_dir / "actions-overview.png", full_page=True)
    axe_check(page)


def test_action_detail_shows_dependencies_and_passes_axe(
    page, live_server, staff_user, plan, sign_in, axe_check, screenshot_dir
):
    sign_in(page, staff_user, TEST_PASSWORD)
    page.goto(f"{live_server.url}/actions/plans/{plan.pk}/actions/?stale=on")
    expect(page.locator("#actions-caption")).to_have_text("Actions")
    expect(page.get_by_label("No update for 90 days")).to_be_checked()
    page.screenshot(path=screenshot_dir / "actions-list.png", full_page=True)
    axe_check(page)
    page.get_by_role("link", name="Clear filters").click()
    page.get_by_role("link", name="1.3", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Improve 2-way communication with leaders"
    )
    expect(
        page.get_by_role("link", name="1.2 Review governance of clinical and care groups")
    ).to_be_visible()
    page.screenshot(path=screenshot_dir / "actions-detail.png", full_page=True)
    axe_check(page)
    page.get_by_role("link", name=re.compile(r"^1\.2 Review governance")).click()
    expect(page.get_by_text("Actions that depend on this one")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile(r"^1\.3 Improve"))).to_be_visible()


def test_update_form_errors_and_success_pass_axe(
    page, live_server, staff_user, plan, sign_in, axe_check, screenshot_dir
):
    action = plan.actions.get(code="5.4")
    sign_in(page, staff_user, TEST_PASSWORD)
    page.goto(f"{live_server.url}{action.get_absolute_url()}")
    page.get_by_role("button", name="Add a progress update").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Add a progress update")
    axe_check(page)
    page.get_by_label("Day").fill("")
    page.get_by_role("button", name="Save update").click()
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_contain_text("Select how the action is going")
    expect(summary).to_contain_text("Enter the progress made")
    expect(summary).to_contain_text("Date of update must include a day")
    page.screenshot(path=screenshot_dir / "actions-update-errors.png", full_page=True)
    axe_check(page)

    page.get_by_label("On track").check()
    from django.utils import timezone

    today = timezone.localdate()
    page.get_by_label("Day").fill(str(today.day))
    page.get_by_label("Month").fill(str(today.month))
    page.get_by_label("Year").fill(str(today.year))
    page.get_by_label("What progress has been made?").fill("Exit interview questions agreed.")
    page.get_by_role("button", name="Save update").click()
    expect(page).to_have_url(re.compile(rf"/actions/{action.pk}/$"))
    expect(page.get_by_text("Progress update saved for action 5.4")).to_be_visible()
    expect(page.get_by_text("Exit interview questions agreed.")).to_be_visible()
    page.screenshot(path=screenshot_dir / "actions-update-saved.png", full_page=True)
    axe_check(page)


def test_timeline_and_council_report_pass_axe(
    page, live_server, staff_user, plan, sign_in, axe_check, screenshot_dir
):
    sign_in(page, staff_user, TEST_PASSWORD)
    page.goto(f"{live_server.url}/actions/plans/{plan.pk}/timeline/")
    expect(page.get_by_role("img", name=re.compile("Timeline of 20 actions"))).to_be_visible()
    expect(page.get_by_role("table", name="Timeline as a table")).to_be_visible()
    page.screenshot(path=screenshot_dir / "actions-timeline.png", full_page=True)
    axe_check(page)
    page.goto(f"{live_server.url}/actions/plans/{plan.pk}/council-report/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Progress report on")
    page.screenshot(path=screenshot_dir / "actions-council-report.png", full_page=True)
    axe_check(page)
    page.emulate_media(media="print")
    page.screenshot(path=screenshot_dir / "actions-council-report-print.png", full_page=True)
    expect(page.locator(".nhsuk-header")).to_be_hidden()
