import django_filters
from django import forms

from ccpl.filters import NhsFilterSet
from ccpl.models import Priority

from . import selectors
from .models import Action, Band, Rag


class ActionFilter(NhsFilterSet):
    priority = django_filters.ModelChoiceFilter(
        queryset=Priority.objects.order_by("number"), empty_label="Any"
    )
    band = django_filters.ChoiceFilter(label="Timeframe", choices=Band.choices, empty_label="Any")
    owner = django_filters.ChoiceFilter(label="Owner", choices=[], empty_label="Any")
    rag = django_filters.ChoiceFilter(label="Status", choices=Rag.choices, empty_label="Any")
    overdue = django_filters.BooleanFilter(
        label="Overdue only", widget=forms.CheckboxInput, method="filter_overdue"
    )
    stale = django_filters.BooleanFilter(
        label="No update for 90 days", widget=forms.CheckboxInput, method="filter_stale"
    )

    class Meta:
        model = Action
        fields = ["priority", "band", "owner", "rag", "overdue", "stale"]

    def __init__(self, *args, plan=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["owner"].extra["choices"] = (
            selectors.owner_choices(plan=plan) if plan is not None else []
        )

    def filter_overdue(self, queryset, name, value):
        return queryset.filter(rag=Rag.OVERDUE) if value else queryset

    def filter_stale(self, queryset, name, value):
        return queryset.filter(is_stale=True) if value else queryset
