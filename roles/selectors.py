"""Reads for roles. Each selector runs a fixed number of queries, however many rows.

Figures that describe people (the diversity analysis) are built and published by the core
(``ccpl.population``, ``ccpl.publications``); :func:`diversity_published` reads them.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone

from ccpl import history, publications
from ccpl.models import Person, Place
from forums import selectors as forum_selectors
from forums.models import Forum, Membership

from . import hooks
from .models import (
    Appointment,
    JobDescription,
    LinkRole,
    RegisterReview,
    Role,
    RoleFunction,
    Seat,
)

JD_DUE_DAYS = 60
APPOINTMENT_ENDING_DAYS = 90
REGISTER_REVIEW_MONTHS = 12

ROLE_HOLDERS = "role_holders"
FORUM_MEMBERS = "forum_members"


def _today(on: date | None) -> date:
    return on or timezone.localdate()


# --- Roles: lists, the register ----------------------------------------------------------


def current_appointments(on: date | None = None) -> QuerySet:
    return (
        Appointment.objects.current(on)
        .select_related("person__professional_group__parent")
        .order_by("starts_on", "pk")
    )


def role_list(*, on: date | None = None, as_of: date | None = None) -> QuerySet:
    """Roles with ``is_filled``, their current job description's version and dates, and
    prefetched ``current_appointments``, ``seat_list`` and ``link_role_list``.

    With ``as_of`` (a past period's end), only the roles recorded by the end of that day,
    and the job description approved by then."""
    today = _today(on)
    current_jd = JobDescription.objects.filter(role=OuterRef("pk")).order_by("-version")
    if as_of is not None:
        current_jd = current_jd.filter(approved_on__lte=as_of)
    roles = (
        Role.objects.with_status(today)
        .select_related("function", "place")
        .annotate(
            jd_version=Subquery(current_jd.values("version")[:1]),
            jd_approved_on=Subquery(current_jd.values("approved_on")[:1]),
            jd_review_due_on=Subquery(current_jd.values("review_due_on")[:1]),
        )
        .prefetch_related(
            Prefetch(
                "appointments",
                queryset=current_appointments(today),
                to_attr="current_appointments",
            ),
            Prefetch(
                "seats",
                queryset=Seat.objects.select_related("forum").order_by("forum__name"),
                to_attr="seat_list",
            ),
            Prefetch(
                "link_roles",
                queryset=LinkRole.objects.select_related("organisation").order_by("kind", "name"),
                to_attr="link_role_list",
            ),
        )
        .order_by("function__order", "title")
    )
    if as_of is not None:
        roles = roles.filter(pk__in=history.ids_recorded_by(Role, as_of))
    return roles


def role_register(*, on: date | None = None, as_of: date | None = None) -> QuerySet:
    """The published register: every active role (see :func:`role_list`); with ``as_of``,
    every role active by the end of that day, as recorded then."""
    if as_of is None:
        return role_list(on=on).filter(is_active=True)
    active_then = history.as_of(Role, as_of).filter(is_active=True).values("id")
    return role_list(on=on, as_of=as_of).filter(pk__in=active_then)


ROLE_FIELDS_RECORDED = (
    "title",
    "function_id",
    "level",
    "place_id",
    "sessional_time",
    "time_unit",
    "accountable_to",
)


def role_register_on(*, on: date) -> list[Role]:
    """The register as it stood at the end of ``on`` (a past period's end): the roles active
    then (:func:`role_register` with ``as_of``), each with its title, function, level, Place
    and funded time as recorded then, and its holders then with their funded and protected
    time as recorded then. A holder whose record does not reach back to ``on`` (entered
    later) has ``times_recorded = False`` and no times (five queries)."""
    roles = list(role_register(on=on, as_of=on))
    then = {
        row["id"]: row
        for row in history.as_of(Role, on)
        .filter(id__in=[r.pk for r in roles])
        .values("id", *ROLE_FIELDS_RECORDED)
    }
    functions = RoleFunction.objects.in_bulk({row["function_id"] for row in then.values()})
    places = Place.objects.in_bulk({row["place_id"] for row in then.values()} - {None})
    holders = [a.pk for role in roles for a in role.current_appointments]
    times = {
        row["id"]: row
        for row in history.as_of(Appointment, on)
        .filter(id__in=holders)
        .values("id", "funded_time", "protected_time")
    }
    for role in roles:
        row = then[role.pk]
        for name in ROLE_FIELDS_RECORDED:
            setattr(role, name, row[name])
        role.function = functions.get(row["function_id"], role.function)
        role.place = places.get(row["place_id"])
        for appointment in role.current_appointments:
            recorded = times.get(appointment.pk)
            appointment.times_recorded = recorded is not None
            appointment.funded_time = recorded["funded_time"] if recorded else None
            appointment.protected_time = recorded["protected_time"] if recorded else None
    return roles


def roles_first_recorded_on() -> date | None:
    """The day the first leadership role was recorded in CCPL Manager."""
    return history.first_recorded_on(Role)


def holder_in_group(group, *, on: date | None = None):
    """A condition on roles: a current holder belongs to ``group`` or one of its professions."""
    return Exists(
        Appointment.objects.current(on).filter(
            Q(person__professional_group=group) | Q(person__professional_group__parent=group),
            role=OuterRef("pk"),
        )
    )


def holder_named(text: str, *, on: date | None = None):
    """A condition on roles: every word of ``text`` is in a current holder's name."""
    q = Q()
    for word in text.split():
        q &= Q(person__given_name__icontains=word) | Q(person__family_name__icontains=word)
    return Exists(Appointment.objects.current(on).filter(q, role=OuterRef("pk")))


def advert_urls() -> dict[int, str]:
    """Role id → its open advert's address, from the app that publishes vacancies (the
    ``roles.hooks.advert_urls`` hook, which recruitment provides); empty without one."""
    return hooks.advert_urls()


def last_register_review(*, on: date | None = None) -> RegisterReview | None:
    """The latest review of the register (with ``on``, the latest done by that day)."""
    reviews = RegisterReview.objects.all()
    if on is not None:
        reviews = reviews.filter(reviewed_on__lte=on)
    return reviews.order_by("-reviewed_on", "-pk").first()


# --- One role ----------------------------------------------------------------------------


@dataclass
class RolePage:
    role: Role
    current: list[Appointment]
    past: list[Appointment]
    upcoming: list[Appointment]
    job_descriptions: list[JobDescription]
    seats: list[Seat]
    link_roles: list[LinkRole]

    @property
    def current_jd(self) -> JobDescription | None:
        return self.job_descriptions[0] if self.job_descriptions else None

    @property
    def is_filled(self) -> bool:
        return bool(self.current)


def role_page(role: Role, *, on: date | None = None) -> RolePage:
    """Everything the staff role page shows (fixed queries)."""
    today = _today(on)
    appointments = list(
        role.appointments.select_related(
            "person__professional_group", "person__organisation", "development"
        ).order_by("-starts_on", "-pk")
    )
    return RolePage(
        role=role,
        current=[a for a in appointments if a.is_current(today)],
        past=[a for a in appointments if a.ended_on is not None and a.ended_on < today],
        upcoming=[a for a in appointments if a.starts_on > today],
        job_descriptions=list(role.job_descriptions.order_by("-version")),
        seats=list(role.seats.select_related("forum").order_by("forum__name")),
        link_roles=list(role.link_roles.select_related("organisation").order_by("kind", "name")),
    )


def role_functions():
    return RoleFunction.objects.order_by("order", "name")


# --- Due lists ---------------------------------------------------------------------------


def job_description_reviews_due(
    *, on: date | None = None, within_days: int = JD_DUE_DAYS, as_of: date | None = None
):
    """Active roles whose current job description is due for review within ``within_days``
    or overdue, soonest first; roles with no job description come first. With ``as_of``,
    the register and job descriptions as they were by the end of that day."""
    today = _today(on)
    return (
        role_register(on=today, as_of=as_of)
        .filter(
            Q(jd_review_due_on__lte=today + timedelta(days=within_days))
            | Q(jd_review_due_on__isnull=True)
        )
        .order_by("jd_review_due_on", "title")
    )


def appointments_ending(*, on: date | None = None, within_days: int = APPOINTMENT_ENDING_DAYS):
    """Appointments ending within ``within_days``: an end date already set in that time, or
    no end date yet and a planned end by then (including planned ends already passed)."""
    today = _today(on)
    limit = today + timedelta(days=within_days)
    return (
        Appointment.objects.filter(
            Q(ended_on__isnull=False, ended_on__gte=today, ended_on__lte=limit)
            | Q(ended_on__isnull=True, planned_end_on__lte=limit)
        )
        .filter(starts_on__lte=limit)
        .select_related("role", "person__professional_group")
        .order_by("planned_end_on", "ended_on", "role__title")
    )


def appraisals_overdue(*, on: date | None = None):
    """Current appointments whose next appraisal date has passed, or that have had none
    recorded in their first year."""
    today = _today(on)
    return (
        current_appointments(today)
        .filter(role__is_active=True)
        .filter(
            Q(development__next_appraisal_due_on__lt=today)
            | Q(
                development__next_appraisal_due_on__isnull=True,
                starts_on__lte=today - timedelta(days=365),
            )
            | Q(development__isnull=True, starts_on__lte=today - timedelta(days=365))
        )
        .select_related("role", "development")
        .order_by("development__next_appraisal_due_on", "role__title")
    )


# --- People: role holders and forum seats -------------------------------------------------


def role_holders(on: date | None = None) -> QuerySet:
    """Everyone holding an active role on ``on`` (today): distinct people."""
    holding = Appointment.objects.current(on).filter(person=OuterRef("pk"), role__is_active=True)
    return Person.objects.filter(Exists(holding))


def forum_member_people(on: date | None = None) -> QuerySet:
    """Everyone sitting on a forum on ``on`` (today), directly or through a role seat."""
    direct = Membership.objects.current(on).filter(person=OuterRef("pk"))
    seated = Appointment.objects.current(on).filter(
        person=OuterRef("pk"), role__seats__isnull=False
    )
    return Person.objects.filter(Exists(direct) | Exists(seated))


@dataclass(frozen=True)
class SeatHolder:
    """The holder of a role seat on a forum, for the forum's member list."""

    forum_id: int
    capacity: str
    appointment: Appointment

    @property
    def person(self) -> Person:
        return self.appointment.person

    @property
    def label(self) -> str:
        """ "Clinical lead, Respiratory CPG (chair)"."""
        return f"{self.appointment.role.title} ({_capacity(self.capacity)})"


def _capacity(capacity: str) -> str:
    """ "chair", "member", "attendee": the capacity in a few lower-case words."""
    return Seat.Capacity(capacity).label.split(" (")[0].lower()


def seat_holders_by_forum(
    forum_ids, *, on: date | None = None, include_past: bool = False
) -> dict[int, list[SeatHolder]]:
    """Holders of each forum's role seats, by forum id (one query): current on ``on``
    (today), or every holder ever when ``include_past``."""
    appointments = Appointment.objects.all() if include_past else Appointment.objects.current(on)
    rows = (
        appointments.filter(role__seats__forum_id__in=list(forum_ids))
        .annotate(
            seat_forum_id=F("role__seats__forum_id"), seat_capacity=F("role__seats__capacity")
        )
        .select_related("role", "person__professional_group__parent", "person__organisation")
        .order_by("starts_on", "pk")
    )
    holders: dict[int, list[SeatHolder]] = {}
    for appointment in rows:
        holders.setdefault(appointment.seat_forum_id, []).append(
            SeatHolder(
                forum_id=appointment.seat_forum_id,
                capacity=appointment.seat_capacity,
                appointment=appointment,
            )
        )
    return holders


def person_holds_seat(person_id: int | None, forum_id: int, *, on: date | None = None) -> bool:
    if person_id is None:
        return False
    return (
        Appointment.objects.current(on)
        .filter(person_id=person_id, role__seats__forum_id=forum_id)
        .exists()
    )


@dataclass
class Leadership:
    """A person's own current roles and the forums they sit on, for their profile."""

    appointments: list[Appointment]
    forums: list[tuple[Forum, str]] = field(default_factory=list)


def person_leadership(person: Person, *, on: date | None = None) -> Leadership:
    """The person's current appointments (with seats and development record) and every
    forum they sit on, directly or through a role (four queries)."""
    today = _today(on)
    appointments = list(
        Appointment.objects.current(today)
        .filter(person=person)
        .select_related("role__function", "role__place", "development")
        .prefetch_related(
            Prefetch(
                "role__seats",
                queryset=Seat.objects.select_related("forum").order_by("forum__name"),
            )
        )
        .order_by("role__title")
    )
    forums: dict[int, tuple[Forum, list[str]]] = {}
    for appointment in appointments:
        for seat in appointment.role.seats.all():
            forums.setdefault(seat.forum_id, (seat.forum, []))[1].append(
                f"{_capacity(seat.capacity)}, as {appointment.role.title}"
            )
    for membership in forum_selectors.person_forums(person, on=today):
        forums.setdefault(membership.forum_id, (membership.forum, []))[1].append(
            membership.get_member_type_display().lower()
        )
    return Leadership(
        appointments=appointments,
        forums=sorted(
            ((forum, "; ".join(how)) for forum, how in forums.values()),
            key=lambda pair: pair[0].name,
        ),
    )


# --- The diversity analysis --------------------------------------------------------------


def diversity_published(*, on: date | None = None):
    """The diversity of role holders as published on the latest publication point on or
    before ``on`` (today): never live figures (see ``ccpl.publications``)."""
    return publications.population_published(ROLE_HOLDERS, on=_today(on))


# --- Consistency rules that other apps' writes check (written once, here) ---------------


def role_profession_refusal(*, role: Role, professional_group) -> str | None:
    """Why someone of ``professional_group`` cannot hold (or apply for) ``role``, or ``None``.

    A role with no eligible groups is open to every profession; otherwise the profession, or
    the family it belongs to (Podiatrists → Allied health professions), must be listed.
    """
    eligible = {group.pk: group.name for group in role.eligible_groups.all()}
    if not eligible:
        return None
    names = " or ".join(sorted(eligible.values()))
    if professional_group is None:
        return f"{role.title} is open to {names} only. Record the person's profession first."
    if professional_group.pk in eligible or professional_group.parent_id in eligible:
        return None
    return (
        f"{role.title} is open to {names} only, not to {professional_group.name}. "
        "Change the role's eligible professions first if that is intended."
    )


def role_recruitment_refusal(*, role: Role) -> str | None:
    """Why ``role`` cannot be recruited to now, or ``None``: a role that is not a job share
    and has a holder with no end date recorded is filled, so there is nothing to recruit to.
    (Recording the holder's end, even in the future, makes recruiting a successor possible.)"""
    if role.allows_job_share:
        return None
    holder = (
        role.appointments.filter(ended_on__isnull=True)
        .select_related("person")
        .order_by("starts_on")
        .first()
    )
    if holder is None:
        return None
    return (
        f"{role.title} is filled: {holder.person.full_name} holds it with no end date "
        "recorded. Record the end of their appointment first, or make the role a job share."
    )
