from datetime import timedelta

import factory
from django.utils import timezone

from development.models import (
    Cohort,
    CohortApplication,
    Match,
    Mentor,
    MentoringKind,
    MentoringRequest,
    MentoringTopic,
    Offer,
)
from tests.factories import PersonFactory, ProfessionalGroupFactory


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


class MentorFactory(factory.django.DjangoModelFactory):
    """A mentor in a profession, organisation and Place of their own, accredited for a year."""

    class Meta:
        model = Mentor

    person = factory.SubFactory(PersonFactory)
    profession = factory.LazyAttribute(lambda mentor: mentor.person.professional_group)
    sector = Offer.Sector.NHS
    place = factory.LazyAttribute(lambda mentor: mentor.person.place)
    accreditation = "ILM Level 7 Certificate in Coaching and Mentoring"
    accreditation_expires_on = factory.LazyFunction(
        lambda: timezone.localdate() + timedelta(days=365)
    )
    capacity = 2
    topics = factory.LazyFunction(lambda: [MentoringTopic.CHANGE])


class MentoringRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MentoringRequest
        skip_postgeneration_save = True

    mentee = factory.SubFactory(PersonFactory)
    kind = MentoringKind.MENTORING
    goals = factory.LazyFunction(lambda: [MentoringTopic.CHANGE])

    @factory.post_generation
    def excluded_people(self, create, extracted, **kwargs):
        if create and extracted:
            self.excluded_people.set(extracted)


class MatchFactory(factory.django.DjangoModelFactory):
    """A confirmed match, a month old."""

    class Meta:
        model = Match

    request = factory.SubFactory(MentoringRequestFactory, status=MentoringRequest.Status.MATCHED)
    mentor = factory.SubFactory(MentorFactory)
    status = Match.Status.CONFIRMED
    suggested_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=30))
    confirmed_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=30))


def running_cohort(**kwargs):
    """A cohort that started 30 days ago and ends in 60."""
    today = timezone.localdate()
    return CohortFactory(
        starts_on=today - timedelta(days=30),
        ends_on=today + timedelta(days=60),
        applications_open_on=today - timedelta(days=90),
        applications_close_on=today - timedelta(days=40),
        **kwargs,
    )


def selected(cohort, **kwargs):
    return CohortApplicationFactory(
        cohort=cohort,
        status=CohortApplication.Status.SELECTED,
        decision_reason="A good fit.",
        **kwargs,
    )
