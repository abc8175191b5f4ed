"""Diversity analysis report sections: role holders, forum members and (when the
recruitment app registers them) applicants, against the benchmarks and last year.

Role holders come from ``roles.selectors.diversity_analysis`` so the report shows exactly
what the public diversity page shows. Other populations are the ones apps register in
``ccpl.snapshots``; :func:`population_analysis` publishes them the same way (the same
dimensions, categories, benchmarks and disclosure control), from the core snapshot registry.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from ccpl import disclosure, snapshots
from ccpl.models import Benchmark, Snapshot

from .annual import DIVERSITY_MODELS, diversity_chart, diversity_markers
from .sections import DIVERSITY_ANALYSIS, ReportInputs, optional_module, section

# Professional groups compare with the workforce; everything else with the population.
BENCHMARK_FOR = {
    Benchmark.Dimension.PROFESSIONAL_GROUP: Benchmark.Kind.WORKFORCE,
    Benchmark.Dimension.AGE_BAND: Benchmark.Kind.POPULATION,
    Benchmark.Dimension.SEX: Benchmark.Kind.POPULATION,
    Benchmark.Dimension.ETHNIC_GROUP: Benchmark.Kind.POPULATION,
}
DIMENSION_TITLES = {
    Benchmark.Dimension.PROFESSIONAL_GROUP: "Professional group",
    Benchmark.Dimension.AGE_BAND: "Age",
    Benchmark.Dimension.SEX: "Sex",
    Benchmark.Dimension.ETHNIC_GROUP: "Ethnic group",
}
NOT_STATED = {snapshots.PREFER_NOT_TO_SAY, snapshots.NOT_ANSWERED}
COLUMN = "people"
APPLICANTS = "applicants"


@dataclass(frozen=True)
class PopulationRow:
    category: str
    label: str
    holders: disclosure.Cell  # named as the roles app's rows, so one template serves both
    share: disclosure.Share
    benchmark: str
    ratio: str
    not_stated: bool


@dataclass(frozen=True)
class LastYear:
    """The same table from the latest snapshot taken a year or more before."""

    taken_on: date
    table: disclosure.DisclosedTable
    labels: dict[str, str]

    def rows(self):
        return [
            (
                self.labels.get(row.label, row.label),
                row.cells[0],
                self.table.share(row.label, COLUMN, within="column"),
            )
            for row in self.table.rows()
        ]


@dataclass(frozen=True)
class PopulationTable:
    dimension: str
    title: str
    benchmark_kind: str
    benchmark_label: str
    rows: list[PopulationRow]
    total: disclosure.Cell
    last_year: LastYear | None
    year_on_year = None


def _labels(dimension: str, seen) -> dict[str, str]:
    labels = snapshots.category_labels(dimension)
    extra = {k: k.replace("-", " ").replace("_", " ").capitalize() for k in seen if k not in labels}
    return labels | extra


def _last_year_snapshot(population: str, on: date) -> Snapshot | None:
    try:
        year_before = on.replace(year=on.year - 1)
    except ValueError:  # 29 February
        year_before = on.replace(year=on.year - 1, day=28)
    return (
        Snapshot.objects.filter(population=population, taken_on__lte=year_before)
        .order_by("-taken_on")
        .prefetch_related("counts")
        .first()
    )


def population_analysis(*, population: str, on: date) -> list[PopulationTable]:
    """A registered population by each dimension, through disclosure control, beside its
    benchmark and last year's snapshot. A fixed number of queries."""
    source = snapshots.get_population(population)
    people = source.people(on)
    benchmarks: dict[tuple[str, str], dict[str, Decimal]] = {}
    for b in Benchmark.objects.filter(place__isnull=True):
        benchmarks.setdefault((b.benchmark, b.dimension), {})[b.category] = b.share
    last = _last_year_snapshot(population, on)
    last_counts: dict[str, dict[str, int]] = {}
    if last is not None:
        for count in last.counts.all():
            last_counts.setdefault(count.dimension, {})[count.category] = count.count
    kinds = dict(Benchmark.Kind.choices)
    tables = []
    for dimension in snapshots.DIMENSIONS:
        counts = snapshots.population_counts(people=people, dimension=dimension)
        labels = _labels(dimension, counts)
        table = disclosure.people_count_table(counts, rows=list(labels), columns=[COLUMN])
        kind = BENCHMARK_FOR[dimension]
        shares = benchmarks.get((kind, dimension), {})
        rows = []
        for category, label in labels.items():
            share = table.share(category, COLUMN, within="column")
            benchmark = None if category in NOT_STATED else shares.get(category)
            rows.append(
                PopulationRow(
                    category=category,
                    label=label,
                    holders=table.cell(category, COLUMN),
                    share=share,
                    benchmark=disclosure.benchmark_display(benchmark),
                    ratio=disclosure.representation_ratio(share, benchmark),
                    not_stated=category in NOT_STATED,
                )
            )
        last_year = None
        if last is not None:
            before = last_counts.get(dimension, {})
            before_labels = labels | _labels(dimension, before)
            last_year = LastYear(
                taken_on=last.taken_on,
                table=disclosure.people_count_table(
                    {c: before.get(c, 0) for c in before_labels},
                    rows=list(before_labels),
                    columns=[COLUMN],
                ),
                labels=before_labels,
            )
        tables.append(
            PopulationTable(
                dimension=dimension,
                title=DIMENSION_TITLES[dimension],
                benchmark_kind=kind,
                benchmark_label=kinds[kind],
                rows=rows,
                total=table.total,
                last_year=last_year,
            )
        )
    return tables


def _has_people(tables) -> bool:
    return any(t.total.value or t.total.hidden for t in tables)


def _population_section(inputs: ReportInputs, *, population: str, label: str) -> dict | None:
    if population not in {p.key for p in snapshots.populations()}:
        return None
    tables = population_analysis(population=population, on=inputs.on)
    if not _has_people(tables):
        return None
    return {
        "population": label,
        "tables": [
            (
                t,
                diversity_chart(
                    t, chart_id=f"chart-{population}-{t.dimension}", population=label.lower()
                ),
            )
            for t in tables
        ],
        "footnote": disclosure.PEOPLE_FOOTNOTE,
    }


@section(
    key="diversity_method",
    title="About this analysis",
    kinds=[DIVERSITY_ANALYSIS],
    order=10,
    models=["ccpl.Benchmark", "ccpl.Snapshot"],
)
def method(inputs: ReportInputs) -> dict | None:
    return {
        "benchmarks": sorted(
            {
                (b.get_benchmark_display(), b.get_dimension_display())
                for b in Benchmark.objects.filter(place__isnull=True)
            }
        ),
        "snapshots": list(
            Snapshot.objects.filter(taken_on__lte=inputs.on).order_by("-taken_on", "population")[
                :12
            ]
        ),
        "populations": {p.key: p.label for p in snapshots.populations()},
        "footnote": disclosure.PEOPLE_FOOTNOTE,
    }


@section(
    key="role_holders",
    title="Role holders",
    kinds=[DIVERSITY_ANALYSIS],
    order=20,
    requires=["roles.selectors"],
    models=DIVERSITY_MODELS,
    markers=diversity_markers,
    empty_reason="No leadership roles are held yet.",
)
def role_holders(inputs: ReportInputs) -> dict | None:
    tables = optional_module("roles.selectors").diversity_analysis(on=inputs.on)
    if not _has_people(tables):
        return None
    return {
        "population": "Role holders",
        "tables": [
            (
                t,
                diversity_chart(
                    t, chart_id=f"chart-holders-{t.dimension}", population="role holders"
                ),
            )
            for t in tables
        ],
        "footnote": disclosure.PEOPLE_FOOTNOTE,
    }


@section(
    key="forum_members",
    title="Forum members",
    kinds=[DIVERSITY_ANALYSIS],
    order=30,
    requires=["roles.selectors", "forums.selectors"],
    models=[*DIVERSITY_MODELS, "forums.Membership", "roles.Seat"],
    markers=diversity_markers,
    empty_reason="No forum members are recorded yet.",
)
def forum_members(inputs: ReportInputs) -> dict | None:
    key = getattr(optional_module("roles.selectors"), "FORUM_MEMBERS", "forum_members")
    return _population_section(inputs, population=key, label="Forum members")


@section(
    key="applicants",
    title="Applicants for leadership roles",
    kinds=[DIVERSITY_ANALYSIS],
    order=40,
    requires=["recruitment.selectors"],
    models=[*DIVERSITY_MODELS, "recruitment.Application"],
    markers=diversity_markers,
    empty_reason="No applications are recorded yet.",
)
def applicants(inputs: ReportInputs) -> dict | None:
    return _population_section(inputs, population=APPLICANTS, label="Applicants")
