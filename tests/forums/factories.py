"""factory_boy factories for forums."""

from datetime import date, timedelta

import factory
from django.utils import timezone

from forums import models
from tests.factories import PersonFactory


class ForumFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Forum

    name = factory.Sequence(lambda n: f"Forum {n}")
    slug = factory.Sequence(lambda n: f"forum-{n}")
    kind = models.Forum.Kind.COUNCIL
    level = models.Forum.Level.SYSTEM
    purpose = "Brings leaders together."
    frequency = models.Forum.Frequency.MONTHLY
    is_public = True


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Membership

    forum = factory.SubFactory(ForumFactory)
    person = factory.SubFactory(PersonFactory)
    member_type = models.Membership.MemberType.LEADER
    starts_on = factory.LazyFunction(lambda: date.today() - timedelta(days=365))


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Meeting

    forum = factory.SubFactory(ForumFactory)
    # Held meetings in the past month, a day apart.
    starts_at = factory.Sequence(lambda n: timezone.now() - timedelta(days=1 + n % 28, hours=n))
    status = models.Meeting.Status.HELD
    venue = "Shire Hall"


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Attendance

    meeting = factory.SubFactory(MeetingFactory)
    person = factory.SubFactory(PersonFactory)
    status = models.Attendance.Status.PRESENT


class ReportingLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.ReportingLine

    forum = factory.SubFactory(ForumFactory)
    reports_to = factory.SubFactory(ForumFactory)


class DecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Decision

    meeting = factory.SubFactory(MeetingFactory)
    text = factory.Sequence(lambda n: f"Agreed decision {n}.")


class MeetingPaperFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.MeetingPaper

    meeting = factory.SubFactory(MeetingFactory)
    title = factory.Sequence(lambda n: f"Paper {n}")
    file = factory.django.FileField(filename="paper.pdf", data=b"%PDF-1.4 test paper")
    is_public = False


class CoproductionReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.CoproductionReview

    forum = factory.SubFactory(ForumFactory)
    held_on = factory.Sequence(lambda n: date(2025, 5, 1) + timedelta(days=n % 200))
    subject = factory.Sequence(lambda n: f"Pathway {n} reviewed with the public")
    participants = 6
    outcome = "The leaflet was rewritten in plain English."
