"""Survey results PDFs with a wide breakdown: every group and figure on the page; table headers
tagged with their scope and running heads as artefacts (checked with pikepdf)."""

import io
import re

import pikepdf
import pytest
from weasyprint.formatting_structure import boxes

from ccpl import disclosure
from reports import kinds, rendering
from reports.pdf_tags import _structure
from reports.survey import group_column_sets
from surveys import selectors as survey_selectors
from surveys.models import Survey
from tests.reports.pdf import pdf_text, squashed
from tests.surveys.factories import SectionFactory, SurveyFactory, add_responses, question

pytestmark = pytest.mark.django_db

GROUPS = [
    "Allied health professions",
    "Nursing and midwifery",
    "Medical",
    "Pharmacy",
    "Dentistry",
    "Optometry",
    "Psychology",
    "Healthcare science",
    "Public health",
    "Social work",
    "Paramedics",
    "Physiotherapists",
    "Occupational therapists",
    "Speech and language therapists",
    "Operating department practitioners",
]
SCALE = ["Strongly agree", "Agree", "Disagree", "Strongly disagree"]


@pytest.fixture
def wide_survey():
    """A closed survey of 3 statements broken down by 15 professional groups (11 to 26
    respondents each, so every group's figures are shown; 271 in all)."""
    survey = SurveyFactory(status=Survey.Status.CLOSED, title="Wide survey")
    section = SectionFactory(survey=survey)
    statements = [question(section, f"q{n}", kind="agree_4") for n in range(1, 4)]
    group = question(
        section,
        "about-professional-group",
        kind="single_choice",
        about_you="professional_group",
        options=GROUPS,
    )
    answers = []
    for g, label in enumerate(GROUPS):
        for person in range(11 + g + (g == len(GROUPS) - 1)):
            answers.append(
                {q: SCALE[(person * (n + 1) + g) % 4] for n, q in enumerate(statements)}
                | {group: label}
            )
    add_responses(survey, answers)
    return survey, statements, group


def _boxes(box):
    yield box
    for child in getattr(box, "children", ()):
        yield from _boxes(child)


def _text(box) -> str:
    return " ".join(b.text for b in _boxes(box) if isinstance(b, boxes.TextBox)).strip()


def test_a_fifteen_group_breakdown_is_split_into_tables_that_fit_the_page(wide_survey):
    survey, statements, group = wide_survey
    report = rendering.build_report(kinds.inputs_for(kind="survey_results", survey_id=survey.pk))
    document = rendering.layout(rendering.report_html(report))

    expected = {}
    for item in survey_selectors.survey_breakdowns(survey, by=group):
        for label, _n, _results, share in item.rows():
            expected[(item.question.text, label)] = share.display
    assert {label for _q, label in expected} >= set(GROUPS)
    assert all(re.fullmatch(r"\d+%", d) for (_q, label), d in expected.items() if label in GROUPS)

    # Every breakdown table, its cells and their text lie between the page's margins; the
    # header of each column is its group's whole label; each cell is that group's figure.
    laid_out = {}
    headers_seen = set()
    tables = 0
    for page in document.pages:
        page_box = page._page_box
        right = page_box.margin_width() - page_box.margin_right - page_box.padding_right
        for table in _boxes(page_box):
            if not isinstance(table, boxes.TableBox) or "breakdown" not in (
                table.element.get("class") or ""
            ):
                continue
            tables += 1
            assert table.position_x + table.margin_width() <= right + 0.5
            for box in _boxes(table):
                if isinstance(box, (boxes.TableCellBox, boxes.TextBox)):
                    assert box.position_x + box.width <= right + 0.5, _text(box)
            rows = [b for b in _boxes(table) if isinstance(b, boxes.TableRowBox)]
            header_row = next(r for r in rows if _text(r.children[0]) == "Question")
            columns = [_text(cell) for cell in header_row.children]
            headers_seen.update(columns[1:])
            for row in rows:
                if row is header_row:
                    continue
                cells = [_text(cell) for cell in row.children]
                for label, figure in zip(columns[1:], cells[1:], strict=True):
                    laid_out[(cells[0], label)] = figure
    assert tables >= 3  # 15 groups do not fit across one A4 page
    assert headers_seen == set(expected_labels := {label for _q, label in expected})
    assert laid_out == expected, sorted(set(laid_out.items()) ^ set(expected.items()))

    # The PDF's own text has every group label and every figure, row by row.
    text = pdf_text(rendering.document_pdf(document))
    text = text[text.rindex("Results by group") :]
    words = set(re.findall(r"[A-Za-z]+", text))
    for label in expected_labels:
        assert set(label.split()) <= words, label
    for statement in statements:
        figures = []
        for line in text.splitlines():
            if line.strip().startswith(statement.text):
                figures += line.strip()[len(statement.text) :].split()
        labels_in_order = [label for _q, label in expected if _q == statement.text]
        assert figures == [expected[(statement.text, label)] for label in labels_in_order]


def test_group_columns_are_shared_out_evenly_and_each_table_fits():
    sets = group_column_sets(GROUPS)
    assert [i for columns in sets for i in columns] == list(range(len(GROUPS)))
    sizes = [len(columns) for columns in sets]
    assert max(sizes) - min(sizes) <= 1
    assert group_column_sets(["Medical", "Nursing"]) == [[0, 1]]
    # A single very long word gets a table of its own rather than running off the page.
    assert group_column_sets(["A" * 60, "Medical"]) == [[0], [1]]


def test_survey_pdf_states_the_survey_policy_it_applies(wide_survey):
    survey, statements, _group = wide_survey
    report = rendering.build_report(kinds.inputs_for(kind="survey_results", survey_id=survey.pk))
    pages = pdf_text(rendering.html_to_pdf(rendering.report_html(report))).split("\f")
    about = squashed(pages[1])
    assert disclosure.POLICY_STATEMENTS[disclosure.SURVEY_POLICY] in about
    assert "rounded to the nearest" not in about
    assert "1 to 7" not in about
    # ... and the tables print exact counts, as it says: 11 + 12 + ... + 25 people answered.
    respondents = survey.responses.count()
    assert respondents == 271
    assert f"Answered {respondents}" in squashed(" ".join(pages))


def test_table_headers_carry_their_scope_and_running_heads_are_artefacts(wide_survey):
    survey, _statements, _group = wide_survey
    report = rendering.build_report(kinds.inputs_for(kind="survey_results", survey_id=survey.pk))
    pdf_bytes = rendering.html_to_pdf(rendering.report_html(report))
    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        root = pdf.Root.StructTreeRoot
        in_tree, elements = _structure(root)
        headers = [e for e in elements if e.S == pikepdf.Name.TH]
        assert len(headers) > 50
        scopes = {"/Column": 0, "/Row": 0}
        for th in headers:
            assert str(th.A.O) == "/Table"
            scopes[str(th.A.Scope)] += 1
            group = th.P.P.S  # TH → TR → THead, TBody or TFoot
            expected = "/Column" if group == pikepdf.Name.THead else "/Row"
            assert str(th.A.Scope) == expected
        assert scopes["/Column"] and scopes["/Row"]

        # Every marked content id on every page belongs to an element of the structure tree,
        # and the running heads ("Page n of N", the marking, the ICB) are pagination artefacts.
        nums = root.ParentTree.Nums
        by_page = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
        for page in pdf.pages:
            marked = by_page[int(page.obj.StructParents)]
            artefacts = 0
            for operands, operator in pikepdf.parse_content_stream(page):
                if str(operator) != "BDC":
                    continue
                tag, properties = operands
                if tag == pikepdf.Name.Artifact:
                    assert properties.Type == pikepdf.Name.Pagination
                    artefacts += 1
                else:
                    element = marked[int(properties.MCID)]
                    assert element.objgen in in_tree
            assert artefacts >= 2
    assert "Page 2 of" in pdf_text(pdf_bytes)


def test_running_heads_marked_in_another_layout_are_still_made_artefacts():
    from reports.pdf_tags import _rewrite

    pdf = pikepdf.new()
    pdf.add_blank_page()
    page = pdf.pages[0]
    # Property lists WeasyPrint does not write today: the quick rewrite misses them, the
    # parser does not.
    page.Contents = pdf.make_stream(
        b"/Span <</Lang (en-GB) /MCID 0>> BDC BT ET EMC /P <</MCID 1>> BDC BT ET EMC"
    )
    page.Contents = pdf.make_stream(_rewrite(page, {0}))
    operations = [
        (list(operands), str(operator))
        for operands, operator in pikepdf.parse_content_stream(page)
        if str(operator) == "BDC"
    ]
    assert operations[0][0][0] == pikepdf.Name.Artifact
    assert operations[0][0][1].Type == pikepdf.Name.Pagination
    assert operations[1][0][0] == pikepdf.Name.P
    assert int(operations[1][0][1].MCID) == 1
