from datetime import timedelta

import django_filters
from django.db.models import Q
from django.utils import timezone

from ccpl.filters import NhsFilterSet
from ccpl.models import Place, ProfessionalGroup

from . import selectors
from .models import Role, RoleFunction


class RoleFilter(NhsFilterSet):
    """Filters for the public register; the staff list adds more (:class:`StaffRoleFilter`)."""

    q = django_filters.CharFilter(label="Role or name", method="filter_q")
    function = django_filters.ModelChoiceFilter(
        label="Function",
        queryset=RoleFunction.objects.order_by("order", "name"),
        empty_label="Any function",
    )
    level = django_filters.ChoiceFilter(
        label="Level", choices=Role.Level.choices, empty_label="Any level"
    )
    place = django_filters.ModelChoiceFilter(
        label="Place", queryset=Place.objects.all(), empty_label="Any Place"
    )
    professional_group = django_filters.ModelChoiceFilter(
        label="Holder's professional group",
        queryset=ProfessionalGroup.objects.filter(parent=None),
        method="filter_professional_group",
        empty_label="Any professional group",
    )
    status = django_filters.ChoiceFilter(
        label="Filled or vacant",
        choices=[("filled", "Filled"), ("vacant", "Vacant")],
        method="filter_status",
        empty_label="Filled or vacant",
    )

    class Meta:
        model = Role
        fields = ["q", "function", "level", "place", "professional_group", "status"]

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(title__icontains=value) | selectors.holder_named(value))

    def filter_professional_group(self, queryset, name, value):
        return queryset.filter(selectors.holder_in_group(value))

    def filter_status(self, queryset, name, value):
        return queryset.filter(is_filled=(value == "filled"))


class StaffRoleFilter(RoleFilter):
    job_description = django_filters.ChoiceFilter(
        label="Job description review",
        choices=[
            ("overdue", "Overdue"),
            ("due", f"Due in the next {selectors.JD_DUE_DAYS} days or overdue"),
            ("missing", "No job description"),
        ],
        method="filter_job_description",
        empty_label="Any",
    )
    active = django_filters.ChoiceFilter(
        label="Active",
        choices=[("yes", "Active roles"), ("no", "Roles no longer active")],
        method="filter_active",
        empty_label="All roles",
    )

    class Meta(RoleFilter.Meta):
        fields = [*RoleFilter.Meta.fields, "job_description", "active"]

    def filter_job_description(self, queryset, name, value):
        today = timezone.localdate()
        if value == "overdue":
            return queryset.filter(jd_review_due_on__lt=today)
        if value == "due":
            return queryset.filter(
                jd_review_due_on__lte=today + timedelta(days=selectors.JD_DUE_DAYS)
            )
        if value == "missing":
            return queryset.filter(jd_version__isnull=True)
        return queryset

    def filter_active(self, queryset, name, value):
        return queryset.filter(is_active=(value == "yes"))
