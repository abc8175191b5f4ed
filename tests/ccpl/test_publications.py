"""Publication points: figures about people change only on configured dates, only after enough
changes, and a publication stores nothing a database reader could learn answers from."""

from datetime import date, timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from ccpl import publications, tasks
from ccpl.models import Publication
from roles import selectors
from tests.factories import EqualityProfileFactory
from tests.roles.factories import AppointmentFactory

pytestmark = pytest.mark.django_db


def test_publication_points_come_from_settings(settings):
    settings.PEOPLE_PUBLICATION_DATES = ("03-31", "06-30", "09-30", "12-31")
    assert publications.is_publication_day(date(2026, 6, 30))
    assert not publications.is_publication_day(date(2026, 7, 1))
    assert publications.next_publication_on(date(2026, 12, 1)) == date(2026, 12, 31)
    assert publications.next_publication_on(date(2026, 12, 31)) == date(2027, 3, 31)


def test_the_task_does_nothing_on_other_days(settings):
    settings.PEOPLE_PUBLICATION_DATES = ("02-29",)  # never today in the test's clock, mostly
    today = timezone.localdate()
    if publications.is_publication_day(today):  # pragma: no cover - 29 February
        pytest.skip("today is a publication day")
    assert tasks.publish_people_figures() == []
    assert not Publication.objects.exists()


def test_the_command_refuses_a_day_that_is_not_a_publication_point(settings):
    settings.PEOPLE_PUBLICATION_DATES = ("03-31",)
    with pytest.raises(CommandError, match="not a publication date"):
        call_command("publish_people_figures", "--date", "2025-04-01")


def test_the_command_publishes_then_waits_for_five_changes(settings):
    settings.PEOPLE_PUBLICATION_DATES = ("03-31",)
    last_march = date(timezone.localdate().year - 1, 3, 31)
    for _ in range(10):
        AppointmentFactory(starts_on=last_march - timedelta(days=30))
    call_command("publish_people_figures", "--date", last_march.isoformat())
    first = publications.latest_publication(selectors.ROLE_HOLDERS)
    assert first.published_on == last_march and first.changed is None
    for _ in range(4):
        AppointmentFactory(starts_on=last_march + timedelta(days=1))
    this_march = date(last_march.year + 1, 3, 31)
    if this_march > timezone.localdate():
        return
    call_command("publish_people_figures", "--date", this_march.isoformat())  # pragma: no cover
    assert publications.latest_publication(selectors.ROLE_HOLDERS) == first  # pragma: no cover


def test_a_changed_answer_counts_as_a_change():
    today = timezone.localdate()
    profiles = [EqualityProfileFactory(person=AppointmentFactory().person) for _ in range(10)]
    publications.publication_make(population=selectors.ROLE_HOLDERS, on=today - timedelta(days=1))
    for profile in profiles[:4]:
        profile.sex = "male"
        profile.save()
    assert publications.publication_make(population=selectors.ROLE_HOLDERS, on=today) is None
    profiles[4].ethnicity = "asian_indian"
    profiles[4].save()
    made = publications.publication_make(population=selectors.ROLE_HOLDERS, on=today)
    assert made is not None and made.changed == 5


def test_a_publication_stores_no_answers_and_no_raw_counts():
    for _ in range(13):
        EqualityProfileFactory(person=AppointmentFactory().person, sex="male")
    made = publications.publication_make(population=selectors.ROLE_HOLDERS, on=timezone.localdate())
    text = repr(made.figures) + repr(made.digests)
    assert "13" not in repr(made.figures["tables"]["sex"])  # rounded: 15
    person = made.digests and next(iter(made.digests.items()))
    assert all(len(part) == 64 for part in person)  # keyed HMAC-SHA256 only
    assert "male" not in repr(made.digests) and "white" not in repr(made.digests)
    assert text.count("[15, False]") >= 1
