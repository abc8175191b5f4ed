"""Selection, for the CCPL team (executives read): a cohort's applications, one
application, and the decision on it with its reason.

These pages show what the applicant wrote and the decision, never equality answers: those
are stored under the application's pseudonym and nothing here reads them (ADR 2).
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django_tables2 import SingleTableView

from ccpl.access import PermissionRequiredMixin, permission_required
from ccpl.exports import CsvExportMixin
from ccpl.forms import add_service_errors
from ccpl.pages import form_page
from ccpl.selectors import user_name

from .. import application_selectors as selectors
from .. import application_services as services
from .. import cohort_selectors
from ..application_forms import DecisionForm
from ..application_tables import CohortApplicationTable
from ..models import Cohort, CohortApplication
from . import MANAGE, VIEW, manage_crumbs


def _offer_crumbs(cohort):
    return manage_crumbs(
        (cohort.offer.title, reverse("development:offer_manage", args=[cohort.offer_id]))
    )


class CohortManageView(PermissionRequiredMixin, CsvExportMixin, SingleTableView):
    permission_required = VIEW
    table_class = CohortApplicationTable
    table_pagination = {"per_page": 50}
    template_name = "development/cohort_manage.html"

    def get_cohort(self) -> Cohort:
        if not hasattr(self, "_cohort"):
            try:
                self._cohort = selectors.cohort_for_selection(self.kwargs["pk"])
            except Cohort.DoesNotExist:
                raise Http404("No such cohort") from None
        return self._cohort

    def get_export_filename(self):
        return f"development-applications-{self.get_cohort().pk}.csv"

    def get_queryset(self):
        return selectors.cohort_applications(self.get_cohort())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        cohort = self.get_cohort()
        context["cohort"] = cohort
        context["places_left"] = max(cohort.places - cohort.selected_count, 0)
        context["breadcrumbs"] = _offer_crumbs(cohort)
        context["run"] = cohort_selectors.cohort_run(cohort)
        context["has_ended"] = cohort.ends_on <= timezone.localdate()
        return context


def _application_or_404(pk) -> CohortApplication:
    try:
        return selectors.application_for_selection(pk)
    except CohortApplication.DoesNotExist:
        raise Http404("No such application") from None


def _cohort_crumbs(cohort):
    return [
        *_offer_crumbs(cohort),
        (cohort.name, reverse("development:cohort_manage", args=[cohort.pk])),
    ]


@permission_required(VIEW)
def application_manage(request, pk):
    application = _application_or_404(pk)
    return render(
        request,
        "development/application_manage.html",
        {
            "application": application,
            "cohort": application.cohort,
            "decided_by": user_name(application.decided_by) if application.decided_by else "",
            "breadcrumbs": _cohort_crumbs(application.cohort),
        },
    )


@permission_required(MANAGE)
def application_decide(request, pk):
    application = _application_or_404(pk)
    cohort = application.cohort
    initial = {}
    if application.status in CohortApplication.DECIDED:
        initial = {"status": application.status, "reason": application.decision_reason}
    form = DecisionForm(request.POST or None, initial=initial)
    form.cancel_url = reverse("development:application_manage", args=[pk])
    if request.method == "POST" and form.is_valid():
        try:
            services.cohort_application_decide(
                user=request.user,
                application=application,
                status=form.cleaned_data["status"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"The decision on {application.full_name} is recorded.")
            return redirect("development:cohort_manage", pk=cohort.pk)
    return form_page(
        request,
        form,
        title=f"Decide on {application.full_name}",
        caption=f"{cohort.offer.title}: {cohort.name}",
        intro=(
            f"{selectors.selected_count(cohort)} of {cohort.places} places are taken. "
            "The applicant is told the outcome by email."
        ),
        breadcrumbs=_cohort_crumbs(cohort),
    )
