"""Staff pages: offers and their cohorts (the CCPL team changes them; executives read)."""

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from ccpl.access import PermissionRequiredMixin, permission_required
from ccpl.exports import CsvExportMixin
from ccpl.forms import add_service_errors
from ccpl.pages import form_page

from .. import evaluation_selectors, selectors, services
from ..filters import CohortFilter, OfferFilter
from ..forms import CohortForm, OfferForm
from ..models import Cohort, Offer
from ..tables import CohortTable, OfferTable
from . import MANAGE, VIEW, manage_crumbs


class OfferListView(PermissionRequiredMixin, CsvExportMixin, SingleTableMixin, FilterView):
    permission_required = VIEW
    table_class = OfferTable
    filterset_class = OfferFilter
    table_pagination = {"per_page": 50}
    template_name = "development/offer_list.html"
    export_name = "development-offers"

    def get_queryset(self):
        return selectors.offer_list()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["breadcrumbs"] = [("Home", reverse("home"))]
        return context


class CohortListView(PermissionRequiredMixin, CsvExportMixin, SingleTableMixin, FilterView):
    permission_required = VIEW
    table_class = CohortTable
    filterset_class = CohortFilter
    table_pagination = {"per_page": 50}
    template_name = "development/cohort_list.html"
    export_name = "development-cohorts"

    def get_queryset(self):
        return selectors.cohort_list()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["breadcrumbs"] = manage_crumbs()
        return context


@permission_required(VIEW)
def offer_manage(request, pk):
    offer = get_object_or_404(Offer.objects.prefetch_related("professions", "principles"), pk=pk)
    return render(
        request,
        "development/offer_manage.html",
        {
            "offer": offer,
            "cohorts": selectors.offer_cohorts(offer),
            "evaluation": evaluation_selectors.offer_evaluation(offer),
            "offer_type_id": ContentType.objects.get_for_model(Offer).pk,
            "cohort_type_id": ContentType.objects.get_for_model(Cohort).pk,
            "breadcrumbs": manage_crumbs(),
        },
    )


@permission_required(MANAGE)
def offer_create(request):
    form = OfferForm(request.POST or None)
    form.cancel_url = reverse("development:offer_list")
    if request.method == "POST" and form.is_valid():
        try:
            offer = services.offer_create(user=request.user, **form.service_kwargs())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{offer.title} has been added. Add its cohorts next.")
            return redirect("development:offer_manage", pk=offer.pk)
    return form_page(request, form, title="Add a development offer", breadcrumbs=manage_crumbs())


@permission_required(MANAGE)
def offer_edit(request, pk):
    offer = get_object_or_404(Offer, pk=pk)
    form = OfferForm(request.POST or None, instance=Offer.objects.get(pk=pk))
    form.cancel_url = reverse("development:offer_manage", args=[pk])
    if request.method == "POST" and form.is_valid():
        try:
            services.offer_update(user=request.user, offer=offer, **form.service_kwargs())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The offer's details have been saved.")
            return redirect("development:offer_manage", pk=pk)
    return form_page(
        request,
        form,
        title=f"Change {offer.title}",
        breadcrumbs=manage_crumbs((offer.title, form.cancel_url)),
    )


@permission_required(MANAGE)
def cohort_create(request, pk):
    offer = get_object_or_404(Offer, pk=pk)
    form = CohortForm(request.POST or None, instance=Cohort(offer=offer))
    form.cancel_url = reverse("development:offer_manage", args=[pk])
    if request.method == "POST" and form.is_valid():
        try:
            services.cohort_create(user=request.user, offer=offer, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The cohort has been added.")
            return redirect("development:offer_manage", pk=pk)
    return form_page(
        request,
        form,
        title="Add a cohort",
        caption=offer.title,
        breadcrumbs=manage_crumbs((offer.title, form.cancel_url)),
    )


@permission_required(MANAGE)
def cohort_edit(request, pk):
    cohort = get_object_or_404(Cohort.objects.select_related("offer"), pk=pk)
    offer = cohort.offer
    form = CohortForm(request.POST or None, instance=Cohort.objects.get(pk=pk))
    form.cancel_url = reverse("development:offer_manage", args=[offer.pk])
    if request.method == "POST" and form.is_valid():
        try:
            services.cohort_update(user=request.user, cohort=cohort, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The cohort has been saved.")
            return redirect("development:offer_manage", pk=offer.pk)
    return form_page(
        request,
        form,
        title=f"Change {cohort.name}",
        caption=offer.title,
        breadcrumbs=manage_crumbs((offer.title, form.cancel_url)),
    )
