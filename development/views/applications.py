"""Applying to join a cohort (public, or as a signed-in leader), the optional equality
questions that follow, the confirmation, and a leader's own applications under /profile/.

As for a job application (``recruitment.views.public``), the equality page only writes the
answers, under the application's pseudonym, for the application just made in this browser
session; nothing here, or on any development page, shows them back.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from ccpl import selectors as core_selectors
from ccpl.access import permission_required, public
from ccpl.forms import add_service_errors

from .. import application_selectors as selectors
from .. import application_services as services
from .. import cohort_selectors, pipeline_selectors
from ..application_forms import ApplicantEqualityForm, LeaderApplicationForm, PublicApplicationForm
from ..models import Cohort, CohortApplication
from . import public_crumbs

SESSION_KEY = "development_application"


def _cohort_or_404(pk) -> Cohort:
    return get_object_or_404(
        Cohort.objects.select_related("offer"), pk=pk, offer__is_published=True
    )


def _crumbs(cohort):
    return public_crumbs(
        ("Development offers", reverse("development:catalogue")),
        (cohort.offer.title, reverse("development:offer_detail", args=[cohort.offer_id])),
    )


@public
def cohort_apply(request, pk):
    cohort = _cohort_or_404(pk)
    person = core_selectors.person_for_account(request.user)
    closed_because = selectors.cohort_closed_because(cohort)
    earlier = selectors.person_application_for(person, cohort)
    form = None
    if closed_because is None and earlier is None:
        data = request.POST if request.method == "POST" else None
        if person is not None:
            form = LeaderApplicationForm(data, person=person)
        else:
            form = PublicApplicationForm(data)
        if request.method == "POST" and form.is_valid():
            try:
                application = services.cohort_application_submit(
                    cohort=cohort, person=person, **form.cleaned_data
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                request.session[SESSION_KEY] = application.pk
                return redirect("development:cohort_apply_equality", pk=cohort.pk)
    elif request.method == "POST":
        messages.error(request, closed_because or "You have already applied to join this cohort.")
    status = 200 if form is not None or request.method == "GET" else 410
    return render(
        request,
        "development/cohort_apply.html",
        {
            "cohort": cohort,
            "offer": cohort.offer,
            "person": person,
            "closed_because": closed_because,
            "earlier": earlier,
            "form": form,
            "breadcrumbs": _crumbs(cohort),
        },
        status=status,
    )


def _session_application(request, cohort_pk) -> CohortApplication | None:
    pk = request.session.get(SESSION_KEY)
    if not pk:
        return None
    return (
        CohortApplication.objects.select_related("cohort__offer")
        .filter(pk=pk, cohort_id=cohort_pk)
        .first()
    )


@public
def cohort_apply_equality(request, pk):
    # Only the application just made in this browser session; its answers are never shown back.
    application = _session_application(request, pk)
    if application is None:
        return redirect("development:cohort_apply", pk=pk)
    form = ApplicantEqualityForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.cohort_application_equality_save(
            application=application, answers=form.cleaned_data
        )
        return redirect("development:cohort_apply_confirmation", pk=pk)
    return render(
        request,
        "development/cohort_apply_equality.html",
        {"form": form, "cohort": application.cohort, "breadcrumbs": _crumbs(application.cohort)},
    )


@public
def cohort_apply_confirmation(request, pk):
    application = _session_application(request, pk)
    if application is None:
        return redirect("development:cohort_apply", pk=pk)
    request.session.pop(SESSION_KEY, None)
    return render(
        request,
        "development/cohort_apply_confirmation.html",
        {
            "application": application,
            "cohort": application.cohort,
            "is_leader": application.person_id is not None,
        },
    )


@permission_required("ccpl.view_own_profile")
def my_applications(request):
    person = core_selectors.person_for_account(request.user)
    if person is None:
        return render(request, "ccpl/no_person_record.html")
    return render(
        request,
        "development/my_applications.html",
        {
            "applications": selectors.person_applications(person),
            "cohorts": cohort_selectors.person_cohorts(person),
            "is_alumnus": pipeline_selectors.is_alumnus(person),
            "vacancy_alerts": pipeline_selectors.vacancy_alerts_opted_in(person),
            "today": timezone.localdate(),
            "breadcrumbs": [
                ("Home", reverse("home")),
                ("Your profile", reverse("profile:my_profile")),
            ],
        },
    )


@require_POST
@permission_required("ccpl.view_own_profile")
def my_application_withdraw(request, pk):
    person = core_selectors.person_for_account(request.user)
    application = CohortApplication.objects.filter(pk=pk, person=person).first()
    if person is None or application is None:
        raise Http404("No such application of yours")
    services.cohort_application_withdraw(user=request.user, application=application)
    messages.success(request, "Your application has been withdrawn.")
    return redirect("development_profile:my_applications")
