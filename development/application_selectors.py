"""Reads for cohort applications: whether a cohort takes applications, the CCPL team's
selection pages, and a leader's own applications.

Nothing here reads equality answers: they are counted elsewhere, through the core's
selectors, and never listed beside an application (ADR 2).
"""

from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from .models import Cohort, CohortApplication


def cohort_closed_because(cohort: Cohort, on=None) -> str | None:
    """Why ``cohort`` takes no applications on ``on`` (today), or ``None`` while it does: the
    same rule as ``Cohort.objects.open_on``, worded for the applicant."""
    on = on or timezone.localdate()
    if cohort.status == Cohort.Status.CANCELLED:
        return "This cohort has been cancelled. Applications are no longer accepted."
    if cohort.status == Cohort.Status.FULL:
        return "This cohort is full. Applications are no longer accepted."
    if not cohort.offer.is_published:
        return "This offer is not taking applications."
    if on < cohort.applications_open_on:
        return f"Applications open on {cohort.applications_open_on:%-d %B %Y}."
    if on > cohort.applications_close_on:
        return (
            f"Applications closed on {cohort.applications_close_on:%-d %B %Y}. "
            "Applications are no longer accepted."
        )
    return None


def selected_count(cohort: Cohort) -> int:
    """How many of the cohort's places are taken (applications selected)."""
    return cohort.applications.filter(status=CohortApplication.Status.SELECTED).count()


def cohort_for_selection(pk: int) -> Cohort:
    """A cohort for its selection page, with its offer and its applications counted by
    status (``received_count``, ``selected_count``, ``not_selected_count``,
    ``withdrawn_count``)."""
    status = CohortApplication.Status
    counts = {
        f"{value}_count": Count("applications", filter=Q(applications__status=value))
        for value in status.values
    }
    return Cohort.objects.select_related("offer", "evaluation_survey").annotate(**counts).get(pk=pk)


def cohort_applications(cohort: Cohort) -> QuerySet:
    """A cohort's applications for the selection list, in the order they came."""
    return (
        CohortApplication.objects.filter(cohort=cohort)
        .select_related("professional_group")
        .order_by("submitted_at", "pk")
    )


def application_for_selection(pk: int) -> CohortApplication:
    """One application with its cohort, offer, profession and decider loaded."""
    return CohortApplication.objects.select_related(
        "cohort__offer", "professional_group", "decided_by__person"
    ).get(pk=pk)


def person_applications(person) -> QuerySet:
    """A leader's own development applications, newest first."""
    return (
        CohortApplication.objects.filter(person=person)
        .select_related("cohort__offer")
        .order_by("-submitted_at", "-pk")
    )


def person_application_for(person, cohort: Cohort) -> CohortApplication | None:
    """The leader's application to ``cohort``, if they have made one."""
    if person is None:
        return None
    return CohortApplication.objects.filter(person=person, cohort=cohort).first()


def profile_development_links(person) -> list[tuple[str, str]]:
    """The links on a leader's profile page to their own development pages
    (``roles.hooks.profile_development_links``)."""
    return [
        ("Your applications to development offers", reverse("development_profile:my_applications")),
        (
            "Ask for a mentor or coach, or see your match and check-ins",
            reverse("development_profile:my_mentoring"),
        ),
    ]
