"""Reading generated PDFs in tests: text with pdftotext, structure from the raw objects."""

import re
import subprocess
import zlib


def pdf_text(pdf: bytes) -> str:
    """The PDF's text in reading layout (poppler's pdftotext)."""
    result = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    )
    return result.stdout.decode()


def squashed(text: str) -> str:
    """Whitespace collapsed to single spaces, for phrases that wrap across lines."""
    return re.sub(r"\s+", " ", text)


def pdf_objects(pdf: bytes) -> bytes:
    """The file with every Flate stream inflated, so tags in object streams can be found."""
    parts = [pdf]
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            parts.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    return b"\n".join(parts)


def pdf_info(pdf: bytes) -> dict[str, str]:
    result = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True)
    info = {}
    for line in result.stdout.decode().splitlines():
        key, _, value = line.partition(":")
        info[key.strip()] = value.strip()
    return info
