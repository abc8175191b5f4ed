"""Django admin for the development offer (the staff pages are under /development/manage/).

Applications to cohorts are deliberately not registered (as job applications are not): they
are linked to equality answers, which nobody but the applicant may read, and the CCPL team
manages them through the selection pages."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from . import models


@admin.register(models.Offer)
class OfferAdmin(SimpleHistoryAdmin):
    list_display = ("title", "kind", "provider", "is_published")
    list_filter = ("kind", "is_published")
    search_fields = ("title", "provider")
    filter_horizontal = ("professions", "principles")


@admin.register(models.Cohort)
class CohortAdmin(SimpleHistoryAdmin):
    list_display = ("offer", "name", "starts_on", "ends_on", "places", "status")
    list_filter = ("status",)
    list_select_related = ("offer",)


# Only the register: requests, matches and check-ins carry goals and notes, which are the
# pair's and the CCPL team's alone, so they stay out of the administrator's admin.
@admin.register(models.Mentor)
class MentorAdmin(SimpleHistoryAdmin):
    list_display = ("person", "profession", "place", "capacity", "accreditation_expires_on")
    list_filter = ("is_active", "offers_mentoring", "offers_coaching")
    list_select_related = ("person", "profession", "place")
    raw_id_fields = ("person",)


# A cohort's sessions and its project lab; attendance and completion stay with the
# applications (not registered, as above).
@admin.register(models.CohortSession)
class CohortSessionAdmin(SimpleHistoryAdmin):
    list_display = ("cohort", "title", "held_on", "venue", "online")
    list_select_related = ("cohort__offer",)


@admin.register(models.CohortProject)
class CohortProjectAdmin(SimpleHistoryAdmin):
    list_display = ("title", "cohort", "place", "neighbourhood", "status", "action")
    list_filter = ("status",)
    list_select_related = ("cohort__offer", "place", "action")
    raw_id_fields = ("action",)
