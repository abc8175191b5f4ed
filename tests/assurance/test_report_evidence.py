"""A report version as evidence: named and linked through the reports app (a hook, since
reports sits above assurance); only finished versions; offered on the evidence form."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from assurance import hooks, services
from assurance.models import Evidence
from reports import selectors as report_selectors
from reports.models import ReportJob

pytestmark = pytest.mark.django_db


def _job(status, version=1):
    return ReportJob.objects.create(
        kind=ReportJob.Kind.ANNUAL_REPORT,
        period="2025-26",
        title="Annual report 2025 to 2026",
        version=version,
        starts_on=datetime.date(2025, 4, 1),
        ends_on=datetime.date(2026, 3, 31),
        as_of=datetime.date(2026, 3, 31),
        fingerprint=f"{status}{version}".ljust(64, "0"),
        status=status,
    )


def test_reports_gives_assurance_its_report_versions():
    assert hooks.report_versions.function is report_selectors.versions_for_evidence


def test_a_finished_report_version_is_evidence_and_an_unfinished_one_is_not(
    draft, staff_user, staff_client
):
    done = _job(ReportJob.Status.DONE, version=2)
    running = _job(ReportJob.Status.RUNNING, version=3)
    entry = draft.entries.order_by("principle__order").first()
    evidence = services.evidence_link_add(
        user=staff_user, entry=entry, kind=Evidence.Kind.REPORT, object_id=done.pk
    )
    assert evidence.label == "Annual report 2025 to 2026 (version 2)"
    with pytest.raises(ValidationError):
        services.evidence_link_add(
            user=staff_user, entry=entry, kind=Evidence.Kind.REPORT, object_id=running.pk
        )
    page = staff_client.get(draft.get_absolute_url()).content.decode()
    assert f'href="{reverse("reports:report_detail", kwargs={"pk": done.pk})}"' in page
    form = staff_client.get(reverse("assurance:evidence_link", args=[entry.pk])).content.decode()
    assert f'value="report:{done.pk}"' in form and f'value="report:{running.pk}"' not in form
