"""Engagement figures: how far the period's bulletins reached, counted once per address from
the delivery records (nothing tracked after sending), by professional group and by Place,
through disclosure control."""

from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone

from communications import engagement
from communications.models import Bulletin, Delivery, Topic
from tests.factories import PersonFactory, PlaceFactory, ProfessionalGroupFactory

pytestmark = pytest.mark.django_db

START, END = date(2026, 4, 1), date(2027, 3, 31)


def _sent(day: date, topic=Topic.NEWS, status=Bulletin.Status.SENT) -> Bulletin:
    return Bulletin.objects.create(
        title=f"Bulletin of {day}",
        body="Hello.",
        topic=topic,
        status=status,
        sent_at=timezone.make_aware(datetime.combine(day, datetime.min.time()))
        + timedelta(hours=9),
    )


def _deliver(bulletin, person=None, email=None, **flags):
    return Delivery.objects.create(
        bulletin=bulletin,
        email=email or person.email,
        person=person,
        done=flags.pop("done", True),
        **flags,
    )


def test_reach_counts_each_address_once_and_never_a_skipped_or_waiting_one():
    nursing, medicine = (
        ProfessionalGroupFactory(name="Nursing"),
        ProfessionalGroupFactory(name="Medicine"),
    )
    west, east = PlaceFactory(name="West"), PlaceFactory(name="East")
    nurses = [
        PersonFactory(email=f"n{i}@nhs.net", professional_group=nursing, place=west)
        for i in range(12)
    ]
    doctors = [
        PersonFactory(email=f"d{i}@nhs.net", professional_group=medicine, place=east)
        for i in range(9)
    ]
    first, second = _sent(date(2026, 5, 1)), _sent(date(2026, 9, 1), topic=Topic.EVENTS)
    outside = _sent(date(2026, 3, 1))
    draft = _sent(date(2026, 6, 1), status=Bulletin.Status.DRAFT)
    for person in nurses + doctors:
        _deliver(first, person)
        _deliver(second, person)  # the same people again: still one each
        _deliver(outside, person)
        _deliver(draft, person)
    # Not reached: unsubscribed before delivery, or not yet given its e-mail.
    skipped = PersonFactory(email="gone@nhs.net", professional_group=nursing, place=west)
    _deliver(first, skipped, skipped=True)
    waiting = PersonFactory(email="later@nhs.net", professional_group=nursing, place=west)
    _deliver(second, waiting, done=False)
    # Someone not on record (the talent pool), in capitals once: one address.
    for i in range(8):
        _deliver(first, email=f"pool{i}@example.org")
        _deliver(second, email=f"POOL{i}@EXAMPLE.ORG")
    # An address reached both as a person and as a talent-pool member counts once, on record.
    talent_pool_only = _sent(date(2026, 10, 1), topic=Topic.OPPORTUNITIES)
    _deliver(talent_pool_only, email=nurses[0].email.upper())

    reach = engagement.reach(starts_on=START, on=END)

    assert reach.bulletins == 3
    assert reach.by_topic == [
        ("News and updates from the CCPL team", 1),
        ("Leadership roles, development and other opportunities", 1),
        ("Events, forums and ways to have your say", 1),
    ]
    profession = reach.by_profession.table
    assert profession.cell("Nursing", engagement.REACHED).value == 10  # 12, rounded
    assert profession.cell("Medicine", engagement.REACHED).value == 10  # 9, rounded
    assert profession.cell(engagement.NOT_ON_RECORD, engagement.REACHED).value == 10  # 8
    assert reach.people.value == 30  # 29 distinct addresses, rounded
    # Rounding hides the exact figures; the counts before it show each address once, the
    # address reached both ways on record.
    raw = engagement._distinct_by(
        engagement.reached_deliveries(starts_on=START, on=END), "person__place__name", "none"
    )
    assert raw == {"West": 12, "East": 9, "none": 8}
    place = reach.by_place.table
    assert place.row_labels == ("East", "West", engagement.NO_PLACE)
    assert place.cell("West", engagement.REACHED).value == 10


def test_a_small_group_reached_is_hidden_and_cannot_be_worked_out_from_the_total():
    big, small = (
        ProfessionalGroupFactory(name="Nursing"),
        ProfessionalGroupFactory(name="Paramedics"),
    )
    bulletin = _sent(date(2026, 5, 1))
    for i in range(20):
        _deliver(bulletin, PersonFactory(email=f"n{i}@nhs.net", professional_group=big))
    for i in range(2):
        _deliver(bulletin, PersonFactory(email=f"p{i}@nhs.net", professional_group=small))

    table = engagement.reach(starts_on=START, on=END).by_profession.table

    assert table.cell("Paramedics", engagement.REACHED).hidden
    # Secondary suppression: with the total published, the other line is hidden too.
    assert table.cell("Nursing", engagement.REACHED).hidden
    # The total is rounded (22 → 20), so it gives neither line away.
    assert table.column_totals[engagement.REACHED].display == "20"


def test_reach_takes_a_fixed_number_of_queries(django_assert_max_num_queries):
    group = ProfessionalGroupFactory()
    bulletins = [_sent(date(2026, 5, d)) for d in range(1, 4)]
    for size in (5, 50):
        for i in range(size):
            person = PersonFactory(email=f"s{size}-{i}@nhs.net", professional_group=group)
            for bulletin in bulletins:
                _deliver(bulletin, person)
        with django_assert_max_num_queries(7):
            engagement.reach(starts_on=START, on=END)


def test_reach_through_networks_counts_only_people_the_cascade_added():
    from communications.models import Forward, Network

    group = ProfessionalGroupFactory()
    bulletin = _sent(date(2026, 6, 1))
    network = Network.objects.create(name="Pharmacy network", slug="pharmacy")
    forward = Forward.objects.create(bulletin=bulletin, network=network)
    Forward.objects.create(bulletin=_sent(date(2026, 3, 1)), network=network)  # last year
    for i in range(10):
        _deliver(bulletin, PersonFactory(email=f"d{i}@nhs.net", professional_group=group))
    for i in range(12):
        _deliver(bulletin, email=f"sub{i}@nhs.net", forward=forward)
    _deliver(bulletin, email="left@nhs.net", forward=forward, skipped=True)

    reach = engagement.reach(starts_on=START, on=END)

    assert reach.forwards == 1
    assert reach.through_networks.value == 10  # 12, rounded
    assert reach.people.value == 20  # 22 distinct addresses, rounded
