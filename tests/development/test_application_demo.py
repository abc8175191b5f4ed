"""The demo's applications to development cohorts: decided ones with reasons, never beyond
a cohort's places, the demo leader among the applicants, some equality answers."""

import pytest
from django.db.models import Count, F, Q
from django.urls import reverse

from ccpl.models import Email, EqualityProfile
from development.models import Cohort, CohortApplication

pytestmark = pytest.mark.django_db


def test_demo_applications(demo_db, client):
    applications = CohortApplication.objects.all()
    assert applications.filter(status=CohortApplication.Status.SELECTED).count() >= 10
    assert applications.filter(status=CohortApplication.Status.NOT_SELECTED).exists()
    assert applications.filter(status=CohortApplication.Status.RECEIVED).exists()
    assert applications.filter(person__isnull=True).exists()  # from the public form
    decided = applications.filter(status__in=CohortApplication.DECIDED)
    assert not decided.filter(Q(decision_reason="") | Q(decided_on__isnull=True)).exists()
    over = Cohort.objects.annotate(
        taken=Count("applications", filter=Q(applications__status="selected"))
    ).filter(taken__gt=F("places"))
    assert not over.exists()
    assert not Email.objects.filter(kind__startswith="Development").exists()
    subjects = {EqualityProfile.subject_for(a) for a in applications}
    assert EqualityProfile.objects.filter(subject__in=subjects).exists()
    # The demo leader sees theirs under their profile.
    client.force_login(applications.filter(person__user__username="leader").first().person.user)
    page = client.get(reverse("development_profile:my_applications")).content.decode()
    assert "Winter cohort" in page and "2027 intake" in page
