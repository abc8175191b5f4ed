"""The catalogue lists published offers taking applications today; reads are constant in queries."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from development import selectors
from development.models import Cohort, Offer
from tests.factories import PriorityFactory, ProfessionalGroupFactory

from .factories import CohortFactory, OfferFactory

pytestmark = pytest.mark.django_db


def test_catalogue_lists_only_published_offers_with_an_open_cohort():
    today = timezone.localdate()
    open_offer = CohortFactory().offer
    CohortFactory(offer=OfferFactory(is_published=False))
    CohortFactory(status=Cohort.Status.FULL)
    CohortFactory(status=Cohort.Status.CANCELLED)
    CohortFactory(applications_open_on=today + timedelta(days=1))
    CohortFactory(applications_close_on=today - timedelta(days=1))
    OfferFactory()  # no cohort at all
    closing_today = CohortFactory(applications_close_on=today).offer
    assert set(selectors.catalogue_offers()) == {open_offer, closing_today}


def test_catalogue_shows_only_the_open_cohorts_of_an_offer():
    cohort = CohortFactory()
    CohortFactory(offer=cohort.offer, status=Cohort.Status.FULL)
    (offer,) = selectors.catalogue_offers()
    assert offer.open_cohorts == [cohort]


def test_catalogue_filters_by_kind_and_profession():
    family = ProfessionalGroupFactory(name="Allied health professions")
    podiatrists = ProfessionalGroupFactory(parent=family)
    other = ProfessionalGroupFactory()
    for_all = CohortFactory(offer__kind=Offer.Kind.COACHING).offer
    for_podiatrists = CohortFactory().offer
    for_podiatrists.professions.add(podiatrists)
    for_other = CohortFactory().offer
    for_other.professions.add(other)
    assert set(selectors.catalogue_offers(kind=Offer.Kind.COACHING)) == {for_all}
    assert set(selectors.catalogue_offers(profession=family)) == {for_all, for_podiatrists}
    assert set(selectors.catalogue_offers(profession=other)) == {for_all, for_other}


def test_offer_list_counts_cohorts_in_the_database():
    offer = CohortFactory().offer
    CohortFactory(offer=offer, status=Cohort.Status.CANCELLED)
    (row,) = selectors.offer_list()
    assert (row.cohort_count, row.open_cohort_count) == (2, 1)


def test_public_offer_hides_unpublished_ones():
    with pytest.raises(Offer.DoesNotExist):
        selectors.public_offer(OfferFactory(is_published=False).pk)


def _grow(n):
    principle = PriorityFactory(number=4)
    for _ in range(n):
        cohort = CohortFactory()
        CohortFactory(offer=cohort.offer)
        cohort.offer.professions.add(ProfessionalGroupFactory())
        cohort.offer.principles.add(principle)


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


@pytest.mark.parametrize(
    "name", ["development:catalogue", "development:offer_list", "development:cohort_list"]
)
def test_list_pages_read_a_constant_number_of_queries(staff_client, name):
    # Signed in, so the public catalogue is rendered afresh (not from the page cache).
    _grow(2)
    _queries(staff_client, reverse(name))  # warm per-process caches
    few = _queries(staff_client, reverse(name))
    _grow(8)
    assert _queries(staff_client, reverse(name)) == few


def test_offer_pages_read_a_constant_number_of_queries(staff_client):
    offer = CohortFactory().offer
    urls = [
        reverse("development:offer_detail", args=[offer.pk]),
        reverse("development:offer_manage", args=[offer.pk]),
    ]
    [_queries(staff_client, url) for url in urls]  # warm the content-type cache
    few = [_queries(staff_client, url) for url in urls]
    for _ in range(6):
        CohortFactory(offer=offer)
        offer.professions.add(ProfessionalGroupFactory())
    assert [_queries(staff_client, url) for url in urls] == few
