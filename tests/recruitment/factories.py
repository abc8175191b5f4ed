"""factory_boy factories for recruitment."""

from datetime import date, timedelta

import factory
from django.core.files.base import ContentFile

from recruitment import models
from tests.factories import ProfessionalGroupFactory, UserFactory
from tests.roles.factories import JobDescriptionFactory, RoleFactory

PDF_BYTES = b"%PDF-1.4\n% a tiny test CV\n"


class RequestToRecruitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.RequestToRecruit

    role = factory.SubFactory(RoleFactory)
    reason = "The current lead's term ends."
    proposed_funding = "ICB CCPL budget"
    proposed_sessions = 2
    requested_by = factory.SubFactory(UserFactory)
    status = models.RequestToRecruit.Status.APPROVED
    decided_on = factory.LazyFunction(date.today)


class CampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Campaign
        skip_postgeneration_save = True

    request = factory.SubFactory(RequestToRecruitFactory)
    role = factory.SelfAttribute("request.role")
    job_description = factory.LazyAttribute(lambda c: JobDescriptionFactory(role=c.request.role))
    opens_on = factory.LazyFunction(lambda: date.today() - timedelta(days=7))
    closes_on = factory.LazyFunction(lambda: date.today() + timedelta(days=14))

    class Params:
        # Closed yesterday: shortlisting, the lock and appointing may start.
        closed = factory.Trait(
            opens_on=factory.LazyFunction(lambda: date.today() - timedelta(days=30)),
            closes_on=factory.LazyFunction(lambda: date.today() - timedelta(days=1)),
        )

    @factory.post_generation
    def panel(self, create, extracted, **kwargs):
        if create and extracted:
            self.panel.set(extracted)


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Application

    campaign = factory.SubFactory(CampaignFactory)
    candidate_number = factory.Sequence(lambda n: n + 1)
    given_name = "Ada"
    family_name = factory.Sequence(lambda n: f"Applicant{n}")
    email = factory.Sequence(lambda n: f"applicant{n}@nhs.net")
    professional_group = factory.SubFactory(ProfessionalGroupFactory)
    organisation = "A hospital trust"
    supporting_statement = "I meet the person specification because I lead a team."
    cv = factory.LazyFunction(lambda: ContentFile(PDF_BYTES, name="cv.pdf"))
    cv_filename = "cv.pdf"
    consent = True
