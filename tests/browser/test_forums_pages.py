"""Forum pages in a real browser: the governance map, a public forum page and the meeting
form (with its error state) pass axe; the map's nodes are links that work."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from forums.models import Meeting
from tests.factories import PlaceFactory, PriorityFactory
from tests.forums.factories import (
    AttendanceFactory,
    DecisionFactory,
    ForumFactory,
    MeetingFactory,
    MeetingPaperFactory,
    MembershipFactory,
    ReportingLineFactory,
)


@pytest.fixture(autouse=True)
def private_storage(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "private"), "base_url": "/files/"},
        },
    }


@pytest.fixture
def structure(db):
    place = PlaceFactory(name="Forest of Dean")
    board = ForumFactory(name="Integrated Care Board", slug="board", kind="board")
    council = ForumFactory(name="Clinical and Care Professional Council", slug="council")
    assembly = ForumFactory(name="Clinical and Care Professional Assembly", slug="assembly")
    senate = ForumFactory(name="System Senate", slug="senate", kind="senate")
    local = ForumFactory(
        name="Forest of Dean Place-based Advisory Group",
        slug="forest",
        kind="place_advisory_group",
        level="place",
        place=place,
    )
    private = ForumFactory(name="Respiratory Clinical Programme Group", slug="cpg", is_public=False)
    ReportingLineFactory(forum=council, reports_to=board)
    ReportingLineFactory(forum=senate, reports_to=board, nature="advises")
    ReportingLineFactory(forum=assembly, reports_to=council)
    ReportingLineFactory(forum=assembly, reports_to=senate, nature="advises")
    ReportingLineFactory(forum=local, reports_to=council)
    ReportingLineFactory(forum=private, reports_to=board, nature="escalates_to")
    members = MembershipFactory.create_batch(4, forum=assembly)
    assembly.chair = members[0].person
    assembly.save()
    meeting = MeetingFactory(
        forum=assembly,
        starts_at=timezone.now() - timedelta(days=14),
        minutes="The assembly discussed winter planning.",
        minutes_public=True,
    )
    for membership in members:
        AttendanceFactory(meeting=meeting, person=membership.person)
    DecisionFactory(meeting=meeting, text="Agreed to run a shared learning event.")
    MeetingPaperFactory(meeting=meeting, title="Agenda", is_public=True)
    MeetingPaperFactory(meeting=meeting, title="Confidential report", is_public=False)
    MeetingFactory(
        forum=assembly,
        status=Meeting.Status.PLANNED,
        starts_at=timezone.now() + timedelta(days=14),
    )
    return {"assembly": assembly, "private": private, "members": members}


def test_public_map_and_forum_page_pass_axe(
    page, live_server, structure, axe_check, screenshot_dir
):
    page.goto(f"{live_server.url}/forums/map/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Governance map")
    svg = page.locator("svg.governance-map")
    expect(svg).to_be_visible()
    expect(svg.locator("g.gm-node")).to_have_count(5)  # the private group is left out
    expect(page.get_by_text("Respiratory Clinical Programme Group")).to_have_count(0)
    page.screenshot(path=screenshot_dir / "forums-map-public.png", full_page=True)
    axe_check(page)

    # Each node is a link to the forum's page.
    svg.locator('g[data-slug="assembly"] a').click()
    expect(page).to_have_url(re.compile(r"/forums/assembly/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        "Clinical and Care Professional Assembly"
    )
    expect(page.get_by_role("link", name="Agenda")).to_be_visible()
    expect(page.get_by_text("Confidential report")).to_have_count(0)
    page.locator("summary", has_text="Minutes").first.click()
    expect(page.get_by_text("The assembly discussed winter planning.")).to_be_visible()
    page.screenshot(path=screenshot_dir / "forums-public-page.png", full_page=True)
    axe_check(page)

    page.goto(f"{live_server.url}/forums/")
    axe_check(page)


def test_staff_map_is_complete_and_its_text_version_lists_every_forum(
    page, live_server, structure, staff_user, sign_in_as, axe_check, screenshot_dir
):
    sign_in_as(page, staff_user)
    page.goto(f"{live_server.url}/forums/map/")
    expect(page.locator("svg.governance-map g.gm-node")).to_have_count(6)
    outline = page.locator(".ccpl-governance-outline")
    # The assembly sits under both forums it links to.
    expect(
        outline.get_by_role("link", name="Clinical and Care Professional Assembly")
    ).to_have_count(2)
    expect(outline.get_by_role("link", name="Respiratory Clinical Programme Group")).to_be_visible()
    # Keyboard users reach the map's links.
    page.locator("svg.governance-map a").first.focus()
    expect(page.locator("svg.governance-map a").first).to_be_focused()
    page.screenshot(path=screenshot_dir / "forums-map-staff.png", full_page=True)
    axe_check(page)


def test_staff_forum_pages_pass_axe(
    page, live_server, structure, staff_user, sign_in_as, axe_check, screenshot_dir
):
    from tests.factories import ProfessionalGroupFactory

    ahp = ProfessionalGroupFactory(name="Allied health professions")
    ProfessionalGroupFactory(name="Podiatrists", parent=ahp)
    sign_in_as(page, staff_user)
    for path, shot in [
        ("/forums/manage/", "forums-list"),
        ("/forums/manage/assembly/remit/", "forums-remit"),
        ("/forums/manage/assembly/", "forums-detail"),
        ("/forums/manage/decisions/", "forums-decisions"),
        ("/forums/manage/membership-mix/", "forums-mix"),
        ("/forums/manage/calendar/", "forums-calendar"),
        ("/forums/manage/new/", "forums-new"),
    ]:
        page.goto(live_server.url + path)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        page.screenshot(path=screenshot_dir / f"{shot}.png", full_page=True)
        axe_check(page)


def test_record_a_meeting_form(
    page, live_server, structure, staff_user, sign_in_as, axe_check, screenshot_dir
):
    PriorityFactory(number=1, short_title="Integrated into decision-making")
    members = structure["members"]
    sign_in_as(page, staff_user)
    page.goto(f"{live_server.url}/forums/manage/assembly/meetings/new/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Record a meeting")
    axe_check(page)

    # Submitting without a date shows an accessible error summary.
    page.get_by_role("button", name="Save meeting").click()
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("Enter date of the meeting")
    page.screenshot(path=screenshot_dir / "forums-meeting-errors.png", full_page=True)
    axe_check(page)

    page.get_by_label("Day").fill("3")
    page.get_by_label("Month").fill("2")
    page.get_by_label("Year").fill(str(timezone.localdate().year))
    page.get_by_label("Start time").fill("2pm")
    page.get_by_role("group", name="How is it held?").get_by_label("Online", exact=True).check()
    first = members[0].person
    second = members[1].person
    page.get_by_role("group", name=re.compile(re.escape(first.full_name))).get_by_label(
        "Present"
    ).check()
    page.get_by_role("group", name=re.compile(re.escape(second.full_name))).get_by_label(
        "Sent apologies"
    ).check()
    page.get_by_role("group", name="Decision 1").get_by_label("Decision").fill(
        "Agreed to invite people with lived experience."
    )
    page.get_by_role("group", name="Decision 1").get_by_label(
        "CCPL priority it serves"
    ).select_option(label="1. Integrated into decision-making")
    page.get_by_role("button", name="Save meeting").click()

    expect(page).to_have_url(re.compile(r"/forums/manage/meetings/\d+/$"))
    expect(page.get_by_text("1 present, 1 sent apologies, 0 absent.")).to_be_visible()
    expect(page.get_by_text("Agreed to invite people with lived experience.")).to_be_visible()
    page.screenshot(path=screenshot_dir / "forums-meeting-detail.png", full_page=True)
    axe_check(page)


def test_a_large_system_s_map_and_a_place_s_map_pass_axe(
    page, live_server, axe_check, screenshot_dir
):
    from forums.models import Forum
    from tests.forums.factories import ReportingLineFactory

    board = ForumFactory(name="Integrated Care Board", is_public=True)
    north = PlaceFactory(name="North")
    for n in range(41):
        forum = ForumFactory(
            name=f"Neighbourhood forum {n:02d}",
            is_public=True,
            place=north,
            level=Forum.Level.PLACE,
        )
        ReportingLineFactory(forum=forum, reports_to=board)
    page.goto(f"{live_server.url}/forums/map/")
    expect(page.get_by_role("link", name="North")).to_be_visible()
    page.screenshot(path=screenshot_dir / "forums-map-large.png", full_page=True)
    axe_check(page)
    page.get_by_role("link", name="North").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("North")
    expect(page.locator("svg.governance-map g.gm-node")).to_have_count(42)
    page.screenshot(path=screenshot_dir / "forums-map-place.png", full_page=True)
    axe_check(page)
