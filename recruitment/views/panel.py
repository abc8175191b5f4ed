"""Recruitment panel pages: the campaigns a panel member sits on, shortlisting and interview scores."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from ccpl.access import permission_required
from ccpl.forms import add_service_errors

from .. import selectors, services
from ..forms import (
    ScoreForm,
)
from ..models import Application, Campaign, PanelScore


@permission_required("recruitment.view_panel_area")
def panel_home(request):
    return render(
        request,
        "recruitment/panel_home.html",
        # Panel members cannot open the recruitment home page, so it is no breadcrumb here.
        {"campaigns": selectors.panel_campaigns(request.user), "breadcrumbs": [("Home", "/")]},
    )


def _campaign(request, pk, *args, **kwargs):
    return get_object_or_404(Campaign.objects.select_related("role", "job_description"), pk=pk)


def _panel_crumbs():
    return [("Your panels", reverse("recruitment:panel_home"))]


@permission_required("recruitment.shortlist_campaign", fn=_campaign)
def panel_shortlist(request, pk):
    campaign = _campaign(request, pk)
    return render(
        request,
        "recruitment/panel_shortlist.html",
        {
            "campaign": campaign,
            "candidates": selectors.anonymised_candidates(campaign, request.user),
            "breadcrumbs": _panel_crumbs(),
        },
    )


def _score_view(request, campaign, application_pk, step, template, back):
    application = get_object_or_404(
        Application.objects.only("pk", "campaign_id", "candidate_number", "stage"),
        pk=application_pk,
        campaign=campaign,
    )
    form = ScoreForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.panel_score_save(
                user=request.user, application=application, step=step, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Score saved for candidate {application.candidate_number}.")
            return redirect(back, pk=campaign.pk)
    return render(
        request,
        "recruitment/panel_score.html",
        {
            "campaign": campaign,
            "candidate_number": application.candidate_number,
            "step": PanelScore.Step(step).label,
            "form": form,
            "breadcrumbs": _panel_crumbs(),
        },
    )


@permission_required("recruitment.shortlist_campaign", fn=_campaign)
def panel_shortlist_score(request, pk, application_pk):
    return _score_view(
        request,
        _campaign(request, pk),
        application_pk,
        PanelScore.Step.SHORTLISTING,
        "recruitment/panel_score.html",
        "recruitment:panel_shortlist",
    )


@permission_required("recruitment.interview_campaign", fn=_campaign)
def panel_interview(request, pk):
    campaign = _campaign(request, pk)
    return render(
        request,
        "recruitment/panel_interview.html",
        {
            "campaign": campaign,
            "candidates": selectors.interview_candidates(campaign, request.user),
            "breadcrumbs": _panel_crumbs(),
        },
    )


@permission_required("recruitment.interview_campaign", fn=_campaign)
def panel_interview_score(request, pk, application_pk):
    campaign = _campaign(request, pk)
    if not campaign.applications.filter(
        pk=application_pk, stage__in=services.SHORTLISTED_STAGES
    ).exists():
        raise Http404("Not a shortlisted candidate")
    return _score_view(
        request,
        campaign,
        application_pk,
        PanelScore.Step.INTERVIEW,
        "recruitment/panel_score.html",
        "recruitment:panel_interview",
    )
