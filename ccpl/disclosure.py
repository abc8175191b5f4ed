"""Disclosure control: the one gate for every published figure that describes people.

Nothing that counts people (role holders, forum members, applicants, survey respondents)
may reach a page, CSV, chart or PDF except through this module. There are two policies.

**People counts** — NHS Digital's method for Hospital Episode Statistics (HES):

* 0 stays 0; 1 to ``PEOPLE_SUPPRESS_MAX`` (7) is shown as ``*``; anything else is rounded
  half-up to the nearest ``PEOPLE_ROUND_TO`` (5): 8 → 10, 12 → 10, 13 → 15.
* Totals are computed from the *unrounded* figures and then the same rule is applied, so a
  total need not equal the sum of the rounded figures shown (12 + 12 + 12 is shown as
  10, 10, 10 with a total of 35).
* Secondary suppression: no hidden figure can be worked out from the published ones. A table
  is a system of equations — every row, every column, the column of row totals (whose total is
  the grand total) and the row of column totals. After primary suppression, any line with
  exactly one hidden figure gets a second one hidden: the smallest visible non-zero cell of the
  line (ties: the first in order), or the line's total when no such cell is left. This repeats
  until stable. Then a final check closes the remaining gap: a hidden figure can also be
  recovered by adding and subtracting *several* lines (two separate blocks of hidden cells
  joined by a single hidden cell). In graph terms (lines are nodes, hidden figures are edges) a
  hidden figure is recoverable exactly when its edge is a bridge; each bridge found gets the
  smallest visible non-zero figure that puts it on a cycle hidden too. The result: no hidden
  figure is determined by any combination of the published figures, even treating the rounded
  figures as if they were exact.
* Secondarily hidden figures look exactly like small ones (``*``): nothing published says
  which rule hid a figure.
* Shares and ratios are computed from the *published* (rounded) counts, with exact
  :class:`~decimal.Decimal` arithmetic rounded half-up, and hidden when either input is
  hidden; a zero (published) denominator gives "not available" (``–``). A share worked out
  from raw counts would undo the rounding: "15, 35%" and "15, 46%" fit one total only, and
  from it every raw count. 13 of 43 is published as 15 of 45, so 33%.
* Ethnicity is published by ONS 2021 broad group only: collapse detailed categories first with
  :func:`collapse_to_ethnic_groups`.

**Survey results** — the GP Patient Survey approach:

* Whole-question figures are exact: the count for each option and its percentage of the
  people who answered that question.
* A breakdown (by professional group, by Place...) hides every group with fewer than
  ``SURVEY_MIN_GROUP`` (10) respondents: its respondent count, counts and percentages. When
  exactly one group would be hidden, the next smallest group is hidden too, so the hidden one
  cannot be found by subtracting the visible groups from the whole-question figures.
* An about-you table (how many respondents are in each group) follows the same rule: a
  group under 10 is ``*``, with a second hidden when only one would be.

Percentages everywhere are whole numbers by default, rounded half-up (12.5% → 13%), shown like
``45%``; rounded percentages need not add up to 100. Survey results tables may ask for decimal
places the way survey tools export them (``decimals=2``: 639 of 1,251 → ``51.08%``), still
rounded half-up from the exact counts.

Published objects (:class:`Cell`, :class:`Share` and the tables built from them) carry only
published figures in their fields, ``str()`` and ``repr()``. The raw count behind a cell is
kept in the private ``_raw`` attribute, read only inside this module (to compute shares and
totals). Templates render ``.display``; CSV exports use ``csv_rows()``.

Each policy is stated once in plain words, from the same constants, in ``POLICY_STATEMENTS``
(a report's "About this report" prints those of the policies its sections use) and the
footnotes ``PEOPLE_FOOTNOTE`` and ``SURVEY_FOOTNOTE``.

Entry points: :func:`people_count`, :func:`people_count_table`, :func:`people_share`,
:func:`people_count_system` (every table of one population together), :func:`published_cell`,
:func:`collapse_to_ethnic_groups` for people; :func:`survey_question_result`,
:func:`survey_breakdown`, :func:`survey_group_sizes` (about-you tables) and
:func:`survey_share` for surveys.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, localcontext
from types import MappingProxyType
from typing import Any, Literal, NamedTuple

from ccpl.equality import NOT_ANSWERED, PREFER_NOT_TO_SAY, EthnicGroup, Ethnicity, ethnic_group
from ccpl.formatting import nhs_count

PEOPLE_SUPPRESS_MAX = 7
PEOPLE_ROUND_TO = 5
SURVEY_MIN_GROUP = 10

HIDDEN_DISPLAY = "*"
NOT_AVAILABLE_DISPLAY = "–"
SERIES_COLUMN = "count"
TOTAL_LABEL = "Total"

PEOPLE_FOOTNOTE = (
    f"* means 1 to {PEOPLE_SUPPRESS_MAX} people, or a figure hidden so that a small number "
    f"cannot be worked out. Other figures are rounded to the nearest {PEOPLE_ROUND_TO}. Totals "
    "are rounded separately, so they may not equal the sum of the figures shown. Percentages "
    "are worked out from the rounded figures shown, so they may differ from the exact "
    "percentages."
)
SURVEY_FOOTNOTE = (
    f"* means a group with fewer than {SURVEY_MIN_GROUP} respondents, or a group hidden so "
    "that a small group cannot be worked out. Percentages are of the people who answered the "
    "question and may not add up to 100 because of rounding."
)

# The two policies in a sentence each, for documents that say which ones their figures went
# through (a report's "About this report"): written from the same constants the rules use.
PEOPLE_POLICY = "people"
SURVEY_POLICY = "survey"
POLICY_STATEMENTS = MappingProxyType(
    {
        PEOPLE_POLICY: (
            f"Counts of people go through disclosure control: 1 to {PEOPLE_SUPPRESS_MAX} people "
            f"are shown as *, other counts are rounded to the nearest {PEOPLE_ROUND_TO}, and "
            "percentages are worked out from the rounded counts."
        ),
        SURVEY_POLICY: (
            "Survey results are exact: each answer's count, and its percentage of the people "
            "who answered the question. Results by group are not shown for a group of fewer "
            f"than {SURVEY_MIN_GROUP} respondents (shown as *); when only one group would be "
            "hidden, the next smallest is hidden too, so that it cannot be worked out."
        ),
    }
)


Label = Hashable


# ---------------------------------------------------------------------------------------------
# Published figures


@dataclass(frozen=True)
class Cell:
    """One published figure.

    ``value`` is the figure to publish (rounded for people counts, exact for survey counts),
    or ``None`` when hidden; ``display`` is what a page shows (``"0"``, ``"15"``, ``"1,235"``
    or ``"*"``). The raw count is not a field: it never appears in ``repr()``, ``str()``,
    equality or ``dataclasses.asdict()``.
    """

    value: int | None
    display: str
    hidden: bool

    _raw = None  # instance attribute set by _cell(); None on cells made outside this module

    @property
    def is_suppressed(self) -> bool:
        return self.hidden

    @property
    def csv_value(self) -> str:
        """The figure for a CSV file: ``*`` when hidden, otherwise digits without commas."""
        return HIDDEN_DISPLAY if self.hidden else str(self.value)

    def __str__(self) -> str:
        return self.display


@dataclass(frozen=True)
class Share:
    """One published percentage (people: from the published counts; surveys: from exact counts).

    ``percent`` is a whole number rounded half-up (a :class:`~decimal.Decimal` with that many
    places when decimals were asked for), or ``None`` when hidden or not available.
    ``hidden`` is true when an input is hidden; ``available`` is false when the denominator
    is zero. ``display`` is ``"45%"``, ``"*"`` or ``"–"``.
    """

    percent: int | Decimal | None
    display: str
    hidden: bool
    available: bool

    @property
    def is_suppressed(self) -> bool:
        return self.hidden

    @property
    def csv_value(self) -> str:
        """For a CSV file: the number (no ``%``), ``*`` when hidden, empty when n/a."""
        if self.hidden:
            return HIDDEN_DISPLAY
        return "" if self.percent is None else str(self.percent)

    def __str__(self) -> str:
        return self.display


def _cell(raw: int, value: int | None, hidden: bool) -> Cell:
    display = HIDDEN_DISPLAY if hidden else nhs_count(value)
    cell = Cell(value=None if hidden else value, display=display, hidden=hidden)
    object.__setattr__(cell, "_raw", raw)
    return cell


def _percent(numerator: int, denominator: int, decimals: int = 0) -> int | Decimal:
    """100 × numerator / denominator rounded half-up (never banker's) to ``decimals`` places:
    a whole number, or a :class:`~decimal.Decimal` with exactly that many places."""
    scale = 10**decimals
    units = (200 * numerator * scale + denominator) // (2 * denominator)
    return units if decimals == 0 else Decimal(units).scaleb(-decimals)


def _check_decimals(decimals: Any) -> None:
    if isinstance(decimals, bool) or not isinstance(decimals, int) or not 0 <= decimals <= 4:
        raise ValueError("decimals must be a whole number from 0 to 4")


def _share(numerator: int, denominator: int, *, hidden: bool, decimals: int = 0) -> Share:
    if hidden:
        return Share(percent=None, display=HIDDEN_DISPLAY, hidden=True, available=True)
    if denominator == 0:
        return Share(percent=None, display=NOT_AVAILABLE_DISPLAY, hidden=False, available=False)
    percent = _percent(numerator, denominator, decimals)
    return Share(percent=percent, display=f"{percent}%", hidden=False, available=True)


def _check_count(n: Any, what: str = "count") -> None:
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(f"A {what} must be a whole number, not {type(n).__name__}")
    if n < 0:
        raise ValueError(f"A {what} cannot be negative")


def _labels(given: Iterable[Label] | None, seen: Iterable[Label], kind: str) -> tuple:
    seen = list(dict.fromkeys(seen))
    if given is None:
        return tuple(seen)
    labels = tuple(given)
    if len(set(labels)) != len(labels):
        raise ValueError(f"The {kind} labels contain duplicates")
    missing = [label for label in seen if label not in set(labels)]
    if missing:
        raise ValueError(f"Counts given for {kind}s not listed in {kind}s=: {missing!r}")
    return labels


# ---------------------------------------------------------------------------------------------
# People counts


def round_people(n: int) -> int:
    """``n`` rounded half-up to the nearest ``PEOPLE_ROUND_TO`` (8 → 10, 12 → 10, 13 → 15).

    Only the rounding step: use :func:`people_count` to publish a figure.
    """
    _check_count(n)
    return (2 * n + PEOPLE_ROUND_TO) // (2 * PEOPLE_ROUND_TO) * PEOPLE_ROUND_TO


def people_count(n: int) -> Cell:
    """Publish one stand-alone count of people.

    0 → ``0``; 1–7 → ``*`` (hidden); otherwise rounded to the nearest 5. Only for a figure
    published on its own: figures that appear together with their totals must go through
    :func:`people_count_table` so that secondary suppression applies.
    """
    return _cell(n, round_people(n), 1 <= n <= PEOPLE_SUPPRESS_MAX)


def _published_of(figure: Cell | int, what: str) -> tuple[int, bool]:
    """(published count, hidden) for a cell made by this module, or for a plain int judged
    on its own as :func:`people_count` would publish it."""
    if isinstance(figure, Cell):
        if figure._raw is None:
            raise ValueError(f"The {what} cell was not produced by ccpl.disclosure")
        return (0 if figure.hidden else figure.value), figure.hidden
    _check_count(figure, what)
    return round_people(figure), 1 <= figure <= PEOPLE_SUPPRESS_MAX


def published_percent(numerator: int, denominator: int) -> int:
    """100 × numerator ÷ denominator of two *published* figures, as a whole number rounded
    half-up with exact :class:`~decimal.Decimal` arithmetic (15 of 45 → 33; 5 of 40 → 13)."""
    with localcontext() as context:
        context.prec = 60
        exact = Decimal(100 * numerator) / Decimal(denominator)
        return int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def people_share(numerator: Cell | int, denominator: Cell | int) -> Share:
    """Publish numerator ÷ denominator as a percentage, worked out from the *published*
    (rounded) counts, so the percentage tells nobody more than the counts beside it.

    Pass the :class:`Cell` objects of the published table (so that secondary suppression
    carries over), or plain ints (each then judged on its own, as :func:`people_count`).
    Hidden (``*``) when either input is hidden; not available (``–``) when the published
    denominator is 0; otherwise a whole percentage rounded half-up (13 of 43 is published
    as 15 of 45: 33%). A numerator larger than the denominator gives more than 100%.
    """
    num, num_hidden = _published_of(numerator, "numerator")
    den, den_hidden = _published_of(denominator, "denominator")
    if num_hidden or den_hidden:
        return Share(percent=None, display=HIDDEN_DISPLAY, hidden=True, available=True)
    if den == 0:
        return Share(percent=None, display=NOT_AVAILABLE_DISPLAY, hidden=False, available=False)
    percent = published_percent(num, den)
    return Share(percent=percent, display=f"{percent}%", hidden=False, available=True)


def people_ratio(
    numerator: tuple[Cell, Cell], denominator: tuple[Cell, Cell], *, places: int = 2
) -> str:
    """(a ÷ b) ÷ (c ÷ d) of four published cells, e.g. a relative likelihood of appointment,
    worked out from their *published* values with exact Decimal arithmetic, rounded half-up to
    ``places`` decimals: ``*`` when any is hidden, ``–`` when a divisor is 0."""
    (a, b), (c, d) = numerator, denominator
    values = [_published_of(cell, "ratio") for cell in (a, b, c, d)]
    if any(hidden for _, hidden in values):
        return HIDDEN_DISPLAY
    va, vb, vc, vd = (value for value, _ in values)
    if vb == 0 or vd == 0 or vc == 0:
        return NOT_AVAILABLE_DISPLAY
    with localcontext() as context:
        context.prec = 60
        ratio = (Decimal(va) * Decimal(vd)) / (Decimal(vb) * Decimal(vc))
        return f"{ratio.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)}"


class TableRow(NamedTuple):
    """One row of a published table: its label, its cells in column order, and its total
    (``None`` when the table publishes no row totals)."""

    label: Label
    cells: tuple[Cell, ...]
    total: Cell | None


@dataclass(frozen=True, eq=False, repr=False)
class DisclosedTable:
    """A people-count table after disclosure control; every figure is a :class:`Cell`.

    ``cells`` is keyed by ``(row, column)``. ``row_totals`` / ``column_totals`` are empty when
    the table does not publish them; ``grand_total`` is ``None`` unless both are published.
    """

    row_labels: tuple
    column_labels: tuple
    cells: Mapping[tuple[Label, Label], Cell]
    row_totals: Mapping[Label, Cell]
    column_totals: Mapping[Label, Cell]
    grand_total: Cell | None

    def __repr__(self) -> str:
        return f"<DisclosedTable {len(self.row_labels)}×{len(self.column_labels)}>"

    def cell(self, row: Label, column: Label) -> Cell:
        return self.cells[(row, column)]

    @property
    def total(self) -> Cell | None:
        """The overall total, if published: the grand total, or for a one-column series its
        column total."""
        if self.grand_total is not None:
            return self.grand_total
        if len(self.column_labels) == 1 and self.column_totals:
            return self.column_totals[self.column_labels[0]]
        if len(self.row_labels) == 1 and self.row_totals:
            return self.row_totals[self.row_labels[0]]
        return None

    def rows(self) -> list[TableRow]:
        """The body rows in order, for templates: ``label, cells, total``."""
        return [
            TableRow(
                row,
                tuple(self.cells[(row, column)] for column in self.column_labels),
                self.row_totals.get(row),
            )
            for row in self.row_labels
        ]

    def totals_row(self) -> TableRow | None:
        """The column totals and the grand total as a row labelled ``"Total"``, or ``None``
        when column totals are not published."""
        if not self.column_totals:
            return None
        cells = tuple(self.column_totals[column] for column in self.column_labels)
        return TableRow(TOTAL_LABEL, cells, self.grand_total)

    def share(
        self, row: Label, column: Label, *, within: Literal["row", "column", "table"] = "row"
    ) -> Share:
        """One cell as a percentage of its row total, column total or the grand total."""
        if within == "row":
            denominator = self.row_totals.get(row)
        elif within == "column":
            denominator = self.column_totals.get(column)
        elif within == "table":
            denominator = self.grand_total
        else:
            raise ValueError(f"within must be 'row', 'column' or 'table', not {within!r}")
        if denominator is None:
            raise ValueError(f"This table does not publish the {within} total")
        return people_share(self.cells[(row, column)], denominator)

    def csv_rows(
        self,
        *,
        label: Callable[[Label], str] = str,
        corner: str = "",
        total_label: str = TOTAL_LABEL,
    ) -> list[list[str]]:
        """Header, body rows and totals row as lists of strings, ready for ``csv.writer``.

        Hidden figures are ``*``; numbers have no thousands separators. ``label`` turns a row
        or column key into its heading (e.g. ``lambda g: EthnicGroup(g).label``).
        """
        header = [corner, *(label(column) for column in self.column_labels)]
        if self.row_totals:
            header.append(total_label)
        out = [header]
        for row in self.rows():
            line = [label(row.label), *(cell.csv_value for cell in row.cells)]
            if row.total is not None:
                line.append(row.total.csv_value)
            out.append(line)
        totals = self.totals_row()
        if totals is not None:
            line = [total_label, *(cell.csv_value for cell in totals.cells)]
            if totals.total is not None:
                line.append(totals.total.csv_value)
            out.append(line)
        return out


def people_count_table(
    counts: Mapping[Label, Mapping[Label, int]] | Mapping[Label, int],
    *,
    rows: Sequence[Label] | None = None,
    columns: Sequence[Label] | None = None,
    row_totals: bool | None = None,
    column_totals: bool = True,
) -> DisclosedTable:
    """Publish a table of people counts with primary and secondary suppression.

    ``counts`` maps row → column → raw count; missing cells are 0. A flat mapping
    (label → count) is a one-column series whose column is ``columns[0]`` or
    ``SERIES_COLUMN``. ``rows`` / ``columns`` fix the order and add all-zero lines; every
    label in ``counts`` must then be listed. Row totals are published by default for a
    two-way table and not for a series (they would repeat its cells); pass
    ``row_totals=False`` / ``column_totals=False`` when a table shows no such totals (e.g. a
    recruitment funnel, whose stages do not add up), so that no figure is hidden to protect
    a total nobody sees. The grand total is published only with both.

    Guarantees: every cell and total follows the people-count rule, totals being worked out
    from unrounded figures; zeros are never hidden; no published line has exactly one hidden
    figure; and no hidden figure can be computed exactly from any combination of published
    figures (see the module docstring).
    """
    series = bool(counts) and not any(isinstance(v, Mapping) for v in counts.values())
    if series:
        if columns is not None and len(columns) != 1:
            raise ValueError("A series has exactly one column")
        column = SERIES_COLUMN if columns is None else columns[0]
        grid: Mapping[Label, Mapping[Label, int]] = {r: {column: n} for r, n in counts.items()}
        columns = [column]
    else:
        if any(not isinstance(v, Mapping) for v in counts.values()):
            raise TypeError("Counts must be all mappings (a table) or all ints (a series)")
        grid = counts  # type: ignore[assignment]
    row_labels = _labels(rows, grid.keys(), "row")
    column_labels = _labels(columns, (c for m in grid.values() for c in m), "column")
    publish_rows = (not series) if row_totals is None else row_totals
    publish_columns = column_totals
    publish_grand = publish_rows and publish_columns

    raw: dict[tuple, int] = {}
    for r in row_labels:
        for c in column_labels:
            n = grid.get(r, {}).get(c, 0)
            _check_count(n)
            raw[("cell", r, c)] = n
    for r in row_labels:
        raw[("row", r)] = sum(raw[("cell", r, c)] for c in column_labels)
    for c in column_labels:
        raw[("col", c)] = sum(raw[("cell", r, c)] for r in row_labels)
    raw[("grand",)] = sum(raw[("row", r)] for r in row_labels)

    lines: list[tuple[tuple, list[tuple]]] = []
    for r in row_labels:
        lines.append((("row", r), [("cell", r, c) for c in column_labels]))
    for c in column_labels:
        lines.append((("col", c), [("cell", r, c) for r in row_labels]))
    lines.append((("grand",), [("row", r) for r in row_labels]))
    lines.append((("grand",), [("col", c) for c in column_labels]))

    unpublished: set[tuple] = set()
    if not publish_rows:
        unpublished.update(("row", r) for r in row_labels)
    if not publish_columns:
        unpublished.update(("col", c) for c in column_labels)
    if not publish_grand:
        unpublished.add(("grand",))

    hidden = _protect(raw, lines, unpublished)

    def publish(figure: tuple) -> Cell:
        n = raw[figure]
        return _cell(n, round_people(n), figure in hidden)

    return DisclosedTable(
        row_labels=row_labels,
        column_labels=column_labels,
        cells=MappingProxyType(
            {(r, c): publish(("cell", r, c)) for r in row_labels for c in column_labels}
        ),
        row_totals=MappingProxyType(
            {r: publish(("row", r)) for r in row_labels} if publish_rows else {}
        ),
        column_totals=MappingProxyType(
            {c: publish(("col", c)) for c in column_labels} if publish_columns else {}
        ),
        grand_total=publish(("grand",)) if publish_grand else None,
    )


def _protect(
    raw: Mapping[tuple, int], lines: list[tuple[tuple, list[tuple]]], unpublished: set[tuple]
) -> set[tuple]:
    """The published figures to hide: primary suppression, then secondary until no hidden
    figure can be recovered. ``unpublished`` totals are unknown to a reader but never shown."""
    order = {figure: i for i, figure in enumerate(raw)}
    hidden = {f for f, n in raw.items() if f not in unpublished and 1 <= n <= PEOPLE_SUPPRESS_MAX}

    def unknown(figure: tuple) -> bool:
        return figure in hidden or figure in unpublished

    def visible_non_zero(figure: tuple) -> bool:
        return not unknown(figure) and raw[figure] > 0

    # Each figure sits on exactly two lines: the ends of its edge in the line graph.
    ends: dict[tuple, list[int]] = {f: [] for f in raw}
    for i, (total, members) in enumerate(lines):
        for figure in (*members, total):
            ends[figure].append(i)

    while True:
        # 1. No line may have exactly one unknown figure that is a hidden published figure.
        changed = True
        while changed:
            changed = False
            for total, members in lines:
                unknowns = [f for f in (*members, total) if unknown(f)]
                if len(unknowns) != 1 or unknowns[0] in unpublished:
                    continue
                candidates = [f for f in members if visible_non_zero(f)]
                pick = min(candidates, key=raw.__getitem__) if candidates else total
                if unknown(pick):  # pragma: no cover - a hidden total has a non-zero cell
                    raise AssertionError("disclosure: no figure left to hide")
                hidden.add(pick)
                changed = True

        # 2. No hidden figure may be a bridge of the graph of unknown figures.
        bridge = _find_bridge(sorted(hidden, key=order.__getitem__), ends, hidden | unpublished)
        if bridge is None:
            return hidden
        side_a, side_b = bridge
        crossing = [
            f
            for f in raw
            if visible_non_zero(f) and (ends[f][0] in side_a) != (ends[f][1] in side_a)
        ]
        joining = [f for f in crossing if ends[f][0] in side_b or ends[f][1] in side_b]
        candidates = joining or crossing
        if not candidates:  # pragma: no cover - a non-zero bridge always has a partner
            raise AssertionError("disclosure: no figure left to hide")
        hidden.add(min(candidates, key=lambda f: (raw[f], order[f])))


def _find_bridge(
    hidden: list[tuple], ends: Mapping[tuple, list[int]], unknowns: set[tuple]
) -> tuple[set[int], set[int]] | None:
    """The two sides of the first hidden figure whose edge is a bridge, else ``None``.

    Lines are nodes; unknown figures are edges between their two lines. A hidden figure can
    be computed from the published ones exactly when no cycle of unknown figures runs
    through it (the table's equations form a network: each figure is on two lines).
    """
    adjacency: dict[int, list[tuple[tuple, int]]] = {}
    for figure in unknowns:
        a, b = ends[figure]
        adjacency.setdefault(a, []).append((figure, b))
        adjacency.setdefault(b, []).append((figure, a))

    def reach(start: int, skip: tuple) -> set[int]:
        seen = {start}
        stack = [start]
        while stack:
            node = stack.pop()
            for figure, other in adjacency.get(node, ()):
                if figure != skip and other not in seen:
                    seen.add(other)
                    stack.append(other)
        return seen

    for figure in hidden:
        a, b = ends[figure]
        side_a = reach(a, figure)
        if b not in side_a:
            return side_a, reach(b, figure)
    return None


def collapse_to_ethnic_groups(counts_by_ethnicity: Mapping[str | None, int]) -> dict[str, int]:
    """Add up counts by ONS 2021 ethnicity into the broad groups published.

    Keys are ``Ethnicity`` values; ``"prefer_not_to_say"``, ``"not_answered"``, ``""`` and
    ``None`` go to "Not stated". Returns every ``EthnicGroup`` (as its enum member), in the
    enum's order, zeros included, so tables keep the same rows. Any other key raises
    ``ValueError`` rather than being silently counted as not stated. The result is still raw:
    publish it with :func:`people_count_table`.
    """
    not_stated = {PREFER_NOT_TO_SAY, NOT_ANSWERED, "", None}
    known = set(Ethnicity.values)
    totals = {group: 0 for group in EthnicGroup}
    for ethnicity, n in counts_by_ethnicity.items():
        _check_count(n)
        if ethnicity not in known and ethnicity not in not_stated:
            raise ValueError(f"Unknown ethnicity category: {ethnicity!r}")
        totals[EthnicGroup(ethnic_group(ethnicity or ""))] += n
    return totals


# ---------------------------------------------------------------------------------------------
# Survey results


@dataclass(frozen=True)
class OptionResult:
    """One answer option: how many chose it and what percentage of respondents that is."""

    option: Label
    count: Cell
    percent: Share


@dataclass(frozen=True, eq=False, repr=False)
class SurveyResult:
    """Exact whole-question results: ``respondents`` (n) and one result per option."""

    options: tuple
    respondents: Cell
    results: Mapping[Label, OptionResult]

    def __repr__(self) -> str:
        return f"<SurveyResult n={self.respondents.display} options={len(self.options)}>"

    def rows(self) -> list[OptionResult]:
        """Option results in order, for templates."""
        return [self.results[option] for option in self.options]

    def csv_rows(
        self,
        *,
        label: Callable[[Label], str] = str,
        option_heading: str = "Answer",
        respondents_label: str = "Respondents",
    ) -> list[list[str]]:
        """Header, one row per option (number, percentage) and a respondents row."""
        out = [[option_heading, "Number", "Percentage"]]
        for result in self.rows():
            out.append([label(result.option), result.count.csv_value, result.percent.csv_value])
        out.append([respondents_label, self.respondents.csv_value, ""])
        return out


def _survey_counts(
    option_counts: Mapping[Label, int], options: Sequence[Label] | None
) -> tuple[tuple, dict[Label, int]]:
    labels = _labels(options, option_counts.keys(), "option")
    counts = {}
    for option in labels:
        n = option_counts.get(option, 0)
        _check_count(n)
        counts[option] = n
    return labels, counts


def _respondents(counts: Mapping[Label, int], respondents: int | None) -> int:
    if respondents is None:
        return sum(counts.values())
    _check_count(respondents, "respondent count")
    if counts and respondents < max(counts.values()):
        raise ValueError("Fewer respondents than people choosing one option")
    return respondents


def _survey_result(
    options: tuple, counts: Mapping[Label, int], n: int, *, hidden: bool, decimals: int = 0
) -> tuple[Cell, dict[Label, OptionResult]]:
    results = {
        option: OptionResult(
            option,
            _cell(counts[option], counts[option], hidden),
            _share(counts[option], n, hidden=hidden, decimals=decimals),
        )
        for option in options
    }
    return _cell(n, n, hidden), results


def survey_question_result(
    option_counts: Mapping[Label, int],
    *,
    options: Sequence[Label] | None = None,
    respondents: int | None = None,
    decimals: int = 0,
) -> SurveyResult:
    """Publish one question's whole results, exactly.

    ``option_counts`` maps option → number choosing it; ``options`` fixes the order and adds
    options nobody chose. ``respondents`` is the number who answered the question: by
    default the sum of the counts (single choice); give it for a multiple-choice question.
    Counts are exact; percentages are of respondents, rounded half-up to ``decimals`` places
    (whole numbers by default; 2 for a table like the survey tools' exports); with no
    respondents every percentage is not available (``–``). Nothing is hidden.
    """
    _check_decimals(decimals)
    labels, counts = _survey_counts(option_counts, options)
    n = _respondents(counts, respondents)
    cell, results = _survey_result(labels, counts, n, hidden=False, decimals=decimals)
    return SurveyResult(labels, cell, MappingProxyType(results))


class BreakdownRow(NamedTuple):
    """One group of a survey breakdown: label, respondents (n) and results in option order."""

    label: Label
    respondents: Cell
    results: tuple[OptionResult, ...]


@dataclass(frozen=True, eq=False, repr=False)
class SurveyBreakdown:
    """A question's results by group, after disclosure control, with the exact whole-question
    results in ``overall``. A hidden group has every figure (n, counts, percentages) hidden."""

    groups: tuple
    options: tuple
    respondents: Mapping[Label, Cell]
    cells: Mapping[tuple[Label, Label], OptionResult]
    overall: SurveyResult

    def __repr__(self) -> str:
        return f"<SurveyBreakdown groups={len(self.groups)} options={len(self.options)}>"

    def is_hidden(self, group: Label) -> bool:
        return self.respondents[group].hidden

    def rows(self) -> list[BreakdownRow]:
        """One row per group in order, for templates."""
        return [
            BreakdownRow(
                group,
                self.respondents[group],
                tuple(self.cells[(group, option)] for option in self.options),
            )
            for group in self.groups
        ]

    def csv_rows(
        self,
        *,
        label: Callable[[Label], str] = str,
        group_heading: str = "Group",
        total_label: str = "All respondents",
    ) -> list[list[str]]:
        """Header, one row per group and a whole-question row: respondents, then number and
        percentage for each option. Hidden figures are ``*``; unavailable percentages empty."""
        header = [group_heading, "Respondents"]
        for option in self.options:
            header += [f"{label(option)} (number)", f"{label(option)} (%)"]
        out = [header]
        body = [(label(row.label), row.respondents, row.results) for row in self.rows()]
        body.append((total_label, self.overall.respondents, tuple(self.overall.rows())))
        for name, n, results in body:
            line = [name, n.csv_value]
            for result in results:
                line += [result.count.csv_value, result.percent.csv_value]
            out.append(line)
        return out


def survey_breakdown(
    counts: Mapping[Label, Mapping[Label, int]],
    *,
    groups: Sequence[Label] | None = None,
    options: Sequence[Label] | None = None,
    respondents: Mapping[Label, int] | None = None,
    minimum_group_size: int = SURVEY_MIN_GROUP,
    decimals: int = 0,
) -> SurveyBreakdown:
    """Publish one question's results by group (professional group, Place...).

    ``counts`` maps group → option → count; ``groups`` / ``options`` fix the order and add
    empty ones. ``respondents`` gives each group's n for a multiple-choice question (default:
    the sum of the group's counts). Each respondent belongs to one group; ``overall`` is the
    exact whole-question result over all groups.

    Guarantees: a group with 1 to ``minimum_group_size - 1`` respondents is hidden whole (n,
    counts, percentages). If that leaves exactly one hidden group, the smallest visible
    non-empty group (ties: first in order) is hidden too; if there is none, the first empty
    group is hidden instead, so the whole-question figures minus the visible groups never
    isolate one group. Groups with no respondents otherwise show 0 with percentages ``–``.
    Visible groups' figures are exact, percentages of the group's respondents (rounded
    half-up to ``decimals`` places, whole numbers by default).
    """
    _check_decimals(decimals)
    _check_count(minimum_group_size, "minimum group size")
    if minimum_group_size < 1:
        raise ValueError("The minimum group size must be at least 1")
    group_labels = _labels(groups, counts.keys(), "group")
    option_labels = _labels(options, (o for m in counts.values() for o in m), "option")
    if respondents is not None:
        extra = [g for g in respondents if g not in set(group_labels)]
        if extra:
            raise ValueError(f"Respondents given for groups not listed: {extra!r}")

    group_counts: dict[Label, dict[Label, int]] = {}
    group_n: dict[Label, int] = {}
    for group in group_labels:
        _, group_counts[group] = _survey_counts(counts.get(group, {}), option_labels)
        given = None if respondents is None else respondents.get(group, 0)
        group_n[group] = _respondents(group_counts[group], given)

    hidden = {g for g in group_labels if 0 < group_n[g] < minimum_group_size}
    if len(hidden) == 1:
        visible = [g for g in group_labels if g not in hidden and group_n[g] > 0]
        empty = [g for g in group_labels if group_n[g] == 0]
        if visible:
            hidden.add(min(visible, key=group_n.__getitem__))
        elif empty:
            hidden.add(empty[0])

    respondent_cells: dict[Label, Cell] = {}
    cells: dict[tuple[Label, Label], OptionResult] = {}
    for group in group_labels:
        n_cell, results = _survey_result(
            option_labels,
            group_counts[group],
            group_n[group],
            hidden=group in hidden,
            decimals=decimals,
        )
        respondent_cells[group] = n_cell
        for option, result in results.items():
            cells[(group, option)] = result

    overall = survey_question_result(
        {o: sum(group_counts[g][o] for g in group_labels) for o in option_labels},
        options=option_labels,
        respondents=sum(group_n.values()),
        decimals=decimals,
    )
    return SurveyBreakdown(
        groups=group_labels,
        options=option_labels,
        respondents=MappingProxyType(respondent_cells),
        cells=MappingProxyType(cells),
        overall=overall,
    )


def survey_group_sizes(
    group_counts: Mapping[Label, int],
    *,
    groups: Sequence[Label] | None = None,
    minimum_group_size: int = SURVEY_MIN_GROUP,
    decimals: int = 0,
) -> SurveyResult:
    """Publish an about-you table: how many respondents are in each group (professional
    group, area...) and what percentage of the question's respondents that is.

    The breakdown rule applies (:func:`survey_breakdown`): a group of 1 to
    ``minimum_group_size - 1`` is hidden (``*``), and when that hides exactly one group the
    next smallest is hidden too, so the exact total minus the visible groups never gives a
    small group. The total (respondents) is exact, as for any whole question.
    """
    _check_decimals(decimals)
    labels, counts = _survey_counts(group_counts, groups)
    breakdown = survey_breakdown(
        {g: {SERIES_COLUMN: counts[g]} for g in labels},
        groups=labels,
        options=[SERIES_COLUMN],
        minimum_group_size=minimum_group_size,
    )
    n = sum(counts.values())
    results = {
        g: OptionResult(
            g,
            breakdown.respondents[g],
            _share(counts[g], n, hidden=breakdown.is_hidden(g), decimals=decimals),
        )
        for g in labels
    }
    return SurveyResult(labels, _cell(n, n, False), MappingProxyType(results))


def survey_share(count: int, respondents: int, *, decimals: int = 0) -> Share:
    """Publish one whole-survey share exactly: ``count`` of ``respondents`` as a percentage.

    For figures pooled from whole-question results, such as "% favourable" for a question
    (agree + strongly agree) or for a priority (its agreement questions' answers pooled).
    Never hidden (whole-survey figures are exact, as in :func:`survey_question_result`); not
    available (``–``) when there are no respondents. Not for a group of a breakdown: those go
    through :func:`survey_breakdown`, which hides small groups.
    """
    _check_decimals(decimals)
    _check_count(count)
    _check_count(respondents, "respondent count")
    if count > respondents:
        raise ValueError("The count cannot be larger than the number of respondents")
    return _share(count, respondents, hidden=False, decimals=decimals)


# --- Comparisons with a benchmark ---------------------------------------------------------


def benchmark_display(share) -> str:
    """A benchmark share (a proportion, e.g. Decimal("0.0475")) as a percentage: "4.8%", "51%"."""
    from decimal import ROUND_HALF_UP, Decimal

    if share is None:
        return NOT_AVAILABLE_DISPLAY
    percent = (Decimal(share) * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return f"{percent.normalize():f}%" if percent == percent.to_integral() else f"{percent}%"


def representation_ratio(share: Share, benchmark) -> str:
    """Published share ÷ benchmark share, to 2 decimal places.

    Worked out from the *published* whole-number percentage, so it reveals nothing the
    percentage does not: ``–`` when there is no benchmark (as for "prefer not to say") or
    no share; ``*`` when the share is hidden.
    """
    from decimal import ROUND_HALF_UP, Decimal

    if not benchmark:
        return NOT_AVAILABLE_DISPLAY
    if share.hidden:
        return HIDDEN_DISPLAY
    if share.percent is None:
        return NOT_AVAILABLE_DISPLAY
    ratio = Decimal(share.percent) / 100 / Decimal(benchmark)
    return f"{ratio.quantize(Decimal('0.01'), rounding=ROUND_HALF_UP)}"


# --- The tables of one population, protected together ---------------------------------------


def published_cell(value: int | None, *, hidden: bool) -> Cell:
    """A people-count :class:`Cell` restored from a stored publication (its figure only):
    ``value`` must be a figure this module publishes (0, or a multiple of 5 from 10; or an
    exact count the register already publishes, ``exact=True`` in the store)."""
    if hidden:
        cell = Cell(value=None, display=HIDDEN_DISPLAY, hidden=True)
    else:
        _check_count(value, "published figure")
        cell = Cell(value=value, display=nhs_count(value), hidden=False)
    object.__setattr__(cell, "_raw", -1)  # published figures only: no raw count behind it
    return cell


@dataclass(frozen=True, eq=False, repr=False)
class DisclosedSystem:
    """Every people-count figure published about one population, protected as one system.

    ``total`` (everyone), ``told`` (people who answered at least one question the tables
    count) and ``not_told`` (the rest, reported once rather than as a row of every table);
    ``tables`` are series whose totals are ``told``; ``total_tables`` series whose totals are
    ``total``.
    """

    total: Cell
    told: Cell
    not_told: Cell
    tables: Mapping[str, DisclosedTable]
    total_tables: Mapping[str, DisclosedTable]

    def __repr__(self) -> str:
        return f"<DisclosedSystem tables={len(self.tables) + len(self.total_tables)}>"


def people_figure_range(value: int | None, *, hidden: bool, upper: int) -> tuple[int, int]:
    """What a reader knows of a raw count from its published figure: 0 is exact; ``*`` is 1
    or more (1 to 7, or any non-zero figure hidden by secondary suppression); ``n`` is
    ``n − 2`` to ``n + 2`` (10 is 8 to 12). ``upper`` caps the unknown ones."""
    if hidden:
        return 1, max(1, upper)
    if value == 0:
        return 0, 0
    return max(PEOPLE_SUPPRESS_MAX + 1, value - 2), value + 2


def people_ranges(
    equations: Sequence[tuple[tuple, Sequence[tuple]]],
    known: Mapping[tuple, tuple[int, int]],
) -> dict[tuple, tuple[int, int]]:
    """Tighten each figure's range with every ``total = sum(members)`` equation until
    nothing changes (bounds propagation). For one population's figures (series hanging off
    two shared totals) this is exactly what a reader can work out: the smallest and largest
    value each raw count can take given everything published."""
    ranges = dict(known)
    changed = True
    while changed:
        changed = False
        for total, members in equations:
            lo_sum = sum(ranges[m][0] for m in members)
            hi_sum = sum(ranges[m][1] for m in members)
            t_lo, t_hi = ranges[total]
            new = (max(t_lo, lo_sum), min(t_hi, hi_sum))
            if new != ranges[total]:
                ranges[total], changed = new, True
            t_lo, t_hi = ranges[total]
            for m in members:
                m_lo, m_hi = ranges[m]
                new = (
                    max(m_lo, t_lo - (hi_sum - m_hi)),
                    min(m_hi, t_hi - (lo_sum - m_lo)),
                )
                if new != ranges[m]:
                    if new[0] > new[1]:  # pragma: no cover - published figures are consistent
                        raise AssertionError("disclosure: inconsistent figures")
                    lo_sum += new[0] - m_lo
                    hi_sum += new[1] - m_hi
                    ranges[m], changed = new, True
    return ranges


def _determined(
    equations: Sequence[tuple[tuple, Sequence[tuple]]], unknowns: list[tuple]
) -> list[tuple]:
    """Unknown figures that a combination of the equations gives exactly, treating every
    other figure as exact (row reduction with exact fractions)."""
    from fractions import Fraction

    index = {f: i for i, f in enumerate(unknowns)}
    rows = []
    for total, members in equations:
        row = [Fraction(0)] * len(unknowns)
        for m in members:
            if m in index:
                row[index[m]] += 1
        if total in index:
            row[index[total]] -= 1
        if any(row):
            rows.append(row)
    pivots: list[int] = []
    r = 0
    for c in range(len(unknowns)):
        pivot = next((i for i in range(r, len(rows)) if rows[i][c] != 0), None)
        if pivot is None:
            continue
        rows[r], rows[pivot] = rows[pivot], rows[r]
        lead = rows[r][c]
        rows[r] = [x / lead for x in rows[r]]
        for i in range(len(rows)):
            if i != r and rows[i][c] != 0:
                factor = rows[i][c]
                rows[i] = [x - factor * y for x, y in zip(rows[i], rows[r], strict=True)]
        pivots.append(c)
        r += 1
    return [
        unknowns[c]
        for i, c in enumerate(pivots)
        if all(x == 0 for j, x in enumerate(rows[i]) if j != c)
    ]


def people_count_system(
    tables: Mapping[str, tuple[Sequence[Label], Mapping[Label, int]]],
    *,
    total: int,
    not_told: int,
    total_exact: bool = False,
    total_tables: Mapping[str, tuple[Sequence[Label], Mapping[Label, int]]] | None = None,
) -> DisclosedSystem:
    """Publish every count about one population as one system of figures.

    ``tables`` maps a name to ``(categories, counts)`` of the people who told us something
    (their sum is ``total − not_told``); ``total_tables`` the same for tables of everyone
    (their sum is ``total``). ``total_exact``: the total is already public exactly (the
    register names everyone), so it is shown exactly and a reader is assumed to know it.

    Guarantees, on top of the people-count rule for each figure: no hidden figure can be
    computed from any combination of the published figures taken as exact; and, using what
    the rounding really tells (each ``n`` is ``n − 2`` to ``n + 2``, each ``*`` at least 1,
    a known total), no hidden figure is pinned to one value and no rounded figure to its
    raw value. Shared totals link the tables, so they are checked together. A figure is
    pinned only when nothing non-zero is left to hide in its tables (for example a table whose
    every person is in one category): then it stands, as a zero does.
    """
    total_tables = total_tables or {}
    told = total - not_told
    if told < 0:
        raise ValueError("More people who have not told us than people")
    raw: dict[tuple, int] = {("total",): total, ("told",): told, ("not_told",): not_told}
    equations: list[tuple[tuple, list[tuple]]] = [(("total",), [("told",), ("not_told",)])]
    labels: dict[str, tuple] = {}
    for group, parent in ((tables, ("told",)), (total_tables, ("total",))):
        for name, (categories, counts) in group.items():
            labels[name] = _labels(categories, counts.keys(), "row")
            members = []
            for category in labels[name]:
                n = counts.get(category, 0)
                _check_count(n)
                raw[("cell", name, category)] = n
                members.append(("cell", name, category))
            if sum(raw[m] for m in members) != raw[parent]:
                raise ValueError(f"The {name} table does not add up to its total")
            equations.append((parent, members))
    fixed = {("total",)} if total_exact else set()
    order = {f: i for i, f in enumerate(raw)}
    hidden = {f for f, n in raw.items() if f not in fixed and 1 <= n <= PEOPLE_SUPPRESS_MAX}
    upper = total + 2 * PEOPLE_ROUND_TO
    # What zeros and a known total give away whatever else is hidden (everyone in one
    # category; everyone told us) cannot be protected by hiding more: accept it up front.
    maybe = [f for f in raw if f not in fixed and raw[f] > 0]
    baseline = people_ranges(
        equations,
        {f: (n, n) if f in fixed or n == 0 else (1, max(1, upper)) for f, n in raw.items()},
    )
    accepted: set[tuple] = set(_determined(equations, maybe))
    accepted |= {f for f in maybe if baseline[f][0] == baseline[f][1]}

    def visible_non_zero(f: tuple) -> bool:
        return f not in hidden and f not in fixed and raw[f] > 0

    while True:
        known = {
            f: (n, n)
            if f in fixed
            else people_figure_range(round_people(n), hidden=f in hidden, upper=upper)
            for f, n in raw.items()
        }
        ranges = people_ranges(equations, known)
        problems = _determined(equations, sorted(hidden, key=order.__getitem__))
        problems += [
            f for f in raw if f not in fixed and raw[f] > 0 and ranges[f][0] == ranges[f][1]
        ]
        problems = [f for f in problems if f not in accepted]
        if not problems:
            break
        problem = problems[0]
        lines = [(t, *m) for t, m in equations if problem in (t, *m)]
        # A line on which the problem is the only unknown gives it away directly: hide there.
        direct = [
            line
            for line in lines
            if [f for f in line if f in hidden or (f not in fixed and f == problem)] == [problem]
        ]
        candidates = {f for line in direct or lines for f in line if visible_non_zero(f)}
        if not candidates:
            accepted.add(problem)
            continue
        # Hide a cell before a total, the smallest first (ties: the first in order).
        hidden.add(min(candidates, key=lambda f: (f[0] != "cell", raw[f], order[f])))

    def publish(f: tuple) -> Cell:
        n = raw[f]
        if f in fixed:
            return _cell(n, n, False)
        return _cell(n, round_people(n), f in hidden)

    def series(name: str, parent: tuple) -> DisclosedTable:
        rows = labels[name]
        return DisclosedTable(
            row_labels=rows,
            column_labels=(SERIES_COLUMN,),
            cells=MappingProxyType({(r, SERIES_COLUMN): publish(("cell", name, r)) for r in rows}),
            row_totals=MappingProxyType({}),
            column_totals=MappingProxyType({SERIES_COLUMN: publish(parent)}),
            grand_total=None,
        )

    return DisclosedSystem(
        total=publish(("total",)),
        told=publish(("told",)),
        not_told=publish(("not_told",)),
        tables=MappingProxyType({name: series(name, ("told",)) for name in tables}),
        total_tables=MappingProxyType({name: series(name, ("total",)) for name in total_tables}),
    )
