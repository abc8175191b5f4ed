"""The board assurance pack: asked for through the reports pages, made by the report task
(eager, through its registered name), with the signed-off self-assessment's levels,
narrative and stored indicators in the PDF, never its internal notes; tagged PDF/UA; refused
without a signed-off self-assessment; read as a web page by staff and executives only."""

import os
import re
import subprocess
from datetime import date
from pathlib import Path

import pytest
from django.urls import reverse

from assurance import services as assurance_services
from assurance.models import AssessmentEntry, IndicatorValue, Level
from forums.models import Forum
from reports import catalogue, kinds
from reports.models import ReportJob
from reports.sections import ASSURANCE_PACK
from tests.factories import PriorityFactory
from tests.reports.pdf import pdf_info, pdf_objects, pdf_text, squashed

pytestmark = pytest.mark.django_db

INTERNAL_NOTE = "ZEBRA-PINEAPPLE internal only: the chair doubts the figures"
NARRATIVE = "We set up a practitioner forum in every Place"


@pytest.fixture
def principles(db):
    for n in range(1, 6):
        PriorityFactory(number=n, short_title=f"Priority {n}")
    return assurance_services.principles_ensure()


@pytest.fixture
def council(db):
    return Forum.objects.create(
        name="Clinical and Care Professional Council",
        slug="council",
        kind=Forum.Kind.COUNCIL,
        purpose="Brings every profession together.",
    )


def _sign_off(assessment, *, staff, executive, forum):
    assurance_services.assessment_send_for_review(user=staff, assessment=assessment, forum=forum)
    assurance_services.assessment_record_review(
        user=staff,
        assessment=assessment,
        reviewed_on=date(assessment.as_of.year + 1, 1, 20),
        outcome="Agreed.",
        changes_needed=False,
    )
    return assurance_services.assessment_sign_off(user=executive, assessment=assessment)


def _fill(assessment, staff, *, level=Level.ESTABLISHED, year=2025):
    for i, entry in enumerate(AssessmentEntry.objects.filter(assessment=assessment)):
        assurance_services.entry_update(
            user=staff,
            entry=entry,
            level=level if i % 2 == 0 else Level.DEVELOPING,
            what_we_did=f"{NARRATIVE} ({year}, principle {i + 1}).",
            what_we_heard=f"Leaders asked for protected time ({year}).",
            what_is_next=f"Next we will widen mentoring ({year}).",
            internal_notes=INTERNAL_NOTE,
        )


@pytest.fixture
def signed_off(principles, council, staff_user, exec_user):
    earlier = assurance_services.assessment_create(
        user=staff_user, year=2024, as_of=date(2024, 12, 31)
    )
    _fill(earlier, staff_user, level=Level.DEVELOPING, year=2024)
    _sign_off(earlier, staff=staff_user, executive=exec_user, forum=council)
    assessment = assurance_services.assessment_create(
        user=staff_user, year=2025, as_of=date(2025, 12, 31)
    )
    _fill(assessment, staff_user, year=2025)
    return _sign_off(assessment, staff=staff_user, executive=exec_user, forum=council)


def _request(client, assessment, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("reports:report_request", args=[ASSURANCE_PACK]),
            {"assessment": assessment.pk},
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    return ReportJob.objects.get(kind=ASSURANCE_PACK)


@pytest.fixture
def pack(signed_off, staff_client, eager_celery, django_capture_on_commit_callbacks):
    job = _request(staff_client, signed_off, django_capture_on_commit_callbacks)
    assert job.status == ReportJob.Status.DONE, job.error
    with job.file.open("rb") as handle:
        pdf = handle.read()
    if os.environ.get("REPORT_PDF_DIR"):  # to look at the pages: pdftoppm -r 50
        (Path(os.environ["REPORT_PDF_DIR"]) / "assurance_pack.pdf").write_bytes(pdf)
    return job, pdf


def test_the_pack_has_four_sections_in_order():
    assert [s.key for s in catalogue.sections_for(ASSURANCE_PACK)] == [
        "assurance_assessment",
        "assurance_indicators",
        "assurance_you_said",
        "assurance_action_plan",
    ]


def test_the_pdf_has_levels_narrative_and_stored_indicators_never_internal_notes(pack, signed_off):
    job, pdf = pack
    assert job.period == "2025" and job.title == "Board assurance pack: self-assessment 2025"
    text = squashed(pdf_text(pdf))
    assert "Our self-assessment against the five principles" in text
    for entry in AssessmentEntry.objects.filter(assessment=signed_off).select_related("principle"):
        assert entry.get_level_display() in text
        assert squashed(entry.what_we_did) in text
    assert "Established" in text and "Developing" in text
    # Indicators of this and the earlier signed-off year, side by side.
    assert "Indicators and levels year on year" in text and "2024" in text
    values = IndicatorValue.objects.filter(assessment=signed_off)
    assert values.exists()
    raw_text = squashed(
        subprocess.run(
            ["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True
        ).stdout.decode()
    )
    for value in values:
        headline = (value.figure or {}).get("headline") or "Not available"
        assert squashed(headline) in raw_text, headline
    # The attack: the internal notes never reach the pack, whatever the section.
    assert "ZEBRA-PINEAPPLE" not in text and "ZEBRA-PINEAPPLE" not in raw_text
    assert b"ZEBRA-PINEAPPLE" not in pdf_objects(pdf)


def test_the_pdf_is_tagged_pdf_ua_with_alt_text_on_the_chart(pack):
    job, pdf = pack
    raw = pdf_objects(pdf)
    assert b"/StructTreeRoot" in raw and b"pdfuaid:part" in raw
    for tag in (b"/S /H1", b"/S /H2", b"/S /Table", b"/S /TH", b"/S /Figure"):
        assert tag in raw, tag
    info = pdf_info(pdf)
    assert info["Tagged"] == "yes" and info["Title"] == job.title
    assert re.search(rb"/Alt [(<]", raw)


def test_no_signed_off_assessment_is_a_clear_refusal(principles, staff_client, staff_user):
    assurance_services.assessment_create(user=staff_user, year=2025, as_of=date(2025, 12, 31))
    url = reverse("reports:report_request", args=[ASSURANCE_PACK])
    assert "There is no signed-off self-assessment yet" in staff_client.get(url).content.decode()
    response = staff_client.post(url, {"assessment": ""})
    assert response.status_code == 200
    page = response.content.decode()
    assert "nhsuk-error-summary" in page and "There is no signed-off self-assessment yet" in page
    assert not ReportJob.objects.exists()
    with pytest.raises(kinds.ReportRequestError, match="no signed-off self-assessment"):
        kinds.inputs_for(kind=ASSURANCE_PACK)


def test_a_draft_cannot_be_chosen(signed_off, staff_client, staff_user):
    draft = assurance_services.assessment_create(
        user=staff_user, year=2026, as_of=date(2026, 12, 31)
    )
    response = staff_client.post(
        reverse("reports:report_request", args=[ASSURANCE_PACK]), {"assessment": draft.pk}
    )
    assert response.status_code == 200 and not ReportJob.objects.exists()
    with pytest.raises(kinds.ReportRequestError):
        kinds.inputs_for(kind=ASSURANCE_PACK, assessment_id=draft.pk)


def test_the_web_page_is_for_staff_and_executives_and_hides_internal_notes(
    pack, client, staff_client, exec_client, leader_client, panel_client, sysadmin_client
):
    job, _pdf = pack
    url = reverse("reports:report_page", args=[job.pk])
    response = client.get(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    for other in (leader_client, panel_client, sysadmin_client):
        assert other.get(url).status_code == 403
    for reader in (staff_client, exec_client):
        response = reader.get(url)
        assert response.status_code == 200
        page = response.content.decode()
        assert NARRATIVE in page and "Established" in page
        assert "ZEBRA-PINEAPPLE" not in page
    detail = staff_client.get(reverse("reports:report_detail", args=[job.pk])).content.decode()
    assert url in detail


def test_the_web_page_is_only_for_a_finished_pack(pack, staff_client):
    job, _pdf = pack
    ReportJob.objects.filter(pk=job.pk).update(status=ReportJob.Status.FAILED)
    assert staff_client.get(reverse("reports:report_page", args=[job.pk])).status_code == 404
