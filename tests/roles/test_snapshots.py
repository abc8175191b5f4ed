"""The core snapshot mechanism (ccpl.snapshots) with the populations roles registers."""

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.utils import timezone

from ccpl import snapshots, tasks
from ccpl.models import Person, Snapshot, SnapshotCount
from roles import selectors
from tests.factories import EqualityProfileFactory, PersonFactory, ProfessionalGroupFactory
from tests.forums.factories import MembershipFactory

from .factories import AppointmentFactory, SeatFactory

pytestmark = pytest.mark.django_db


def test_roles_registers_role_holders_and_forum_members():
    keys = [p.key for p in snapshots.populations()]
    assert selectors.ROLE_HOLDERS in keys and selectors.FORUM_MEMBERS in keys
    with pytest.raises(ValueError):
        snapshots.get_population("nobody")


def test_register_population_adds_a_population():
    snapshots.register_population(
        "test_people", label="Test", people=lambda on: Person.objects.all()
    )
    try:
        PersonFactory()
        snapshot = snapshots.snapshot_take(population="test_people")
        assert snapshot.total == 1
    finally:
        snapshots._POPULATIONS.pop("test_people")


def _holder(ethnicity="white_british", sex="female", age_band="40-49", group=None, **extra):
    appointment = AppointmentFactory(**extra)
    if group is not None:
        appointment.person.professional_group = group
        appointment.person.save()
    if ethnicity is not None:
        EqualityProfileFactory(
            person=appointment.person, ethnicity=ethnicity, sex=sex, age_band=age_band
        )
    return appointment


def test_population_counts_by_every_dimension():
    family = ProfessionalGroupFactory(name="Nursing", slug="nursing")
    child = ProfessionalGroupFactory(name="Adult nurses", slug="adult-nurses", parent=family)
    _holder(ethnicity="asian_indian", group=child)
    _holder(ethnicity="asian_pakistani", sex="male", group=family)
    _holder(ethnicity="prefer_not_to_say", sex="prefer_not_to_say", group=family)
    no_answers = _holder(ethnicity=None)
    no_answers.person.professional_group = None
    no_answers.person.save()
    people = selectors.role_holders()
    count = snapshots.population_counts
    assert count(people=people, dimension="ethnic_group") == {
        "asian": 2,
        "prefer_not_to_say": 1,
        "not_answered": 1,
    }
    assert count(people=people, dimension="sex") == {
        "female": 1,
        "male": 1,
        "prefer_not_to_say": 1,
        "not_answered": 1,
    }
    assert count(people=people, dimension="professional_group") == {
        "nursing": 3,
        "not_answered": 1,
    }
    assert count(people=people, dimension="age_band") == {"40-49": 3, "not_answered": 1}


def test_someone_holding_two_roles_is_counted_once():
    appointment = _holder()
    AppointmentFactory(person=appointment.person)
    assert selectors.role_holders().count() == 1


def test_past_holders_and_inactive_roles_are_not_counted():
    _holder(starts_on=date(2020, 1, 1), ended_on=date(2021, 1, 1))
    _holder(role__is_active=False)
    assert selectors.role_holders().count() == 0
    assert selectors.role_holders(date(2020, 6, 1)).count() == 1


def test_forum_members_include_direct_members_and_role_seat_holders():
    direct = MembershipFactory()
    seated = _holder()
    SeatFactory(role=seated.role)
    _holder()  # holds a role with no seat
    people = set(selectors.forum_member_people())
    assert people == {direct.person, seated.person}


def test_snapshot_take_stores_counts_and_replaces_the_same_day(staff_user):
    _holder()
    first = snapshots.snapshot_take(population=selectors.ROLE_HOLDERS, user=staff_user)
    assert first.total == 1 and first.taken_by == staff_user
    assert first.counts.filter(dimension="sex", category="female").get().count == 1
    _holder(sex="male")
    again = snapshots.snapshot_take(population=selectors.ROLE_HOLDERS)
    assert Snapshot.objects.filter(population=selectors.ROLE_HOLDERS).count() == 1
    assert again.total == 2
    assert not SnapshotCount.objects.filter(snapshot_id=first.pk).exists()


def test_no_snapshot_of_the_future():
    with pytest.raises(ValidationError):
        snapshots.snapshot_take(
            population=selectors.ROLE_HOLDERS, on=timezone.localdate() + timedelta(days=1)
        )


def test_series_takes_the_latest_snapshot_of_each_year():
    _holder(starts_on=date(2023, 1, 1))
    for on in (date(2024, 4, 1), date(2024, 9, 1), date(2025, 4, 1)):
        snapshots.snapshot_take(population=selectors.ROLE_HOLDERS, on=on)
    series = snapshots.snapshot_series(population=selectors.ROLE_HOLDERS)
    assert series.dates == (date(2024, 9, 1), date(2025, 4, 1))
    assert series.for_dimension("sex")[date(2025, 4, 1)] == {"female": 1}
    assert snapshots.snapshot_series(population=selectors.ROLE_HOLDERS, years=1).dates == (
        date(2025, 4, 1),
    )


def test_command_task_and_all_populations():
    _holder()
    out = StringIO()
    call_command("take_snapshots", "--population", selectors.ROLE_HOLDERS, stdout=out)
    assert "Role holders: 1 people" in out.getvalue()
    call_command("take_snapshots", "--date", "2025-04-01", stdout=StringIO())
    assert Snapshot.objects.filter(taken_on=date(2025, 4, 1)).count() == len(
        snapshots.populations()
    )
    with pytest.raises(CommandError):
        call_command("take_snapshots", "--population", "nobody", stdout=StringIO())
    ids = tasks.take_snapshots()
    assert len(ids) == len(snapshots.populations())


def test_category_labels_put_not_stated_last():
    labels = list(snapshots.category_labels("age_band"))
    assert labels[-2:] == ["prefer_not_to_say", "not_answered"]
    assert "not_stated" not in snapshots.category_labels("ethnic_group")
    with pytest.raises(ValueError):
        snapshots.category_labels("shoe_size")


@pytest.mark.django_db(transaction=True)
def test_simultaneous_take_snapshot_posts_leave_one_snapshot_per_population(staff_user):
    # Real PostgreSQL, real threads: the posts race on the same day's rows.
    import threading

    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    assert connection.vendor == "postgresql", "run with make test: this needs real row locks"
    _holder()
    racers = 4
    barrier = threading.Barrier(racers)
    statuses: list[object] = []
    lock = threading.Lock()

    clients = []
    for _ in range(racers):
        client = Client(raise_request_exception=False)
        client.force_login(staff_user)
        clients.append(client)

    def post(client):
        try:
            barrier.wait()
            result = client.post(reverse("roles:snapshot_take")).status_code
        except Exception as error:  # noqa: BLE001 - report anything else as a failure
            result = repr(error)
        finally:
            connection.close()
        with lock:
            statuses.append(result)

    threads = [threading.Thread(target=post, args=(client,)) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert statuses == [302] * racers, statuses
    populations = {p.key for p in snapshots.populations()}
    today = timezone.localdate()
    for population in populations:
        assert Snapshot.objects.filter(population=population, taken_on=today).count() == 1
    holders = Snapshot.objects.get(population=selectors.ROLE_HOLDERS, taken_on=today)
    assert holders.total == 1
    assert holders.counts.filter(dimension="sex", category="female").get().count == 1
