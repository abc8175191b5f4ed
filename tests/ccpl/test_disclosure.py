"""Disclosure control: people counts (HES method) and survey results (GP Patient Survey).

Pure unit tests: no database. The attack helpers below play the part of a reader who has only
the published figures and tries to work out a hidden one.
"""

import dataclasses
import random
from decimal import Decimal
from fractions import Fraction

import pytest

from ccpl.disclosure import (
    HIDDEN_DISPLAY,
    NOT_AVAILABLE_DISPLAY,
    PEOPLE_ROUND_TO,
    PEOPLE_SUPPRESS_MAX,
    SURVEY_MIN_GROUP,
    Cell,
    collapse_to_ethnic_groups,
    people_count,
    people_count_system,
    people_count_table,
    people_figure_range,
    people_ranges,
    people_share,
    published_percent,
    round_people,
    survey_breakdown,
    survey_question_result,
    survey_share,
)
from ccpl.equality import NOT_ANSWERED, PREFER_NOT_TO_SAY, EthnicGroup, Ethnicity, ethnic_group

# ---------------------------------------------------------------------------------------------
# Helpers: a published table as a system of equations, and two attackers


def grid(rows: dict[str, list[int]]) -> dict[str, dict[str, int]]:
    """{"r1": [3, 4]} → {"r1": {"c1": 3, "c2": 4}}."""
    return {r: {f"c{i + 1}": n for i, n in enumerate(values)} for r, values in rows.items()}


def figures(table) -> dict[tuple, Cell | None]:
    """Every figure of the table's equations; ``None`` for a total the table does not publish."""
    out: dict[tuple, Cell | None] = {}
    for r in table.row_labels:
        for c in table.column_labels:
            out[("cell", r, c)] = table.cells[(r, c)]
    for r in table.row_labels:
        out[("row", r)] = table.row_totals.get(r)
    for c in table.column_labels:
        out[("col", c)] = table.column_totals.get(c)
    out[("grand",)] = table.grand_total
    return out


def lines(table) -> list[tuple[tuple, list[tuple]]]:
    """(total, members) for each row, each column, the totals column and the totals row."""
    rows, columns = table.row_labels, table.column_labels
    out = [(("row", r), [("cell", r, c) for c in columns]) for r in rows]
    out += [(("col", c), [("cell", r, c) for r in rows]) for c in columns]
    out.append((("grand",), [("row", r) for r in rows]))
    out.append((("grand",), [("col", c) for c in columns]))
    return out


def unknown(cell: Cell | None) -> bool:
    return cell is None or cell.hidden


def hidden_shown(cell: Cell | None) -> bool:
    """A published figure shown as ``*`` (not an unpublished total)."""
    return cell is not None and cell.hidden


def subtraction_attack(table) -> list[tuple[tuple, int]]:
    """Try "shown total − sum of shown cells" (and "sum of shown cells" for a hidden total) on
    every line; return each hidden figure isolated that way, with the value it gives."""
    figs = figures(table)
    recovered = []
    for total, members in lines(table):
        unknown_members = [m for m in members if unknown(figs[m])]
        if not unknown(figs[total]) and len(unknown_members) == 1:
            guess = figs[total].value - sum(
                figs[m].value for m in members if m not in unknown_members
            )
            recovered.append((unknown_members[0], guess))
        elif hidden_shown(figs[total]) and not unknown_members:
            recovered.append((total, sum(figs[m].value for m in members)))
    return recovered


def linear_algebra_attack(table) -> set[tuple]:
    """Hidden figures pinned down by *any* combination of the table's equations, treating the
    published (rounded) figures as exact: e_k lies in the row space of the equations
    restricted to the unknown figures. Independent of the module's graph reasoning."""
    figs = figures(table)
    unknowns = [f for f, cell in figs.items() if unknown(cell)]
    index = {f: i for i, f in enumerate(unknowns)}
    matrix = []
    for total, members in lines(table):
        row = [Fraction(0)] * len(unknowns)
        if total in index:
            row[index[total]] += 1
        for m in members:
            if m in index:
                row[index[m]] -= 1
        matrix.append(row)
    # Reduced row echelon form.
    pivot_row = 0
    pivots = []
    for col in range(len(unknowns)):
        found = next((i for i in range(pivot_row, len(matrix)) if matrix[i][col] != 0), None)
        if found is None:
            continue
        matrix[pivot_row], matrix[found] = matrix[found], matrix[pivot_row]
        lead = matrix[pivot_row][col]
        matrix[pivot_row] = [x / lead for x in matrix[pivot_row]]
        for i in range(len(matrix)):
            if i != pivot_row and matrix[i][col] != 0:
                factor = matrix[i][col]
                matrix[i] = [
                    a - factor * b for a, b in zip(matrix[i], matrix[pivot_row], strict=True)
                ]
        pivots.append(col)
        pivot_row += 1
    determined = set()
    for i, col in enumerate(pivots):
        if sum(1 for x in matrix[i] if x != 0) == 1:
            determined.add(unknowns[col])
    return {f for f in determined if hidden_shown(figs[f])}


def hidden_figures(table) -> set[tuple]:
    return {f for f, cell in figures(table).items() if hidden_shown(cell)}


def shown(table) -> list[list[str]]:
    """The table as a page shows it: body rows then the totals row, as display strings."""
    out = []
    for row in table.rows():
        out.append([c.display for c in row.cells] + ([row.total.display] if row.total else []))
    totals = table.totals_row()
    if totals is not None:
        grand = [totals.total.display] if totals.total else []
        out.append([c.display for c in totals.cells] + grand)
    return out


class PrimaryOnly:
    """A deliberately naive table (primary suppression only), to prove the attackers bite."""

    def __init__(self, counts, *, row_totals=True, column_totals=True):
        self.row_labels = tuple(counts)
        self.column_labels = tuple(dict.fromkeys(c for m in counts.values() for c in m))
        self.cells = {
            (r, c): people_count(counts[r].get(c, 0))
            for r in self.row_labels
            for c in self.column_labels
        }
        row_sum = {r: sum(counts[r].values()) for r in self.row_labels}
        col_sum = {c: sum(m.get(c, 0) for m in counts.values()) for c in self.column_labels}
        self.row_totals = {r: people_count(n) for r, n in row_sum.items()} if row_totals else {}
        self.column_totals = (
            {c: people_count(n) for c, n in col_sum.items()} if column_totals else {}
        )
        both = row_totals and column_totals
        self.grand_total = people_count(sum(row_sum.values())) if both else None


def random_counts(rng: random.Random) -> dict[str, dict[str, int]]:
    """A random table skewed towards what real ICB tables look like: many zeros and small cells."""

    def value() -> int:
        roll = rng.random()
        if roll < 0.25:
            return 0
        if roll < 0.6:
            return rng.randint(1, 7)
        if roll < 0.9:
            return rng.randint(8, 40)
        return rng.randint(41, 400)

    n_rows, n_columns = rng.randint(1, 5), rng.randint(1, 5)
    return {f"r{i}": {f"c{j}": value() for j in range(n_columns)} for i in range(n_rows)}


# ---------------------------------------------------------------------------------------------
# People counts: one figure


def test_policy_constants():
    assert PEOPLE_SUPPRESS_MAX == 7
    assert PEOPLE_ROUND_TO == 5
    assert SURVEY_MIN_GROUP == 10


@pytest.mark.parametrize(
    ("n", "display", "value"),
    [
        (0, "0", 0),
        (1, "*", None),
        (2, "*", None),
        (7, "*", None),
        (8, "10", 10),
        (9, "10", 10),
        (10, "10", 10),
        (11, "10", 10),
        (12, "10", 10),
        (13, "15", 15),
        (15, "15", 15),
        (17, "15", 15),
        (18, "20", 20),
        (22, "20", 20),
        (23, "25", 25),
        (25, "25", 25),
        (27, "25", 25),
        (28, "30", 30),
        (102, "100", 100),
        (103, "105", 105),
        (1234, "1,235", 1235),
    ],
)
def test_people_count_boundaries(n, display, value):
    cell = people_count(n)
    assert cell.display == display
    assert str(cell) == display
    assert cell.value == value
    assert cell.hidden is (value is None)
    assert cell.is_suppressed is cell.hidden


def test_rounding_is_half_up_never_bankers():
    # Python's round() is banker's rounding: round(2.5) == 2. Ours must never do that.
    expected = [10] * 5 + [15] * 5 + [20] * 5 + [25] * 5 + [30] * 3  # 8..30
    assert [round_people(n) for n in range(8, 31)] == expected
    for n in range(0, 2000):
        rounded = round_people(n)
        assert rounded % PEOPLE_ROUND_TO == 0
        assert abs(rounded - n) <= 2


@pytest.mark.parametrize("bad", [-1, -8])
def test_negative_counts_are_refused(bad):
    with pytest.raises(ValueError):
        people_count(bad)
    with pytest.raises(ValueError):
        people_count_table({"a": {"x": bad}})


@pytest.mark.parametrize("bad", [True, 3.0, "3", None])
def test_non_integer_counts_are_refused(bad):
    with pytest.raises(TypeError):
        people_count(bad)
    with pytest.raises(TypeError):
        people_count_table({"a": {"x": 10, "y": bad}})


# ---------------------------------------------------------------------------------------------
# People counts: totals


def test_totals_come_from_unrounded_figures():
    table = people_count_table({"a": 12, "b": 12, "c": 12})
    assert [row.cells[0].display for row in table.rows()] == ["10", "10", "10"]
    assert table.total.display == "35"  # 36 rounded, not 10 + 10 + 10
    assert table.total._raw == 36


def test_two_way_totals_come_from_unrounded_figures():
    table = people_count_table(grid({"r1": [12, 12, 12], "r2": [13, 13, 13]}))
    assert shown(table) == [
        ["10", "10", "10", "35"],
        ["15", "15", "15", "40"],
        ["25", "25", "25", "75"],
    ]


def test_a_total_of_one_to_seven_is_hidden():
    table = people_count_table({"a": 3, "b": 0, "c": 4})
    assert table.total.display == HIDDEN_DISPLAY
    assert table.cell("b", "count").display == "0"


def test_zero_only_line_stays_zero_and_is_never_hidden():
    table = people_count_table(grid({"r1": [0, 0, 0], "r2": [20, 0, 30], "r3": [40, 0, 50]}))
    assert shown(table) == [
        ["0", "0", "0", "0"],
        ["20", "0", "30", "50"],
        ["40", "0", "50", "90"],
        ["60", "0", "80", "140"],
    ]
    assert hidden_figures(table) == set()


def test_all_zero_table():
    table = people_count_table({"a": {"x": 0}}, rows=["a", "b"], columns=["x", "y"])
    assert shown(table) == [["0", "0", "0"], ["0", "0", "0"], ["0", "0", "0"]]


# ---------------------------------------------------------------------------------------------
# People counts: secondary suppression


def test_series_secondary_suppression_hides_smallest_other_value():
    table = people_count_table({"a": 3, "b": 40, "c": 50, "d": 45})
    assert [row.cells[0].display for row in table.rows()] == ["*", "*", "50", "45"]
    assert table.total.display == "140"
    # A series publishes no row totals (they would repeat the cells) and no separate grand total.
    assert dict(table.row_totals) == {}
    assert table.grand_total is None


def test_secondary_suppression_in_rows_and_columns_makes_a_block():
    table = people_count_table(grid({"r1": [3, 20, 30], "r2": [20, 20, 20], "r3": [25, 25, 25]}))
    assert hidden_figures(table) == {
        ("cell", "r1", "c1"),  # primary
        ("cell", "r1", "c2"),  # smallest other in row r1
        ("cell", "r2", "c1"),  # smallest other in column c1
        ("cell", "r2", "c2"),  # column c2 then had one hidden: smallest other, first of a tie
    }
    assert shown(table) == [
        ["*", "*", "30", "55"],
        ["*", "*", "20", "60"],
        ["25", "25", "25", "75"],
        ["50", "65", "75", "190"],
    ]


def test_ties_hide_the_first_in_order():
    table = people_count_table(grid({"r1": [3, 20, 20], "r2": [50, 50, 50]}))
    assert hidden_figures(table) == {
        ("cell", "r1", "c1"),
        ("cell", "r1", "c2"),
        ("cell", "r2", "c1"),
        ("cell", "r2", "c2"),
    }
    assert table.cell("r1", "c3").display == "20"


def test_secondary_suppression_cascades_until_stable():
    # r1's small cell hides c12; column c1 hides c21; c2 then hides c32; that makes rows r2
    # and r3 hide c23 and c31; column c3 then hides c13.
    table = people_count_table(grid({"r1": [2, 10, 11], "r2": [12, 0, 15], "r3": [14, 16, 0]}))
    assert hidden_figures(table) == {
        ("cell", "r1", "c1"),
        ("cell", "r1", "c2"),
        ("cell", "r1", "c3"),
        ("cell", "r2", "c1"),
        ("cell", "r2", "c3"),
        ("cell", "r3", "c1"),
        ("cell", "r3", "c2"),
    }
    assert shown(table) == [
        ["*", "*", "*", "25"],
        ["*", "0", "*", "25"],
        ["*", "*", "0", "30"],
        ["30", "25", "25", "80"],
    ]
    assert subtraction_attack(table) == []
    assert linear_algebra_attack(table) == set()


def test_line_whose_only_other_value_is_zero_hides_its_total():
    # Column c1 hides r2's 9 to protect r1's 3. In row r2 the only other cell is 0, so the
    # row total is hidden instead; the same happens to column c2's total.
    table = people_count_table(grid({"r1": [3, 20], "r2": [9, 0]}))
    assert table.row_totals["r2"].hidden
    assert table.column_totals["c2"].hidden
    assert table.cell("r2", "c2").display == "0"  # the zero is never hidden
    assert shown(table) == [
        ["*", "*", "*"],
        ["*", "0", "*"],
        ["*", "*", "30"],
    ]
    assert subtraction_attack(table) == []
    assert linear_algebra_attack(table) == set()


def test_single_hidden_row_total_gets_a_partner_so_grand_total_cannot_expose_it():
    # Row r1's total is 3 (hidden). Without more, grand total − other row totals = 3.
    table = people_count_table(grid({"r1": [3, 0], "r2": [20, 30], "r3": [25, 40]}))
    assert table.row_totals["r1"].hidden
    assert table.row_totals["r2"].hidden  # the smallest other row total
    assert table.row_totals["r3"].display == "65"
    assert table.grand_total.display == "120"
    shown_row_totals = [t for t in table.row_totals.values() if not t.hidden]
    assert len(table.row_totals) - len(shown_row_totals) == 2
    assert shown(table) == [
        ["*", "0", "*"],
        ["*", "30", "*"],
        ["25", "40", "65"],
        ["50", "70", "120"],
    ]
    assert subtraction_attack(table) == []
    assert linear_algebra_attack(table) == set()


def test_single_hidden_column_total_gets_a_partner():
    table = people_count_table({"r1": {"c1": 3, "c2": 20, "c3": 25}, "r2": {"c2": 30, "c3": 40}})
    assert table.column_totals["c1"].hidden
    assert sum(t.hidden for t in table.column_totals.values()) >= 2
    assert subtraction_attack(table) == []
    assert linear_algebra_attack(table) == set()


DUMBBELL = grid(
    {
        "r1": [3, 4, 30, 30],
        "r2": [5, 6, 2, 30],
        "r3": [30, 30, 3, 4],
        "r4": [30, 30, 5, 6],
    }
)


def test_attackers_are_not_toothless():
    # Primary suppression alone: r1's 3 sits alone in column c1 → recovered exactly.
    naive = PrimaryOnly(grid({"r1": [3, 20], "r2": [40, 50]}))
    found = {figure: guess for figure, guess in subtraction_attack(naive)}
    assert ("cell", "r1", "c1") in found
    exact = naive.row_totals["r1"]._raw - naive.cells[("r1", "c2")]._raw
    assert exact == 3
    # Two blocks of hidden cells joined by one hidden cell: every line has two or more hidden
    # cells, so line-by-line subtraction finds nothing, but r1 + r2 − c1 − c2 isolates r2/c3.
    dumbbell = PrimaryOnly(DUMBBELL)
    assert subtraction_attack(dumbbell) == []
    assert linear_algebra_attack(dumbbell) == {("cell", "r2", "c3")}
    t, c = dumbbell.row_totals, dumbbell.column_totals
    others = (
        -dumbbell.cells[("r1", "c3")]._raw
        - dumbbell.cells[("r1", "c4")]._raw
        - dumbbell.cells[("r2", "c4")]._raw
        + sum(dumbbell.cells[(r, k)]._raw for r in ("r3", "r4") for k in ("c1", "c2"))
    )
    assert t["r1"]._raw + t["r2"]._raw - c["c1"]._raw - c["c2"]._raw + others == 2


def test_multi_line_differencing_is_closed_too():
    table = people_count_table(DUMBBELL)
    assert linear_algebra_attack(table) == set()
    assert subtraction_attack(table) == []
    # The primary pattern survives, plus the smallest cell joining the two blocks.
    assert hidden_figures(table) == {
        ("cell", r, c)
        for r, c in [
            ("r1", "c1"),
            ("r1", "c2"),
            ("r2", "c1"),
            ("r2", "c2"),
            ("r2", "c3"),
            ("r3", "c3"),
            ("r3", "c4"),
            ("r4", "c3"),
            ("r4", "c4"),
            ("r1", "c3"),
        ]
    }


def test_secondary_hidden_figures_look_exactly_like_small_ones():
    table = people_count_table({"a": 3, "b": 40, "c": 50})
    small, protecting = table.cell("a", "count"), table.cell("b", "count")
    assert small == protecting
    assert repr(small) == repr(protecting)
    assert small.display == protecting.display == HIDDEN_DISPLAY
    assert small.value is protecting.value is None


def test_unpublished_row_totals_do_not_force_extra_suppression():
    funnel = {
        "g1": {"applied": 30, "shortlisted": 10, "appointed": 3},
        "g2": {"applied": 40, "shortlisted": 12, "appointed": 9},
    }
    without = people_count_table(funnel, row_totals=False)
    assert dict(without.row_totals) == {}
    assert without.grand_total is None
    assert without.cell("g1", "shortlisted").display == "10"
    assert without.cell("g1", "appointed").hidden
    assert without.cell("g2", "appointed").hidden  # protects g1 through the column total
    assert without.csv_rows()[0] == ["", "applied", "shortlisted", "appointed"]
    assert subtraction_attack(without) == []
    assert linear_algebra_attack(without) == set()
    # With row totals published, g1's row has to give up a second cell too.
    with_totals = people_count_table(funnel)
    assert with_totals.cell("g1", "shortlisted").hidden


def test_no_totals_at_all_means_only_primary_suppression():
    table = people_count_table(
        grid({"r1": [3, 20], "r2": [40, 50]}), row_totals=False, column_totals=False
    )
    assert hidden_figures(table) == {("cell", "r1", "c1")}
    assert table.totals_row() is None
    assert table.total is None


@pytest.mark.parametrize("seed", range(6))
def test_random_tables_resist_differencing(seed):
    """Several hundred random tables: no line gives away a hidden figure, nor any
    combination of lines; every figure follows the published rule."""
    rng = random.Random(seed)
    for _ in range(60):
        counts = random_counts(rng)
        row_totals = rng.random() < 0.8
        column_totals = rng.random() < 0.8
        table = people_count_table(counts, row_totals=row_totals, column_totals=column_totals)

        # The generic line-by-line subtraction attack finds nothing: no line with a visible
        # total has exactly one hidden figure, and no hidden total has all its cells visible.
        assert subtraction_attack(table) == [], counts
        figs = figures(table)
        for total, members in lines(table):
            hidden_members = [m for m in members if unknown(figs[m])]
            if not unknown(figs[total]):
                assert len(hidden_members) != 1, (counts, total)
        # Nor does adding and subtracting several lines.
        assert linear_algebra_attack(table) == set(), counts

        for figure, cell in figures(table).items():
            if cell is None:
                continue
            raw = cell._raw
            if raw == 0:
                assert not cell.hidden and cell.display == "0"
            elif raw <= PEOPLE_SUPPRESS_MAX:
                assert cell.hidden and cell.display == HIDDEN_DISPLAY
            if cell.hidden:
                assert cell.value is None and cell.display == HIDDEN_DISPLAY
            else:
                assert cell.value == round_people(raw), figure
        # Totals are sums of the unrounded cells.
        for r in table.row_totals:
            assert table.row_totals[r]._raw == sum(counts[r].values())
        for c in table.column_totals:
            assert table.column_totals[c]._raw == sum(m[c] for m in counts.values())
        if table.grand_total is not None:
            assert table.grand_total._raw == sum(sum(m.values()) for m in counts.values())


def test_random_tables_need_protection_the_naive_way_lacks():
    # The random generator does produce tables that primary suppression alone leaves open,
    # so the test above is meaningful.
    rng = random.Random(0)
    exposed = 0
    for _ in range(60):
        naive = PrimaryOnly(random_counts(rng))
        if subtraction_attack(naive) or linear_algebra_attack(naive):
            exposed += 1
    assert exposed > 30


# ---------------------------------------------------------------------------------------------
# People counts: table API


def test_rows_and_columns_fix_order_and_add_zero_lines():
    table = people_count_table(
        {"b": {"y": 20}, "a": {"x": 30}}, rows=["a", "b", "c"], columns=["x", "y", "z"]
    )
    assert table.row_labels == ("a", "b", "c")
    assert table.column_labels == ("x", "y", "z")
    assert table.cell("c", "z").display == "0"
    assert [row.label for row in table.rows()] == ["a", "b", "c"]


def test_default_order_is_first_appearance():
    table = people_count_table({"b": {"y": 20}, "a": {"x": 30, "y": 10}})
    assert table.row_labels == ("b", "a")
    assert table.column_labels == ("y", "x")
    assert table.cell("b", "x").display == "0"


def test_counts_for_unlisted_labels_are_refused():
    with pytest.raises(ValueError):
        people_count_table({"a": {"x": 10}, "b": {"x": 10}}, rows=["a"])
    with pytest.raises(ValueError):
        people_count_table({"a": {"x": 10, "y": 10}}, columns=["x"])
    with pytest.raises(ValueError):
        people_count_table({"a": {"x": 10}}, rows=["a", "a"])


def test_series_and_table_shapes_are_checked():
    with pytest.raises(TypeError):
        people_count_table({"a": 10, "b": {"x": 10}})
    with pytest.raises(ValueError):
        people_count_table({"a": 10}, columns=["x", "y"])
    table = people_count_table({"a": 10}, columns=["People"])
    assert table.column_labels == ("People",)


def test_csv_rows():
    table = people_count_table(
        {"Gloucester": {"female": 1234, "male": 3}, "Stroud": {"female": 20, "male": 40}}
    )
    assert table.csv_rows(corner="Place", label=lambda k: str(k).title()) == [
        ["Place", "Female", "Male", "Total"],
        ["Gloucester", "*", "*", "1235"],
        ["Stroud", "*", "*", "60"],
        ["Total", "1255", "45", "1295"],
    ]


def test_rows_for_templates():
    table = people_count_table(grid({"r1": [20, 30]}))
    (row,) = table.rows()
    assert row.label == "r1"
    assert [c.display for c in row.cells] == ["20", "30"]
    assert row.total.display == "50"
    assert table.totals_row().label == "Total"
    assert table.totals_row().total is table.grand_total


# ---------------------------------------------------------------------------------------------
# Raw values never leak from published objects


def test_published_cells_do_not_expose_raw_counts():
    cell = people_count(4)
    assert "4" not in repr(cell) and "4" not in str(cell)
    assert dataclasses.asdict(cell) == {"value": None, "display": "*", "hidden": True}
    assert {f.name for f in dataclasses.fields(Cell)} == {"value", "display", "hidden"}
    assert people_count(3) == people_count(5)  # equality is on published figures only
    visible = people_count(12)
    assert "12" not in repr(visible) and "12" not in str(visible)


def test_published_tables_do_not_expose_raw_counts():
    table = people_count_table(grid({"r1": [3, 96]}))
    text = repr(table) + str(table) + repr(table.rows()) + repr(table.csv_rows())
    assert "96" not in text and "99" not in text
    assert "3" not in repr(table.rows())
    breakdown = survey_breakdown({"a": {"yes": 7}, "b": {"yes": 40}, "c": {"yes": 50}})
    text = repr(breakdown) + str(breakdown) + repr(breakdown.rows())
    assert "7" not in text
    assert "40" not in text


def test_cells_made_outside_the_module_cannot_feed_shares():
    with pytest.raises(ValueError):
        people_share(Cell(value=10, display="10", hidden=False), 20)


# ---------------------------------------------------------------------------------------------
# Shares and ratios


def test_share_comes_from_published_counts():
    share = people_share(13, 40)
    assert share.percent == 38  # published as 15 of 40 = 37.5% → 38; raw 13/40 would say 33%
    assert share.display == "38%"
    assert not share.hidden and share.available


def test_shares_reveal_nothing_the_rounded_counts_do_not():
    # Raw shares "15, 35%" and "15, 46%" fitted one total only; published ones depend on the
    # published figures alone, so every raw count that rounds the same way gives one share.
    assert {people_share(n, 43).display for n in range(13, 18)} == {"33%"}
    assert {people_share(15, d).display for d in range(43, 48)} == {"33%"}


def test_share_rounds_half_up():
    assert people_share(10, 80).percent == 13  # 12.5%
    assert people_share(30, 80).percent == 38  # 37.5%
    assert people_share(8, 16).display == "67%"  # 10 of 15
    assert published_percent(1, 8) == 13  # exact Decimal arithmetic, never banker's rounding


def test_share_hidden_when_numerator_hidden():
    share = people_share(3, 40)
    assert share.hidden and share.is_suppressed
    assert share.percent is None
    assert share.display == HIDDEN_DISPLAY


def test_share_hidden_when_denominator_hidden():
    share = people_share(0, 5)
    assert share.hidden and share.display == HIDDEN_DISPLAY and share.percent is None


def test_share_of_zero_denominator_is_not_available():
    share = people_share(0, 0)
    assert not share.available and not share.hidden
    assert share.percent is None
    assert share.display == NOT_AVAILABLE_DISPLAY
    assert share.csv_value == ""


def test_share_of_zero_numerator_is_zero_percent():
    assert people_share(0, 20).display == "0%"


def test_share_hidden_when_an_input_was_hidden_by_secondary_suppression():
    table = people_count_table({"female": 50, "male": 3})
    female = table.cell("female", "count")
    assert female.hidden  # would otherwise give away male = 53 − 50
    assert people_share(female, table.total).hidden
    assert table.share("female", "count", within="column").hidden
    # With plain ints the same share would be shown: only table cells carry the protection.
    assert people_share(50, 53).display == "91%"  # 50 of 55


def test_table_share_within_row_column_and_table():
    table = people_count_table(grid({"r1": [13, 27], "r2": [30, 30]}))
    assert table.share("r1", "c1", within="row").display == "38%"  # 15 of 40 = 37.5%
    assert table.share("r1", "c1", within="column").display == "33%"  # 15 of 45
    assert table.share("r1", "c1", within="table").display == "15%"  # 15 of 100
    with pytest.raises(ValueError):
        table.share("r1", "c1", within="diagonal")
    series = people_count_table({"a": 20, "b": 30})
    with pytest.raises(ValueError):
        series.share("a", "count", within="row")  # a series publishes no row totals


def test_ratio_between_two_published_cells():
    funnel = people_count_table(
        {"asian": {"applied": 40, "appointed": 10}, "white": {"applied": 80, "appointed": 30}},
        row_totals=False,
    )
    rate = people_share(funnel.cell("asian", "appointed"), funnel.cell("asian", "applied"))
    assert rate.display == "25%"


# ---------------------------------------------------------------------------------------------
# Ethnicity by broad group


def test_collapse_to_ethnic_groups():
    collapsed = collapse_to_ethnic_groups(
        {
            Ethnicity.WHITE_BRITISH: 30,
            Ethnicity.WHITE_IRISH: 2,
            Ethnicity.ASIAN_INDIAN: 5,
            Ethnicity.ASIAN_PAKISTANI: 4,
            Ethnicity.BLACK_AFRICAN: 3,
            PREFER_NOT_TO_SAY: 1,
            NOT_ANSWERED: 2,
            "": 1,
        }
    )
    assert list(collapsed) == list(EthnicGroup)
    assert collapsed == {
        EthnicGroup.ASIAN: 9,
        EthnicGroup.BLACK: 3,
        EthnicGroup.MIXED: 0,
        EthnicGroup.WHITE: 32,
        EthnicGroup.OTHER: 0,
        EthnicGroup.NOT_STATED: 4,
    }
    assert sum(collapsed.values()) == 48


def test_collapse_uses_the_equality_mapping_for_every_category():
    for ethnicity in Ethnicity:
        collapsed = collapse_to_ethnic_groups({ethnicity.value: 1})
        assert collapsed[ethnic_group(ethnicity)] == 1
        assert sum(collapsed.values()) == 1


def test_collapse_refuses_unknown_categories():
    with pytest.raises(ValueError):
        collapse_to_ethnic_groups({"White British": 3})
    with pytest.raises(ValueError):
        collapse_to_ethnic_groups({Ethnicity.WHITE_BRITISH: -1})


def test_broad_groups_publish_what_detailed_categories_would_hide():
    detailed = {
        Ethnicity.ASIAN_INDIAN: 5,
        Ethnicity.ASIAN_PAKISTANI: 4,
        Ethnicity.WHITE_BRITISH: 40,
    }
    table = people_count_table(collapse_to_ethnic_groups(detailed))
    assert table.cell(EthnicGroup.ASIAN, "count").display == "10"
    assert table.cell(EthnicGroup.WHITE, "count").display == "40"
    assert table.cell(EthnicGroup.BLACK, "count").display == "0"
    assert table.total.display == "50"


# ---------------------------------------------------------------------------------------------
# Survey results: whole question


def test_whole_question_results_are_exact():
    result = survey_question_result({"yes": 1, "no": 7}, options=["yes", "no", "unsure"])
    assert result.respondents.value == 8 and result.respondents.display == "8"
    assert [(r.option, r.count.display, r.percent.display) for r in result.rows()] == [
        ("yes", "1", "13%"),  # 12.5% half-up; small counts are NOT hidden for a whole question
        ("no", "7", "88%"),  # 87.5%
        ("unsure", "0", "0%"),
    ]
    assert not any(r.count.hidden or r.percent.hidden for r in result.rows())


def test_whole_question_percentages_are_whole_numbers_of_respondents():
    result = survey_question_result({"a": 1, "b": 2})
    assert [r.percent.percent for r in result.rows()] == [33, 67]
    large = survey_question_result({"a": 1234, "b": 1})
    assert large.results["a"].count.display == "1,234"
    assert large.results["a"].count.value == 1234  # exact, not rounded to 5


def test_multiple_choice_question_uses_respondents():
    result = survey_question_result({"a": 5, "b": 4}, respondents=6)
    assert [r.percent.display for r in result.rows()] == ["83%", "67%"]
    assert result.respondents.display == "6"
    with pytest.raises(ValueError):
        survey_question_result({"a": 5, "b": 4}, respondents=4)


def test_question_nobody_answered():
    result = survey_question_result({}, options=["yes", "no"])
    assert result.respondents.display == "0"
    assert [r.percent.display for r in result.rows()] == [NOT_AVAILABLE_DISPLAY] * 2


def test_survey_result_csv():
    result = survey_question_result({"yes": 3, "no": 1})
    assert result.csv_rows(label=str.title) == [
        ["Answer", "Number", "Percentage"],
        ["Yes", "3", "75"],
        ["No", "1", "25"],
        ["Respondents", "4", ""],
    ]


# ---------------------------------------------------------------------------------------------
# Survey results: breakdowns


def breakdown_attack(breakdown) -> list[tuple]:
    """Whole-question figure − visible groups: which lines isolate exactly one hidden group
    that actually has respondents."""
    hidden = [g for g in breakdown.groups if breakdown.is_hidden(g)]
    non_empty_hidden = [g for g in hidden if breakdown.respondents[g]._raw > 0]
    if len(hidden) == 1 and non_empty_hidden:
        return [("respondents", hidden[0])] + [(o, hidden[0]) for o in breakdown.options]
    return []


def test_breakdown_hides_groups_under_ten_whole():
    breakdown = survey_breakdown(
        {
            "nurses": {"yes": 6, "no": 3},  # 9: hidden
            "doctors": {"yes": 2, "no": 1},  # 3: hidden
            "ahps": {"yes": 7, "no": 3},  # 10: shown
            "pharmacists": {"yes": 20, "no": 20},
        }
    )
    assert breakdown.is_hidden("nurses") and breakdown.is_hidden("doctors")
    assert not breakdown.is_hidden("ahps") and not breakdown.is_hidden("pharmacists")
    nurses = breakdown.rows()[0]
    assert nurses.respondents.display == HIDDEN_DISPLAY and nurses.respondents.value is None
    for result in nurses.results:
        assert result.count.hidden and result.count.value is None
        assert result.percent.hidden and result.percent.display == HIDDEN_DISPLAY
    ahps = breakdown.rows()[2]
    assert ahps.respondents.display == "10"
    assert [(r.count.display, r.percent.display) for r in ahps.results] == [
        ("7", "70%"),
        ("3", "30%"),
    ]
    assert breakdown_attack(breakdown) == []


def test_breakdown_overall_is_exact_whole_question():
    counts = {"a": {"yes": 3, "no": 2}, "b": {"yes": 30, "no": 15}}
    breakdown = survey_breakdown(counts)
    assert breakdown.overall.respondents.display == "50"
    assert [r.count.value for r in breakdown.overall.rows()] == [33, 17]
    assert [r.percent.display for r in breakdown.overall.rows()] == ["66%", "34%"]


def test_one_hidden_group_hides_the_next_smallest_too():
    breakdown = survey_breakdown(
        {
            "a": {"yes": 5, "no": 4},  # 9: hidden
            "b": {"yes": 10, "no": 15},  # 25: next smallest → hidden
            "c": {"yes": 20, "no": 20},
            "d": {"yes": 15, "no": 15},
        }
    )
    assert [g for g in breakdown.groups if breakdown.is_hidden(g)] == ["a", "b"]
    assert breakdown_attack(breakdown) == []
    # Without the second group, whole-question − visible groups would give group a exactly:
    visible = [g for g in breakdown.groups if not breakdown.is_hidden(g)]
    recovered = breakdown.overall.respondents.value - sum(
        breakdown.respondents[g].value for g in visible
    )
    assert recovered == 34  # a + b together, not a's 9


def test_secondary_group_ties_hide_the_first_in_order():
    breakdown = survey_breakdown(
        {"a": {"yes": 12}, "b": {"yes": 12}, "c": {"yes": 5}, "d": {"yes": 40}}
    )
    assert [g for g in breakdown.groups if breakdown.is_hidden(g)] == ["a", "c"]


def test_two_hidden_groups_need_no_more():
    breakdown = survey_breakdown({"a": {"yes": 9}, "b": {"yes": 1}, "c": {"yes": 10}})
    assert [g for g in breakdown.groups if breakdown.is_hidden(g)] == ["a", "b"]


def test_empty_groups_show_zero_and_do_not_count_as_hidden():
    breakdown = survey_breakdown(
        {"a": {"yes": 5}, "b": {"yes": 0}, "c": {"yes": 40}, "d": {"yes": 50}},
        options=["yes", "no"],
    )
    assert not breakdown.is_hidden("b")
    assert breakdown.respondents["b"].display == "0"
    assert [r.percent.display for r in breakdown.rows()[1].results] == [NOT_AVAILABLE_DISPLAY] * 2
    assert [g for g in breakdown.groups if breakdown.is_hidden(g)] == ["a", "c"]


def test_only_non_empty_group_small_hides_an_empty_group_instead():
    breakdown = survey_breakdown({"a": {"yes": 5}, "b": {"yes": 0}, "c": {"yes": 0}})
    assert [g for g in breakdown.groups if breakdown.is_hidden(g)] == ["a", "b"]
    assert breakdown.respondents["c"].display == "0"


def test_minimum_group_size_boundary_and_override():
    at_ten = survey_breakdown({"a": {"yes": 10}, "b": {"yes": 11}})
    assert not at_ten.is_hidden("a")
    under = survey_breakdown({"a": {"yes": 9}, "b": {"yes": 11}})
    assert under.is_hidden("a") and under.is_hidden("b")
    five = survey_breakdown({"a": {"yes": 5}, "b": {"yes": 11}}, minimum_group_size=5)
    assert not five.is_hidden("a")
    with pytest.raises(ValueError):
        survey_breakdown({"a": {"yes": 5}}, minimum_group_size=0)


def test_breakdown_groups_and_options_order():
    breakdown = survey_breakdown(
        {"b": {"no": 20}, "a": {"yes": 15}}, groups=["a", "b", "c"], options=["yes", "no"]
    )
    assert breakdown.groups == ("a", "b", "c")
    assert breakdown.options == ("yes", "no")
    assert [row.label for row in breakdown.rows()] == ["a", "b", "c"]
    with pytest.raises(ValueError):
        survey_breakdown({"z": {"yes": 20}}, groups=["a"])


def test_breakdown_multiple_choice_respondents():
    breakdown = survey_breakdown(
        {"a": {"x": 12, "y": 10}, "b": {"x": 5, "y": 9}}, respondents={"a": 15, "b": 12}
    )
    assert breakdown.respondents["a"].display == "15"
    assert [r.percent.display for r in breakdown.rows()[0].results] == ["80%", "67%"]
    assert breakdown.overall.respondents.display == "27"
    assert not breakdown.is_hidden("b")  # 12 respondents, even though each option is under 10


def test_breakdown_csv_rows():
    breakdown = survey_breakdown(
        {"a": {"yes": 3}, "b": {"yes": 10, "no": 10}, "c": {"yes": 30, "no": 10}}
    )
    assert breakdown.csv_rows(group_heading="Profession") == [
        ["Profession", "Respondents", "yes (number)", "yes (%)", "no (number)", "no (%)"],
        ["a", "*", "*", "*", "*", "*"],
        ["b", "*", "*", "*", "*", "*"],
        ["c", "40", "30", "75", "10", "25"],
        ["All respondents", "63", "43", "68", "20", "32"],
    ]


def test_random_breakdowns_never_isolate_one_group():
    rng = random.Random(2026)
    for _ in range(300):
        n_groups = rng.randint(1, 6)
        counts = {
            f"g{i}": {
                "yes": rng.choice([0, 0, rng.randint(0, 9), rng.randint(0, 60)]),
                "no": rng.choice([0, rng.randint(0, 9), rng.randint(0, 60)]),
            }
            for i in range(n_groups)
        }
        breakdown = survey_breakdown(counts)
        if len(counts) > 1:  # a one-group "breakdown" only repeats the whole question
            assert breakdown_attack(breakdown) == [], counts
        for g, options in counts.items():
            n = sum(options.values())
            if 0 < n < SURVEY_MIN_GROUP:
                assert breakdown.is_hidden(g)
            if not breakdown.is_hidden(g):
                assert breakdown.respondents[g].value == n
                for option, count in options.items():
                    assert breakdown.cells[(g, option)].count.value == count


# ---------------------------------------------------------------------------------------------
# Survey results: decimal places, as the survey tools export them


def test_published_results_table_to_two_decimals():
    """NHS Confederation 2021 survey, Q3 (Appendix 6): the tool's export, figure for figure."""
    result = survey_question_result(
        {"Strongly agree": 639, "Agree": 500, "Disagree": 81, "Strongly disagree": 31},
        decimals=2,
    )
    assert [(r.count.display, r.percent.display) for r in result.rows()] == [
        ("639", "51.08%"),
        ("500", "39.97%"),
        ("81", "6.47%"),
        ("31", "2.48%"),
    ]
    assert result.respondents.display == "1,251"
    assert result.results["Agree"].percent.percent == Decimal("39.97")
    assert result.csv_rows()[1] == ["Strongly agree", "639", "51.08"]


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        ({"Yes": 529, "No": 722}, ["42.29%", "57.71%"]),  # Q8
        ({"a": 1088, "b": 163}, ["86.97%", "13.03%"]),  # Q14
        ({"a": 1, "b": 7}, ["12.50%", "87.50%"]),  # exact halves keep both places
        ({"a": 1, "b": 15}, ["6.25%", "93.75%"]),
        ({"a": 1, "b": 1599}, ["0.06%", "99.94%"]),  # 0.0625 rounds half-up
        ({"a": 2, "b": 0}, ["100.00%", "0.00%"]),
    ],
)
def test_two_decimal_percentages_round_half_up(counts, expected):
    result = survey_question_result(counts, decimals=2)
    assert [r.percent.display for r in result.rows()] == expected


def test_whole_numbers_remain_the_default():
    result = survey_question_result({"a": 639, "b": 612})
    assert [r.percent.percent for r in result.rows()] == [51, 49]
    assert all(isinstance(r.percent.percent, int) for r in result.rows())


def test_decimals_must_be_sensible():
    for bad in (-1, 5, 1.5, True):
        with pytest.raises(ValueError):
            survey_question_result({"a": 1}, decimals=bad)
        with pytest.raises(ValueError):
            survey_breakdown({"g": {"a": 10}}, decimals=bad)


def test_breakdown_to_two_decimals_still_hides_small_groups():
    breakdown = survey_breakdown(
        {"a": {"y": 3, "n": 5}, "b": {"y": 20, "n": 1}, "c": {"y": 10, "n": 30}}, decimals=2
    )
    assert breakdown.is_hidden("a") and breakdown.is_hidden("b")
    assert [r.percent.display for r in breakdown.rows()[2].results] == ["25.00%", "75.00%"]
    assert [r.percent.display for r in breakdown.overall.rows()] == [
        "47.83%",
        "52.17%",
    ]  # 33 and 36 of 69


def test_survey_share_pools_exact_figures():
    assert survey_share(1139, 1251, decimals=2).display == "91.05%"  # Q3 agree + strongly agree
    assert survey_share(7, 10).display == "70%"
    assert survey_share(0, 0).display == NOT_AVAILABLE_DISPLAY
    assert not survey_share(1, 3).hidden  # whole-survey figures are never hidden
    with pytest.raises(ValueError):
        survey_share(4, 3)
    with pytest.raises(ValueError):
        survey_share(-1, 3)


def test_benchmark_display_and_representation_ratio():
    from decimal import Decimal

    from ccpl import disclosure

    assert disclosure.benchmark_display(Decimal("0.0475")) == "4.8%"
    assert disclosure.benchmark_display(Decimal("0.51")) == "51%"
    assert disclosure.benchmark_display(None) == "–"
    table = disclosure.people_count_table(
        {"a": 3, "b": 30, "c": 9}, rows=["a", "b", "c"], columns=["n"]
    )
    hidden = table.share("a", "n", within="column")
    shown = table.share("b", "n", within="column")
    assert disclosure.representation_ratio(hidden, Decimal("0.1")) == "*"
    assert disclosure.representation_ratio(shown, None) == "–"
    assert disclosure.representation_ratio(shown, Decimal("0.5")) == f"{shown.percent / 50:.2f}"


# ---------------------------------------------------------------------------------------------
# The tables of one population, protected together


def test_system_protects_linked_tables_through_their_shared_total():
    system = people_count_system(
        {
            "sex": (["f", "m", "x"], {"f": 20, "m": 12, "x": 3}),
            "age": (["a", "b"], {"a": 17, "b": 18}),
        },
        total=40,
        not_told=5,
        total_exact=True,
    )
    sex = system.tables["sex"]
    # The 3 is protected by the hidden shared total; that total would come back from the age
    # table, so the age table hides one figure too.
    assert [c.display for c in sex.cells.values()] == ["20", "10", "*"]
    assert sum(c.hidden for c in system.tables["age"].cells.values()) == 1
    assert system.total.display == "40"  # exact: the register already shows it
    assert system.not_told.display == "*"
    # 40 − told would give the 5 who have not told us: the shared total is hidden too.
    assert system.told.hidden and sex.total.hidden and system.tables["age"].total.hidden


def test_system_hides_rounded_figures_an_exact_total_would_pin():
    # 12 + 12 = 24 with a known total: "10" and "10" would each be 8–12 summing to 24, so
    # both would be exactly 12. One must be hidden.
    system = people_count_system(
        {"sex": (["f", "m"], {"f": 12, "m": 12})}, total=24, not_told=0, total_exact=True
    )
    cells = list(system.tables["sex"].cells.values())
    assert any(cell.hidden for cell in cells)
    ranges = people_ranges(
        [(("told",), [("f",), ("m",)])],
        {
            ("told",): (24, 24),
            **{
                (key,): people_figure_range(cell.value, hidden=cell.hidden, upper=24)
                for key, cell in zip("fm", cells, strict=True)
            },
        },
    )
    assert all(low < high for low, high in ranges.values() if (low, high) != (24, 24))


def test_system_accepts_what_a_known_total_gives_away_anyway():
    # Everyone answered and everyone is in one category: hiding it would protect nothing.
    system = people_count_system(
        {"sex": (["f", "m"], {"f": 30})}, total=30, not_told=0, total_exact=True
    )
    assert system.tables["sex"].cell("f", "count").display == "30"
    assert system.tables["sex"].cell("m", "count").display == "0"
