import django_tables2 as tables
from django.template.loader import render_to_string
from django.utils.formats import date_format

from ccpl.tables import NhsTable

from .models import Action, Rag

NUMERIC = {
    "th": {"class": "nhsuk-table__header--numeric"},
    "td": {"class": "nhsuk-table__cell--numeric"},
}


def _day(value):
    return date_format(value, "j F Y") if value else ""


class ActionTable(NhsTable):
    caption = "Actions"

    code = tables.Column(
        verbose_name="Code",
        linkify=("actions:action_detail", {"pk": tables.A("pk")}),
        order_by=("priority__number", "code_sort", "code"),
    )
    # The text is never empty (the title may be): django-tables2 shows its default and
    # skips render_/value_ for an empty value, so the column reads the text.
    action = tables.Column(accessor="text", verbose_name="Action", orderable=False)
    band = tables.Column(verbose_name="Timeframe")
    owner = tables.Column(verbose_name="Owner")
    due_on = tables.Column(verbose_name="Due")
    rag = tables.Column(verbose_name="Status", orderable=False)
    latest_update_on = tables.Column(verbose_name="Last update", orderable=False)

    class Meta:
        model = Action
        fields = ("code", "action", "band", "owner", "due_on", "rag", "latest_update_on")
        empty_text = "No actions match these filters."
        order_by = ("code",)

    def render_action(self, record):
        return record.display_title

    def value_action(self, record):
        return record.text

    def render_band(self, record):
        return record.band_label

    def value_band(self, record):
        return record.band_label

    def render_due_on(self, value):
        return _day(value)

    def value_due_on(self, value):
        return value.isoformat()

    def render_rag(self, record):
        return render_to_string("actions/includes/rag.html", {"action": record})

    def value_rag(self, record):
        label = Rag(record.rag).label
        return f"{label} (stale)" if record.is_stale else label

    def render_latest_update_on(self, value):
        return _day(value) or "None yet"

    def value_latest_update_on(self, value):
        return value.isoformat() if value else ""
