"""Figures about a population of people: the one builder of every diversity table.

Role holders, forum members and applicants are analysed the same way, whatever page, CSV,
dashboard tile or PDF shows them:

* :func:`publish_population` takes a queryset of the population (``Person`` rows, or
  applications: anything with a ``professional_group`` and an equality pseudonym) and returns its **published figures**, every one through
  ``ccpl.disclosure``: the tables by age band, sex and ethnic group count the people who
  told us at least one of those answers; the people who told us nothing are one figure
  ("35 people have not told us"), not a "Not known" row repeated in every table; and all of
  it is protected as one system (:func:`ccpl.disclosure.people_count_system`), because the
  tables share their totals. Equality answers are read only through ``ccpl.selectors``.
* Professional group is public where a register names everyone with their group (role
  holders): it is shown exactly, from the register, since hiding it would protect nothing.
  Elsewhere it is one more table of the system.
* :func:`population_analysis` turns published figures (live, or a stored publication) into
  the tables pages show: shares worked out from the published counts, benchmarks and
  representation ratios, and the earlier publications for change over time.

Nothing here stores or dates figures: publication points live in ``ccpl.publications``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from . import disclosure, snapshots
from .models import Benchmark
from .selectors import equality_told_us

Dimension = Benchmark.Dimension
DIMENSIONS = snapshots.DIMENSIONS
EQUALITY_DIMENSIONS = (Dimension.AGE_BAND, Dimension.SEX, Dimension.ETHNIC_GROUP)
# Professional groups compare with the workforce; everything else with the population.
BENCHMARK_FOR = {
    Dimension.PROFESSIONAL_GROUP: Benchmark.Kind.WORKFORCE,
    Dimension.AGE_BAND: Benchmark.Kind.POPULATION,
    Dimension.SEX: Benchmark.Kind.POPULATION,
    Dimension.ETHNIC_GROUP: Benchmark.Kind.POPULATION,
}
DIMENSION_TITLES = {
    Dimension.PROFESSIONAL_GROUP: "Professional group",
    Dimension.AGE_BAND: "Age",
    Dimension.SEX: "Sex",
    Dimension.ETHNIC_GROUP: "Ethnic group",
}
NOT_STATED = {snapshots.PREFER_NOT_TO_SAY, snapshots.NOT_ANSWERED}
NOT_ANSWERED_LABEL = "Not answered"
REGISTER_NOTE = (
    "Professional groups are exact: the role register already publishes every holder's "
    "name and professional group, so rounding or hiding them would protect nobody."
)
FIGURES_VERSION = 1


def _labels(dimension: str, seen) -> dict[str, str]:
    """Every category of a dimension in display order, plus any only found in the counts."""
    labels = snapshots.category_labels(dimension)
    if dimension != Dimension.PROFESSIONAL_GROUP:
        labels[snapshots.NOT_ANSWERED] = NOT_ANSWERED_LABEL
    extra = {k: k.replace("-", " ").replace("_", " ").capitalize() for k in seen if k not in labels}
    return labels | extra


def publish_population(people, *, register_public: bool = False) -> dict:
    """The published figures of a population (JSON-ready; published figures only).

    ``register_public``: a public register already names everyone in the population with
    their professional group, so the total and the professional groups are shown exactly.
    A fixed number of queries."""
    total = people.count()
    told_people = equality_told_us(people=people)
    told = told_people.count()
    groups = snapshots.population_counts(people=people, dimension=Dimension.PROFESSIONAL_GROUP)
    group_labels = _labels(Dimension.PROFESSIONAL_GROUP, groups)
    tables: dict[str, tuple[list, dict]] = {}
    labels: dict[str, dict[str, str]] = {Dimension.PROFESSIONAL_GROUP: group_labels}
    for dimension in EQUALITY_DIMENSIONS:
        counts = snapshots.population_counts(people=told_people, dimension=dimension)
        labels[dimension] = _labels(dimension, counts)
        tables[dimension] = (list(labels[dimension]), counts)
    system = disclosure.people_count_system(
        tables,
        total=total,
        not_told=total - told,
        total_exact=register_public,
        total_tables={}
        if register_public
        else {"professional_group": (list(group_labels), groups)},
    )

    def figure(cell: disclosure.Cell) -> list:
        return [cell.value, cell.hidden]

    def stored(dimension: str, table: disclosure.DisclosedTable) -> dict:
        return {
            "rows": [
                [category, labels[dimension][category], *figure(row.cells[0])]
                for category, row in zip(table.row_labels, table.rows(), strict=True)
            ],
            "total": figure(table.total),
            "exact": False,
        }

    out_tables = {}
    if register_public:
        out_tables[Dimension.PROFESSIONAL_GROUP] = {
            "rows": [[c, label, groups.get(c, 0), False] for c, label in group_labels.items()],
            "total": [total, False],
            "exact": True,
        }
    else:
        out_tables[Dimension.PROFESSIONAL_GROUP] = stored(
            Dimension.PROFESSIONAL_GROUP, system.total_tables["professional_group"]
        )
    for dimension in EQUALITY_DIMENSIONS:
        out_tables[dimension] = stored(dimension, system.tables[dimension])
    return {
        "version": FIGURES_VERSION,
        "total": [*figure(system.total), register_public],
        "told": figure(system.told),
        "not_told": figure(system.not_told),
        "tables": out_tables,
    }


# --- Tables for pages, CSV files, tiles and PDFs -------------------------------------------


def _cell(stored: Sequence) -> disclosure.Cell:
    return disclosure.published_cell(stored[0], hidden=bool(stored[1]))


@dataclass(frozen=True)
class DiversityRow:
    category: str
    label: str
    holders: disclosure.Cell  # the population's count (named for the first population shown)
    share: disclosure.Share
    benchmark: str
    ratio: str
    not_stated: bool


@dataclass(frozen=True)
class YearOnYear:
    """One dimension in earlier publications: published counts and shares, oldest first."""

    dates: tuple[date, ...]
    labels: dict[str, str]
    cells: dict[str, list[disclosure.Cell]]
    totals_cells: list[disclosure.Cell]

    def rows(self):
        """(label, [(count cell, share), ...]) per category, in date order."""
        return [
            (
                label,
                [
                    (cell, disclosure.people_share(cell, total))
                    for cell, total in zip(self.cells[category], self.totals_cells, strict=True)
                ],
            )
            for category, label in self.labels.items()
        ]

    def totals(self):
        return list(self.totals_cells)


@dataclass(frozen=True)
class DiversityTable:
    dimension: str
    title: str
    benchmark_kind: str
    benchmark_label: str
    rows: list[DiversityRow]
    total: disclosure.Cell
    exact: bool  # professional group from a public register: not rounded
    year_on_year: YearOnYear | None = None
    last_year = None


@dataclass(frozen=True)
class PopulationAnalysis:
    """Every table published about one population, from one set of published figures."""

    total: disclosure.Cell
    total_exact: bool
    told: disclosure.Cell
    not_told: disclosure.Cell
    tables: list[DiversityTable]
    published_on: date | None = None
    shares_of_everyone: bool = False  # shares by age, sex and ethnic group are of everyone

    @property
    def has_people(self) -> bool:
        return bool(self.total.value or self.total.hidden)

    @property
    def register_note(self) -> str:
        return REGISTER_NOTE if self.total_exact else ""


def _benchmarks() -> dict[tuple[str, str], dict[str, Decimal]]:
    out: dict[tuple[str, str], dict[str, Decimal]] = {}
    for b in Benchmark.objects.filter(place__isnull=True):
        out.setdefault((b.benchmark, b.dimension), {})[b.category] = b.share
    return out


def _year_on_year(dimension: str, history: Sequence[tuple[date, Mapping]]) -> YearOnYear | None:
    if not history:
        return None
    labels: dict[str, str] = {}
    for _, figures in history:
        for category, label, *_ in figures["tables"][dimension]["rows"]:
            labels.setdefault(category, label)
    cells: dict[str, list[disclosure.Cell]] = {c: [] for c in labels}
    totals = []
    for _, figures in history:
        table = figures["tables"][dimension]
        by_category = {row[0]: row[2:] for row in table["rows"]}
        for category in labels:
            cells[category].append(_cell(by_category.get(category, [0, False])))
        totals.append(_cell(table["total"]))
    return YearOnYear(
        dates=tuple(when for when, _ in history), labels=labels, cells=cells, totals_cells=totals
    )


def population_analysis(
    figures: Mapping,
    *,
    published_on: date | None = None,
    history: Sequence[tuple[date, Mapping]] = (),
) -> PopulationAnalysis:
    """The tables of one set of published figures, beside the benchmarks (workforce for
    professional group, the population served for the rest), with shares and representation
    ratios worked out from the published counts, and ``history`` (earlier publications,
    oldest first) for change over time. One query (the benchmarks)."""
    benchmarks = _benchmarks()
    kinds = dict(Benchmark.Kind.choices)
    everyone = _cell(figures["total"])
    # When the told-us total must be hidden (it would give away a small number who have not
    # told us), shares are of everyone instead, so that they can still be shown.
    of_everyone = _cell(figures["told"]).hidden and not everyone.hidden
    tables = []
    for dimension in DIMENSIONS:
        stored = figures["tables"][dimension]
        total = _cell(stored["total"])
        denominator = everyone if of_everyone and dimension in EQUALITY_DIMENSIONS else total
        kind = BENCHMARK_FOR[dimension]
        shares = benchmarks.get((kind, dimension), {})
        rows = []
        for category, label, *figure in stored["rows"]:
            cell = _cell(figure)
            share = disclosure.people_share(cell, denominator)
            benchmark = None if category in NOT_STATED else shares.get(category)
            rows.append(
                DiversityRow(
                    category=category,
                    label=label,
                    holders=cell,
                    share=share,
                    benchmark=disclosure.benchmark_display(benchmark),
                    ratio=disclosure.representation_ratio(share, benchmark),
                    not_stated=category in NOT_STATED,
                )
            )
        tables.append(
            DiversityTable(
                dimension=dimension,
                title=DIMENSION_TITLES[dimension],
                benchmark_kind=kind,
                benchmark_label=kinds[kind],
                rows=rows,
                total=total,
                exact=bool(stored.get("exact")),
                year_on_year=_year_on_year(dimension, history),
            )
        )
    return PopulationAnalysis(
        total=everyone,
        shares_of_everyone=of_everyone,
        total_exact=bool(figures["total"][2]),
        told=_cell(figures["told"]),
        not_told=_cell(figures["not_told"]),
        tables=tables,
        published_on=published_on,
    )


CSV_HEADER = [
    "Dimension",
    "Category",
    "Date",
    "People",
    "Share (%)",
    "Benchmark",
    "Benchmark share (%)",
    "Representation ratio",
]


def diversity_csv_rows(analysis: PopulationAnalysis) -> list[list]:
    """The analysis as open data, long format: the publication's figures with benchmarks,
    the people who have not told us, then each earlier publication. Hidden figures are ``*``."""
    when = analysis.published_on.isoformat() if analysis.published_on else ""
    out = [CSV_HEADER]
    out.append(["Everyone", "Total", when, analysis.total.csv_value, "", "", "", ""])
    out.append(["Everyone", "Have not told us", when, analysis.not_told.csv_value, "", "", "", ""])
    for table in analysis.tables:
        for row in table.rows:
            out.append(
                [
                    table.title,
                    row.label,
                    when,
                    row.holders.csv_value,
                    row.share.csv_value,
                    table.benchmark_label,
                    row.benchmark.rstrip("%") if row.benchmark != "–" else "",
                    row.ratio if row.ratio != "–" else "",
                ]
            )
        out.append([table.title, "Total", when, table.total.csv_value, "", "", "", ""])
        if table.year_on_year:
            for label, cells in table.year_on_year.rows():
                for date_, (cell, share) in zip(table.year_on_year.dates, cells, strict=True):
                    out.append(
                        [table.title, label, date_.isoformat(), cell.csv_value, share.csv_value]
                        + ["", "", ""]
                    )
    return out
