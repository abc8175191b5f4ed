"""Audiences resolved from live data, and everyone's own choices: nobody who opted out is
ever a recipient."""

import pytest
from django.urls import reverse

from communications import audiences, services
from communications.audiences import Criteria
from communications.models import Topic
from recruitment.models import TalentPoolMember
from tests.development.factories import CohortApplicationFactory
from tests.factories import PersonFactory, PlaceFactory, ProfessionalGroupFactory
from tests.forums.factories import MembershipFactory
from tests.roles.factories import AppointmentFactory, RoleFactory, SeatFactory

pytestmark = pytest.mark.django_db
NEWS = Topic.NEWS


def _emails(resolution):
    return sorted(r.email for r in resolution.recipients)


def test_filters_narrow_and_sources_widen():
    nursing = ProfessionalGroupFactory(name="Nursing")
    midwifery = ProfessionalGroupFactory(name="Midwifery", parent=nursing)
    pharmacy = ProfessionalGroupFactory(name="Pharmacy")
    north, south = PlaceFactory(name="North"), PlaceFactory(name="South")
    PersonFactory(email="nurse@nhs.net", professional_group=nursing, place=north)
    midwife = PersonFactory(email="midwife@nhs.net", professional_group=midwifery, place=south)
    pharmacist = PersonFactory(email="pharm@nhs.net", professional_group=pharmacy, place=north)
    PersonFactory(email="", professional_group=nursing)  # no address: never reached
    everyone = audiences.resolve(Criteria(), topic=NEWS)
    assert {"nurse@nhs.net", "midwife@nhs.net", "pharm@nhs.net"} <= set(_emails(everyone))
    family = audiences.resolve(Criteria(professional_groups=(nursing.pk,)), topic=NEWS)
    assert _emails(family) == ["midwife@nhs.net", "nurse@nhs.net"]
    both = audiences.resolve(
        Criteria(professional_groups=(nursing.pk,), places=(north.pk,)), topic=NEWS
    )
    assert _emails(both) == ["nurse@nhs.net"]
    # A role filter reaches only current holders of such a role.
    role = RoleFactory(level="place", place=north)
    AppointmentFactory(person=pharmacist, role=role)
    held = audiences.resolve(Criteria(levels=("place",)), topic=NEWS)
    assert _emails(held) == ["pharm@nhs.net"]
    by_function = audiences.resolve(Criteria(functions=(role.function_id,)), topic=NEWS)
    assert _emails(by_function) == ["pharm@nhs.net"]
    assert midwife.pk in {r.person_id for r in family.recipients}


def test_forum_members_talent_pool_and_programme_participants_with_one_message_each():
    group = ProfessionalGroupFactory(name="Allied health professions")
    member = MembershipFactory(person__email="Member@NHS.net").person
    TalentPoolMember.objects.create(
        given_name="Ada",
        family_name="Pool",
        email="ada@care.example.org",
        professional_group=group,
        consent=True,
    )
    # The forum member is in the talent pool too, with the address in another case.
    TalentPoolMember.objects.create(
        given_name="Same",
        family_name="Person",
        email="member@nhs.net",
        professional_group=group,
        consent=True,
    )
    participant = CohortApplicationFactory(
        email="grace@care.example.org", status="selected", decision_reason="Chosen."
    )
    CohortApplicationFactory(cohort=participant.cohort, email="waiting@care.example.org")
    criteria = Criteria(
        sources=(audiences.FORUM_MEMBERS, audiences.TALENT_POOL, audiences.PROGRAMME),
        forums=(member.forum_memberships.get().forum_id,),
        offers=(participant.cohort.offer_id,),
    )
    reached = _emails(audiences.resolve(criteria, topic=NEWS))
    assert reached == ["Member@NHS.net", "ada@care.example.org", "grace@care.example.org"]
    # A forum's members include the holders of its role seats (the one member list).
    forum = member.forum_memberships.get().forum
    holder = AppointmentFactory(person__email="seat.holder@nhs.net").person
    SeatFactory(forum=forum, role=holder.appointments.get().role)
    seats = _emails(
        audiences.resolve(
            Criteria(sources=(audiences.FORUM_MEMBERS,), forums=(forum.pk,)), topic=NEWS
        )
    )
    assert seats == ["Member@NHS.net", "seat.holder@nhs.net"]


def test_nobody_who_opted_out_is_a_recipient():
    """The attack: a person unsubscribes (or turns the topic off) and is reached by every
    route there is; none of them brings them back."""
    group = ProfessionalGroupFactory()
    person = PersonFactory(email="Opted.Out@nhs.net", professional_group=group)
    AppointmentFactory(person=person)
    MembershipFactory(person=person)
    TalentPoolMember.objects.create(
        given_name="Opted",
        family_name="Out",
        email="opted.out@NHS.NET",
        professional_group=group,
        consent=True,
    )
    keeps = PersonFactory(email="keeps@nhs.net", professional_group=group)
    every_route = Criteria(
        sources=tuple(s for s in audiences.SOURCES if s != audiences.PROGRAMME)
        + (audiences.PROGRAMME,),
        forums=(person.forum_memberships.get().forum_id,),
        offers=(CohortApplicationFactory(email="x@y.org").cohort.offer_id,),
    )
    assert "Opted.Out@nhs.net" in _emails(audiences.resolve(every_route, topic=NEWS))
    services.unsubscribe(email="OPTED.OUT@nhs.net")
    for topic in Topic.values:
        resolution = audiences.resolve(every_route, topic=topic)
        assert all(r.email.lower() != "opted.out@nhs.net" for r in resolution.recipients)
        assert keeps.email in _emails(resolution)
        assert resolution.opted_out == 1
    services.resubscribe(email="opted.out@nhs.net")
    services.preferences_save(email="opted.out@nhs.net", topics=[Topic.EVENTS], frequency="each")
    assert "Opted.Out@nhs.net" not in _emails(audiences.resolve(every_route, topic=NEWS))
    assert "Opted.Out@nhs.net" in _emails(audiences.resolve(every_route, topic=Topic.EVENTS))


def test_resolving_reads_a_fixed_number_of_queries(django_assert_num_queries):
    group = ProfessionalGroupFactory()
    criteria = Criteria(sources=(audiences.LEADERS, audiences.TALENT_POOL))
    for i in range(3):
        PersonFactory(email=f"a{i}@nhs.net", professional_group=group)
    with django_assert_num_queries(3):
        audiences.resolve(criteria, topic=NEWS)
    for i in range(30):
        PersonFactory(email=f"b{i}@nhs.net", professional_group=group)
        services.unsubscribe(email=f"b{i}@nhs.net") if i % 3 == 0 else None
    with django_assert_num_queries(3):
        audiences.resolve(criteria, topic=NEWS)


def test_audience_page_counts_before_sending(client, staff_client, exec_client, leader_client):
    group = ProfessionalGroupFactory(name="Pharmacy")
    for i in range(3):
        PersonFactory(email=f"p{i}@nhs.net", professional_group=group)
    services.unsubscribe(email="p0@nhs.net")
    url = reverse("communications:audience")
    assert client.get(url).status_code == 302
    assert leader_client.get(url).status_code == 403
    assert exec_client.get(url).status_code == 200
    page = staff_client.get(
        url, {"topic": NEWS, "professional_groups": [group.pk]}
    ).content.decode()
    assert "2 people would get this message" in page
    assert "1 more person matches but has unsubscribed" in page
    assert "p0@nhs.net" not in page
    bad = staff_client.get(url, {"topic": NEWS, "sources": [audiences.FORUM_MEMBERS]})
    assert bad.status_code == 200
    assert "Choose the forums whose members should hear" in bad.content.decode()
    nonsense = staff_client.get(url, {"topic": "nonsense", "places": ["x"]})
    assert nonsense.status_code == 200
