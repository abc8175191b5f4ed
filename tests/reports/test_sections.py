"""The registries on an empty database: every kind's sections are there (all apps are always
installed), the kinds are declared once, a section is one function and one
template, there is nothing to report and
no reminder to send, and the fingerprint ignores tables a report does not read.

(Kept apart from the demo-data tests: the demo is loaded once per module.)"""

import pytest
from django.core import mail
from django.template import TemplateDoesNotExist
from django.utils import timezone

from reports import catalogue, fingerprint, kinds, reminders, rendering, sections
from reports.models import ReportJob
from reports.sections import ANNUAL_REPORT, ASSURANCE_PACK, DIVERSITY_ANALYSIS
from tests.factories import PriorityFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_every_section_registered_for_a_kind_is_in_its_report(db):
    keys = [s.key for s in catalogue.sections_for(ANNUAL_REPORT)]
    assert keys == [
        "framework",
        "action_plan",
        "temperature_check",
        "role_register",
        "diversity",
        "recruitment",
        "development",
        "communications",
        "you_said",
        "forums",
        "next_year",
    ]
    assert [s.key for s in catalogue.sections_for(DIVERSITY_ANALYSIS)] == [
        "diversity_method",
        "role_holders",
        "forum_members",
        "applicants",
        "participants",
    ]
    assert [s.key for s in catalogue.sections_for(ASSURANCE_PACK)] == [
        "assurance_assessment",
        "assurance_indicators",
        "assurance_you_said",
        "assurance_action_plan",
    ]
    for kind in ReportJob.Kind:
        assert catalogue.sections_for(kind), f"{kind} has no sections"


def test_the_kinds_are_declared_once_and_each_is_offered():
    """``ReportJob.Kind`` is the one list; ``kinds.KINDS`` describes each of them."""
    assert list(kinds.KINDS) == list(ReportJob.Kind.values)
    assert [k.value for k in kinds.available_kinds()] == list(ReportJob.Kind.values)
    for kind in ReportJob.Kind:
        assert kinds.get_kind(kind).label == kind.label
    with pytest.raises(kinds.ReportRequestError):
        kinds.get_kind("no_such_report")


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
        inputs=kinds.inputs_for(kind=ANNUAL_REPORT), sections=[catalogue.all_sections()[0]]
    )
    UserFactory(username="someone-new")
    after = fingerprint.inputs_fingerprint(
        inputs=kinds.inputs_for(kind=ANNUAL_REPORT), sections=[catalogue.all_sections()[0]]
    )
    assert before == after
