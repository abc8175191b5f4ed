"""Writes for running a cohort: its sessions, attendance at each, each participant's
completion, and the project lab's projects.

The rules, written once here: sessions fall within the cohort's dates; attendance and
completion are recorded only for the cohort's selected participants; attendance only for a
session held by today; completion only once the cohort has started, dated between its start
and today, with a reason when someone did not complete. Each write runs in one transaction
and saves through ``ccpl.history.saved`` (validation, constraints, the history row).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from ccpl.history import saved

from .models import Attendance, Cohort, CohortApplication, CohortProject, CohortSession, Completion

REASON_MAX_LENGTH = 2000


def _check_session_date(cohort: Cohort, held_on) -> None:
    if not cohort.starts_on <= held_on <= cohort.ends_on:
        raise ValidationError(
            {
                "held_on": f"The date must be within the cohort's dates, "
                f"{cohort.starts_on:%-d %B %Y} to {cohort.ends_on:%-d %B %Y}"
            }
        )


@transaction.atomic
def session_create(
    *, user, cohort: Cohort, title: str, held_on, venue: str = "", online: bool = False
) -> CohortSession:
    """Add a dated session to a cohort, within its dates, in person (a venue), online or both."""
    cohort = Cohort.objects.select_for_update().get(pk=cohort.pk)
    if cohort.status == Cohort.Status.CANCELLED:
        raise ValidationError("This cohort has been cancelled. Sessions cannot be added to it.")
    _check_session_date(cohort, held_on)
    if not venue.strip() and not online:
        raise ValidationError({"venue": "Enter a venue, or say that the session is online"})
    return saved(
        CohortSession(cohort=cohort, title=title, held_on=held_on, venue=venue, online=online),
        user,
    )


@transaction.atomic
def session_edit(*, user, session: CohortSession, **values) -> CohortSession:
    session = CohortSession.objects.select_for_update().select_related("cohort").get(pk=session.pk)
    for name, value in values.items():
        setattr(session, name, value)
    _check_session_date(session.cohort, session.held_on)
    if not session.venue.strip() and not session.online:
        raise ValidationError({"venue": "Enter a venue, or say that the session is online"})
    if session.held_on > timezone.localdate() and session.attendance.exists():
        raise ValidationError(
            {
                "held_on": "Attendance is recorded for this session, so its date cannot be in the future"
            }
        )
    return saved(session, user)


def participants(cohort_id: int):
    """The cohort's participants: its selected applications (the one rule of who takes part)."""
    return CohortApplication.objects.filter(
        cohort_id=cohort_id, status=CohortApplication.Status.SELECTED
    )


@transaction.atomic
def attendance_record(*, user, session: CohortSession, marks: dict[int, str]) -> int:
    """Record the register of a session held by today: ``marks`` maps each participant's
    application id to present, apologies or absent. A mark for anyone who is not a selected
    participant of the cohort is refused; a participant left out keeps what they had.
    Returns how many marks changed."""
    session = CohortSession.objects.select_for_update().get(pk=session.pk)
    if session.held_on > timezone.localdate():
        raise ValidationError(
            "This session has not been held yet. Record attendance on or after "
            f"{session.held_on:%-d %B %Y}."
        )
    allowed = set(participants(session.cohort_id).values_list("pk", flat=True))
    if not set(marks) <= allowed:
        raise ValidationError("Attendance can only be recorded for the cohort's participants.")
    if not set(marks.values()) <= set(Attendance.Status.values):
        raise ValidationError("Select present, sent apologies or absent for each participant")
    existing = {a.application_id: a for a in session.attendance.select_for_update()}
    changed = 0
    for application_id, status in marks.items():
        row = existing.get(application_id) or Attendance(
            session=session, application_id=application_id
        )
        if row.pk and row.status == status:
            continue
        row.status = status
        saved(row, user)
        changed += 1
    return changed


@transaction.atomic
def completion_record(
    *, user, application: CohortApplication, outcome: str, completed_on, reason: str = ""
) -> Completion:
    """Record whether a selected participant completed the cohort (and when), or did not
    (and why). Only once the cohort has started; the date is between its start and today."""
    application = (
        CohortApplication.objects.select_for_update(of=("self",))
        .select_related("cohort")
        .get(pk=application.pk)
    )
    cohort = application.cohort
    today = timezone.localdate()
    if application.status != CohortApplication.Status.SELECTED:
        raise ValidationError("Only a selected participant can complete the cohort.")
    if cohort.starts_on > today:
        raise ValidationError(
            f"The cohort starts on {cohort.starts_on:%-d %B %Y}. Record completion once it has started."
        )
    if outcome not in Completion.Outcome.values:
        raise ValidationError({"outcome": "Select whether they completed the cohort"})
    if completed_on < cohort.starts_on or completed_on > today:
        raise ValidationError(
            {
                "completed_on": f"The date must be between the cohort's start, "
                f"{cohort.starts_on:%-d %B %Y}, and today"
            }
        )
    reason = (reason or "").strip()
    if outcome == Completion.Outcome.DID_NOT_COMPLETE and not reason:
        raise ValidationError({"reason": "Enter why they did not complete"})
    if len(reason) > REASON_MAX_LENGTH:
        raise ValidationError(
            {"reason": f"The reason must be {REASON_MAX_LENGTH:,} characters or fewer"}
        )
    completion = Completion.objects.filter(application=application).first() or Completion(
        application=application
    )
    completion.outcome = outcome
    completion.completed_on = completed_on
    completion.reason = reason if outcome == Completion.Outcome.DID_NOT_COMPLETE else ""
    completion.recorded_by = user
    return saved(completion, user)


def _check_project(project: CohortProject) -> None:
    if project.place_id is None and not project.neighbourhood.strip():
        raise ValidationError({"neighbourhood": "Select a Place or enter a neighbourhood"})


@transaction.atomic
def project_create(*, user, cohort: Cohort, **values) -> CohortProject:
    """Add a project to a cohort's project lab."""
    cohort = Cohort.objects.select_for_update().get(pk=cohort.pk)
    if cohort.status == Cohort.Status.CANCELLED:
        raise ValidationError("This cohort has been cancelled. Projects cannot be added to it.")
    project = CohortProject(cohort=cohort, **values)
    _check_project(project)
    return saved(project, user)


@transaction.atomic
def project_edit(*, user, project: CohortProject, **values) -> CohortProject:
    project = CohortProject.objects.select_for_update().get(pk=project.pk)
    for name, value in values.items():
        setattr(project, name, value)
    _check_project(project)
    return saved(project, user)
