"""The one CSV export path: any django-tables2 list view can be downloaded as CSV.

Add ``CsvExportMixin`` before ``SingleTableMixin``/``SingleTableView``; the page's
"Download as CSV" link adds ``_export=csv`` to the current (filtered) address.
"""

import csv

from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.text import slugify

EXPORT_PARAM = "_export"
# Spreadsheet programs run cells starting with these as formulas (CSV injection).
_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


class _Echo:
    def write(self, value):
        return value


def _safe(value):
    if value is None:
        return ""
    text = str(value)
    if text.startswith(_FORMULA_PREFIXES):
        return "'" + text
    return text


def csv_response(*, rows, filename: str) -> StreamingHttpResponse:
    """Stream ``rows`` (header first) as a CSV download, neutralising formula cells."""
    writer = csv.writer(_Echo())
    response = StreamingHttpResponse(
        (writer.writerow([_safe(v) for v in row]) for row in rows),
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
