from datetime import date, timedelta

import pytest
from django.utils import timezone

from forums import selectors
from forums.models import Meeting, Membership
from tests.factories import PersonFactory, ProfessionalGroupFactory

from .factories import (
    AttendanceFactory,
    ForumFactory,
    MeetingFactory,
    MembershipFactory,
    ReportingLineFactory,
)

pytestmark = pytest.mark.django_db


def test_forum_members_lists_current_direct_members_only():
    forum = ForumFactory()
    today = timezone.localdate()
    current = MembershipFactory(forum=forum, starts_on=today - timedelta(days=10))
    MembershipFactory(
        forum=forum, starts_on=today - timedelta(days=400), ends_on=today - timedelta(days=1)
    )
    MembershipFactory(forum=forum, starts_on=today + timedelta(days=5))
    MembershipFactory()  # another forum
    members = selectors.forum_members(forum)
    assert [m.person for m in members] == [current.person]
    assert members[0].source == "membership"
    assert members[0].member_type_label == "Clinical or care leader"
    assert len(selectors.forum_members(forum, include_past=True)) == 3


def test_attendance_rates_per_person_and_overall():
    forum = ForumFactory()
    alice, bob = PersonFactory.create_batch(2)
    meetings = MeetingFactory.create_batch(4, forum=forum)
    for meeting, status in zip(
        meetings, ["present", "present", "present", "apologies"], strict=True
    ):
        AttendanceFactory(meeting=meeting, person=alice, status=status)
    for meeting, status in zip(meetings, ["present", "absent", "absent", "absent"], strict=True):
        AttendanceFactory(meeting=meeting, person=bob, status=status)
    # A planned meeting's records, or another forum's, do not count.
    planned = MeetingFactory(forum=forum, status=Meeting.Status.PLANNED)
    AttendanceFactory(meeting=planned, person=alice, status="absent")
    AttendanceFactory(person=alice, status="absent")

    summary = selectors.attendance_summary(forum)
    assert summary.for_person(alice.pk).percent == 75
    assert summary.for_person(bob.pk).percent == 25
    assert summary.for_person(bob.pk).absent == 3
    assert summary.overall.present == 4
    assert summary.overall.recorded == 8
    assert summary.overall.percent == 50
    assert summary.for_person(PersonFactory().pk).rate is None


def test_attendance_summary_runs_two_queries_however_many_records(django_assert_num_queries):
    forum = ForumFactory()
    for meeting in MeetingFactory.create_batch(5, forum=forum):
        AttendanceFactory.create_batch(4, meeting=meeting)
    with django_assert_num_queries(2):
        selectors.attendance_summary(forum)


def test_attendance_overall_is_the_same_rule_for_one_forum_or_all_at_once(
    django_assert_num_queries,
):
    first, second = ForumFactory(), ForumFactory()
    for forum, statuses in ((first, ["present", "absent"]), (second, ["present", "apologies"])):
        meeting = MeetingFactory(forum=forum)
        for status in statuses:
            AttendanceFactory(meeting=meeting, status=status)
    planned = MeetingFactory(forum=first, status=Meeting.Status.PLANNED)
    AttendanceFactory(meeting=planned, status="absent")  # not held: not counted
    assert selectors.attendance_overall(forum=first) == selectors.attendance_summary(first).overall
    with django_assert_num_queries(1):
        everyone = selectors.attendance_overall()
    assert (everyone.present, everyone.recorded, everyone.percent) == (2, 4, 50)


def test_forum_list_annotates_counts_in_the_database():
    forum = ForumFactory()
    MembershipFactory.create_batch(3, forum=forum)
    meeting = MeetingFactory(forum=forum)
    AttendanceFactory(meeting=meeting, status="present")
    AttendanceFactory(meeting=meeting, status="apologies")
    upcoming = MeetingFactory(
        forum=forum, status=Meeting.Status.PLANNED, starts_at=timezone.now() + timedelta(days=9)
    )
    row = selectors.forum_list().get(pk=forum.pk)
    assert row.member_count == 3
    assert row.attendance_present == 1
    assert row.attendance_recorded == 2
    assert row.next_meeting_at == upcoming.starts_at


def test_membership_mix_flags_only_what_each_forum_expects():
    social_work = ProfessionalGroupFactory(name="Social work", under_represented=True)
    adult_social_work = ProfessionalGroupFactory(
        name="Adult social work", parent=social_work, under_represented=True
    )
    pharmacy = ProfessionalGroupFactory(name="Community pharmacy", under_represented=True)
    dentistry = ProfessionalGroupFactory(name="Dentistry", under_represented=True)
    gp = ProfessionalGroupFactory(name="GPs")

    represented = ForumFactory(name="Represented", expects_lived_experience=True, expects_vcse=True)
    represented.expected_professions.set([social_work, pharmacy])
    MembershipFactory(forum=represented, person=PersonFactory(professional_group=adult_social_work))
    MembershipFactory(forum=represented, person=PersonFactory(professional_group=pharmacy))
    MembershipFactory(
        forum=represented,
        person=PersonFactory(professional_group=None),
        member_type=Membership.MemberType.LIVED_EXPERIENCE,
    )
    MembershipFactory(
        forum=represented,
        person=PersonFactory(professional_group=None),
        member_type=Membership.MemberType.VCSE,
    )
    doctors_only = ForumFactory(name="Doctors only", expects_lived_experience=True)
    doctors_only.expected_professions.set([adult_social_work, pharmacy, gp])
    MembershipFactory.create_batch(2, forum=doctors_only, person__professional_group=gp)
    # A GP network: dentists are under-represented in the ICB but not its business.
    network = ForumFactory(name="GP network")
    network.expected_professions.set([gp])
    MembershipFactory(forum=network, person=PersonFactory(professional_group=gp))

    mix = {m.forum.name: m for m in selectors.membership_mix()}
    # A member of a profession within a family represents the family too.
    assert mix["Represented"].missing_professions == []
    assert mix["Represented"].has_lived_experience and mix["Represented"].has_vcse
    assert mix["Represented"].no_professional_group == 2
    assert not mix["Represented"].flagged
    assert {g.name for g in mix["Doctors only"].missing_professions} == {
        "Adult social work",
        "Community pharmacy",
    }
    assert mix["Doctors only"].professional_groups == [(gp, 2)]
    assert mix["Doctors only"].missing_lived_experience
    assert not mix["Doctors only"].missing_vcse  # not expected, so not missing
    assert mix["Doctors only"].flagged
    assert dentistry not in mix["GP network"].missing_professions
    assert not mix["GP network"].missing_lived_experience
    assert not mix["GP network"].flagged


def test_membership_mix_runs_a_fixed_number_of_queries(django_assert_num_queries):
    for forum in ForumFactory.create_batch(4):
        MembershipFactory.create_batch(3, forum=forum)
    # Forums, their members, role-seat holders (from the roles app), the members'
    # professional groups, expected professions.
    with django_assert_num_queries(5):
        selectors.membership_mix()


def test_governance_graph_public_only_drops_private_forums_and_their_links():
    board = ForumFactory(name="Board", is_public=True)
    council = ForumFactory(name="Council", is_public=True)
    private = ForumFactory(name="Private", is_public=False)
    ReportingLineFactory(forum=council, reports_to=board)
    ReportingLineFactory(forum=private, reports_to=board)
    everything = selectors.governance_graph()
    public = selectors.governance_graph(public_only=True)
    assert len(everything.forums) == 3 and len(everything.lines) == 2
    assert [f.name for f in public.forums] == ["Board", "Council"]
    assert [(line.forum.name, line.reports_to.name) for line in public.lines] == [
        ("Council", "Board")
    ]


def test_forum_page_public_hides_private_papers_and_links():
    from .factories import MeetingPaperFactory

    forum = ForumFactory(is_public=True)
    meeting = MeetingFactory(forum=forum)
    MeetingPaperFactory(meeting=meeting, title="Public agenda", is_public=True)
    MeetingPaperFactory(meeting=meeting, title="Private report", is_public=False)
    ReportingLineFactory(forum=forum, reports_to__is_public=False)
    page = selectors.forum_page(forum, public=True)
    assert [p.title for p in page.meetings[0].papers.all()] == ["Public agenda"]
    assert page.reports_to == []
    staff_page = selectors.forum_page(forum)
    assert len(staff_page.meetings[0].papers.all()) == 2
    assert len(staff_page.reports_to) == 1


def test_membership_current_on_a_date():
    m = MembershipFactory(starts_on=date(2025, 1, 1), ends_on=date(2025, 3, 31))
    assert list(Membership.objects.current(date(2025, 3, 31))) == [m]
    assert not Membership.objects.current(date(2025, 4, 1)).exists()


def test_person_forums_lists_current_memberships():
    person = PersonFactory()
    current = MembershipFactory(person=person, forum__name="B forum")
    MembershipFactory(
        person=person, starts_on=date(2020, 1, 1), ends_on=date(2020, 12, 31), forum__name="A"
    )
    assert selectors.person_forums(person) == [current]
