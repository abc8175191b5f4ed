"""The section registry: sections appear only when their app provides them, a section is
one function and one template, and an empty database has nothing to report."""

import pytest
from django.apps import apps
from django.template import TemplateDoesNotExist
from django.utils import timezone

from ccpl.reports import kinds, rendering, sections
from ccpl.reports.sections import ANNUAL_REPORT

pytestmark = pytest.mark.django_db


def test_sections_appear_only_when_their_app_provides_them(monkeypatch, db):
    keys = [s.key for s in sections.sections_for(ANNUAL_REPORT)]
    assert [k for k in keys if k != "recruitment"] == [
        "framework",
        "action_plan",
        "temperature_check",
        "role_register",
        "diversity",
        "forums",
        "next_year",
    ]
    real = apps.is_installed
    monkeypatch.setattr(apps, "is_installed", lambda name: name != "surveys" and real(name))
    keys = [s.key for s in sections.sections_for(ANNUAL_REPORT)]
    assert "temperature_check" not in keys and "action_plan" in keys
    assert "survey_results" not in [k.value for k in kinds.available_kinds()]


def test_a_section_is_one_function_and_one_template(db, monkeypatch):
    monkeypatch.setattr(sections, "_SECTIONS", dict(sections._SECTIONS))

    @sections.section(key="extra_test_section", title="Extra", kinds=[ANNUAL_REPORT], order=99)
    def extra(inputs):
        return {"n": 1}

    inputs = kinds.inputs_for(kind=ANNUAL_REPORT, today=timezone.localdate())
    report = rendering.build_report(inputs)
    assert report.included[-1].section.key == "extra_test_section"
    with pytest.raises(TemplateDoesNotExist, match="reports/pdf/sections/extra_test_section.html"):
        rendering.report_html(report)


def test_an_empty_database_reports_nothing_to_report(db):
    inputs = kinds.inputs_for(kind=ANNUAL_REPORT)
    with pytest.raises(rendering.ReportError, match="nothing to report"):
        rendering.build_report(inputs)
