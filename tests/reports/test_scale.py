"""The annual report summarises however much data there is (issue 15): forum figures are
counted in the database, many forums are counted by Place, and long tables list their
first rows with a line saying how many there are."""

import datetime as dt

import pytest
from django.utils import timezone

from forums import selectors as forum_selectors
from forums.models import Attendance, Forum, Meeting
from reports import annual, kinds, rendering
from reports.sections import ANNUAL_REPORT
from tests.factories import PlaceFactory, PriorityFactory
from tests.forums.factories import (
    AttendanceFactory,
    DecisionFactory,
    ForumFactory,
    MeetingFactory,
    ReportingLineFactory,
)

pytestmark = pytest.mark.django_db


def at(day: str):
    return timezone.make_aware(dt.datetime.fromisoformat(f"{day}T10:00"))


def test_forum_activity_counts_each_forum_in_four_queries(django_assert_num_queries):
    priority = PriorityFactory(number=1)
    council, network, idle = ForumFactory(), ForumFactory(), ForumFactory()
    held = MeetingFactory(forum=council, starts_at=at("2025-06-01"))
    MeetingFactory(forum=council, starts_at=at("2025-07-01"), status=Meeting.Status.CANCELLED)
    MeetingFactory(forum=council, starts_at=at("2024-06-01"))  # before the period
    other = MeetingFactory(forum=network, starts_at=at("2025-09-01"))
    for status in (Attendance.Status.PRESENT, Attendance.Status.PRESENT, Attendance.Status.ABSENT):
        AttendanceFactory(meeting=held, status=status)
    AttendanceFactory(meeting=other, status=Attendance.Status.APOLOGIES)
    DecisionFactory(meeting=held, priority=priority)
    DecisionFactory(meeting=held)
    DecisionFactory(meeting=other, priority=priority)

    with django_assert_num_queries(4):
        activity = forum_selectors.forum_activity(
            [council.pk, network.pk, idle.pk], since=dt.date(2025, 4, 1), until=dt.date(2026, 3, 31)
        )

    assert activity.meetings_held == {council.pk: 1, network.pk: 1}
    assert activity.decisions == {council.pk: 2, network.pk: 1}
    assert activity.decisions_by_priority == {priority.pk: 2, None: 1}
    assert activity.attendance[council.pk] == forum_selectors.AttendanceRate(present=2, absent=1)
    assert activity.attendance[network.pk].apologies == 1
    assert idle.pk not in activity.attendance


def test_many_forums_are_listed_by_the_system_and_counted_by_place(monkeypatch):
    monkeypatch.setattr(annual, "FORUMS_LISTED_MAX", 2)
    council = ForumFactory(name="Council", slug="council")
    ForumFactory(name="Frailty network", slug="frailty")  # system, a leaf
    north, south = PlaceFactory(name="North"), PlaceFactory(name="South")
    hub = ForumFactory(name="North hub", slug="north-hub", place=north, level=Forum.Level.PLACE)
    ReportingLineFactory(forum=hub, reports_to=council)
    locals_ = [
        ForumFactory(name=f"Local {i}", slug=f"local-{i}", place=place, level=Forum.Level.PLACE)
        for i, place in enumerate([north, north, south])
    ]
    for forum in locals_[:2]:
        ReportingLineFactory(forum=forum, reports_to=hub)
    meeting = MeetingFactory(forum=locals_[2], starts_at=timezone.now() - dt.timedelta(days=1))
    DecisionFactory(meeting=meeting)

    data = annual.forums(kinds.inputs_for(kind=ANNUAL_REPORT))

    # Listed: the system's forums and the hub others report to; the rest counted by Place.
    assert [row["forum"].name for row in data["rows"]] == [
        "Council",
        "Frailty network",
        "North hub",
    ]
    assert [
        (row["place"].name, row["forums"], row["meetings"], row["decisions"])
        for row in data["by_place"]
    ] == [
        ("North", 2, 0, 0),
        ("South", 1, 1, 1),
    ]
    assert data["summarised"] == 3
    assert data["meetings_held"] == 1 and data["decision_count"] == 1
    # The map and its outline show the listed forums only.
    assert data["map"].count('class="gm-node') == 3
    assert "Local 0" not in data["map"] and "Local 0" not in data["outline"]
    assert "North hub" in data["outline"]


def test_few_forums_are_all_listed_and_drawn():
    council = ForumFactory(name="Council", slug="council")
    place_forum = ForumFactory(
        name="Local", slug="local", place=PlaceFactory(), level=Forum.Level.PLACE
    )
    ReportingLineFactory(forum=place_forum, reports_to=council)

    data = annual.forums(kinds.inputs_for(kind=ANNUAL_REPORT))

    assert [row["forum"].name for row in data["rows"]] == ["Council", "Local"]
    assert data["by_place"] == [] and data["summarised"] == 0
    assert data["map"].count('class="gm-node') == 2


def test_long_action_tables_list_their_first_rows_and_say_how_many(demo, monkeypatch):
    monkeypatch.setattr(annual, "ROWS_LISTED_MAX", 1)
    report = rendering.build_report(kinds.inputs_for(kind=ANNUAL_REPORT))
    plan = next(b.data for b in report.included if b.section.key == "action_plan")
    longest = max(
        ("completed_this_year", "overdue", "stale", "carried_over"), key=lambda k: len(plan[k])
    )
    assert len(plan[longest]) > 1, "the demo plan should have a list of more than one action"
    assert plan["shown"][longest] == plan[longest][:1]

    html = rendering.report_html(report)

    assert f"The first 1 of {len(plan[longest])} are listed" in html
