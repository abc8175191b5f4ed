"""factory_boy factories for the framework core; apps add theirs in tests/<app>/factories.py."""

import factory
from django.contrib.auth import get_user_model

from ccpl import models

TEST_PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.nhs.uk")
    password = factory.django.Password(TEST_PASSWORD)


class PlaceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Place

    name = factory.Sequence(lambda n: f"Place {n}")
    slug = factory.Sequence(lambda n: f"place-{n}")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = models.Organisation.Kind.TRUST


class ProfessionalGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.ProfessionalGroup

    name = factory.Sequence(lambda n: f"Profession {n}")
    slug = factory.Sequence(lambda n: f"profession-{n}")


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Person

    given_name = factory.Faker("first_name")
    family_name = factory.Faker("last_name")
    email = factory.Sequence(lambda n: f"person{n}@nhs.net")
    professional_group = factory.SubFactory(ProfessionalGroupFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    place = factory.SubFactory(PlaceFactory)


class EqualityProfileFactory(factory.django.DjangoModelFactory):
    """Answers stored under the pseudonym of ``owner`` (a person or an application);
    ``person=`` is accepted for an owner that is a person."""

    class Meta:
        model = models.EqualityProfile

    class Params:
        person = factory.SubFactory(PersonFactory)
        owner = factory.SelfAttribute("person")

    subject = factory.LazyAttribute(lambda o: models.EqualityProfile.subject_for(o.owner))
    age_band = "40-49"
    sex = "female"
    ethnicity = "white_british"


class PriorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Priority
        django_get_or_create = ("number",)

    number = factory.Sequence(lambda n: n + 1)
    short_title = factory.Sequence(lambda n: f"Priority {n + 1}")
    nhse_wording = "NHS England's wording of the principle."
    local_wording = "Our local wording of the priority."
