"""Reads for running a cohort: its sessions and register, its participants' attendance and
completion, the project lab, and a leader's own cohorts. Each runs a fixed number of
queries, however many sessions, participants or projects."""

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from .models import Attendance, Cohort, CohortApplication, CohortProject, CohortSession

PRESENT = Attendance.Status.PRESENT


def cohort_sessions(cohort: Cohort) -> QuerySet:
    """The cohort's sessions in date order, each with ``present_count`` and ``marked_count``
    (how many participants have a mark)."""
    return CohortSession.objects.filter(cohort=cohort).annotate(
        present_count=Count("attendance", filter=Q(attendance__status=PRESENT)),
        marked_count=Count("attendance"),
    )


def cohort_participants(cohort: Cohort) -> QuerySet:
    """The cohort's selected participants by name, each with ``attended_count`` (sessions
    present) and their completion, if recorded."""
    return (
        CohortApplication.objects.filter(cohort=cohort, status=CohortApplication.Status.SELECTED)
        .select_related("completion")
        .annotate(attended_count=Count("attendance", filter=Q(attendance__status=PRESENT)))
        .order_by("family_name", "given_name", "pk")
    )


def cohort_run(cohort: Cohort) -> dict:
    """What the cohort's manage page shows of its run: sessions, participants, and how many
    sessions have been held by today, and how many projects its lab has."""
    today = timezone.localdate()
    sessions = list(cohort_sessions(cohort))
    return {
        "sessions": sessions,
        "held_count": sum(1 for session in sessions if session.held_on <= today),
        "participants": list(cohort_participants(cohort)),
        "project_count": CohortProject.objects.filter(cohort=cohort).count(),
        "today": today,
        "started": cohort.starts_on <= today,
    }


def session_for_register(pk: int) -> CohortSession:
    return CohortSession.objects.select_related("cohort__offer").get(pk=pk)


def register_marks(session: CohortSession) -> dict[int, str]:
    """Participant's application id → their mark at ``session``."""
    return dict(session.attendance.values_list("application_id", "status"))


def cohort_projects(cohort: Cohort) -> QuerySet:
    """The cohort's project lab, with each project's Place and action (and its plan)."""
    return CohortProject.objects.filter(cohort=cohort).select_related("place", "action__plan")


def cohort_for_run(pk: int) -> Cohort:
    return Cohort.objects.select_related("offer").get(pk=pk)


def participant_for_completion(pk: int) -> CohortApplication:
    return CohortApplication.objects.select_related("cohort__offer", "completion").get(pk=pk)


def person_cohorts(person) -> list[CohortApplication]:
    """A leader's own cohorts (the applications they were selected for), newest first, each
    with ``attended_count``, ``held_count`` (sessions held by today) and their completion:
    their own marks only, nobody else's."""
    today = timezone.localdate()
    return list(
        CohortApplication.objects.filter(person=person, status=CohortApplication.Status.SELECTED)
        .select_related("cohort__offer", "completion")
        .annotate(
            attended_count=Count("attendance", filter=Q(attendance__status=PRESENT), distinct=True),
            held_count=Count(
                "cohort__sessions", filter=Q(cohort__sessions__held_on__lte=today), distinct=True
            ),
        )
        .order_by("-cohort__starts_on", "-pk")
    )


def action_projects(action_id: int) -> list[CohortProject]:
    """The project lab projects linked to an action."""
    return list(
        CohortProject.objects.filter(action_id=action_id).select_related("cohort__offer", "place")
    )
