"""Reads for the uptake of the development offer: who applied and who took part, by offer,
profession and Place, and the participants' diversity against the leader population.

Every figure that counts people goes through ``ccpl.disclosure``:

* **Uptake** (applications and participants by offer, by professional group and by Place)
  is live: the CCPL team and executives see these applicants by name on the selection pages
  anyway, so the tables protect only what a wider audience (the annual report) reads.
  Each is one table through :func:`ccpl.disclosure.people_count_table`.
* **Diversity** (age, sex, ethnic group) is never live. Participants are a population
  registered with the core (``PARTICIPANTS``), so their figures are published on the
  publication points like role holders' (``ccpl.publications``, ADR 4): a page never moves
  with one decision, so whoever selects cannot learn one applicant's answers by watching a
  table change as they decide. The participants' shares are set beside the role holders'
  shares from their own publication: the leader population.

A participant is a selected application to a cohort that ran in the year to the date
(``participants``); an application is a person's, so someone on two cohorts counts twice,
once per place taken.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

from ccpl import disclosure, publications
from ccpl.models import ProfessionalGroup
from ccpl.periods import financial_year

from .models import CohortApplication, Match, MentoringRequest

PARTICIPANTS = "development_participants"
YEAR = timedelta(days=365)
STAGES = {"applied": "Applied", "selected": "Took part", "completed": "Completed"}
NO_PLACE = "Not recorded"
ROLE_HOLDERS = "role_holders"  # roles.selectors.ROLE_HOLDERS: the leader population


def participants(on: date | None = None) -> QuerySet:
    """The registered population: applications selected by ``on`` (today) to cohorts that
    ran in the year to ``on`` (started by then, and ended no more than a year before)."""
    on = on or timezone.localdate()
    return CohortApplication.objects.filter(
        status=CohortApplication.Status.SELECTED,
        decided_on__lte=on,
        cohort__starts_on__lte=on,
        cohort__ends_on__gt=on - YEAR,
    )


def first_cohort_year() -> int | None:
    """The financial year (by its starting year) of the earliest cohort, if any."""
    from .models import Cohort

    first = Cohort.objects.order_by("starts_on").values_list("starts_on", flat=True).first()
    return financial_year(first)[0].year if first else None


def period_applications(*, starts_on: date, on: date) -> QuerySet:
    """Applications, received by ``on``, to cohorts starting from ``starts_on`` to ``on``
    (cancelled cohorts left out)."""
    return CohortApplication.objects.filter(
        cohort__starts_on__gte=starts_on,
        cohort__starts_on__lte=on,
        submitted_at__date__lte=on,
    ).exclude(cohort__status="cancelled")


def _stage_counts(applications: QuerySet, field: str, on: date) -> dict:
    """Raw ``{value of field: {stage: n}}``, counted in the database (one query)."""
    selected = Q(status=CohortApplication.Status.SELECTED, decided_on__lte=on)
    completed = selected & Q(completion__outcome="completed", completion__completed_on__lte=on)
    rows = (
        applications.order_by()
        .values(field)
        .annotate(
            applied=Count("pk"),
            selected=Count("pk", filter=selected),
            completed=Count("pk", filter=completed),
        )
    )
    return {row[field]: {stage: row[stage] for stage in STAGES} for row in rows}


@dataclass(frozen=True)
class UptakeTable:
    """One published uptake table: a row per category, a column per stage."""

    title: str
    first_column: str
    table: disclosure.DisclosedTable
    labels: dict

    def rows(self):
        """``(label, cells, share taking part)`` per row: the share of applicants who took
        part, from the published counts."""
        return [
            (
                self.labels.get(row.label, row.label),
                row.cells,
                disclosure.people_share(row.cells[1], row.cells[0]),
            )
            for row in self.table.rows()
        ]

    def totals(self):
        return self.table.totals_row()

    def csv_rows(self) -> list[list[str]]:
        return self.table.csv_rows(
            label=lambda key: str(self.labels.get(key, key)), corner=self.first_column
        )


def _table(counts: dict, *, title: str, first_column: str, rows: list, labels: dict):
    counts = {row: counts.get(row, dict.fromkeys(STAGES, 0)) for row in rows}
    table = disclosure.people_count_table(
        counts, rows=rows, columns=list(STAGES), row_totals=False, column_totals=True
    )
    return UptakeTable(title=title, first_column=first_column, table=table, labels=labels)


@dataclass(frozen=True)
class Uptake:
    starts_on: date
    on: date
    by_offer: UptakeTable
    by_profession: UptakeTable
    by_place: UptakeTable

    @property
    def tables(self) -> list[UptakeTable]:
        return [self.by_offer, self.by_profession, self.by_place]

    @property
    def applied(self) -> disclosure.Cell:
        return self.by_offer.table.column_totals["applied"]

    @property
    def took_part(self) -> disclosure.Cell:
        return self.by_offer.table.column_totals["selected"]

    @property
    def completed(self) -> disclosure.Cell:
        return self.by_offer.table.column_totals["completed"]

    @property
    def has_applications(self) -> bool:
        return bool(self.applied.value or self.applied.hidden)


def uptake(*, starts_on: date, on: date) -> Uptake:
    """Applications and participants for cohorts starting from ``starts_on`` to ``on``, by
    offer, by professional group (family) and by Place, each through disclosure control.
    Four queries however many applications there are."""
    applications = period_applications(starts_on=starts_on, on=on)
    by_offer = _stage_counts(applications, "cohort__offer__title", on)
    # A profession counts under its family (its parent group, or itself at the top).
    families = _stage_counts(
        applications.annotate(
            family=Coalesce("professional_group__parent__name", "professional_group__name")
        ),
        "family",
        on,
    )
    family_names = list(
        ProfessionalGroup.objects.filter(parent__isnull=True)
        .order_by("order", "name")
        .values_list("name", flat=True)
    )
    by_place = {
        (name or NO_PLACE): stages
        for name, stages in _stage_counts(applications, "person__place__name", on).items()
    }
    offers = sorted(by_offer)
    places = sorted(k for k in by_place if k != NO_PLACE) + (
        [NO_PLACE] if NO_PLACE in by_place else []
    )
    return Uptake(
        starts_on=starts_on,
        on=on,
        by_offer=_table(by_offer, title="By offer", first_column="Offer", rows=offers, labels={}),
        by_profession=_table(
            families,
            title="By professional group",
            first_column="Professional group",
            rows=family_names + [n for n in sorted(families) if n not in family_names],
            labels={},
        ),
        by_place=_table(by_place, title="By Place", first_column="Place", rows=places, labels={}),
    )


@dataclass(frozen=True)
class DiversityComparison:
    """One dimension of the participants' published diversity beside the leaders'."""

    title: str
    rows: list  # (label, participants cell, participants share, leaders share)
    total: disclosure.Cell


@dataclass(frozen=True)
class ParticipantDiversity:
    published: publications.Published
    leaders: publications.Published
    dimensions: list[DiversityComparison]


def participant_diversity(*, on: date | None = None) -> ParticipantDiversity:
    """The participants' diversity as last published on or before ``on`` (today), beside
    the role holders' as last published: shares from the published counts only."""
    on = on or timezone.localdate()
    published = publications.population_published(PARTICIPANTS, on=on)
    leaders = publications.population_published(ROLE_HOLDERS, on=on)
    leader_shares = {}
    if leaders.analysis is not None:
        for table in leaders.analysis.tables:
            for row in table.rows:
                leader_shares[(table.dimension, row.category)] = row.share
    dimensions = []
    if published.analysis is not None and published.analysis.has_people:
        for table in published.analysis.tables:
            dimensions.append(
                DiversityComparison(
                    title=table.title,
                    rows=[
                        (
                            row.label,
                            row.holders,
                            row.share,
                            None
                            if row.not_stated
                            else leader_shares.get((table.dimension, row.category)),
                        )
                        for row in table.rows
                    ],
                    total=table.total,
                )
            )
    return ParticipantDiversity(published=published, leaders=leaders, dimensions=dimensions)


@dataclass(frozen=True)
class MentoringUptake:
    started: disclosure.Cell  # pairs confirmed in the period
    active: disclosure.Cell  # pairs meeting on the date
    closed: disclosure.Cell  # pairs that closed in the period
    waiting: disclosure.Cell  # people waiting for a match on the date


def mentoring_uptake(*, starts_on: date, on: date) -> MentoringUptake:
    """Mentoring and coaching pairs in the period, as people counts (one query each)."""
    live = Match.objects.filter(confirmed_on__isnull=False, confirmed_on__lte=on)
    return MentoringUptake(
        started=disclosure.people_count(live.filter(confirmed_on__gte=starts_on).count()),
        active=disclosure.people_count(
            live.filter(Q(closed_on__isnull=True) | Q(closed_on__gt=on)).count()
        ),
        closed=disclosure.people_count(
            live.filter(closed_on__gte=starts_on, closed_on__lte=on).count()
        ),
        waiting=disclosure.people_count(
            MentoringRequest.objects.filter(
                status=MentoringRequest.Status.OPEN, asked_on__lte=on
            ).count()
        ),
    )
