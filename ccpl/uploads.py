"""Uploaded files, once: type by content, office files that expand too far, PDFs with
active content, the ClamAV scan, and serving stored files (docs/security-uploads.md).

A form's ``clean_<field>`` calls :func:`check_upload` with the kinds it takes; every
error is a ``ValidationError`` with a message for the person uploading. Views serve
stored files only through :func:`attachment_response`.
"""

import io
import logging
import re
import socket
import struct
import zipfile
import zlib
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Kind:
    name: str
    label: str
    extensions: tuple[str, ...]


PDF = Kind("pdf", "PDF", ("pdf",))
DOCX = Kind("docx", "Word (.docx)", ("docx",))
XLSX = Kind("xlsx", "Excel (.xlsx)", ("xlsx",))
PPTX = Kind("pptx", "PowerPoint (.pptx)", ("pptx",))
ODT = Kind("odt", "OpenDocument text", ("odt",))
ODS = Kind("ods", "OpenDocument spreadsheet", ("ods",))
ODP = Kind("odp", "OpenDocument presentation", ("odp",))
TEXT = Kind("text", "plain text or CSV", ("txt", "csv"))
# What papers and evidence files may be (the older binary Office formats are not taken).
DOCUMENT_KINDS = (PDF, DOCX, XLSX, PPTX, ODT, ODS, ODP, TEXT)
DOCUMENTS_DESCRIBED = "PDF, Word, Excel, PowerPoint, OpenDocument or text"

# Zip-based office files: the part that tells each apart.
_OOXML_PARTS = {"word/": DOCX, "xl/": XLSX, "ppt/": PPTX}
_ODF_MIMETYPES = {
    b"application/vnd.oasis.opendocument.text": ODT,
    b"application/vnd.oasis.opendocument.spreadsheet": ODS,
    b"application/vnd.oasis.opendocument.presentation": ODP,
}
# PDF names that run, open or carry something: JavaScript, actions on open or on events,
# launching programs, attached files, Flash/rich media, XML forms.
ACTIVE_PDF_NAMES = frozenset(
    {
        "JavaScript",
        "JS",
        "OpenAction",
        "AA",
        "Launch",
        "EmbeddedFile",
        "EmbeddedFiles",
        "RichMedia",
        "XFA",
        "SubmitForm",
        "ImportData",
        "GoToR",
        "GoToE",
    }
)
_PDF_NAME = re.compile(rb"/((?:[A-Za-z0-9_.+-]|#[0-9A-Fa-f]{2})+)")
_PDF_HEX = re.compile(rb"#([0-9A-Fa-f]{2})")
_PDF_STREAM = re.compile(rb"stream\r?\n")
_HTML_MARKERS = re.compile(rb"<\s*(?:html|script|body|iframe|svg|!doctype\s+html)\b", re.I)
_MAX_INFLATED_BYTES = 64 * 1024 * 1024
_MAX_ZIP_MEMBERS = 10_000

NOT_CHECKED = "We could not check your file for viruses. Try again later."


def _kinds_text(kinds) -> str:
    labels = [kind.label for kind in kinds]
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " or " + labels[-1]


def detect_kind(content: bytes) -> Kind | None:
    """What the bytes are, whatever the file's name says; None when none we accept."""
    if content.startswith(b"%PDF-"):
        return PDF
    if content.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(content)) as archive:
                names = archive.namelist()
                if "mimetype" in names:
                    mimetype = archive.read("mimetype").strip()
                    return _ODF_MIMETYPES.get(mimetype)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, RuntimeError):
            return None
        if "[Content_Types].xml" in names:
            for prefix, kind in _OOXML_PARTS.items():
                if any(name.startswith(prefix) for name in names):
                    return kind
        return None
    if b"\x00" not in content:
        try:
            content.decode("utf-8")
        except UnicodeDecodeError:
            return None
        return TEXT
    return None


def zip_expansion_problem(content: bytes) -> str | None:
    """Why a zip container would expand too far when opened (a zip bomb), or None.

    Reads only the central directory's stated sizes: nothing is decompressed.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError):
        return "This file is damaged and cannot be opened"
    if len(members) > _MAX_ZIP_MEMBERS:
        return "This file holds too many parts to be opened safely"
    expanded = sum(member.file_size for member in members)
    compressed = sum(member.compress_size for member in members)
    limit = settings.UPLOAD_MAX_UNCOMPRESSED_BYTES
    if expanded > limit:
        return (
            f"This file expands to more than {limit // (1024 * 1024)} MB when opened, "
            "so it cannot be accepted. Save it again as a smaller file"
        )
    if expanded > settings.UPLOAD_MAX_COMPRESSION_RATIO * max(compressed, 1):
        return (
            "This file expands far more than a normal document when opened, so it cannot be "
            "accepted. Save it again, or send it as a PDF"
        )
    return None


def _inflated_streams(content: bytes):
    """The PDF's Flate-compressed streams, decompressed (bounded in all)."""
    budget = _MAX_INFLATED_BYTES
    view = memoryview(content)
    for match in _PDF_STREAM.finditer(content):
        if budget <= 0:
            return
        # Each stream's own bytes only (no copy), so the work stays linear in the file.
        end = content.find(b"endstream", match.end())
        stream = view[match.end() : end if end != -1 else len(content)]
        try:
            data = zlib.decompressobj().decompress(stream, budget)
        except zlib.error:
            continue
        budget -= len(data)
        yield data


def _active_names(data: bytes) -> set[str]:
    found = set()
    for raw in _PDF_NAME.findall(data):
        name = _PDF_HEX.sub(lambda m: bytes([int(m.group(1), 16)]), raw)
        text = name.decode("latin-1")
        if text in ACTIVE_PDF_NAMES:
            found.add(text)
    return found


def pdf_problem(content: bytes) -> str | None:
    """Why a PDF is refused (active content, or a PDF that is also a web page), or None."""
    if _HTML_MARKERS.search(content):
        return (
            "This PDF also contains web page code, so it cannot be accepted. Save or print it "
            "again as a plain PDF"
        )
    active = _active_names(content)
    # Names hidden in compressed object streams. (Web page code matters only in the raw
    # bytes, which is all a browser would ever see.)
    for data in _inflated_streams(content):
        active |= _active_names(data)
    if active:
        return (
            "This PDF contains scripts, actions or attachments, so it cannot be accepted. "
            "Print it to a new PDF (or save it as PDF/A) and upload that"
        )
    return None


# --- ClamAV ----------------------------------------------------------------------------


class ScanUnavailable(Exception):
    """clamd could not be asked (down, unreachable, timed out, or an error)."""


def scanning_enabled() -> bool:
    return bool(settings.CLAMD_URL)


def scanning_notice() -> str:
    """What each upload page says about the virus check."""
    if scanning_enabled() or settings.UPLOAD_SCAN_REQUIRED:
        return "Files are checked for viruses."
    return "Files are not checked for viruses on this installation."


def _clamd_socket() -> socket.socket:
    url = urlsplit(settings.CLAMD_URL)
    timeout = settings.CLAMD_TIMEOUT
    if url.scheme == "unix":
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(timeout)
        sock.connect(url.path)
        return sock
    if url.scheme == "tcp":
        return socket.create_connection((url.hostname, url.port or 3310), timeout=timeout)
    raise ScanUnavailable(f"CLAMD_URL must start tcp:// or unix://, not {url.scheme}://")


def clamd_scan(content: bytes) -> str | None:
    """The signature clamd found in ``content``, or None when clean (INSTREAM protocol)."""
    try:
        with _clamd_socket() as sock:
            sock.sendall(b"zINSTREAM\0")
            view = memoryview(content)
            for start in range(0, len(content), 65536):
                chunk = view[start : start + 65536]
                sock.sendall(struct.pack("!L", len(chunk)) + chunk)
            sock.sendall(struct.pack("!L", 0))
            reply = b""
            while not reply.endswith(b"\0"):
                data = sock.recv(4096)
                if not data:
                    break
                reply += data
    except OSError as error:
        raise ScanUnavailable(str(error)) from error
    answer = reply.rstrip(b"\0").decode("utf-8", "replace").strip()
    if answer.endswith(" OK"):
        return None
    if answer.endswith(" FOUND"):
        return answer.removeprefix("stream:").removesuffix(" FOUND").strip()
    raise ScanUnavailable(answer or "no answer from clamd")


def scan_problem(content: bytes) -> str | None:
    """Why the scan refuses the file (a virus, or no scan possible when one is required)."""
    if not scanning_enabled():
        return NOT_CHECKED if settings.UPLOAD_SCAN_REQUIRED else None
    try:
        found = clamd_scan(content)
    except ScanUnavailable as error:
        logger.warning("Upload refused: the virus scanner could not be asked (%s)", error)
        return NOT_CHECKED
    if found:
        logger.warning("Upload refused: the virus scanner found %s", found)
        return "This file contains a virus or other harmful content, so it cannot be accepted"
    return None


# --- The one check a form calls ----------------------------------------------------------


def check_upload(
    upload, *, kinds, max_bytes: int, what: str = "The file", described: str | None = None
):
    """Refuse ``upload`` unless it is one of ``kinds`` by content, named as such, within
    ``max_bytes``, not a zip bomb, not a PDF with active content, and clean by ClamAV.
    Returns the upload, rewound. ``described`` names the kinds in messages (default: each
    kind's label)."""
    kinds = tuple(kinds)
    if upload.size == 0:
        raise ValidationError(f"{what} is empty")
    if upload.size > max_bytes:
        raise ValidationError(f"{what} must be smaller than {max_bytes // (1024 * 1024)} MB")
    upload.seek(0)
    content = upload.read()
    upload.seek(0)
    name = upload.name or ""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    allowed = described or _kinds_text(kinds)
    if not any(extension in kind.extensions for kind in kinds):
        raise ValidationError(f"{what} must be a {allowed} file")
    kind = detect_kind(content)
    if kind not in kinds:
        raise ValidationError(
            f"{what} must be a {allowed} file: this file's contents are a different type"
        )
    if extension not in kind.extensions:
        raise ValidationError(
            f"{what} is a {kind.label} file but its name ends .{extension}: rename it "
            f".{kind.extensions[0]}"
        )
    problem = None
    if kind in (DOCX, XLSX, PPTX, ODT, ODS, ODP):
        problem = zip_expansion_problem(content)
    elif kind is PDF:
        problem = pdf_problem(content)
    problem = problem or scan_problem(content)
    if problem:
        raise ValidationError(problem)
    return upload


# --- Serving stored files -----------------------------------------------------------------


def attachment_response(handle, *, filename: str, content_type: str | None = None):
    """A stored file, always downloaded, never run or sniffed by the browser."""
    response = FileResponse(handle, as_attachment=True, filename=filename)
    if content_type:
        response["Content-Type"] = content_type
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
