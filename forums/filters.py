from datetime import date

import django_filters
from django import forms

from ccpl.filters import NhsFilterSet
from ccpl.models import Place, Priority
from ccpl.periods import financial_year, financial_year_label

from . import selectors
from .models import CoproductionReview, Decision, Forum

DATE_HINT = "For example, 31/3/2026"


class ForumFilter(NhsFilterSet):
    name = django_filters.CharFilter(label="Name contains", lookup_expr="icontains")
    kind = django_filters.ChoiceFilter(
        label="Type", choices=Forum.Kind.choices, empty_label="Any type"
    )
    level = django_filters.ChoiceFilter(
        label="Level", choices=Forum.Level.choices, empty_label="Any level"
    )
    place = django_filters.ModelChoiceFilter(
        label="Place", queryset=Place.objects.all(), empty_label="Any Place"
    )

    class Meta:
        model = Forum
        fields = ["name", "kind", "level", "place"]


class DecisionFilter(NhsFilterSet):
    forum = django_filters.ModelChoiceFilter(
        label="Forum",
        field_name="meeting__forum",
        queryset=Forum.objects.order_by("name"),
        empty_label="Any forum",
    )
    priority = django_filters.ModelChoiceFilter(
        label="Priority", queryset=Priority.objects.all(), empty_label="Any priority"
    )
    decided_from = django_filters.DateFilter(
        label="Decided on or after",
        field_name="meeting__starts_at",
        lookup_expr="date__gte",
        help_text=DATE_HINT,
        widget=forms.TextInput(attrs={"class": "nhsuk-input--width-10"}),
    )
    decided_to = django_filters.DateFilter(
        label="Decided on or before",
        field_name="meeting__starts_at",
        lookup_expr="date__lte",
        help_text=DATE_HINT,
        widget=forms.TextInput(attrs={"class": "nhsuk-input--width-10"}),
    )
    text = django_filters.CharFilter(label="Decision contains", lookup_expr="icontains")

    class Meta:
        model = Decision
        fields = ["forum", "priority", "decided_from", "decided_to", "text"]


def _year_choices():
    return [(str(year), financial_year_label(year)) for year in selectors.coproduction_years()]


class CoproductionReviewFilter(NhsFilterSet):
    forum = django_filters.ModelChoiceFilter(
        label="Forum", queryset=Forum.objects.order_by("name"), empty_label="Any forum"
    )
    year = django_filters.ChoiceFilter(
        label="Financial year",
        choices=_year_choices,
        empty_label="Any year",
        method="filter_year",
    )
    subject = django_filters.CharFilter(label="Subject contains", lookup_expr="icontains")

    class Meta:
        model = CoproductionReview
        fields = ["forum", "year", "subject"]

    def filter_year(self, queryset, name, value):
        return queryset.held_between(*financial_year(date(int(value), 4, 1)))
