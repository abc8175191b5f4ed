"""Writes for roles. Every function is keyword-only and runs in one transaction.

The audit trail is the history tables (django-simple-history): ``user`` is recorded as
the history user of each change, so that changes made outside a request (the demo, a
Celery task, the recruitment app) are attributed too.
"""

import calendar
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from ccpl.history import attribute, saved
from ccpl.models import Organisation, Person, Place

from . import selectors
from .models import (
    Appointment,
    DevelopmentRecord,
    JobDescription,
    LinkRole,
    RegisterReview,
    Role,
    RoleFunction,
    Seat,
)


def _set_fields(instance, fields: dict, allowed: set[str], service: str):
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"{service}() got unexpected fields: {', '.join(sorted(unknown))}")
    for name, value in fields.items():
        setattr(instance, name, value)


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later (the month's last day when it has no such day)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


# --- Role functions ----------------------------------------------------------------------

FUNCTION_FIELDS = {"name", "short_name", "description", "order"}


@transaction.atomic
def role_function_create(
    *, user, name: str, short_name: str, description: str = "", order: int = 0
) -> RoleFunction:
    function = RoleFunction(name=name, short_name=short_name, description=description, order=order)
    return saved(function, user)


@transaction.atomic
def role_function_update(*, user, function: RoleFunction, **fields) -> RoleFunction:
    _set_fields(function, fields, FUNCTION_FIELDS, "role_function_update")
    return saved(function, user)


# --- Roles -------------------------------------------------------------------------------

ROLE_FIELDS = {
    "title",
    "function",
    "level",
    "place",
    "summary",
    "sessional_time",
    "time_unit",
    "accountable_to",
    "term_months",
    "allows_job_share",
    "is_active",
}


@transaction.atomic
def role_create(
    *,
    user,
    title: str,
    function: RoleFunction,
    level: str = Role.Level.SYSTEM,
    place: Place | None = None,
    summary: str = "",
    eligible_groups=(),
    sessional_time: Decimal | None = None,
    time_unit: str = Role.TimeUnit.PA,
    accountable_to: str = Role.AccountableTo.BOTH,
    term_months: int | None = None,
    allows_job_share: bool = False,
    is_active: bool = True,
) -> Role:
    """Create a role. It is vacant until someone is appointed."""
    role = Role(
        title=title,
        function=function,
        level=level,
        place=place,
        summary=summary,
        sessional_time=sessional_time,
        time_unit=time_unit,
        accountable_to=accountable_to,
        term_months=term_months,
        allows_job_share=allows_job_share,
        is_active=is_active,
    )
    saved(role, user)
    role.eligible_groups.set(eligible_groups)
    return role


@transaction.atomic
def role_update(*, user, role: Role, eligible_groups=None, **fields) -> Role:
    """Change a role's details. A role with several current holders stays a job share."""
    role = Role.objects.select_for_update().get(pk=role.pk)
    _set_fields(role, fields, ROLE_FIELDS, "role_update")
    if not role.allows_job_share and role.appointments.current().count() > 1:
        raise ValidationError(
            "This role has more than one current holder, so it must stay a job share. "
            "End an appointment first.",
            code="job_share_in_use",
        )
    saved(role, user)
    if eligible_groups is not None:
        role.eligible_groups.set(eligible_groups)
    return role


# --- Job descriptions --------------------------------------------------------------------


@transaction.atomic
def jd_new_version(
    *,
    user,
    role: Role,
    purpose: str,
    responsibilities: str,
    person_specification: str,
    values_and_behaviours: str,
    approved_by: str,
    approved_on: date,
    review_due_on: date | None = None,
) -> JobDescription:
    """Add the next version of a role's job description, which becomes the current one.

    Reviewed at least once a year: the review date defaults to a year after approval and
    may not be later.
    """
    Role.objects.select_for_update().filter(pk=role.pk).first()
    latest_review = add_months(approved_on, 12)
    review_due_on = review_due_on or latest_review
    if review_due_on > latest_review:
        raise ValidationError(
            {
                "review_due_on": "A job description must be reviewed at least once a year: "
                f"choose a review date on or before {latest_review:%-d %B %Y}."
            }
        )
    latest = role.job_descriptions.order_by("-version").values_list("version", flat=True).first()
    description = JobDescription(
        role=role,
        version=(latest or 0) + 1,
        purpose=purpose,
        responsibilities=responsibilities,
        person_specification=person_specification,
        values_and_behaviours=values_and_behaviours,
        approved_by=approved_by,
        approved_on=approved_on,
        review_due_on=review_due_on,
    )
    return saved(description, user)


# --- Seats -------------------------------------------------------------------------------


@transaction.atomic
def seat_add(*, user, role: Role, forum, capacity: str = Seat.Capacity.MEMBER) -> Seat:
    """Give a role a seat on a forum: its holder then appears among the forum's members."""
    return saved(Seat(role=role, forum=forum, capacity=capacity), user)


@transaction.atomic
def seat_remove(*, user, seat: Seat) -> None:
    attribute(seat, user)
    seat.delete()


# --- Appointments ------------------------------------------------------------------------


def _overlapping(role: Role, starts_on: date, exclude_pk: int | None = None):
    """Appointments to ``role`` still in force on or after ``starts_on``."""
    return (
        role.appointments.filter(Q(ended_on__isnull=True) | Q(ended_on__gte=starts_on))
        .exclude(pk=exclude_pk)
        .select_related("person")
        .order_by("starts_on")
    )


@transaction.atomic
def appointment_start(
    *,
    user,
    role: Role,
    person: Person,
    starts_on: date,
    planned_end_on: date | None = None,
    funded_time: Decimal | None = None,
    protected_time: Decimal | None = None,
) -> Appointment:
    """Appoint ``person`` to ``role`` from ``starts_on``, with an empty development record.

    One holder at a time unless the role allows job-shares: the appointment is refused
    while anyone else's appointment is still in force on or after ``starts_on``. A role
    limited to certain professions refuses a holder of another one
    (``selectors.role_profession_refusal``). The
    planned end defaults to the end of the role's term; funded time to the role's.
    """
    # Lock the role so that two appointments made at once cannot both pass the check.
    role = Role.objects.select_for_update().get(pk=role.pk)
    if not role.is_active:
        raise ValidationError(
            "This role is not active. Make it active before appointing someone.",
            code="role_inactive",
        )
    refusal = selectors.role_profession_refusal(
        role=role, professional_group=person.professional_group
    )
    if refusal:
        raise ValidationError(refusal, code="profession")
    overlapping = list(_overlapping(role, starts_on))
    for other in overlapping:
        if other.person_id == person.pk:
            raise ValidationError(
                f"{person.full_name} already holds this role from {other.starts_on:%-d %B %Y}.",
                code="already_holds",
            )
    if overlapping and not role.allows_job_share:
        other = overlapping[0]
        until = (
            f"until {other.ended_on:%-d %B %Y}" if other.ended_on else "with no end date recorded"
        )
        raise ValidationError(
            f"{other.person.full_name} holds this role {until}. A role has one holder at a "
            f"time: end their appointment before {starts_on:%-d %B %Y}, or make the role a "
            "job share.",
            code="one_holder",
        )
    if planned_end_on is None and role.term_months:
        planned_end_on = add_months(starts_on, role.term_months) - timedelta(days=1)
    appointment = Appointment(
        role=role,
        person=person,
        starts_on=starts_on,
        planned_end_on=planned_end_on,
        funded_time=role.sessional_time if funded_time is None else funded_time,
        protected_time=protected_time,
    )
    saved(appointment, user)
    saved(DevelopmentRecord(appointment=appointment), user)
    return appointment


@transaction.atomic
def appointment_end(
    *,
    user,
    appointment: Appointment,
    ended_on: date,
    reason: str,
    notes: str = "",
    exit_interview_on: date | None = None,
) -> Appointment:
    """Record that the holder leaves the role; ``ended_on`` is their last day."""
    appointment = Appointment.objects.select_for_update().get(pk=appointment.pk)
    if appointment.ended_on is not None:
        raise ValidationError(
            f"This appointment already ended on {appointment.ended_on:%-d %B %Y}.",
            code="already_ended",
        )
    if reason not in Appointment.LeavingReason.values:
        raise ValidationError({"leaving_reason": "Select the reason for leaving"})
    appointment.ended_on = ended_on
    appointment.leaving_reason = reason
    appointment.leaving_notes = notes
    appointment.exit_interview_on = exit_interview_on
    return saved(appointment, user)


APPOINTMENT_FIELDS = {"planned_end_on", "funded_time", "protected_time", "exit_interview_on"}


@transaction.atomic
def appointment_update(*, user, appointment: Appointment, **fields) -> Appointment:
    """Change an appointment's planned end, its funded and protected time, or record the
    exit interview. Start and end go through ``appointment_start``/``appointment_end``."""
    appointment = Appointment.objects.select_for_update().get(pk=appointment.pk)
    _set_fields(appointment, fields, APPOINTMENT_FIELDS, "appointment_update")
    return saved(appointment, user)


DEVELOPMENT_FIELDS = {
    "induction_completed_on",
    "objectives_set_on",
    "last_appraisal_on",
    "next_appraisal_due_on",
    "mentoring",
    "shadowing",
    "notes",
}


@transaction.atomic
def development_record_update(*, user, appointment: Appointment, **fields) -> DevelopmentRecord:
    """Record induction, objectives, appraisal, mentoring and shadowing for an appointment."""
    record = DevelopmentRecord.objects.select_for_update().filter(
        appointment=appointment
    ).first() or DevelopmentRecord(appointment=appointment)
    _set_fields(record, fields, DEVELOPMENT_FIELDS, "development_record_update")
    return saved(record, user)


# --- Link roles --------------------------------------------------------------------------

LINK_ROLE_FIELDS = {"kind", "name", "job_title", "organisation", "email", "role", "programme"}


@transaction.atomic
def link_role_add(
    *,
    user,
    kind: str,
    name: str,
    job_title: str = "",
    organisation: Organisation | None = None,
    email: str = "",
    role: Role | None = None,
    programme: str = "",
) -> LinkRole:
    """Name a person supporting a role or a programme. Link roles are published."""
    link = LinkRole(
        kind=kind,
        name=name,
        job_title=job_title,
        organisation=organisation,
        email=email,
        role=role,
        programme=programme,
    )
    return saved(link, user)


@transaction.atomic
def link_role_update(*, user, link_role: LinkRole, **fields) -> LinkRole:
    _set_fields(link_role, fields, LINK_ROLE_FIELDS, "link_role_update")
    return saved(link_role, user)


@transaction.atomic
def link_role_remove(*, user, link_role: LinkRole) -> None:
    attribute(link_role, user)
    link_role.delete()


# --- The register ------------------------------------------------------------------------


@transaction.atomic
def register_review_record(*, user, reviewed_on: date, notes: str = "") -> RegisterReview:
    """Record that the published register has been checked (at least once a year)."""
    review = RegisterReview(
        reviewed_on=reviewed_on,
        reviewed_by=user if user is not None and user.is_authenticated else None,
        notes=notes,
    )
    return saved(review, user)
