import django_tables2 as tables
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from ccpl.tables import NhsTable

from .models import Role


def _date(value):
    return date_format(value, "j F Y") if value else ""


def _lines(items):
    """Several short items in one cell, one to a line."""
    return format_html_join(mark_safe("<br>"), "{}", ((item,) for item in items))


def _holder(appointment) -> str:
    group = appointment.person.professional_group
    name = appointment.person.full_name
    return f"{name}, {group}" if group else name


class _RoleColumns(NhsTable):
    function = tables.Column(
        verbose_name="Function", accessor="function__short_name", order_by=("function__order",)
    )
    where = tables.Column(
        verbose_name="Level", accessor="level", order_by=("level", "place__name"), empty_values=()
    )
    held_by = tables.Column(verbose_name="Held by", empty_values=(), orderable=False)

    def render_where(self, record):
        return record.where

    def value_where(self, record):
        return record.where

    def value_held_by(self, record):
        if not record.current_appointments:
            return "Vacant"
        return "; ".join(_holder(a) for a in record.current_appointments)


class RegisterTable(_RoleColumns):
    """The public register: no equality data, only names and professional groups."""

    caption = "Leadership roles"
    # On a phone each role reads as a list of its details (templates/tables/nhsuk_table.html).
    responsive = True

    title = tables.Column(verbose_name="Role", order_by=("title",))
    decision_making = tables.Column(
        verbose_name="Involved in decisions at", empty_values=(), orderable=False
    )
    support = tables.Column(verbose_name="Supported by", empty_values=(), orderable=False)

    class Meta:
        model = Role
        fields = ("title", "function", "where", "held_by", "decision_making", "support")
        empty_text = "No roles match these filters."
        attrs = {"class": "nhsuk-table--responsive"}

    def __init__(self, *args, advert_urls=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.advert_urls = advert_urls or {}

    def render_title(self, record):
        if record.summary:
            return format_html(
                '{}<span class="nhsuk-body-s nhsuk-u-display-block nhsuk-u-margin-0">{}</span>',
                record.title,
                record.summary,
            )
        return record.title

    def render_held_by(self, record):
        if record.current_appointments:
            return _lines(_holder(a) for a in record.current_appointments)
        if record.pk in self.advert_urls:
            return format_html(
                '<strong>Vacant</strong> <a href="{}">See the advert<span '
                'class="nhsuk-u-visually-hidden"> for {}</span></a>',
                self.advert_urls[record.pk],
                record.title,
            )
        return mark_safe("<strong>Vacant</strong>")

    def render_decision_making(self, record):
        if not record.seat_list:
            return "None recorded"
        items = []
        for seat in record.seat_list:
            capacity = seat.get_capacity_display().split(" (")[0].lower()
            if seat.forum.is_public:
                items.append(
                    format_html(
                        '<a href="{}">{}</a> ({})',
                        seat.forum.get_public_url(),
                        seat.forum,
                        capacity,
                    )
                )
            else:
                items.append(format_html("{} ({})", seat.forum, capacity))
        return _lines(items)

    def render_support(self, record):
        if not record.link_role_list:
            return "None named"
        return _lines(
            f"{link.name} ({link.get_kind_display().lower()})" for link in record.link_role_list
        )


class RoleTable(_RoleColumns):
    """The staff role list (and its CSV)."""

    caption = "Roles"

    title = tables.Column(
        verbose_name="Role", linkify=lambda record: record.get_absolute_url(), order_by=("title",)
    )
    status = tables.Column(
        verbose_name="Status", accessor="is_filled", order_by=("is_filled",), empty_values=()
    )
    funded_time = tables.Column(
        verbose_name="Funded time", accessor="sessional_time", empty_values=()
    )
    jd_review_due_on = tables.Column(verbose_name="Job description review", empty_values=())
    place = tables.Column(visible=False)
    accountable_to = tables.Column(visible=False)
    is_active = tables.BooleanColumn(verbose_name="Active", visible=False)

    class Meta:
        model = Role
        fields = (
            "title",
            "function",
            "where",
            "place",
            "held_by",
            "status",
            "funded_time",
            "jd_review_due_on",
            "accountable_to",
            "is_active",
        )
        empty_text = "No roles match these filters."

    def render_held_by(self, record):
        if not record.current_appointments:
            return "No one"
        return _lines(_holder(a) for a in record.current_appointments)

    def render_status(self, record):
        if not record.is_active:
            return mark_safe('<strong class="nhsuk-tag nhsuk-tag--grey">Not active</strong>')
        if record.is_filled:
            return mark_safe('<strong class="nhsuk-tag nhsuk-tag--green">Filled</strong>')
        return mark_safe('<strong class="nhsuk-tag nhsuk-tag--orange">Vacant</strong>')

    def value_status(self, record):
        return "Filled" if record.is_filled else "Vacant"

    def render_funded_time(self, record):
        return record.time_display or "Not recorded"

    def value_funded_time(self, record):
        return record.time_display

    def render_jd_review_due_on(self, record):
        due = record.jd_review_due_on
        if due is None:
            return mark_safe('<strong class="nhsuk-tag nhsuk-tag--red">No job description</strong>')
        if due < timezone.localdate():
            return format_html(
                '{} <strong class="nhsuk-tag nhsuk-tag--red">Overdue</strong>', _date(due)
            )
        return _date(due)

    def value_jd_review_due_on(self, record):
        return record.jd_review_due_on.isoformat() if record.jd_review_due_on else ""

    def value_place(self, value):
        return value.name if value else ""

    def value_accountable_to(self, record):
        return record.get_accountable_to_display()

    def value_is_active(self, value):
        return "Yes" if value else "No"
