"""Role seats are forum membership: a forum's member list shows each seat's current holder
beside its direct members, and the member changes when the appointment does."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from forums import selectors as forum_selectors
from roles import services
from tests.factories import PersonFactory
from tests.forums.factories import ForumFactory, MembershipFactory

from .factories import AppointmentFactory, SeatFactory

pytestmark = pytest.mark.django_db


def test_forum_members_include_the_holder_of_each_role_seat(staff_user):
    forum = ForumFactory(name="Respiratory Clinical Programme Group")
    direct = MembershipFactory(forum=forum, person__family_name="Adams")
    seat = SeatFactory(forum=forum, capacity="chair", role__title="Clinical lead, Respiratory CPG")
    first = AppointmentFactory(
        role=seat.role, person__family_name="Zephaniah", starts_on=date(2024, 4, 1)
    )
    members = forum_selectors.forum_members(forum)
    assert [(m.person, m.source) for m in members] == [
        (direct.person, "membership"),
        (first.person, "role"),
    ]
    assert members[1].member_type_label == "Clinical lead, Respiratory CPG (chair)"
    assert members[1].membership is None

    # The holder changes when the appointment does.
    today = timezone.localdate()
    services.appointment_end(
        user=staff_user,
        appointment=first,
        ended_on=today - timedelta(days=1),
        reason="end_of_term",
    )
    successor = PersonFactory(family_name="Brown")
    services.appointment_start(user=staff_user, role=seat.role, person=successor, starts_on=today)
    members = forum_selectors.forum_members(forum)
    assert [m.person for m in members] == [direct.person, successor]
    everyone = forum_selectors.forum_members(forum, include_past=True)
    assert first.person in [m.person for m in everyone]


def test_forum_pages_list_role_holders(staff_client, client):
    forum = ForumFactory(name="System Senate", slug="senate", is_public=True)
    seat = SeatFactory(forum=forum, role__title="Chief Pharmacist lead")
    holder = AppointmentFactory(role=seat.role, person__given_name="Priya")
    staff = staff_client.get(reverse("forums:forum_detail", kwargs={"slug": "senate"}))
    assert holder.person.full_name in staff.content.decode()
    assert "Chief Pharmacist lead (member)" in staff.content.decode()
    public = client.get(reverse("forums:public_forum_detail", kwargs={"slug": "senate"}))
    assert holder.person.full_name in public.content.decode()


def test_membership_mix_counts_role_holders():
    forum = ForumFactory()
    seat = SeatFactory(forum=forum)
    AppointmentFactory(role=seat.role)
    MembershipFactory(forum=forum)
    (mix,) = forum_selectors.membership_mix([forum])
    assert mix.member_count == 2
