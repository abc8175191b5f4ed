"""Django admin for reference data. EqualityProfile is deliberately not registered:
individual equality answers are seen only by the person themself."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from . import models

admin.site.site_header = "CCPL Manager administration"
admin.site.site_title = "CCPL Manager"


@admin.register(models.IntegratedCareBoard)
class IntegratedCareBoardAdmin(SimpleHistoryAdmin):
    list_display = ("name", "cmo_name", "cno_name")


@admin.register(models.Place)
class PlaceAdmin(SimpleHistoryAdmin):
    list_display = ("name",)
    prepopulated_fields = {"slug": ("name",)}
    search_fields = ("name",)


@admin.register(models.Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ("name", "kind", "place")
    list_filter = ("kind", "place")
    list_select_related = ("place",)
    search_fields = ("name",)


@admin.register(models.ProfessionalGroup)
class ProfessionalGroupAdmin(SimpleHistoryAdmin):
    list_display = ("name", "parent", "under_represented", "order")
    list_filter = ("under_represented", "parent")
    list_select_related = ("parent",)
    prepopulated_fields = {"slug": ("name",)}
    search_fields = ("name",)


@admin.register(models.Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = ("full_name", "professional_group", "organisation", "place", "email")
    list_filter = ("place", "professional_group__parent")
    list_select_related = ("professional_group", "organisation", "place")
    search_fields = ("given_name", "family_name", "email")
    autocomplete_fields = ("user",)
    fields = (
        "given_name",
        "family_name",
        "email",
        "job_title",
        "professional_group",
        "organisation",
        "place",
        "user",
    )


@admin.register(models.Priority)
class PriorityAdmin(SimpleHistoryAdmin):
    list_display = ("number", "short_title")


@admin.register(models.Benchmark)
class BenchmarkAdmin(SimpleHistoryAdmin):
    list_display = ("benchmark", "dimension", "category", "place", "share")
    list_filter = ("benchmark", "dimension", "place")
    list_select_related = ("place",)
