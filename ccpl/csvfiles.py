"""Reading uploaded CSV files: one reader for every import, with line-numbered errors.

Spreadsheets and survey tools export CSV in many shapes. Whatever arrives, an import
either gets rows of strings or a ``ValidationError`` that names the line — never a
server error. The file may start with a UTF-8 byte-order mark (Excel writes one). A NUL
character is refused (PostgreSQL cannot store it in text), and so is any field longer
than ``MAX_FIELD_CHARS`` (Python's csv module would stop at 131,072 characters with an
error of its own; no real cell of ours is a tenth of that).
"""

import csv
import io

from django.core.exceptions import ValidationError

MAX_FIELD_CHARS = 20_000


def _line_of(text: str, index: int) -> int:
    return text.count("\n", 0, index) + 1


def _too_long(line: int, column: int | None = None) -> str:
    where = f"column {column}" if column else "a field"
    return (
        f"Line {line}: {where} has more than {MAX_FIELD_CHARS:,} characters, "
        "the most a field may have."
    )


def csv_rows(text: str, *, max_rows: int | None = None) -> list[list[str]]:
    """Every record of ``text`` (header included) as a list of strings.

    Raises ``ValidationError`` naming the line for a NUL character, an over-long field,
    a malformed record or more than ``max_rows`` records after the header.
    """
    text = text.lstrip("\ufeff")
    nul = text.find("\x00")
    if nul != -1:
        raise ValidationError(
            f"Line {_line_of(text, nul)}: the file contains a NUL character, which is not "
            "allowed in a CSV file. Save the file again as CSV from your spreadsheet."
        )
    reader = csv.reader(io.StringIO(text))
    rows: list[list[str]] = []
    try:
        for record in reader:
            for number, field in enumerate(record, start=1):
                if len(field) > MAX_FIELD_CHARS:
                    raise ValidationError(_too_long(reader.line_num, number))
            rows.append(record)
            if max_rows is not None and len(rows) > max_rows + 1:
                raise ValidationError(f"The file has more than {max_rows:,} rows.")
    except csv.Error as error:
        if "field larger than field limit" in str(error):
            raise ValidationError(_too_long(reader.line_num)) from None
        raise ValidationError(
            f"Line {reader.line_num}: the file could not be read as CSV ({error})."
        ) from None
    return rows


def csv_dict_rows(text: str, *, normalise, max_rows: int | None = None):
    """``(header, rows)``: the header names passed through ``normalise`` and each later
    record as a dict keyed by them (missing cells are ``""``, extra cells dropped)."""
    records = csv_rows(text, max_rows=max_rows)
    if not records:
        return [], []
    header = [normalise(name) for name in records[0]]
    rows = []
    for record in records[1:]:
        if not any(cell.strip() for cell in record):
            continue  # a blank line, as csv.DictReader skips
        padded = record + [""] * (len(header) - len(record))
        rows.append(dict(zip(header, padded, strict=False)))
    return header, rows
