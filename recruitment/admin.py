"""Django admin for recruitment reference records. Applications are deliberately not
registered: they link to equality answers, which nobody but the applicant may read, and
staff manage them through the recruitment pages."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from . import models


@admin.register(models.RequestToRecruit)
class RequestToRecruitAdmin(SimpleHistoryAdmin):
    list_display = ("role", "requested_on", "status", "decided_on")
    list_filter = ("status",)
    list_select_related = ("role",)


@admin.register(models.Campaign)
class CampaignAdmin(SimpleHistoryAdmin):
    list_display = ("role", "opens_on", "closes_on", "shortlist_locked_on")
    list_select_related = ("role",)
    filter_horizontal = ("communicated_to", "panel")
    raw_id_fields = ("request", "job_description", "learning_survey")


@admin.register(models.TalentPoolMember)
class TalentPoolMemberAdmin(SimpleHistoryAdmin):
    list_display = ("given_name", "family_name", "professional_group", "place", "joined_on")
    list_select_related = ("professional_group", "place")
    search_fields = ("given_name", "family_name", "email")
