"""Offers and cohorts are written through services that validate, attribute and audit."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from development import services
from development.models import Cohort, Offer
from tests.factories import PriorityFactory, ProfessionalGroupFactory

from .factories import CohortFactory, OfferFactory

pytestmark = pytest.mark.django_db

COHORT = {
    "name": "Spring 2027",
    "starts_on": date(2027, 3, 1),
    "ends_on": date(2027, 8, 31),
    "places": 16,
    "applications_open_on": date(2027, 1, 4),
    "applications_close_on": date(2027, 2, 5),
}


def test_offer_create_sets_eligibility_and_principles_and_names_the_user(staff_user):
    group, principle = ProfessionalGroupFactory(), PriorityFactory(number=4)
    offer = services.offer_create(
        user=staff_user,
        title="Incubator for new leaders",
        kind=Offer.Kind.INCUBATOR,
        summary="For new leaders.",
        provider="Faculty",
        time_commitment="Half a day a month",
        how_to_apply="E-mail us.",
        professions=[group],
        principles=[principle],
        levels=[Offer.Level.NEW],
        sectors=[Offer.Sector.SOCIAL_CARE],
    )
    assert list(offer.professions.all()) == [group]
    assert list(offer.principles.all()) == [principle]
    assert offer.level_labels() == ["New leaders (in their first 2 years)"]
    # One row for the offer, one for each set of related records: all in the user's name.
    assert {row.history_user for row in offer.history.all()} == {staff_user}
    assert not offer.is_published


def test_offer_rejects_a_level_not_on_the_list(staff_user):
    offer = OfferFactory()
    with pytest.raises(ValidationError) as error:
        services.offer_update(user=staff_user, offer=offer, levels=["chief"])
    assert error.value.message_dict == {"levels": ["Select levels from the list"]}


def test_offer_update_refuses_unknown_fields(staff_user):
    with pytest.raises(TypeError, match="cohort_count"):
        services.offer_update(user=staff_user, offer=OfferFactory(), cohort_count=3)


def test_cohort_create_saves_a_valid_cohort_with_history(staff_user):
    cohort = services.cohort_create(user=staff_user, offer=OfferFactory(), **COHORT)
    assert cohort.status == Cohort.Status.SCHEDULED
    assert cohort.history.get().history_user == staff_user


def test_one_day_cohort_is_allowed(staff_user):
    day = {**COHORT, "ends_on": COHORT["starts_on"], "applications_close_on": date(2027, 2, 1)}
    assert services.cohort_create(user=staff_user, offer=OfferFactory(), **day).pk


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        (
            {"ends_on": date(2027, 2, 28)},
            "ends_on",
            "The end date must be the same as or after the start date",
        ),
        ({"places": 0}, "places", "The number of places must be 1 or more"),
        (
            {"applications_close_on": date(2027, 1, 3)},
            "applications_close_on",
            "Applications must close on or after the day they open",
        ),
        (
            {"applications_close_on": date(2027, 9, 1)},
            "applications_close_on",
            "Applications must close by the cohort's end date",
        ),
    ],
)
def test_cohort_rules_give_one_clear_message_on_the_field(staff_user, change, field, message):
    with pytest.raises(ValidationError) as error:
        services.cohort_create(user=staff_user, offer=OfferFactory(), **{**COHORT, **change})
    assert error.value.message_dict == {field: [message]}
    assert not Cohort.objects.exists()


def test_cohort_update_keeps_the_rules(staff_user):
    cohort = CohortFactory()
    with pytest.raises(ValidationError):
        services.cohort_update(user=staff_user, cohort=cohort, ends_on=date(2000, 1, 1))
    cohort.refresh_from_db()
    assert cohort.ends_on.year > 2000
    services.cohort_update(user=staff_user, cohort=cohort, status=Cohort.Status.FULL)
    cohort.refresh_from_db()
    assert cohort.status == Cohort.Status.FULL
    assert cohort.history.first().history_user == staff_user
