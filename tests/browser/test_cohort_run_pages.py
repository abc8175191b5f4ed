"""Running a cohort in a real browser: the cohort's page with its sessions and participants,
a session's register (with an error, then saved), a completion, and the project lab with a
project linked to an action, each passing axe and the HTML checker; and a leader's own
cohorts on their profile."""

from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from development import cohort_services
from tests.actions.factories import ActionFactory, ActionPlanFactory
from tests.development.factories import running_cohort, selected
from tests.factories import PlaceFactory


def _cohort():
    cohort = running_cohort(offer__title="Growing system leaders", name="2026 intake")
    grace = selected(cohort, given_name="Grace", family_name="Mensah")
    tomasz = selected(cohort, given_name="Tomasz", family_name="Nowak")
    session = cohort_services.session_create(
        user=None,
        cohort=cohort,
        title="Project lab: framing the challenge",
        held_on=timezone.localdate() - timedelta(days=7),
        venue="Stroud Subscription Rooms",
        online=True,
    )
    return cohort, session, grace, tomasz


def test_register_and_completion_pass_axe(
    page, live_server, staff_user, sign_in_as, axe_check, screenshot_dir
):
    cohort, session, _grace, _tomasz = _cohort()
    sign_in_as(page, staff_user)
    page.goto(f"{live_server.url}/development/manage/cohorts/{cohort.pk}/")
    expect(page.get_by_role("heading", name="Sessions")).to_be_visible()
    axe_check(page)
    page.get_by_role("link", name="Register for Project lab: framing the challenge").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Register for Project lab")
    expect(page.get_by_role("link", name="Cancel")).to_be_visible()
    axe_check(page)
    page.get_by_role("group", name="Grace Mensah").get_by_label("Present").check()
    page.get_by_role("button", name="Save attendance").click()
    expect(
        page.get_by_role(
            "link", name="Select whether Tomasz Nowak was present, sent apologies or was absent"
        )
    ).to_be_visible()
    page.screenshot(path=screenshot_dir / "development-session-register.png", full_page=True)
    axe_check(page)
    page.get_by_role("group", name="Tomasz Nowak").get_by_label("Sent apologies").check()
    page.get_by_role("button", name="Save attendance").click()
    expect(
        page.get_by_text("Attendance at Project lab: framing the challenge has been saved")
    ).to_be_visible()
    expect(page.get_by_role("cell", name="1 of 1 session held").first).to_be_visible()
    axe_check(page)
    page.get_by_role("link", name="Record completion for Tomasz Nowak").click()
    page.get_by_label("No, did not complete").check()
    today = timezone.localdate()
    page.get_by_label("Day").fill(str(today.day))
    page.get_by_label("Month").fill(str(today.month))
    page.get_by_label("Year").fill(str(today.year))
    page.get_by_role("button", name="Save completion").click()
    expect(page.get_by_role("link", name="Enter why they did not complete")).to_be_visible()
    axe_check(page)


def test_project_lab_passes_axe(
    page, live_server, staff_user, sign_in_as, axe_check, screenshot_dir
):
    cohort, *_ = _cohort()
    plan = ActionPlanFactory(status="active")
    ActionFactory(plan=plan, code="1.4", title="Help more professions build their own voice")
    PlaceFactory(name="Gloucester City")
    sign_in_as(page, staff_user)
    page.goto(f"{live_server.url}/development/manage/cohorts/{cohort.pk}/projects/")
    expect(page.get_by_text("No projects have been added yet")).to_be_visible()
    axe_check(page)
    page.get_by_role("link", name="Add a project").click()
    page.get_by_label("Title").fill("Community pharmacists in the neighbourhood team")
    page.get_by_label("Sponsor").fill("Clinical Director, Inner City Gloucester PCN")
    page.get_by_role("button", name="Save project").click()
    expect(page.get_by_role("link", name="Select a Place or enter a neighbourhood")).to_be_visible()
    axe_check(page)
    page.get_by_label("Place (optional)").select_option(label="Gloucester City")
    page.get_by_label("Neighbourhood (optional)").fill("Barton, Tredworth and Matson")
    page.get_by_label("Action in the plan (optional)").select_option(
        label="1.4 Help more professions build their own voice"
    )
    page.get_by_role("button", name="Save project").click()
    expect(
        page.get_by_role("heading", name="Community pharmacists in the neighbourhood team")
    ).to_be_visible()
    expect(
        page.get_by_role("link", name="1.4 Help more professions build their own voice")
    ).to_be_visible()
    page.screenshot(path=screenshot_dir / "development-project-lab.png", full_page=True)
    axe_check(page)


def test_a_leaders_own_cohorts_pass_axe(page, live_server, leader_user, sign_in_as, axe_check):
    cohort, session, grace, _tomasz = _cohort()
    mine = selected(cohort, person=leader_user.person, given_name="Lee", family_name="Leader")
    cohort_services.attendance_record(
        user=None, session=session, marks={grace.pk: "present", mine.pk: "present"}
    )
    sign_in_as(page, leader_user)
    page.goto(f"{live_server.url}/profile/development/")
    expect(page.get_by_role("heading", name="Your cohorts")).to_be_visible()
    expect(page.get_by_text("You attended 1 of 1 session held so far")).to_be_visible()
    expect(page.get_by_text("Grace Mensah")).to_have_count(0)
    axe_check(page)
