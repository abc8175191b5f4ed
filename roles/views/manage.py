"""Staff pages: role lists, due lists, snapshots, register reviews, role functions and link roles."""

import rules
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from ccpl import snapshots
from ccpl.access import PermissionRequiredMixin, permission_required
from ccpl.exports import CsvExportMixin
from ccpl.forms import add_service_errors
from ccpl.fragments import CachedTableMixin
from ccpl.pages import form_page, query_id

from .. import selectors, services
from ..filters import StaffRoleFilter
from ..forms import (
    LinkRoleForm,
    RegisterReviewForm,
    RoleFunctionForm,
)
from ..models import (
    LinkRole,
    Role,
    RoleFunction,
)
from ..tables import RoleTable
from . import MANAGE, VIEW, crumbs

# --- Staff: lists ------------------------------------------------------------------------


class RoleListView(
    PermissionRequiredMixin, CsvExportMixin, CachedTableMixin, SingleTableMixin, FilterView
):
    permission_required = VIEW
    table_class = RoleTable
    filterset_class = StaffRoleFilter
    table_pagination = {"per_page": 50}
    template_name = "roles/role_list.html"
    export_name = "roles"

    def get_queryset(self):
        return selectors.role_list()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["breadcrumbs"] = [("Home", reverse("home"))]
        return context


PER_PAGE = 25


def _page(request, items, param):
    """One page (``PER_PAGE`` rows) of ``items``, its number read from ``param``."""
    return Paginator(items, PER_PAGE).get_page(request.GET.get(param))


@permission_required(VIEW)
def due(request):
    today = timezone.localdate()
    return render(
        request,
        "roles/due.html",
        {
            "today": today,
            # Three worklists on one page, each paged on its own (a large ICB has hundreds).
            "jd_reviews": _page(request, selectors.job_description_reviews_due(on=today), "jd"),
            "endings": _page(request, selectors.appointments_ending(on=today), "endings"),
            "appraisals": _page(request, selectors.appraisals_overdue(on=today), "appraisals"),
            "jd_days": selectors.JD_DUE_DAYS,
            "ending_days": selectors.APPOINTMENT_ENDING_DAYS,
            "breadcrumbs": crumbs(),
        },
    )


@permission_required(VIEW)
def link_role_list(request):
    links = LinkRole.objects.select_related("role", "organisation").order_by(
        "role__title", "programme", "name", "pk"
    )
    return render(
        request,
        "roles/link_role_list.html",
        {"links": _page(request, links, "page"), "breadcrumbs": crumbs()},
    )


@permission_required(VIEW)
def function_list(request):
    return render(
        request,
        "roles/function_list.html",
        {"functions": selectors.role_functions(), "breadcrumbs": crumbs()},
    )


@permission_required(VIEW)
def snapshot_list(request):
    labels = {p.key: p.label for p in snapshots.populations()}
    return render(
        request,
        "roles/snapshot_list.html",
        {
            "snapshots": [
                (snapshot, labels.get(snapshot.population, snapshot.population))
                for snapshot in snapshots.snapshot_list()[:100]
            ],
            "can_take": rules.has_perm("roles.take_snapshots", request.user),
            "breadcrumbs": crumbs(),
        },
    )


@permission_required("roles.take_snapshots")
def snapshot_take(request):
    if request.method != "POST":
        return redirect("roles:snapshot_list")
    taken = snapshots.snapshots_take_all(user=request.user)
    labels = {p.key: p.label for p in snapshots.populations()}
    counted = ", ".join(f"{labels[s.population].lower()}" for s in taken)
    messages.success(request, f"Snapshots taken for {timezone.localdate():%-d %B %Y}: {counted}.")
    return redirect("roles:snapshot_list")


@permission_required(MANAGE)
def register_review(request):
    form = RegisterReviewForm(request.POST or None, initial={"reviewed_on": timezone.localdate()})
    form.cancel_url = reverse("roles:role_list")
    if request.method == "POST" and form.is_valid():
        services.register_review_record(user=request.user, **form.cleaned_data)
        messages.success(request, "The review of the register has been recorded.")
        return redirect("roles:role_list")
    return form_page(
        request,
        form,
        title="Record a review of the register",
        intro="Check every role, holder and forum seat in the public register at least once "
        "a year. The register shows the date of the last review.",
        breadcrumbs=crumbs(),
    )


# --- Staff: functions --------------------------------------------------------------------


@permission_required(MANAGE)
def function_create(request):
    form = RoleFunctionForm(request.POST or None)
    form.cancel_url = reverse("roles:function_list")
    if request.method == "POST" and form.is_valid():
        try:
            services.role_function_create(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The function has been added.")
            return redirect("roles:function_list")
    return form_page(request, form, title="Add a role function", breadcrumbs=crumbs())


@permission_required(MANAGE)
def function_edit(request, pk):
    function = get_object_or_404(RoleFunction, pk=pk)
    form = RoleFunctionForm(request.POST or None, instance=RoleFunction.objects.get(pk=pk))
    form.cancel_url = reverse("roles:function_list")
    if request.method == "POST" and form.is_valid():
        try:
            services.role_function_update(user=request.user, function=function, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The function has been saved.")
            return redirect("roles:function_list")
    return form_page(request, form, title=f"Change {function.name}", breadcrumbs=crumbs())


# --- Staff: link roles -------------------------------------------------------------------


@permission_required(MANAGE)
def link_role_create(request):
    initial = {}
    role_id = query_id(request, "role")
    if role_id is not None:
        initial["role"] = Role.objects.filter(pk=role_id).first()
    form = LinkRoleForm(request.POST or None, initial=initial)
    form.cancel_url = reverse("roles:link_role_list")
    if request.method == "POST" and form.is_valid():
        try:
            link = services.link_role_add(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{link.name} has been added as a link role.")
            return redirect(link.role if link.role_id else "roles:link_role_list")
    return form_page(
        request,
        form,
        title="Add a link role",
        intro="Name the business intelligence, finance, performance or programme management "
        "person who supports a leadership role or a programme. Link roles are published "
        "in the role register.",
        breadcrumbs=crumbs(("Link roles", reverse("roles:link_role_list"))),
    )


@permission_required(MANAGE)
def link_role_edit(request, pk):
    link = get_object_or_404(LinkRole, pk=pk)
    form = LinkRoleForm(request.POST or None, instance=LinkRole.objects.get(pk=pk))
    form.cancel_url = reverse("roles:link_role_list")
    if request.method == "POST" and form.is_valid():
        try:
            services.link_role_update(user=request.user, link_role=link, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The link role has been saved.")
            return redirect("roles:link_role_list")
    return form_page(
        request,
        form,
        title=f"Change {link.name}'s link role",
        breadcrumbs=crumbs(("Link roles", reverse("roles:link_role_list"))),
    )


@permission_required(MANAGE)
def link_role_remove(request, pk):
    link = get_object_or_404(LinkRole.objects.select_related("role"), pk=pk)
    if request.method == "POST":
        services.link_role_remove(user=request.user, link_role=link)
        messages.success(request, f"{link.name} is no longer listed as a link role.")
        return redirect("roles:link_role_list")
    return render(
        request,
        "roles/confirm_remove.html",
        {
            "title": f"Remove {link.name}?",
            "caption": "Link roles",
            "body": f"{link.name} will no longer be listed as supporting {link.supports}.",
            "button": "Remove link role",
            "cancel_url": reverse("roles:link_role_list"),
            "breadcrumbs": crumbs(("Link roles", reverse("roles:link_role_list"))),
        },
    )
