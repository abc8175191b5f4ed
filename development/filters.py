import django_filters
from django.db.models import Q

from ccpl.filters import NhsFilterSet

from .models import Cohort, Offer


class OfferFilter(NhsFilterSet):
    q = django_filters.CharFilter(label="Title or provider", method="filter_q")
    kind = django_filters.ChoiceFilter(
        label="Type of offer", choices=Offer.Kind.choices, empty_label="Any type"
    )
    is_published = django_filters.ChoiceFilter(
        label="Published",
        choices=[("yes", "Published"), ("no", "Not published")],
        method="filter_published",
        empty_label="Published or not",
    )

    class Meta:
        model = Offer
        fields = ["q", "kind", "is_published"]

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(title__icontains=value) | Q(provider__icontains=value))

    def filter_published(self, queryset, name, value):
        return queryset.filter(is_published=(value == "yes"))


class CohortFilter(NhsFilterSet):
    kind = django_filters.ChoiceFilter(
        label="Type of offer",
        field_name="offer__kind",
        choices=Offer.Kind.choices,
        empty_label="Any type",
    )
    status = django_filters.ChoiceFilter(choices=Cohort.Status.choices, empty_label="Any status")

    class Meta:
        model = Cohort
        fields = ["kind", "status"]
