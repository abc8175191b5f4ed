from django.contrib import admin
from django.forms.models import BaseInlineFormSet
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Attendance,
    CoproductionReview,
    Decision,
    Forum,
    Meeting,
    MeetingPaper,
    Membership,
    ReportingLine,
    TermsOfReference,
)
from .services import cycle_error, reporting_cycle


class TermsOfReferenceInline(admin.StackedInline):
    model = TermsOfReference
    extra = 0


class ReportingLineFormSet(BaseInlineFormSet):
    """Reporting lines edited here must not make a loop, as in ``reporting_line_add``."""

    def clean(self):
        super().clean()
        forum = self.instance
        if any(self.errors) or forum.pk is None:
            return  # a new forum has nothing reporting to it yet, so cannot close a loop
        edges = list(
            ReportingLine.objects.exclude(forum=forum).values_list("forum_id", "reports_to_id")
        )
        for form in self.forms:
            data = getattr(form, "cleaned_data", None) or {}
            target = data.get("reports_to")
            if target is None or data.get("DELETE"):
                continue
            path = reporting_cycle(forum_id=forum.pk, reports_to_id=target.pk, edges=edges)
            if path is not None:
                raise cycle_error(path)
            edges.append((forum.pk, target.pk))


class ReportingLineInline(admin.TabularInline):
    model = ReportingLine
    formset = ReportingLineFormSet
    fk_name = "forum"
    extra = 0
    autocomplete_fields = ["reports_to"]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ["person"]


@admin.register(Forum)
class ForumAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "level", "place", "chair", "is_public"]
    list_filter = ["kind", "level", "place", "is_public"]
    search_fields = ["name", "purpose"]
    prepopulated_fields = {"slug": ["name"]}
    raw_id_fields = ["chair"]
    list_select_related = ["place", "chair"]
    inlines = [TermsOfReferenceInline, ReportingLineInline, MembershipInline]


class AttendanceInline(admin.TabularInline):
    model = Attendance
    extra = 0
    raw_id_fields = ["person"]


class MeetingPaperInline(admin.TabularInline):
    model = MeetingPaper
    extra = 0


class DecisionInline(admin.StackedInline):
    model = Decision
    extra = 0


@admin.register(Meeting)
class MeetingAdmin(SimpleHistoryAdmin):
    list_display = ["forum", "starts_at", "status", "format"]
    list_filter = ["status", "format", "forum"]
    date_hierarchy = "starts_at"
    list_select_related = ["forum"]
    search_fields = ["forum__name", "minutes"]
    inlines = [AttendanceInline, MeetingPaperInline, DecisionInline]


@admin.register(Decision)
class DecisionAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "meeting", "priority"]
    list_filter = ["priority", "meeting__forum"]
    list_select_related = ["meeting__forum", "priority"]
    search_fields = ["text"]


@admin.register(CoproductionReview)
class CoproductionReviewAdmin(SimpleHistoryAdmin):
    list_display = ["subject", "held_on", "forum", "programme_group", "participants"]
    list_filter = ["forum"]
    date_hierarchy = "held_on"
    list_select_related = ["forum"]
    search_fields = ["subject", "programme_group", "outcome"]
    raw_id_fields = ["decision"]
