"""Administration of the action plan.

Dependencies, action status and update status are read-only here: they follow rules
(no loops, nothing complete before what it depends on) kept by ``actions.services``,
so they change through the action plan pages.
"""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Action, ActionPlan, ProgressUpdate


@admin.register(ActionPlan)
class ActionPlanAdmin(SimpleHistoryAdmin):
    list_display = ["title", "version", "starts_on", "status", "approved_on"]
    list_filter = ["status"]
    search_fields = ["title", "version"]
    readonly_fields = ["status", "previous_plan", "created_at"]
    autocomplete_fields = ["overseeing_forum"]


class ProgressUpdateInline(admin.TabularInline):
    model = ProgressUpdate
    extra = 0
    can_delete = False
    fields = ["on", "status", "narrative", "evidence_url", "evidence_file", "author"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Action)
class ActionAdmin(SimpleHistoryAdmin):
    list_display = ["code", "display_title", "plan", "band", "owner", "due_on", "status"]
    list_filter = ["plan", "band", "status", "priority"]
    search_fields = ["code", "title", "text", "owner"]
    list_select_related = ["plan", "priority"]
    readonly_fields = [
        "status",
        "depends_on",
        "starts_on",
        "due_on",
        "dates_overridden",
        "date_override_reason",
        "carried_over_from",
    ]
    raw_id_fields = ["decision"]
    autocomplete_fields = ["owner_forum", "overseeing_forum"]
    inlines = [ProgressUpdateInline]


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(SimpleHistoryAdmin):
    list_display = ["action", "on", "status", "author"]
    list_filter = ["status", "action__plan"]
    search_fields = ["action__code", "narrative"]
    list_select_related = ["action__plan", "author"]
    readonly_fields = ["action", "on", "status", "author", "created_at"]

    def has_add_permission(self, request):
        return False
