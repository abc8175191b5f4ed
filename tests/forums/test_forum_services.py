from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from forums import services
from forums.models import Attendance, Decision, Forum, Meeting, ReportingLine
from tests.factories import PersonFactory, PlaceFactory, PriorityFactory

from .factories import ForumFactory, MeetingFactory, MembershipFactory, ReportingLineFactory

pytestmark = pytest.mark.django_db


def test_forum_create_makes_a_unique_slug_that_avoids_fixed_addresses(staff_user):
    first = services.forum_create(user=staff_user, name="Assembly", kind="assembly", purpose="x")
    second = services.forum_create(user=staff_user, name="Assembly!", kind="assembly", purpose="x")
    reserved = services.forum_create(user=staff_user, name="Map", kind="other", purpose="x")
    assert first.slug == "assembly"
    assert second.slug == "assembly-2"
    assert reserved.slug == "map-2"
    assert first.history.first().history_user == staff_user


def test_forum_at_place_level_needs_a_place(staff_user):
    with pytest.raises(ValidationError, match="Choose a Place"):
        services.forum_create(
            user=staff_user,
            name="Advisory",
            kind="place_advisory_group",
            purpose="x",
            level="place",
        )
    forum = services.forum_create(
        user=staff_user,
        name="Advisory",
        kind="place_advisory_group",
        purpose="x",
        level="place",
        place=PlaceFactory(),
    )
    assert forum.place is not None


def test_reporting_line_add_links_forums_in_a_graph(staff_user):
    board, council, senate, assembly = ForumFactory.create_batch(4)
    services.reporting_line_add(user=staff_user, forum=council, reports_to=board)
    services.reporting_line_add(user=staff_user, forum=senate, reports_to=board, nature="advises")
    # Two parents are allowed: a graph, not a tree.
    services.reporting_line_add(user=staff_user, forum=assembly, reports_to=council)
    services.reporting_line_add(user=staff_user, forum=assembly, reports_to=senate)
    assert set(assembly.reporting_lines.values_list("reports_to__name", flat=True)) == {
        council.name,
        senate.name,
    }


def test_reporting_line_add_rejects_a_loop_and_names_it(staff_user):
    board = ForumFactory(name="Board")
    council = ForumFactory(name="Council")
    assembly = ForumFactory(name="Assembly")
    services.reporting_line_add(user=staff_user, forum=council, reports_to=board)
    services.reporting_line_add(user=staff_user, forum=assembly, reports_to=council)
    with pytest.raises(ValidationError) as error:
        services.reporting_line_add(user=staff_user, forum=board, reports_to=assembly)
    message = error.value.messages[0]
    assert "Board → Assembly → Council → Board" in message
    assert not ReportingLine.objects.filter(forum=board).exists()


def test_reporting_line_add_rejects_reporting_to_itself(staff_user):
    forum = ForumFactory(name="Council")
    with pytest.raises(ValidationError, match="loop"):
        services.reporting_line_add(user=staff_user, forum=forum, reports_to=forum)


def test_database_refuses_self_link_and_duplicates():
    forum, other = ForumFactory.create_batch(2)
    with pytest.raises(IntegrityError), transaction.atomic():
        ReportingLine.objects.create(forum=forum, reports_to=forum)
    ReportingLineFactory(forum=forum, reports_to=other)
    with pytest.raises(IntegrityError), transaction.atomic():
        ReportingLine.objects.create(forum=forum, reports_to=other)


def test_reporting_cycle_with_given_edges_finds_long_loops():
    edges = [(1, 2), (2, 3), (3, 4)]
    assert services.reporting_cycle(forum_id=4, reports_to_id=1, edges=edges) == [4, 1, 2, 3, 4]
    assert services.reporting_cycle(forum_id=1, reports_to_id=4, edges=edges) is None
    # A diamond is not a loop.
    diamond = [(2, 1), (3, 1), (4, 2)]
    assert services.reporting_cycle(forum_id=4, reports_to_id=3, edges=diamond) is None


def test_terms_of_reference_versions_count_up(staff_user):
    forum = ForumFactory()
    first = services.terms_of_reference_add(user=staff_user, forum=forum, text="v1")
    second = services.terms_of_reference_add(
        user=staff_user,
        forum=forum,
        text="v2",
        approved_on=date(2026, 1, 1),
        review_due_on=date(2027, 1, 1),
    )
    assert (first.version, second.version) == (1, 2)
    with pytest.raises(ValidationError, match="review date must be after"):
        services.terms_of_reference_add(
            user=staff_user,
            forum=forum,
            text="v3",
            approved_on=date(2026, 1, 1),
            review_due_on=date(2025, 1, 1),
        )


def test_membership_add_refuses_overlapping_dates(staff_user):
    forum = ForumFactory()
    person = PersonFactory()
    services.membership_add(
        user=staff_user,
        forum=forum,
        person=person,
        starts_on=date(2025, 1, 1),
        ends_on=date(2025, 12, 31),
    )
    with pytest.raises(ValidationError, match="already a member"):
        services.membership_add(
            user=staff_user, forum=forum, person=person, starts_on=date(2025, 6, 1)
        )
    later = services.membership_add(
        user=staff_user, forum=forum, person=person, starts_on=date(2026, 1, 1)
    )
    assert later.pk
    with pytest.raises(ValidationError, match="end date"):
        services.membership_add(
            user=staff_user,
            forum=forum,
            person=PersonFactory(),
            starts_on=date(2026, 1, 1),
            ends_on=date(2025, 1, 1),
        )


def test_meeting_record_saves_attendance_and_decisions_together(staff_user):
    forum = ForumFactory()
    alice, bob, cara = PersonFactory.create_batch(3)
    priority = PriorityFactory(number=1)
    starts = timezone.now() - timedelta(days=3)
    meeting = services.meeting_record(
        user=staff_user,
        forum=forum,
        starts_at=starts,
        status=Meeting.Status.HELD,
        minutes="Minutes",
        attendance={alice: "present", bob: "apologies", cara: "absent"},
        decisions=[
            services.DecisionInput(text="Agreed the plan.", priority=priority),
            services.DecisionInput(text="   "),
        ],
    )
    assert dict(meeting.attendance.values_list("person_id", "status")) == {
        alice.pk: "present",
        bob.pk: "apologies",
        cara.pk: "absent",
    }
    assert list(meeting.decisions.values_list("text", "priority")) == [
        ("Agreed the plan.", priority.pk)
    ]
    # Recording again replaces attendance: changed, removed and kept records.
    services.meeting_record(
        user=staff_user,
        forum=forum,
        meeting=meeting,
        starts_at=starts,
        status=Meeting.Status.HELD,
        attendance={alice: "apologies", bob: "apologies"},
    )
    assert dict(meeting.attendance.values_list("person_id", "status")) == {
        alice.pk: "apologies",
        bob.pk: "apologies",
    }
    assert Decision.objects.count() == 1


def test_meeting_record_is_all_or_nothing(staff_user):
    forum = ForumFactory()
    person = PersonFactory()
    with pytest.raises(ValidationError, match="only be recorded for a meeting that was held"):
        services.meeting_record(
            user=staff_user,
            forum=forum,
            starts_at=timezone.now(),
            status=Meeting.Status.PLANNED,
            attendance={person: "present"},
        )
    assert not Meeting.objects.exists()
    assert not Attendance.objects.exists()


def test_meeting_record_refuses_end_before_start(staff_user):
    starts = timezone.now()
    with pytest.raises(ValidationError, match="end time must be after"):
        services.meeting_record(
            user=staff_user,
            forum=ForumFactory(),
            starts_at=starts,
            ends_at=starts - timedelta(hours=1),
        )


def test_meeting_record_refuses_a_meeting_of_another_forum(staff_user):
    meeting = MeetingFactory()
    with pytest.raises(ValueError):
        services.meeting_record(
            user=staff_user, forum=ForumFactory(), meeting=meeting, starts_at=meeting.starts_at
        )


def test_membership_update_ends_a_membership(staff_user):
    membership = MembershipFactory(starts_on=date(2025, 1, 1))
    services.membership_update(
        user=staff_user,
        membership=membership,
        member_type=membership.member_type,
        starts_on=membership.starts_on,
        ends_on=date(2025, 6, 30),
    )
    membership.refresh_from_db()
    assert membership.ends_on == date(2025, 6, 30)
    assert membership.history.first().history_user == staff_user


def test_forum_update_rejects_unknown_fields(staff_user):
    with pytest.raises(TypeError):
        services.forum_update(user=staff_user, forum=ForumFactory(), colour="blue")
    forum = services.forum_update(user=staff_user, forum=ForumFactory(), is_public=False)
    assert Forum.objects.get(pk=forum.pk).is_public is False
