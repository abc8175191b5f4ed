"""ccpl.uploads: type by content, zip bombs, PDFs with active content, polyglots."""

import time

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from ccpl import uploads

from .samples import CLEAN_PDF, compressed_pdf, docx, docx_claiming, docx_of_zeros, office, pdf

CV = (uploads.PDF, uploads.DOCX)
pytestmark = pytest.mark.usefixtures("no_scan")


@pytest.fixture
def no_scan(settings):
    """These tests are about content; the ClamAV tests are in test_scan.py."""
    settings.CLAMD_URL = ""
    settings.UPLOAD_SCAN_REQUIRED = False


def check(name, content, kinds=CV):
    return uploads.check_upload(
        SimpleUploadedFile(name, content), kinds=kinds, max_bytes=5 * 1024 * 1024, what="The CV"
    )


def refused(name, content, kinds=CV) -> str:
    with pytest.raises(ValidationError) as caught:
        check(name, content, kinds)
    return " ".join(caught.value.messages)


def test_a_clean_pdf_and_a_real_docx_are_accepted():
    assert check("cv.pdf", CLEAN_PDF).read() == CLEAN_PDF
    check("cv.docx", docx())


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("cv.pdf", b"MZ\x90\x00 a program", "contents are a different type"),
        ("cv.pdf", b"<html><script>alert(1)</script></html>", "contents are a different type"),
        ("cv.docx", b"PK\x03\x04 not really a zip", "contents are a different type"),
        ("cv.docx", docx().replace(b"word/", b"wxyz/"), "contents are a different type"),
        ("cv.exe", CLEAN_PDF, "must be a PDF or Word (.docx) file"),
        ("cv.docx", CLEAN_PDF, "is a PDF file but its name ends .docx"),
        ("cv.pdf", b"", "is empty"),
    ],
    ids=["exe", "html", "bad zip", "zip not word", "extension", "mismatch", "empty"],
)
def test_type_is_checked_by_content(name, content, message):
    assert message in refused(name, content)


def test_an_xlsx_is_not_a_cv_but_is_a_document():
    xlsx = office("xl/")
    assert uploads.detect_kind(xlsx) is uploads.XLSX
    assert "contents are a different type" in refused("cv.docx", xlsx)
    uploads.check_upload(
        SimpleUploadedFile("figures.xlsx", xlsx), kinds=uploads.DOCUMENT_KINDS, max_bytes=10**6
    )


@pytest.mark.parametrize(
    "body",
    [
        b"1 0 obj << /Type /Catalog /OpenAction 2 0 R >> endobj",
        b"2 0 obj << /S /JavaScript /JS (app.alert(1)) >> endobj",
        b"2 0 obj << /S /J#61vaScr#69pt /J#53 (app.alert(1)) >> endobj",
        b"3 0 obj << /Type /Annot /AA << /O 4 0 R >> >> endobj",
        b"4 0 obj << /S /Launch /F (cmd.exe) >> endobj",
        b"5 0 obj << /Type /EmbeddedFile /Length 3 >> stream\nabc\nendstream endobj",
        b"6 0 obj << /Names << /EmbeddedFiles 7 0 R >> >> endobj",
        b"7 0 obj << /Type /RichMedia >> endobj",
        b"8 0 obj << /AcroForm << /XFA 9 0 R >> >> endobj",
    ],
    ids=[
        "openaction",
        "javascript",
        "hex-escaped",
        "aa",
        "launch",
        "embedded",
        "names",
        "rich",
        "xfa",
    ],
)
def test_pdfs_with_active_content_are_refused(body):
    assert "contains scripts, actions or attachments" in refused("cv.pdf", pdf(body))


def test_active_content_hidden_in_a_compressed_object_stream_is_refused():
    hidden = compressed_pdf(b"<< /S /JavaScript /JS (app.alert(1)) >>")
    assert "contains scripts, actions or attachments" in refused("cv.pdf", hidden)
    check("cv.pdf", compressed_pdf(b"<< /Type /Font /Subtype /Type1 >>"))


def test_a_pdf_html_polyglot_is_refused():
    polyglot = pdf(
        b"1 0 obj << >> endobj", b"% <HTML><body><script>alert(document.cookie)</script>"
    )
    assert "contains web page code" in refused("cv.pdf", polyglot)


def test_a_docx_claiming_to_expand_to_1_gb_is_refused():
    assert "expands to more than 100 MB" in refused("cv.docx", docx_claiming(1024**3))


@override_settings(UPLOAD_MAX_UNCOMPRESSED_BYTES=1024 * 1024)
def test_a_docx_that_expands_beyond_the_limit_is_refused():
    # 20 MB of zeros, compressed to about 20 kB: no large file is written anywhere.
    bomb = docx_of_zeros(20 * 1024 * 1024)
    assert len(bomb) < 100_000
    assert "expands to more than 1 MB" in refused("cv.docx", bomb)


@override_settings(UPLOAD_MAX_COMPRESSION_RATIO=50)
def test_a_docx_that_expands_a_thousandfold_is_refused():
    assert "expands far more than a normal document" in refused(
        "cv.docx", docx_of_zeros(512 * 1024)
    )


def test_documents_take_text_and_other_office_files():
    kinds = uploads.DOCUMENT_KINDS
    uploads.check_upload(SimpleUploadedFile("notes.txt", b"Minutes\n"), kinds=kinds, max_bytes=1000)
    with pytest.raises(ValidationError):
        uploads.check_upload(
            SimpleUploadedFile("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"),
            kinds=kinds,
            max_bytes=1000,
        )


def test_a_pdf_of_many_streams_is_checked_in_linear_time():
    many = pdf(*(b"%d 0 obj << >> stream\nxx\nendstream endobj" % i for i in range(50_000)))
    started = time.monotonic()
    check("cv.pdf", many)
    assert time.monotonic() - started < 5
