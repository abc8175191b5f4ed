"""Snapshots: dated counts of a population of people, for year-on-year diversity analysis.

Apps register the populations they own with :func:`register_population`, in their
``AppConfig.ready()``: the roles app registers role holders and forum members; the
recruitment app will register applicants. A snapshot counts everyone in the population on a
day by each diversity dimension (the dimensions benchmarks use) and stores the raw counts.

Snapshots are taken by :func:`snapshot_take` / :func:`snapshots_take_all`, called by the
``take_snapshots`` management command, the staff button and the yearly Celery beat task
(``ccpl.tasks.take_snapshots``). :func:`snapshot_series` reads them back, one per year.
Every figure is raw: publish only through ``ccpl.disclosure``.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Count, QuerySet, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from . import equality
from .disclosure import collapse_to_ethnic_groups
from .models import Benchmark, ProfessionalGroup, Snapshot, SnapshotCount
from .selectors import equality_counts

Dimension = Benchmark.Dimension
DIMENSIONS = (
    Dimension.PROFESSIONAL_GROUP,
    Dimension.AGE_BAND,
    Dimension.SEX,
    Dimension.ETHNIC_GROUP,
)
NOT_ANSWERED = equality.NOT_ANSWERED
PREFER_NOT_TO_SAY = equality.PREFER_NOT_TO_SAY


# --- The registry ----------------------------------------------------------------------


@dataclass(frozen=True)
class Population:
    """A group of people counted in snapshots. ``people(on)`` returns a queryset of
    distinct ``Person`` rows: everyone in the population on that day."""

    key: str
    label: str
    people: Callable[[date], QuerySet]
    # A public register names everyone in it with their professional group.
    register_public: bool = False


_POPULATIONS: dict[str, Population] = {}


def register_population(
    key: str, *, label: str, people: Callable[[date], QuerySet], register_public: bool = False
) -> None:
    """Add (or replace) a population. Call from the owning app's ``AppConfig.ready()``.
    ``register_public``: a public register already names everyone with their group."""
    _POPULATIONS[key] = Population(
        key=key, label=label, people=people, register_public=register_public
    )


def populations() -> list[Population]:
    """Every registered population, in the order registered."""
    return list(_POPULATIONS.values())


def get_population(key: str) -> Population:
    try:
        return _POPULATIONS[key]
    except KeyError:
        known = ", ".join(_POPULATIONS) or "none"
        raise ValueError(f"Unknown population {key!r} (registered: {known})") from None


# --- Categories and counts -------------------------------------------------------------


def category_labels(dimension: str) -> dict[str, str]:
    """Every category of a dimension in display order, with its label: the benchmark
    categories, then "Prefer not to say" (equality questions) and "Not known"."""
    if dimension == Dimension.ETHNIC_GROUP:
        labels = {
            group.value: group.label
            for group in equality.EthnicGroup
            if group != equality.EthnicGroup.NOT_STATED
        }
    elif dimension == Dimension.SEX:
        labels = dict(equality.Sex.choices)
    elif dimension == Dimension.AGE_BAND:
        labels = dict(equality.AgeBand.choices)
    elif dimension == Dimension.PROFESSIONAL_GROUP:
        labels = dict(
            ProfessionalGroup.objects.filter(parent=None)
            .order_by("order", "name")
            .values_list("slug", "name")
        )
        labels[NOT_ANSWERED] = "Not recorded"
        return labels
    else:
        raise ValueError(f"Unknown dimension: {dimension!r}")
    # "Prefer not to say" after the real categories, whatever the enum's order.
    labels.pop(PREFER_NOT_TO_SAY, None)
    labels[PREFER_NOT_TO_SAY] = "Prefer not to say"
    labels[NOT_ANSWERED] = "Not known"
    return labels


def population_counts(*, people: QuerySet, dimension: str) -> dict[str, int]:
    """Raw counts of ``people`` (distinct Person rows) by one dimension, counted in the
    database. Ethnicity is by broad group, with "prefer not to say" and "not known" kept
    apart. Professional groups count by their top-level family. Only non-zero categories
    are returned. Publish only through ``ccpl.disclosure``."""
    if dimension == Dimension.PROFESSIONAL_GROUP:
        rows = (
            people.order_by()
            .annotate(
                family=Coalesce(
                    "professional_group__parent__slug",
                    "professional_group__slug",
                    Value(NOT_ANSWERED),
                )
            )
            .values("family")
            .annotate(n=Count("pk"))
        )
        return {row["family"]: row["n"] for row in rows if row["n"]}
    if dimension == Dimension.ETHNIC_GROUP:
        counts = equality_counts(people=people, dimension="ethnicity")
        declined = counts.pop(PREFER_NOT_TO_SAY, 0)
        unknown = counts.pop(NOT_ANSWERED, 0)
        grouped = {
            str(group.value): n
            for group, n in collapse_to_ethnic_groups(counts).items()
            if n and group != equality.EthnicGroup.NOT_STATED
        }
        extra = {PREFER_NOT_TO_SAY: declined, NOT_ANSWERED: unknown}
        return grouped | {key: n for key, n in extra.items() if n}
    if dimension in (Dimension.SEX, Dimension.AGE_BAND):
        counts = equality_counts(people=people, dimension=dimension)
        return {key: n for key, n in counts.items() if n}
    raise ValueError(f"Unknown dimension: {dimension!r}")


# --- Taking snapshots --------------------------------------------------------------------


def _lock_day(population: str, on: date) -> None:
    """Hold, until the transaction ends, the lock on one population's snapshot for one day.

    The day's row cannot be the lock (a take deletes and re-creates it), so on PostgreSQL
    this is a transaction-level advisory lock on the population and day. SQLite (the
    embedded default) lets one writer in at a time anyway.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_advisory_xact_lock(hashtext(%s))",
                [f"ccpl.snapshot:{population}:{on.isoformat()}"],
            )


@transaction.atomic
def snapshot_take(*, population: str, on: date | None = None, user=None) -> Snapshot:
    """Count the population on ``on`` (today) by every dimension and store the counts.

    Taking a snapshot again on the same day replaces that day's snapshot. Two at once (two
    "take snapshots" posts) leave one: each take first holds the day's lock
    (:func:`_lock_day`), so they run one after the other.
    """
    source = get_population(population)
    today = timezone.localdate()
    on = on or today
    if on > today:
        raise ValidationError("A snapshot cannot be taken for a date in the future.")
    _lock_day(population, on)
    Snapshot.objects.filter(population=population, taken_on=on).delete()
    people = source.people(on)
    snapshot = Snapshot.objects.create(
        population=population,
        taken_on=on,
        taken_by=user if user is not None and user.is_authenticated else None,
        total=people.count(),
    )
    SnapshotCount.objects.bulk_create(
        SnapshotCount(snapshot=snapshot, dimension=dimension, category=category, count=n)
        for dimension in DIMENSIONS
        for category, n in population_counts(people=people, dimension=dimension).items()
    )
    return snapshot


def snapshots_take_all(*, on: date | None = None, user=None) -> list[Snapshot]:
    """Take a snapshot of every registered population (each in its own transaction)."""
    return [snapshot_take(population=p.key, on=on, user=user) for p in populations()]


# --- Reading snapshots -------------------------------------------------------------------


def snapshot_list():
    return Snapshot.objects.select_related("taken_by__person").order_by("-taken_on", "population")


@dataclass(frozen=True)
class SnapshotSeries:
    """The latest snapshot of each year for one population, oldest first, with raw counts
    by dimension: ``counts[dimension][taken_on][category]``."""

    population: Population
    dates: tuple[date, ...]
    totals: dict[date, int]
    counts: dict[str, dict[date, dict[str, int]]]

    def for_dimension(self, dimension: str) -> dict[date, dict[str, int]]:
        return self.counts.get(dimension, {})


def snapshot_series(*, population: str, years: int = 5) -> SnapshotSeries:
    """Up to ``years`` yearly snapshots of a population (the latest taken in each calendar
    year), oldest first. Two queries."""
    source = get_population(population)
    latest_by_year: dict[int, Snapshot] = {}
    for snapshot in Snapshot.objects.filter(population=population).order_by("-taken_on"):
        latest_by_year.setdefault(snapshot.taken_on.year, snapshot)
    chosen = sorted(latest_by_year.values(), key=lambda s: s.taken_on)[-years:]
    by_id = {s.pk: s.taken_on for s in chosen}
    counts: dict[str, dict[date, dict[str, int]]] = {
        d: {s.taken_on: {} for s in chosen} for d in DIMENSIONS
    }
    for row in SnapshotCount.objects.filter(snapshot_id__in=list(by_id)).values(
        "snapshot_id", "dimension", "category", "count"
    ):
        if row["dimension"] in counts:
            counts[row["dimension"]][by_id[row["snapshot_id"]]][row["category"]] = row["count"]
    return SnapshotSeries(
        population=source,
        dates=tuple(s.taken_on for s in chosen),
        totals={s.taken_on: s.total for s in chosen},
        counts=counts,
    )
