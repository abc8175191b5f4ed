"""The ClamAV scan, against the real clamd the test command starts (tests/clamav/)."""

import os
import socket

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ccpl import uploads
from recruitment.models import Application
from tests.factories import ProfessionalGroupFactory
from tests.recruitment.factories import CampaignFactory
from tests.recruitment.test_public_pages import _application_data

from .samples import CLEAN_PDF, EICAR, docx, pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def clamd(settings):
    """The test command's clamd (scripts/test.sh exports CLAMD_URL)."""
    url = os.environ.get("CLAMD_URL")
    assert url, "CLAMD_URL is not set: run the tests with make test, which starts clamd"
    settings.CLAMD_URL = url
    settings.UPLOAD_SCAN_REQUIRED = True
    return url


@pytest.fixture
def clamd_down(settings):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    # Nothing listens on the port once the socket is closed.
    settings.CLAMD_URL = f"tcp://127.0.0.1:{port}"
    settings.UPLOAD_SCAN_REQUIRED = True


def _apply(client, name, content):
    campaign = CampaignFactory()
    return client.post(
        reverse("recruitment:vacancy_apply", args=[campaign.pk]),
        _application_data(ProfessionalGroupFactory(), cv=SimpleUploadedFile(name, content)),
    )


def test_clamd_finds_the_eicar_test_string_and_passes_a_clean_file(clamd):
    assert uploads.clamd_scan(CLEAN_PDF) is None
    assert "EICAR" in uploads.clamd_scan(pdf(b"% " + EICAR))


def test_a_cv_carrying_the_eicar_test_virus_is_refused(client, clamd):
    response = _apply(client, "cv.pdf", pdf(b"1 0 obj << >> endobj", b"% " + EICAR))
    assert response.status_code == 200
    assert "contains a virus or other harmful content" in response.content.decode()
    assert not Application.objects.exists()


def test_a_clean_pdf_and_docx_cv_are_scanned_and_accepted(client, clamd):
    assert _apply(client, "cv.pdf", CLEAN_PDF).status_code == 302
    assert _apply(client, "cv.docx", docx()).status_code == 302
    assert Application.objects.count() == 2


def test_clamd_down_refuses_the_upload_politely(client, clamd_down):
    response = _apply(client, "cv.pdf", CLEAN_PDF)
    assert response.status_code == 200
    assert "We could not check your file for viruses. Try again later." in (
        response.content.decode()
    )
    assert not Application.objects.exists()


def test_scan_required_without_a_scanner_refuses(client, settings):
    settings.CLAMD_URL = ""
    settings.UPLOAD_SCAN_REQUIRED = True
    response = _apply(client, "cv.pdf", CLEAN_PDF)
    assert "We could not check your file for viruses" in response.content.decode()


def test_the_embedded_default_skips_scanning_and_says_so(client, settings):
    settings.CLAMD_URL = ""
    settings.UPLOAD_SCAN_REQUIRED = False
    campaign = CampaignFactory()
    page = client.get(reverse("recruitment:vacancy_apply", args=[campaign.pk])).content.decode()
    assert "Files are not checked for viruses on this installation." in page
    assert _apply(client, "cv.pdf", CLEAN_PDF).status_code == 302


def test_with_a_scanner_the_page_says_files_are_checked(client, clamd):
    campaign = CampaignFactory()
    page = client.get(reverse("recruitment:vacancy_apply", args=[campaign.pk])).content.decode()
    assert "Files are checked for viruses." in page
