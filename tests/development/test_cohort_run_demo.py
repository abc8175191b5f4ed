"""The demo's cohorts as they run: registers for the sessions held, completions, and the
2026 intake's project lab with a project in the action plan; loaded once."""

import pytest
from django.urls import reverse

from development.models import Attendance, CohortProject, CohortSession, Completion

pytestmark = pytest.mark.django_db


def test_demo_cohort_runs(demo_db, client):
    winter = CohortSession.objects.filter(cohort__name="Winter cohort")
    assert winter.count() == 8 and Attendance.objects.filter(session__cohort__name="Winter cohort")
    statuses = set(Attendance.objects.values_list("status", flat=True))
    assert statuses == set(Attendance.Status.values)
    completions = Completion.objects.filter(application__cohort__name="2026 intake")
    assert completions.filter(outcome=Completion.Outcome.COMPLETED).count() >= 8
    assert not completions.filter(outcome=Completion.Outcome.DID_NOT_COMPLETE, reason="").exists()
    projects = CohortProject.objects.filter(cohort__name="2026 intake")
    assert 3 <= projects.count() <= 4
    linked = projects.get(action__isnull=False)
    assert linked.action.code == "1.4"
    # The demo leader sees their own attendance at the winter incubator.
    leader = Attendance.objects.filter(application__person__user__username="leader").first()
    client.force_login(leader.application.person.user)
    page = client.get(reverse("development_profile:my_applications")).content.decode()
    assert "Your cohorts" in page and "You attended" in page
