"""Reads for the pipeline: programme alumni, their choice to hear about vacancies, and the
CCPL team's page linking upcoming term ends and vacancies to the people who fit them.

Programme alumni are the selected participants of a cohort that has ended (and was not
cancelled). Who fits a role is ``recruitment.fit`` — the same rule the talent pool's
announcements use — applied here in Python to the page's roles, so the page costs the same
number of queries however many roles and people there are.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

from ccpl.models import Person
from recruitment.fit import RoleFit
from recruitment.models import Campaign, TalentPoolMember
from roles.models import Appointment, Role

from .models import Cohort, CohortApplication, VacancyAlerts

# A term ending within this many days puts its role in the pipeline (about six months).
TERM_ENDING_DAYS = 183
PROGRAMME_ALUMNI = "Programme alumni"
TALENT_POOL = "Talent pool"


def _today(on: date | None) -> date:
    return on or timezone.localdate()


def _completed(on: date) -> QuerySet:
    """Selected places on cohorts that ended before ``on`` and went ahead."""
    return CohortApplication.objects.filter(
        status=CohortApplication.Status.SELECTED, cohort__ends_on__lt=on
    ).exclude(cohort__status=Cohort.Status.CANCELLED)


def is_alumnus(person, *, on: date | None = None) -> bool:
    """Whether ``person`` was selected for a cohort that has ended."""
    if person is None:
        return False
    return _completed(_today(on)).filter(person=person).exists()


def vacancy_alerts_opted_in(person) -> bool:
    """The person's own choice (off unless they turned it on)."""
    return VacancyAlerts.objects.filter(person=person, opted_in=True).exists()


def opted_in_alumni(*, on: date | None = None) -> QuerySet:
    """Alumni who asked to hear about vacancies and have an e-mail address, with the
    programmes they completed (``completed``)."""
    today = _today(on)
    return (
        Person.objects.filter(
            Exists(_completed(today).filter(person=OuterRef("pk"))),
            Exists(VacancyAlerts.objects.filter(person=OuterRef("pk"), opted_in=True)),
        )
        .exclude(email="")
        .select_related("professional_group", "place")
        .prefetch_related(
            Prefetch(
                "development_applications",
                queryset=_completed(today).select_related("cohort__offer").order_by("pk"),
                to_attr="completed",
            )
        )
        .order_by("family_name", "given_name", "pk")
    )


def alumni_fitting(role, *, on: date | None = None) -> list[Person]:
    """Opted-in alumni who fit ``role`` (``recruitment.fit``)."""
    fit = RoleFit.of(role)
    return [person for person in opted_in_alumni(on=on) if _fits(fit, person)]


def alumni_audience(campaign) -> list[tuple[str, list]]:
    """The ``recruitment.hooks.advert_audiences`` provider: opted-in alumni who fit the
    advert's role, asked at the moment the advert is announced (so an opt-out made before
    then is respected)."""
    from recruitment.services import Recipient

    recipients = [
        Recipient(email=person.email, given_name=person.given_name)
        for person in alumni_fitting(campaign.role)
    ]
    return [(PROGRAMME_ALUMNI, recipients)] if recipients else []


def _fits(fit: RoleFit, candidate) -> bool:
    group = candidate.professional_group
    return fit.fits(
        group_id=group.pk if group else None,
        group_parent_id=group.parent_id if group else None,
        place_id=candidate.place_id,
    )


# --- The CCPL team's pipeline page -----------------------------------------------------------


def pipeline_roles(*, on: date | None = None, within_days: int = TERM_ENDING_DAYS) -> QuerySet:
    """Active roles that are vacant, whose current term ends within ``within_days``, or
    with an advert open or planned; soonest term end first, then vacant roles, by title.
    Each carries ``ending`` (its current appointments ending) and ``adverts`` (open or
    planned)."""
    today = _today(on)
    limit = today + timedelta(days=within_days)
    current = Appointment.objects.current(today)
    ending = current.filter(
        Q(ended_on__isnull=False, ended_on__lte=limit)
        | Q(ended_on__isnull=True, planned_end_on__lte=limit)
    )
    adverts = Campaign.objects.filter(closes_on__gte=today)
    return (
        Role.objects.active()
        .annotate(
            is_filled=Exists(current.filter(role=OuterRef("pk"))),
            term_ending=Exists(ending.filter(role=OuterRef("pk"))),
            advertised=Exists(adverts.filter(role=OuterRef("pk"))),
        )
        .filter(Q(is_filled=False) | Q(term_ending=True) | Q(advertised=True))
        .annotate(
            due_on=ending.filter(role=OuterRef("pk"))
            .annotate(ends=Coalesce("ended_on", "planned_end_on"))
            .order_by("ends")
            .values("ends")[:1]
        )
        .select_related("place", "function")
        .prefetch_related(
            "eligible_groups",
            Prefetch(
                "appointments",
                queryset=ending.select_related("person").order_by("planned_end_on", "pk"),
                to_attr="ending",
            ),
            Prefetch("campaigns", queryset=adverts.order_by("opens_on", "pk"), to_attr="adverts"),
        )
        .order_by(F("due_on").asc(nulls_last=True), "title", "pk")
    )


@dataclass
class Candidate:
    """Someone in the pipeline: a talent-pool member, an alumnus, or both (one e-mail)."""

    name: str
    email: str
    profession: str
    place: str
    sources: list[str] = field(default_factory=list)
    programmes: list[str] = field(default_factory=list)


@dataclass
class PipelineRow:
    role: Role
    candidates: list[Candidate]


def pipeline_rows(roles, *, on: date | None = None) -> list[PipelineRow]:
    """For each role (a page of ``pipeline_roles``), who in the pipeline fits it: consenting
    talent-pool members and opted-in alumni, one entry per e-mail address. Two queries
    (three with the alumni's programmes) whatever the number of roles and people."""
    roles = list(roles)
    if not roles:
        return []
    pool = list(
        TalentPoolMember.objects.filter(consent=True)
        .select_related("professional_group", "place")
        .order_by("family_name", "given_name", "pk")
    )
    alumni = list(opted_in_alumni(on=on))
    rows = []
    for role in roles:
        fit = RoleFit.of(role)
        # The holder whose term is ending is not their own successor.
        holders = {a.person.email.strip().lower() for a in getattr(role, "ending", [])}
        found: dict[str, Candidate] = {}
        for source, people in ((TALENT_POOL, pool), (PROGRAMME_ALUMNI, alumni)):
            for person in people:
                if not _fits(fit, person):
                    continue
                key = person.email.strip().lower()
                if key in holders:
                    continue
                candidate = found.get(key) or found.setdefault(
                    key,
                    Candidate(
                        name=f"{person.given_name} {person.family_name}",
                        email=person.email,
                        profession=str(person.professional_group or ""),
                        place=str(person.place) if person.place else "Anywhere",
                    ),
                )
                candidate.sources.append(source)
                candidate.programmes += [
                    f"{a.cohort.offer.title}: {a.cohort.name}"
                    for a in getattr(person, "completed", [])
                ]
        rows.append(PipelineRow(role=role, candidates=list(found.values())))
    return rows
