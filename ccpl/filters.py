"""The filter base for list pages: django-filter forms in the NHS.UK style.

Subclass :class:`NhsFilterSet` (its ``Meta`` may be replaced freely) and render
the panel with ``{% include "includes/filter_panel.html" %}`` beside the table;
the view puts the filterset in the context as ``filter`` (django-filter's
``FilterView`` and tables2's ``SingleTableMixin`` + ``FilterView`` do).
"""

from functools import cached_property

import django_filters
from django import forms
from django.db.models import Q

from . import layout
from .forms import NhsFormMixin
from .models import Benchmark, Email, Organisation, Person, Place, ProfessionalGroup


class NhsFilterForm(NhsFormMixin, forms.Form):
    """GET form with "Apply filters" and a "Clear filters" link."""

    form_method = "get"
    submit_label = "Apply filters"
    clear_label = "Clear filters"
    use_nhs_date_input = False
    # Every filter is optional: "(optional)" on each label would be noise.
    mark_optional = False

    @cached_property
    def helper(self):
        helper = super().helper
        helper.form_class = "ccpl-filter-form"
        # "?" is the current page with no query: every filter (and page) dropped.
        helper.add_input(layout.Link(self.clear_label, "?"))
        return helper


class NhsFilterSet(django_filters.FilterSet):
    """A FilterSet whose form is an :class:`NhsFilterForm` (or ``Meta.form`` if that is one)."""

    def get_form_class(self):
        base = self._meta.form
        if not (isinstance(base, type) and issubclass(base, NhsFilterForm)):
            base = NhsFilterForm
        fields = {name: filter_.field for name, filter_ in self.filters.items()}
        return type(f"{type(self).__name__}Form", (base,), fields)


class PersonFilter(NhsFilterSet):
    name = django_filters.CharFilter(label="Name or email", method="filter_name")
    professional_group = django_filters.ModelChoiceFilter(
        label="Professional group",
        queryset=ProfessionalGroup.objects.all(),
        method="filter_professional_group",
        empty_label="Any",
    )
    place = django_filters.ModelChoiceFilter(queryset=Place.objects.all(), empty_label="Any")
    organisation_kind = django_filters.ChoiceFilter(
        label="Organisation type",
        field_name="organisation__kind",
        choices=Organisation.Kind.choices,
        empty_label="Any",
    )

    class Meta:
        model = Person
        fields = ["name", "professional_group", "place", "organisation_kind"]

    def filter_name(self, queryset, name, value):
        q = Q()
        for word in value.split():
            q &= (
                Q(given_name__icontains=word)
                | Q(family_name__icontains=word)
                | Q(email__icontains=word)
            )
        return queryset.filter(q)

    def filter_professional_group(self, queryset, name, value):
        # A family (e.g. Allied health professions) includes its professions.
        return queryset.filter(Q(professional_group=value) | Q(professional_group__parent=value))


class BenchmarkFilter(NhsFilterSet):
    class Meta:
        model = Benchmark
        fields = ["benchmark", "dimension", "place"]


class EmailFilter(NhsFilterSet):
    status = django_filters.ChoiceFilter(choices=Email.Status.choices, empty_label="Any")
    to = django_filters.CharFilter(label="Sent to", lookup_expr="icontains")

    class Meta:
        model = Email
        fields = ["status", "to"]
