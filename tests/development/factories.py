from datetime import timedelta

import factory
from django.utils import timezone

from development.models import Cohort, CohortApplication, Offer
from tests.factories import ProfessionalGroupFactory


class OfferFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Offer

    title = factory.Sequence(lambda n: f"Leadership offer {n}")
    kind = Offer.Kind.PROGRAMME
    summary = "A programme for new leaders."
    provider = "ICS Leadership Faculty"
    time_commitment = "One day a month"
    how_to_apply = "E-mail the faculty."
    is_published = True


class CohortFactory(factory.django.DjangoModelFactory):
    """A cohort taking applications today."""

    class Meta:
        model = Cohort

    offer = factory.SubFactory(OfferFactory)
    name = factory.Sequence(lambda n: f"Cohort {n}")
    starts_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=30))
    ends_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=200))
    places = 12
    applications_open_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=5))
    applications_close_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=20))


class CohortApplicationFactory(factory.django.DjangoModelFactory):
    """An application from the public (no person), waiting for a decision."""

    class Meta:
        model = CohortApplication

    cohort = factory.SubFactory(CohortFactory)
    given_name = "Grace"
    family_name = factory.Sequence(lambda n: f"Applicant{n}")
    email = factory.Sequence(lambda n: f"applicant{n}@nhs.net")
    professional_group = factory.SubFactory(ProfessionalGroupFactory)
    organisation = "Gloucestershire Hospitals NHS Foundation Trust"
    sector = Offer.Sector.NHS
    why = "To learn to lead across organisations."
    consent = True
