"""Django admin for roles, for system administrators. Appointments are read-only here:
they are made and ended on the staff pages, whose services apply the one-holder rule."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from . import models


@admin.register(models.RoleFunction)
class RoleFunctionAdmin(SimpleHistoryAdmin):
    list_display = ("short_name", "name", "order")


class SeatInline(admin.TabularInline):
    model = models.Seat
    extra = 0
    autocomplete_fields = ("forum",)


@admin.register(models.Role)
class RoleAdmin(SimpleHistoryAdmin):
    list_display = ("title", "function", "level", "place", "is_active")
    list_filter = ("function", "level", "place", "is_active")
    list_select_related = ("function", "place")
    search_fields = ("title",)
    filter_horizontal = ("eligible_groups",)
    inlines = [SeatInline]


@admin.register(models.JobDescription)
class JobDescriptionAdmin(SimpleHistoryAdmin):
    list_display = ("role", "version", "approved_on", "review_due_on")
    list_select_related = ("role",)
    search_fields = ("role__title",)


@admin.register(models.Appointment)
class AppointmentAdmin(SimpleHistoryAdmin):
    list_display = ("role", "person", "starts_on", "planned_end_on", "ended_on")
    list_select_related = ("role", "person")
    search_fields = ("role__title", "person__given_name", "person__family_name")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(models.LinkRole)
class LinkRoleAdmin(SimpleHistoryAdmin):
    list_display = ("name", "kind", "role", "programme", "organisation")
    list_select_related = ("role", "organisation")
    search_fields = ("name", "programme", "role__title")


@admin.register(models.RegisterReview)
class RegisterReviewAdmin(SimpleHistoryAdmin):
    list_display = ("reviewed_on", "reviewed_by")
