"""The board assurance pack on the demo ICB: its signed-off 2025 self-assessment can be asked
for (the 2026 draft cannot), every section is in it (the action plan too), and every table and
cell lies between the page's margins."""

import os
from pathlib import Path

import pytest
from weasyprint.formatting_structure import boxes

from assurance.models import Assessment
from reports import kinds, rendering
from reports.sections import ASSURANCE_PACK
from tests.reports.pdf import pdf_text, squashed

pytestmark = pytest.mark.django_db


def _boxes(box):
    yield box
    for child in getattr(box, "children", ()):
        yield from _boxes(child)


def test_the_demo_pack_is_requestable_and_its_tables_fit_the_page(demo):
    signed_off = Assessment.objects.get(year=2025)
    assert signed_off.status == Assessment.Status.SIGNED_OFF
    draft = Assessment.objects.get(year=2026)
    with pytest.raises(kinds.ReportRequestError):
        kinds.inputs_for(kind=ASSURANCE_PACK, assessment_id=draft.pk)
    inputs = kinds.inputs_for(kind=ASSURANCE_PACK)  # the newest signed-off one
    assert inputs.parameters["assessment"] == signed_off.pk
    assert kinds.period_key(inputs) == "2025"

    report = rendering.build_report(inputs)
    included = [built.section.key for built in report.included]
    assert {"assurance_assessment", "assurance_indicators", "assurance_action_plan"} <= set(
        included
    )
    document = rendering.layout(rendering.report_html(report))
    tables = 0
    for page in document.pages:
        page_box = page._page_box
        right = page_box.margin_width() - page_box.margin_right - page_box.padding_right
        for table in _boxes(page_box):
            if not isinstance(table, boxes.TableBox):
                continue
            tables += 1
            assert table.position_x + table.margin_width() <= right + 0.5
            for box in _boxes(table):
                if isinstance(box, (boxes.TableCellBox, boxes.TextBox)):
                    assert box.position_x + box.width <= right + 0.5
    assert tables >= 4
    pdf = rendering.document_pdf(document)
    if os.environ.get("REPORT_PDF_DIR"):  # to look at the pages: pdftoppm -r 50
        (Path(os.environ["REPORT_PDF_DIR"]) / "assurance_pack_demo.pdf").write_bytes(pdf)
    text = squashed(pdf_text(pdf))
    assert "The action plan in summary" in text
    for entry in signed_off.entries.all():
        assert entry.get_level_display() in text
        if entry.internal_notes:
            assert squashed(entry.internal_notes) not in text
