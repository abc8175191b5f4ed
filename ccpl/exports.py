"""The one CSV export path: any django-tables2 list view can be downloaded as CSV.

Add ``CsvExportMixin`` before ``SingleTableMixin``/``SingleTableView``; the page's
"Download as CSV" link adds ``_export=csv`` to the current (filtered) address.
"""

import csv
import re
from decimal import Decimal

from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.text import slugify

EXPORT_PARAM = "_export"
# Spreadsheet programs run cells starting with these as formulas (CSV injection).
_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# A plain number (a count, a share, a percentage) is never a formula: left as it is, so that
# spreadsheets read -3 as minus three, not as the text '-3.
_PLAIN_NUMBER = re.compile(r"-?\d+(\.\d+)?%?")
# Excel on Windows reads a CSV as UTF-8 only when the file starts with a byte-order mark.
BOM = "\ufeff"


class _Echo:
    def write(self, value):
        return value


def _safe(value):
    if value is None:
        return ""
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return str(value)
    text = str(value)
    if text.startswith(_FORMULA_PREFIXES) and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


def csv_response(*, rows, filename: str) -> StreamingHttpResponse:
    """Stream ``rows`` (header first) as a CSV download for spreadsheets: UTF-8 with a
    byte-order mark, formula cells neutralised, numbers left as numbers."""
    writer = csv.writer(_Echo())

    def lines():
        yield BOM
        for row in rows:
            yield writer.writerow([_safe(v) for v in row])

    response = StreamingHttpResponse(
        lines(),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class CsvExportMixin:
    """Serve the view's whole filtered table (every page) as CSV on ``?_export=csv``."""

    export_name: str | None = None
    export_exclude_columns: tuple[str, ...] = ()

    def get_export_filename(self):
        name = self.export_name or slugify(str(getattr(self.get_table_class(), "caption", "")))
        return f"{name or 'export'}-{timezone.localdate():%Y-%m-%d}.csv"

    def render_to_response(self, context, **response_kwargs):
        if self.request.GET.get(EXPORT_PARAM) == "csv":
            table = context["table"]
            return csv_response(
                rows=table.as_values(exclude_columns=self.export_exclude_columns),
                filename=self.get_export_filename(),
            )
        return super().render_to_response(context, **response_kwargs)
