"""The registries on an empty database: sections and tiles appear only when their app
provides them, a section is one function and one template, there is nothing to report and
no reminder to send, and the fingerprint ignores tables a report does not read.

(Kept apart from the demo-data tests: the demo is loaded once per module.)"""

import pytest
from django.apps import apps
from django.core import mail
from django.template import TemplateDoesNotExist
from django.utils import timezone

from ccpl.reports import dashboard, fingerprint, kinds, reminders, rendering, sections
from ccpl.reports.sections import ANNUAL_REPORT
from tests.factories import PriorityFactory, UserFactory

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


def test_no_digest_when_nothing_needs_attention(staff_user):
    assert reminders.reminders_send() == 0
    assert mail.outbox == []


def test_the_fingerprint_ignores_tables_a_report_does_not_read(db):
    for number in range(1, 6):
        PriorityFactory(number=number)
    before = fingerprint.inputs_fingerprint(
        inputs=kinds.inputs_for(kind=ANNUAL_REPORT), sections=[sections.all_sections()[0]]
    )
    UserFactory(username="someone-new")
    after = fingerprint.inputs_fingerprint(
        inputs=kinds.inputs_for(kind=ANNUAL_REPORT), sections=[sections.all_sections()[0]]
    )
    assert before == after


def test_tiles_appear_only_when_their_app_provides_them(monkeypatch, db):
    real = apps.is_installed
    keys = [t.key for t in dashboard._TILES.values() if t.is_available()]
    assert {"action_plan", "roles", "temperature_check", "forums"} <= set(keys)
    monkeypatch.setattr(
        apps, "is_installed", lambda name: name not in ("surveys", "roles") and real(name)
    )
    keys = [t.key for t in dashboard._TILES.values() if t.is_available()]
    assert "temperature_check" not in keys and "roles" not in keys and "coming_up" not in keys
    assert "action_plan" in keys
    # With no data at all, no tile has anything to show.
    assert dashboard.dashboard_tiles(on=timezone.localdate()) == []
