"""factory_boy factories for roles."""

from datetime import date, timedelta

import factory

from roles import models
from tests.factories import PersonFactory


class RoleFunctionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.RoleFunction
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Function {n}")
    short_name = factory.Sequence(lambda n: f"Function {n}")
    order = factory.Sequence(lambda n: n)


class RoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Role

    title = factory.Sequence(lambda n: f"Clinical lead {n}")
    function = factory.SubFactory(RoleFunctionFactory)
    level = models.Role.Level.SYSTEM
    sessional_time = 2
    term_months = 36


class AppointmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Appointment

    role = factory.SubFactory(RoleFactory)
    person = factory.SubFactory(PersonFactory)
    starts_on = factory.LazyFunction(lambda: date.today() - timedelta(days=200))
    funded_time = 2


class DevelopmentRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.DevelopmentRecord

    appointment = factory.SubFactory(AppointmentFactory)


class JobDescriptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.JobDescription

    role = factory.SubFactory(RoleFactory)
    version = factory.Sequence(lambda n: n + 1)
    purpose = "Lead the profession's voice in the system."
    responsibilities = "Chair the network."
    person_specification = "A registered professional."
    values_and_behaviours = "We work together."
    approved_by = "Chief Medical Officer"
    approved_on = factory.LazyFunction(lambda: date.today() - timedelta(days=100))
    review_due_on = factory.LazyFunction(lambda: date.today() + timedelta(days=265))


class SeatFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Seat

    role = factory.SubFactory(RoleFactory)
    forum = factory.SubFactory("tests.forums.factories.ForumFactory")
    capacity = models.Seat.Capacity.MEMBER


class LinkRoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.LinkRole

    kind = models.LinkRole.Kind.BUSINESS_INTELLIGENCE
    name = factory.Sequence(lambda n: f"Analyst {n}")
    role = factory.SubFactory(RoleFactory)
