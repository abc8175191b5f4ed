import django_tables2 as tables
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html

from ccpl.tables import NhsTable

from .models import CoproductionReview, Decision, Forum

NUMERIC = {
    "th": {"class": "nhsuk-table__header--numeric"},
    "td": {"class": "nhsuk-table__cell--numeric"},
}


def _date(value):
    return date_format(timezone.localtime(value), "j F Y") if value else ""


class ForumTable(NhsTable):
    caption = "Forums"

    name = tables.Column(linkify=lambda record: record.get_absolute_url())
    # Type and frequency are in the CSV but left off the page to keep the table narrow.
    kind = tables.Column(verbose_name="Type", visible=False)
    frequency = tables.Column(visible=False)
    # empty_values=(): a system forum's missing Place and a missing chair are put in words.
    place = tables.Column(verbose_name="Level", order_by=("level", "place__name"), empty_values=())
    chair = tables.Column(order_by=("chair__family_name", "chair__given_name"), empty_values=())
    member_count = tables.Column(verbose_name="Members", attrs=NUMERIC)
    attendance = tables.Column(
        verbose_name="Attendance",
        accessor="attendance_present",
        attrs=NUMERIC,
        order_by=("attendance_present",),
    )
    next_meeting_at = tables.Column(verbose_name="Next meeting")
    is_public = tables.BooleanColumn(verbose_name="Public", yesno="Yes,No")

    class Meta:
        model = Forum
        fields = (
            "name",
            "kind",
            "place",
            "chair",
            "frequency",
            "member_count",
            "attendance",
            "next_meeting_at",
            "is_public",
        )
        empty_text = "No forums match these filters."

    def value_is_public(self, value):
        return "Yes" if value else "No"

    def render_place(self, value):
        return value.name if value else "System"

    def value_place(self, value):
        return self.render_place(value)

    def render_chair(self, value):
        return value.full_name if value else "No chair"

    def value_chair(self, value):
        return self.render_chair(value)

    def render_attendance(self, record):
        if not record.attendance_recorded:
            return "No records"
        return f"{round(100 * record.attendance_present / record.attendance_recorded)}%"

    def value_attendance(self, record):
        return self.render_attendance(record)

    def render_next_meeting_at(self, value):
        return _date(value)

    def value_next_meeting_at(self, value):
        return timezone.localtime(value).date().isoformat() if value else ""


class DecisionTable(NhsTable):
    caption = "Decisions"

    date = tables.Column(
        verbose_name="Date", accessor="meeting__starts_at", order_by=("meeting__starts_at",)
    )
    forum = tables.Column(
        accessor="meeting__forum",
        linkify=lambda record: record.meeting.get_absolute_url(),
        order_by=("meeting__forum__name",),
    )
    text = tables.Column(verbose_name="Decision", orderable=False)
    priority = tables.Column(order_by=("priority__number",), default="None")

    class Meta:
        model = Decision
        fields = ("date", "forum", "text", "priority")
        empty_text = "No decisions match these filters."

    def render_date(self, value):
        return _date(value)

    def value_date(self, value):
        return timezone.localtime(value).date().isoformat()

    def value_forum(self, value):
        return value.name

    def value_priority(self, value):
        return str(value) if value else ""


class CoproductionReviewTable(NhsTable):
    caption = "Co-production reviews"

    held_on = tables.Column(verbose_name="Date held")
    subject = tables.Column(verbose_name="What was co-produced or reviewed")
    held_by = tables.Column(
        verbose_name="Held by", empty_values=(), order_by=("forum__name", "programme_group")
    )
    participants = tables.Column(verbose_name="People who took part", attrs=NUMERIC)
    outcome = tables.Column(verbose_name="What changed", orderable=False)
    # Left out for readers who cannot change reviews, and from the CSV.
    change = tables.Column(verbose_name="Change", empty_values=(), orderable=False)

    class Meta:
        model = CoproductionReview
        fields = ("held_on", "subject", "held_by", "participants", "outcome", "change")
        empty_text = "No co-production reviews match these filters."

    def render_held_on(self, value):
        return date_format(value, "j F Y")

    def value_held_on(self, value):
        return value.isoformat()

    def value_held_by(self, record):
        return record.held_by

    def render_change(self, record):
        return format_html(
            '<a href="{}">Change<span class="nhsuk-u-visually-hidden"> {}</span></a>',
            record.get_absolute_url(),
            record.subject,
        )
