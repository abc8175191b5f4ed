"""The attack on figures about people, run with an integer solver (OR-tools CP-SAT).

An attacker takes everything published about one population — the diversity page, its
CSV and the diversity-analysis PDF (checked to show exactly the page's figures), the public
role register (every holder's name and professional group) and the previous
publication — and models every raw count as an integer variable constrained by what was
published: each rounded figure ``n`` is ``n − 2`` to ``n + 2``; ``*`` is at least 1 (1 to 7,
or a non-zero figure hidden by secondary suppression); 0 is 0; every table adds up to its
total; the tables of age, sex and ethnic group share one total (the people who told us); that
total and the people who have not told us add up to the register's exact head count; the
professional groups are exact. Shares are checked to be a function of the published counts
(so they add no constraint). The solver then minimises and maximises every cell.

What passing proves: for this population, no hidden figure is pinned to one value and no
rounded figure to its raw value; and after the smallest change a publication allows (five
people), with the attacker knowing exactly who joined and left, no joiner's or leaver's
category is determined. What it does not prove: anything for other data (it is a test, not
a theorem; ``ccpl.disclosure.people_count_system`` checks single publications at publish
time); attackers with outside knowledge of individual answers.

``test_the_solver_recovers_counts_from_raw_shares`` keeps the attack honest: on a table
whose shares come from raw counts (the old behaviour) the same solver recovers every count.
"""

import csv
import io
import re
from collections import Counter
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from ortools.sat.python import cp_model

from ccpl import disclosure, publications
from ccpl.selectors import equality_answers_of
from roles import presenters, selectors
from tests.factories import EqualityProfileFactory, ProfessionalGroupFactory
from tests.roles.factories import AppointmentFactory

pytestmark = pytest.mark.django_db

EQUALITY_TABLES = ("Age", "Sex", "Ethnic group")
BIG = 10_000


# --- Reading what is published -------------------------------------------------------------


def _published(client) -> dict:
    """Every figure the page and the CSV publish: ``{"total", "not_told", "tables":
    {title: {"rows": {label: (display, share)}, "total": display}}}``."""
    response = client.get(reverse("roles:diversity_csv"))
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))[1:]
    when = rows[0][2]
    figures: dict = {"tables": {}}
    for title, label, date_, count, share, *_ in rows:
        if date_ != when:
            continue
        if title == "Everyone":
            figures["total" if label == "Total" else "not_told"] = count
            continue
        table = figures["tables"].setdefault(title, {"rows": {}, "total": None})
        if label == "Total":
            table["total"] = table["total"] or count
        elif label not in table["rows"]:
            table["rows"][label] = (count, share)
    # The page shows the same figures (and the told-us total): nothing more to model.
    html = client.get(reverse("roles:diversity")).content.decode()
    told = re.search(r"count the (\S+) who have", html).group(1)
    assert f"Role holders: {figures['total']}." in html
    for title, table in figures["tables"].items():
        if title != "Professional group":
            assert table["total"] == told
        for label, (count, share) in table["rows"].items():
            page = _row(html, label, SECTIONS[title])
            assert page[:2] == [count, f"{share}%" if share.isdigit() else share or "–"]
    figures["told"] = told
    return figures


SECTIONS = {
    "Professional group": "professional_group",
    "Age": "age_band",
    "Sex": "sex",
    "Ethnic group": "ethnic_group",
}


def _row(html: str, label: str, section: str) -> list[str]:
    """The cells of the row headed ``label`` in the table after ``id="section"``."""
    html = html[html.index(f'id="{section}"') :]
    match = re.search(
        rf'<th scope="row" class="nhsuk-table__header">{re.escape(label)}</th>(.*?)</tr>',
        html,
        re.S,
    )
    assert match, f"no row {label!r}"
    return [cell.strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", match.group(1), re.S)]


def _pdf_figures(on) -> dict[tuple[str, str], tuple[str, str]]:
    """Every (count, share) the diversity-analysis PDF shows for role holders, by table title
    and row label, read from the PDF's text (poppler's pdftotext)."""
    from reports import kinds, rendering
    from reports.sections import DIVERSITY_ANALYSIS
    from tests.reports.pdf import pdf_text

    start = on.year if on.month >= 4 else on.year - 1
    inputs = kinds.inputs_for(kind=DIVERSITY_ANALYSIS, year=f"{start}-{str(start + 1)[2:]}")
    text = pdf_text(rendering.html_to_pdf(rendering.report_html(rendering.build_report(inputs))))
    # The section, not its line in the contents.
    text = text[text.rindex("2. Role holders") :]
    text = text[: text.find("3. Forum members") if "3. Forum members" in text else None]
    shown = {}
    for title in SECTIONS:
        table = text[text.index(f"Role holders by {title.lower()}, compared") :]
        table = table[: table.index("\nTotal")]
        for line in table.splitlines()[2:]:
            match = re.match(r"\s*(\S.*?)\s{2,}(\d+|\*)\s+(\d+%|\*|–)\s", line + " ")
            if match:
                shown[title, match.group(1)] = (match.group(2), match.group(3))
    return shown


def _assert_the_pdf_shows_the_same_figures(figures: dict, on) -> None:
    """The PDF publishes nothing the page and CSV do not: the same count and share in every
    row (so the solver's constraints already hold everything it shows)."""
    shown = _pdf_figures(on)
    for title, table in figures["tables"].items():
        for label, (count, share) in table["rows"].items():
            page_share = f"{share}%" if share.isdigit() else share or "–"
            # A long label wraps in the PDF: its first line is a prefix of the page's label.
            wrapped = max(
                (
                    shown_label
                    for t, shown_label in shown
                    if t == title and label.startswith(shown_label)
                ),
                key=len,
                default=None,
            )
            assert shown.get((title, wrapped)) == (count, page_share), (title, label)
    assert len(shown) == sum(len(t["rows"]) for t in figures["tables"].values())


def _register() -> Counter:
    """The public register: every holder by name and professional group, exactly."""
    return Counter(
        (holder["name"], holder["professional_group"])
        for row in presenters.role_register_rows(selectors.role_register())
        for holder in row["holders"]
    )


def _check_shares(figures: dict) -> None:
    """Every share is the published count over the published total (over everyone when the
    told-us total is hidden): a function of published figures, so no extra constraint."""
    for title, table in figures["tables"].items():
        total = table["total"]
        if title in EQUALITY_TABLES and figures["told"] == "*" and figures["total"] != "*":
            total = figures["total"]
        for count, share in table["rows"].values():
            if "*" in (count, total):
                assert share == "*"
            elif int(total) == 0:
                assert share == ""
            else:
                assert int(share) == disclosure.published_percent(int(count), int(total))


# --- The model -----------------------------------------------------------------------------


def _bounded(model, display: str, name: str, upper: int):
    """A raw count consistent with its published figure."""
    if display == "*":
        return model.NewIntVar(1, upper, name)
    value = int(display)
    if value == 0:
        return model.NewIntVar(0, 0, name)
    return model.NewIntVar(max(8, value - 2), value + 2, name)


class Publication:
    """One publication as integer variables and constraints on a shared model."""

    def __init__(self, model, figures: dict, head_count: int, prefix: str):
        self.figures = figures
        self.total = model.NewIntVar(head_count, head_count, f"{prefix}total")
        self.not_told = _bounded(model, figures["not_told"], f"{prefix}not_told", head_count)
        self.told = _bounded(model, figures["told"], f"{prefix}told", head_count)
        model.Add(self.total == self.told + self.not_told)
        published_total = figures["total"]
        assert published_total == str(head_count)  # exact, as the register shows
        self.cells: dict[tuple[str, str], cp_model.IntVar] = {}
        for title in EQUALITY_TABLES:
            table = figures["tables"][title]
            variables = []
            for label, (count, _) in table["rows"].items():
                var = _bounded(model, count, f"{prefix}{title}:{label}", head_count)
                self.cells[(title, label)] = var
                variables.append(var)
            assert table["total"] == figures["told"]
            model.Add(sum(variables) == self.told)

    def displayed(self) -> dict:
        """Figure name → (variable, published display)."""
        out = {
            "told": (self.told, self.figures["told"]),
            "not_told": (self.not_told, self.figures["not_told"]),
        }
        for (title, label), var in self.cells.items():
            out[f"{title}:{label}"] = (var, self.figures["tables"][title]["rows"][label][0])
        return out


def _range(model, var) -> tuple[int, int]:
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    out = []
    for sense in (model.Minimize, model.Maximize):
        sense(var)
        status = solver.Solve(model)
        assert status == cp_model.OPTIMAL, "the published figures must be consistent"
        out.append(int(solver.Value(var)))
    model.ClearObjective()
    return out[0], out[1]


def _assert_nothing_pinned(model, publication: Publication, raw: dict) -> None:
    for name, (var, display) in publication.displayed().items():
        if display == "0":
            continue  # zeros are exact by the rule
        low, high = _range(model, var)
        if display == "*":
            assert low < high, f"hidden {name} is pinned to {low}"
        else:
            assert not low == high == raw.get(name), f"rounded {name} gives its raw value {low}"


# --- A population ---------------------------------------------------------------------------

GROUPS = ("Nursing", "Medical", "Allied health")


def _holder(group, *, starts_on=None, **answers):
    appointment = AppointmentFactory(person__professional_group=group)
    if starts_on is not None:
        appointment.starts_on = starts_on
        appointment.save()
    if answers:
        blank = {"age_band": "", "sex": "", "ethnicity": ""}
        EqualityProfileFactory(person=appointment.person, **(blank | answers))
    return appointment


@pytest.fixture
def population():
    """42 role holders: a realistic mix, three of whom have told us nothing."""
    groups = {name: ProfessionalGroupFactory(name=name) for name in GROUPS}
    mix = [
        (9, "Nursing", {"sex": "female", "age_band": "40-49", "ethnicity": "white_british"}),
        (6, "Nursing", {"sex": "female", "age_band": "50-59", "ethnicity": "black_african"}),
        (8, "Medical", {"sex": "male", "age_band": "50-59", "ethnicity": "white_british"}),
        (5, "Medical", {"sex": "male", "age_band": "40-49", "ethnicity": "asian_indian"}),
        (4, "Medical", {"sex": "female", "age_band": "30-39", "ethnicity": "asian_pakistani"}),
        (4, "Allied health", {"sex": "female", "age_band": "40-49", "ethnicity": "white_british"}),
        (
            2,
            "Allied health",
            {"sex": "prefer_not_to_say", "ethnicity": "mixed_white_black_caribbean"},
        ),
        (1, "Allied health", {"sex": "male"}),
        (3, "Nursing", {}),
    ]
    for n, group, answers in mix:
        for _ in range(n):
            _holder(groups[group], **answers)
    return groups


def _publish(on, *, force=False):
    return publications.publication_make(population=selectors.ROLE_HOLDERS, on=on, force=force)


def _raw_figures(on) -> dict:
    """The raw counts behind a publication, by the names the model uses (test oracle only)."""
    from ccpl import population as builder
    from ccpl.selectors import equality_told_us

    people = selectors.role_holders(on)
    told = equality_told_us(people=people)
    out = {"told": told.count(), "not_told": people.count() - told.count()}
    from ccpl import snapshots

    for dimension in builder.EQUALITY_DIMENSIONS:
        labels = builder._labels(dimension, {})
        counts = snapshots.population_counts(people=told, dimension=dimension)
        for category, label in labels.items():
            out[f"{builder.DIMENSION_TITLES[dimension]}:{label}"] = counts.get(category, 0)
    return out


# --- The tests ------------------------------------------------------------------------------


def test_one_publication_pins_no_cell(client, population):
    on = timezone.localdate()
    _publish(on, force=True)
    figures = _published(client)
    _check_shares(figures)
    _assert_the_pdf_shows_the_same_figures(figures, on)
    register = _register()
    assert figures["total"] == str(register.total())
    by_group = {
        label: count
        for label, (count, _) in figures["tables"]["Professional group"]["rows"].items()
    }
    for group in GROUPS:
        assert by_group[group] == str(sum(n for (_, g), n in register.items() if g == group))
    model = cp_model.CpModel()
    publication = Publication(model, figures, register.total(), "")
    _assert_nothing_pinned(model, publication, _raw_figures(on))


@pytest.mark.parametrize("joiners,leavers", [(5, 0), (3, 2)])
def test_five_changes_between_publications_single_nobody_out(client, population, joiners, leavers):
    """The smallest change a publication allows: five people joined or left, all alike (the
    worst case), and the attacker knows exactly who from the register."""
    today = timezone.localdate()
    before_on = today - timedelta(days=100)
    _publish(before_on, force=True)
    before = _published(client)
    register_before = _register()

    for _ in range(joiners):
        _holder(
            population["Medical"],
            starts_on=before_on + timedelta(days=1),
            sex="female",
            age_band="30-39",
            ethnicity="black_caribbean",
        )
    leaving = [
        appointment
        for appointment in selectors.current_appointments(today).select_related("person")
        if equality_answers_of(appointment.person).get("sex") == "male"
    ][:leavers]
    for appointment in leaving:
        appointment.ended_on = before_on + timedelta(days=2)
        appointment.save()
    assert _publish(today) is not None  # exactly five changes: published
    after = _published(client)
    register_after = _register()
    joined = register_after - register_before
    left = register_before - register_after
    assert (joined.total(), left.total()) == (joiners, leavers)

    model = cp_model.CpModel()
    old = Publication(model, before, register_before.total(), "old:")
    new = Publication(model, after, register_after.total(), "new:")
    # The attacker assumes nobody else changed an answer: new = old + joiners − leavers.
    j_not_told = model.NewIntVar(0, joiners, "joined:not_told")
    l_not_told = model.NewIntVar(0, leavers, "left:not_told")
    model.Add(new.not_told == old.not_told + j_not_told - l_not_told)
    moved: dict[tuple[str, str], tuple] = {}
    for title in EQUALITY_TABLES:
        j_vars, l_vars = [], []
        for label in before["tables"][title]["rows"]:
            j = model.NewIntVar(0, joiners, f"joined:{title}:{label}")
            l_ = model.NewIntVar(0, leavers, f"left:{title}:{label}")
            model.Add(new.cells[(title, label)] == old.cells[(title, label)] + j - l_)
            moved[(title, label)] = (j, l_)
            j_vars.append(j)
            l_vars.append(l_)
        model.Add(sum(j_vars) + j_not_told == joiners)
        model.Add(sum(l_vars) + l_not_told == leavers)

    for (title, label), (j, l_) in moved.items():
        if joiners:
            low, _ = _range(model, j)
            assert low < joiners, f"every joiner is known to be {title}: {label}"
        if leavers:
            low, _ = _range(model, l_)
            assert low < leavers, f"every leaver is known to be {title}: {label}"
    if joiners:
        assert _range(model, j_not_told)[0] < joiners
    _assert_nothing_pinned(model, old, _raw_figures(before_on))
    _assert_nothing_pinned(model, new, _raw_figures(today))


def test_fewer_than_five_changes_publish_nothing(client, population):
    today = timezone.localdate()
    before_on = today - timedelta(days=100)
    _publish(before_on, force=True)
    before = _published(client)
    for _ in range(4):
        _holder(population["Medical"], starts_on=before_on + timedelta(days=1), sex="female")
    assert _publish(today) is None
    assert _published(client) == before  # comparing before and after shows nothing


def test_the_solver_recovers_counts_from_raw_shares():
    """The old leak, kept as a check on the attack: shares from raw counts ("Female 15, 35%",
    "Male 15, 46%") pin the total and every count."""
    raw = {"female": 13, "male": 17, "other": 7}
    total = sum(raw.values())
    shown = {k: disclosure.round_people(n) for k, n in raw.items() if n > 7}
    leaky_shares = {k: (200 * raw[k] + total) // (2 * total) for k in shown}  # from raw
    assert (shown["female"], leaky_shares["female"]) == (15, 35)
    assert (shown["male"], leaky_shares["male"]) == (15, 46)
    model = cp_model.CpModel()
    t = model.NewIntVar(0, BIG, "total")
    model.Add(t >= 33)  # published total 35: 33 to 37
    model.Add(t <= 37)
    cells = {}
    for key in raw:
        if key in shown:
            cells[key] = model.NewIntVar(shown[key] - 2, shown[key] + 2, key)
            s = leaky_shares[key]
            # round-half-up(100 c / t) == s
            model.Add(200 * cells[key] >= (2 * s - 1) * t)
            model.Add(200 * cells[key] <= (2 * s + 1) * t - 1)
        else:
            cells[key] = model.NewIntVar(1, 7, key)
    model.Add(sum(cells.values()) == t)
    assert _range(model, t) == (total, total)
    for key, var in cells.items():
        assert _range(model, var) == (raw[key], raw[key]), key
    # The same table with shares from the published counts: nothing is pinned.
    model = cp_model.CpModel()
    t = model.NewIntVar(33, 37, "total")
    cells = {k: model.NewIntVar(v - 2, v + 2, k) for k, v in shown.items()}
    cells["other"] = model.NewIntVar(1, 7, "other")
    model.Add(sum(cells.values()) == t)
    assert disclosure.people_share(13, 37).display == "43%"  # 15 of 35: no extra constraint
    for key, var in cells.items():
        low, high = _range(model, var)
        assert low < high, key
