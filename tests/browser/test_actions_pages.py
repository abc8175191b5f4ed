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


def test_import_with_unknown_headers_maps_columns_and_passes_axe(
    page, live_server, staff_user, plan, sign_in, axe_check, screenshot_dir
):
    sign_in(page, staff_user, TEST_PASSWORD)
    page.goto(f"{live_server.url}/actions/manage/plans/import/")
    axe_check(page)
    page.get_by_label("Title", exact=True).fill("Imported plan")
    page.get_by_label("Version or year", exact=True).fill("2027")
    page.get_by_label("Day", exact=True).fill("1")
    page.get_by_label("Month", exact=True).fill("4")
    page.get_by_label("Year", exact=True).fill("2027")
    text = (
        "No.,Theme,What we will deliver,By when,Lead,Needs\n"
        "1.1,1,Agree the framework,Long,CMO / CNO,\n"
        "1.2,1,Recruit to the framework,Short,Council,1.1\n"
    )
    page.locator("input[type=file]").set_input_files(
        files=[{"name": "plan.csv", "mimeType": "text/csv", "buffer": text.encode()}]
    )
    page.get_by_role("button", name="Import plan").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Match the file's columns")
    expect(page.get_by_text("Headers we did not recognise")).to_contain_text("What we will deliver")
    page.get_by_role("button", name="Check and import").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Choose the column that holds")
    axe_check(page)
    page.get_by_label("Code", exact=True).select_option(label="Column 1: No.")
    page.get_by_label("Priority", exact=True).select_option(label="Column 2: Theme")
    page.get_by_label("Action", exact=True).select_option(label="Column 3: What we will deliver")
    page.get_by_label("Timeframe", exact=True).select_option(label="Column 4: By when")
    page.get_by_label("Depends on").select_option(label="Column 6: Needs")
    page.screenshot(path=screenshot_dir / "actions-import-columns.png", full_page=True)
    page.get_by_role("button", name="Check and import").click()
    expect(page.get_by_text("Plan imported as a draft with 2 actions.")).to_be_visible()
    expect(page.get_by_text("1.2 is due on 1 October 2027, before 1.1")).to_be_visible()
    axe_check(page)
