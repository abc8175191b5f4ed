"""Bulletin attachments: checked by the one upload checker (type by content, the ClamAV
scan: the EICAR test file is refused), kept in private storage, served only to those who may
see the bulletin, always as a download; e-mails link to them and never carry them."""

import os
from pathlib import Path

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from communications import services
from communications.models import BulletinAttachment
from tests.uploads.samples import CLEAN_PDF, EICAR, docx, pdf

from .cascade_helpers import sent_bulletin

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def private_storage(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "private"), "base_url": "/files/"},
        },
    }
    return tmp_path / "private"


@pytest.fixture
def clamd(settings):
    url = os.environ.get("CLAMD_URL")
    assert url, "CLAMD_URL is not set: run the tests with make test, which starts clamd"
    settings.CLAMD_URL = url
    settings.UPLOAD_SCAN_REQUIRED = True
    return url


def _attach(client, bulletin, name, content):
    return client.post(
        reverse("communications:attachment_add", args=[bulletin.pk]),
        {"file": SimpleUploadedFile(name, content)},
    )


def test_the_eicar_test_virus_is_refused_with_a_clear_error(staff_client, clamd):
    draft = sent_bulletin(send=False)
    response = _attach(
        staff_client, draft, "paper.pdf", pdf(b"1 0 obj << >> endobj", b"% " + EICAR)
    )
    assert response.status_code == 200
    assert "contains a virus or other harmful content" in response.content.decode()
    assert not BulletinAttachment.objects.exists()
    # A clean file passes the same scan.
    assert _attach(staff_client, draft, "paper.pdf", CLEAN_PDF).status_code == 302


def test_a_file_of_the_wrong_type_is_refused(staff_client):
    draft = sent_bulletin(send=False)
    page = _attach(staff_client, draft, "page.pdf", b"<html><script>alert(1)</script></html>")
    assert page.status_code == 200
    assert "is a plain text or CSV file but its name ends .pdf" in page.content.decode()
    program = _attach(staff_client, draft, "setup.exe", b"MZ\x90\x00" + b"\x00" * 100)
    assert "must be a PDF, Word, Excel" in program.content.decode()
    assert not BulletinAttachment.objects.exists()


def test_files_go_to_private_storage_and_at_most_five(staff_client, private_storage, settings):
    draft = sent_bulletin(send=False)
    for n in range(5):
        assert _attach(staff_client, draft, f"paper{n}.docx", docx()).status_code == 302
    sixth = _attach(staff_client, draft, "paper5.docx", docx())
    assert sixth.status_code == 200 and "at most 5 files" in sixth.content.decode()
    stored = BulletinAttachment.objects.first()
    assert Path(stored.file.path).is_relative_to(private_storage)
    assert not str(stored.file.path).startswith(str(settings.STATIC_ROOT))


def _download(client, attachment):
    return client.get(attachment.get_absolute_url())


def test_who_can_fetch_a_file(client, leader_client, staff_client, exec_client):
    """Public bulletin: anyone; leaders-only bulletin: signed-in accounts; draft: the CCPL
    team only (not leaders, not the public, not guessing the address)."""
    private = sent_bulletin(send=False, title="Leaders only")
    public = sent_bulletin(send=False, title="For everyone", is_public=True)
    draft = sent_bulletin(send=False, title="Draft")
    files = {}
    for bulletin in (private, public, draft):
        files[bulletin.title] = services.bulletin_attachment_add(
            user=None, bulletin=bulletin, file=SimpleUploadedFile("paper.pdf", CLEAN_PDF)
        )
    services.bulletin_send(user=None, bulletin=private)
    services.bulletin_send(user=None, bulletin=public)
    assert _download(client, files["For everyone"]).status_code == 200
    assert _download(client, files["Leaders only"]).status_code == 302  # sign in first
    assert _download(leader_client, files["Leaders only"]).status_code == 200
    assert _download(client, files["Draft"]).status_code == 302
    assert _download(leader_client, files["Draft"]).status_code == 403
    assert _download(exec_client, files["Draft"]).status_code == 403
    assert _download(staff_client, files["Draft"]).status_code == 200
    # The file of one bulletin cannot be fetched through another's address.
    crossed = reverse("communications:attachment_download", args=[public.pk, files["Draft"].pk])
    assert client.get(crossed).status_code == 404


def test_a_file_is_always_a_download_never_sniffed(client):
    bulletin = sent_bulletin(send=False, is_public=True)
    attachment = services.bulletin_attachment_add(
        user=None, bulletin=bulletin, file=SimpleUploadedFile("Spring paper.pdf", CLEAN_PDF)
    )
    services.bulletin_send(user=None, bulletin=bulletin)
    response = _download(client, attachment)
    assert response["Content-Disposition"].startswith("attachment;")
    assert "Spring paper.pdf" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox"
    assert b"".join(response.streaming_content) == CLEAN_PDF


def test_files_change_only_before_sending(staff_client):
    bulletin = sent_bulletin(send=False)
    attachment = services.bulletin_attachment_add(
        user=None, bulletin=bulletin, file=SimpleUploadedFile("a.pdf", CLEAN_PDF)
    )
    services.bulletin_send(user=None, bulletin=bulletin)
    assert _attach(staff_client, bulletin, "b.pdf", CLEAN_PDF).status_code == 302
    remove = reverse("communications:attachment_remove", args=[bulletin.pk, attachment.pk])
    staff_client.post(remove)
    assert list(BulletinAttachment.objects.values_list("name", flat=True)) == ["a.pdf"]


def test_a_draft_file_can_be_removed_by_the_team_only(staff_client, leader_client):
    bulletin = sent_bulletin(send=False)
    attachment = services.bulletin_attachment_add(
        user=None, bulletin=bulletin, file=SimpleUploadedFile("a.pdf", CLEAN_PDF)
    )
    remove = reverse("communications:attachment_remove", args=[bulletin.pk, attachment.pk])
    assert leader_client.post(remove).status_code == 403
    assert staff_client.post(remove).status_code == 302
    assert not BulletinAttachment.objects.exists()


def test_emails_link_to_the_file_and_do_not_carry_it(eager_celery, settings):
    settings.CCPL_SITE_URL = "https://ccpl.example.nhs.uk"
    bulletin = sent_bulletin(["p0@nhs.net"], send=False)
    attachment = services.bulletin_attachment_add(
        user=None, bulletin=bulletin, file=SimpleUploadedFile("paper.pdf", CLEAN_PDF)
    )
    services.bulletin_send(user=None, bulletin=bulletin)
    services.bulletin_deliver(bulletin_id=bulletin.pk)
    from ccpl.models import Email
    from ccpl.services import email_send

    email = Email.objects.get()
    email_send(email_id=email.pk)
    message = mail.outbox[-1]
    assert f"paper.pdf: https://ccpl.example.nhs.uk{attachment.get_absolute_url()}" in message.body
    assert message.attachments == []
    assert Client().get(attachment.get_absolute_url()).status_code == 302  # still checked
