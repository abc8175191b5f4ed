"""Selectors: role seats as forum membership, a leader's own roles, due lists."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from roles import selectors
from tests.forums.factories import ForumFactory, MembershipFactory

from .factories import AppointmentFactory, DevelopmentRecordFactory, RoleFactory, SeatFactory

pytestmark = pytest.mark.django_db


def test_seat_holders_follow_the_appointment():
    forum = ForumFactory()
    seat = SeatFactory(forum=forum, capacity="chair")
    old = AppointmentFactory(role=seat.role, starts_on=date(2022, 1, 1), ended_on=date(2024, 3, 31))
    new = AppointmentFactory(role=seat.role, starts_on=date(2024, 4, 1))
    now = selectors.seat_holders_by_forum([forum.pk])[forum.pk]
    assert [h.person for h in now] == [new.person]
    assert now[0].label == f"{seat.role.title} (chair)"
    then = selectors.seat_holders_by_forum([forum.pk], on=date(2023, 1, 1))[forum.pk]
    assert [h.person for h in then] == [old.person]
    ever = selectors.seat_holders_by_forum([forum.pk], include_past=True)[forum.pk]
    assert [h.person for h in ever] == [old.person, new.person]
    assert selectors.person_holds_seat(new.person.pk, forum.pk)
    assert not selectors.person_holds_seat(old.person.pk, forum.pk)


def test_a_vacant_seat_has_no_holder():
    seat = SeatFactory()
    assert selectors.seat_holders_by_forum([seat.forum_id]) == {}


def test_a_role_on_two_forums_appears_on_each():
    first, second = SeatFactory(capacity="chair"), None
    second = SeatFactory(role=first.role, capacity="attendee")
    holder = AppointmentFactory(role=first.role)
    holders = selectors.seat_holders_by_forum([first.forum_id, second.forum_id])
    assert [h.label for h in holders[first.forum_id]] == [f"{first.role.title} (chair)"]
    assert [h.person for h in holders[second.forum_id]] == [holder.person]
    assert holders[second.forum_id][0].label.endswith("(attendee)")


def test_seat_holders_use_a_fixed_number_of_queries(django_assert_num_queries):
    forums = [ForumFactory() for _ in range(3)]
    for forum in forums:
        for _ in range(3):
            AppointmentFactory(role=SeatFactory(forum=forum).role)
    with django_assert_num_queries(1):
        holders = selectors.seat_holders_by_forum([f.pk for f in forums])
        assert sum(len(h) for h in holders.values()) == 9
        [h.person.professional_group for hs in holders.values() for h in hs]


def test_person_leadership_lists_roles_and_forums(leader_user):
    person = leader_user.person
    appointment = AppointmentFactory(person=person, role__title="Clinical lead, Frailty CPG")
    DevelopmentRecordFactory(appointment=appointment)
    board = ForumFactory(name="Integrated Care Board")
    SeatFactory(role=appointment.role, forum=board, capacity="attendee")
    MembershipFactory(person=person, forum=ForumFactory(name="Assembly"))
    AppointmentFactory(person=person, starts_on=date(2020, 1, 1), ended_on=date(2021, 1, 1))
    leadership = selectors.person_leadership(person)
    assert [a.role.title for a in leadership.appointments] == ["Clinical lead, Frailty CPG"]
    assert [(f.name, how) for f, how in leadership.forums] == [
        ("Assembly", "clinical or care leader"),
        ("Integrated Care Board", "attendee, as Clinical lead, Frailty CPG"),
    ]


def test_due_lists():
    today = timezone.localdate()
    ending = AppointmentFactory(planned_end_on=today + timedelta(days=80))
    leaving = AppointmentFactory(ended_on=today + timedelta(days=10))
    AppointmentFactory(planned_end_on=today + timedelta(days=120))
    AppointmentFactory(starts_on=date(2020, 1, 1), ended_on=date(2021, 1, 1))
    assert set(selectors.appointments_ending()) == {ending, leaving}

    never = AppointmentFactory(starts_on=today - timedelta(days=400))
    overdue = DevelopmentRecordFactory(next_appraisal_due_on=today - timedelta(days=1)).appointment
    DevelopmentRecordFactory(next_appraisal_due_on=today + timedelta(days=1))
    assert set(selectors.appraisals_overdue()) == {never, overdue}

    no_jd = RoleFactory()
    RoleFactory(is_active=False)
    assert no_jd in set(selectors.job_description_reviews_due())


def test_a_leader_sees_their_own_roles_and_forums_on_their_profile(leader_client, leader_user):
    from django.urls import reverse

    appointment = AppointmentFactory(
        person=leader_user.person, role__title="AHP lead, Forest of Dean ILP"
    )
    DevelopmentRecordFactory(appointment=appointment, next_appraisal_due_on=date(2027, 5, 1))
    SeatFactory(
        role=appointment.role,
        forum=ForumFactory(name="Forest of Dean Advisory Group"),
        capacity="member",
    )
    AppointmentFactory(role__title="Someone else's role")
    html = leader_client.get(reverse("profile:my_profile")).content.decode()
    assert "AHP lead, Forest of Dean ILP" in html and "1 May 2027" in html
    assert "Forest of Dean Advisory Group" in html and "member, as AHP lead" in html
    assert "Someone else" not in html
