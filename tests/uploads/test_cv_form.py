"""The application form's CV field refuses what ccpl.uploads refuses, with a clear message."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from recruitment.models import Application
from tests.factories import ProfessionalGroupFactory
from tests.recruitment.factories import CampaignFactory
from tests.recruitment.test_public_pages import _application_data

from .samples import docx_claiming, pdf

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "cv.pdf",
            pdf(b"1 0 obj << /OpenAction << /S /JavaScript /JS (x) >> >> endobj"),
            "scripts",
        ),
        ("cv.pdf", pdf(b"% <html><script>alert(1)</script></html>"), "web page code"),
        ("cv.docx", docx_claiming(1024**3), "expands to more than"),
        ("cv.rtf", b"{\\rtf1 hello}", "must be a PDF or Word (.docx) file"),
    ],
    ids=["javascript", "polyglot", "zip bomb", "rtf"],
)
def test_hostile_cvs_are_refused_on_the_form(client, settings, name, content, message):
    settings.CLAMD_URL = ""
    campaign = CampaignFactory()
    response = client.post(
        reverse("recruitment:vacancy_apply", args=[campaign.pk]),
        _application_data(ProfessionalGroupFactory(), cv=SimpleUploadedFile(name, content)),
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Application.objects.exists()
