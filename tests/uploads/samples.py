"""Files for the upload tests, built in memory."""

import io
import struct
import zipfile
import zlib

# The EICAR anti-virus test string, from its hex so that no scanner flags this source.
EICAR = bytes.fromhex(
    "58354f2150254041505b345c505a58353428505e2937434329377d2445494341522d5354414e4441"
    "52442d414e544956495255532d544553542d46494c452124482b482a"
)


def pdf(*body: bytes) -> bytes:
    objects = b"\n".join(body) or b"1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj"
    return b"%PDF-1.7\n" + objects + b"\ntrailer << /Root 1 0 R >>\n%%EOF\n"


CLEAN_PDF = pdf(
    b"1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj",
    b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj",
)


def compressed_pdf(hidden: bytes) -> bytes:
    data = zlib.compress(hidden)
    return pdf(
        b"1 0 obj << /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length "
        + str(len(data)).encode()
        + b" >>\nstream\n"
        + data
        + b"\nendstream endobj"
    )


def office(kind_dir: str = "word/", members: dict | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr(kind_dir + "document.xml", "<document>My CV</document>")
        for name, data in (members or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


def docx() -> bytes:
    return office("word/")


def docx_claiming(size: int) -> bytes:
    """A small .docx whose central directory says one part expands to ``size`` bytes."""
    content = bytearray(docx())
    # The last central directory entry (word/document.xml): uncompressed size at +24.
    at = content.rindex(b"PK\x01\x02")
    content[at + 24 : at + 28] = struct.pack("<L", size)
    return bytes(content)


def docx_of_zeros(size: int) -> bytes:
    """A real .docx holding ``size`` zero bytes (compresses about a thousandfold)."""
    return office("word/", {"word/media/blank.bin": bytes(size)})
