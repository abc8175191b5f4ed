import django_tables2 as tables
from django.utils.formats import date_format

from ccpl.tables import NhsTable

from .models import Cohort, Offer

NUMERIC = {
    "th": {"class": "nhsuk-table__header--numeric"},
    "td": {"class": "nhsuk-table__cell--numeric"},
}


def _date(value):
    return date_format(value, "j F Y") if value else ""


class OfferTable(NhsTable):
    caption = "Offers"

    title = tables.Column(linkify=("development:offer_manage", {"pk": tables.A("pk")}))
    kind = tables.Column(verbose_name="Type")
    provider = tables.Column()
    cohort_count = tables.Column(verbose_name="Cohorts", attrs=NUMERIC)
    open_cohort_count = tables.Column(verbose_name="Taking applications", attrs=NUMERIC)
    is_published = tables.BooleanColumn(verbose_name="Published", yesno="Yes,No")

    class Meta:
        model = Offer
        fields = (
            "title",
            "kind",
            "provider",
            "cohort_count",
            "open_cohort_count",
            "is_published",
        )
        empty_text = "No offers match these filters."

    def value_is_published(self, value):
        return "Yes" if value else "No"


class CohortTable(NhsTable):
    caption = "Cohorts"

    offer = tables.Column(
        linkify=("development:offer_manage", {"pk": tables.A("offer_id")}),
        order_by=("offer__title",),
    )
    name = tables.Column(
        verbose_name="Cohort", linkify=("development:cohort_manage", {"pk": tables.A("pk")})
    )
    starts_on = tables.Column(verbose_name="Starts")
    ends_on = tables.Column(verbose_name="Ends")
    places = tables.Column(attrs=NUMERIC)
    applications_close_on = tables.Column(verbose_name="Applications close")
    status = tables.Column()

    class Meta:
        model = Cohort
        fields = (
            "offer",
            "name",
            "starts_on",
            "ends_on",
            "places",
            "applications_close_on",
            "status",
        )
        empty_text = "No cohorts match these filters."

    def render_starts_on(self, value):
        return _date(value)

    def render_ends_on(self, value):
        return _date(value)

    def render_applications_close_on(self, value):
        return _date(value)

    def value_starts_on(self, value):
        return value.isoformat()

    def value_ends_on(self, value):
        return value.isoformat()

    def value_applications_close_on(self, value):
        return value.isoformat()

    def value_offer(self, value):
        return value.title
