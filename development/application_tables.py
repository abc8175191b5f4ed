import django_tables2 as tables
from django.utils import timezone
from django.utils.formats import date_format

from ccpl.tables import NhsTable

from .models import CohortApplication


class CohortApplicationTable(NhsTable):
    """A cohort's applications for the CCPL team: who applied and the decision. Nothing about
    equality answers is, or may be, a column here."""

    caption = "Applications"

    name = tables.Column(
        accessor="family_name",
        verbose_name="Applicant",
        linkify=("development:application_manage", {"pk": tables.A("pk")}),
        order_by=("family_name", "given_name"),
    )
    professional_group = tables.Column(
        verbose_name="Profession", order_by=("professional_group__name",)
    )
    organisation = tables.Column()
    sector = tables.Column()
    submitted_at = tables.Column(verbose_name="Applied")
    status = tables.Column()

    class Meta:
        model = CohortApplication
        fields = (
            "name",
            "professional_group",
            "organisation",
            "sector",
            "submitted_at",
            "status",
        )
        order_by = ("submitted_at",)
        empty_text = "Nobody has applied to this cohort yet."

    def render_name(self, record):
        return record.full_name

    def value_name(self, record):
        return record.full_name

    def render_submitted_at(self, value):
        return date_format(timezone.localdate(value), "j F Y")

    def value_submitted_at(self, value):
        return timezone.localdate(value).isoformat()
