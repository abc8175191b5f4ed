"""Staff and executive pages: requests to recruit, campaigns, applications, the funnel, the talent pool, exit interviews and learning surveys."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_POST

from ccpl import disclosure, uploads
from ccpl.access import permission_required
from ccpl.exports import EXPORT_PARAM, csv_response
from ccpl.forms import add_service_errors
from ccpl.fragments import fragment_vary
from ccpl.pages import form_page
from roles import selectors as role_selectors
from roles.models import Appointment

from .. import selectors, services
from ..forms import (
    AppointForm,
    CampaignForm,
    DecisionForm,
    ExitInterviewForm,
    RequestToRecruitForm,
    StageForm,
)
from ..models import Application, Campaign, ExitInterview, RequestToRecruit
from . import manage_crumbs

# --- Staff and executive --------------------------------------------------------------------


CAMPAIGNS_PER_PAGE = 50


@permission_required("recruitment.view_recruitment")
def manage_home(request):
    return render(
        request,
        "recruitment/manage_home.html",
        {
            "campaigns": Paginator(selectors.campaign_list(), CAMPAIGNS_PER_PAGE).get_page(
                request.GET.get("page")
            ),
            "requests": selectors.request_list()[:50],
            "awaiting": selectors.requests_awaiting_decision().count(),
            "breadcrumbs": [("Home", reverse("home"))],
        },
    )


@permission_required("recruitment.request_recruitment")
def request_create(request):
    form = RequestToRecruitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        rtr = services.request_to_recruit_create(user=request.user, **form.cleaned_data)
        messages.success(request, "The request has been sent to the executive for approval.")
        warning = role_selectors.role_recruitment_refusal(role=rtr.role)
        if warning:
            messages.warning(request, f"{warning} Until then the request cannot be approved.")
        return redirect("recruitment:manage_home")
    return form_page(request, form, title="Request to recruit", breadcrumbs=manage_crumbs())


@permission_required("recruitment.decide_request")
def request_decisions(request):
    return render(
        request,
        "recruitment/request_decisions.html",
        {"requests": selectors.requests_awaiting_decision(), "breadcrumbs": manage_crumbs()},
    )


@permission_required("recruitment.decide_request")
def request_decide(request, pk):
    rtr = get_object_or_404(RequestToRecruit.objects.select_related("role"), pk=pk)
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.request_to_recruit_decide(
                user=request.user,
                request=rtr,
                approve=form.cleaned_data["decision"] == "approve",
                reason=form.cleaned_data["decision_reason"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Your decision has been recorded.")
            return redirect("recruitment:request_decisions")
    return render(
        request,
        "recruitment/request_decide.html",
        {
            "rtr": rtr,
            "form": form,
            "role_warning": role_selectors.role_recruitment_refusal(role=rtr.role),
            "breadcrumbs": manage_crumbs(
                ("Requests awaiting decision", reverse("recruitment:request_decisions"))
            ),
        },
    )


@permission_required("recruitment.manage_recruitment")
def campaign_create(request, pk):
    rtr = get_object_or_404(RequestToRecruit.objects.select_related("role"), pk=pk)
    form = CampaignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            campaign = services.campaign_create(
                user=request.user,
                request=rtr,
                base_url=request.build_absolute_uri("/"),
                **form.cleaned_data,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The advert has been published.")
            return redirect("recruitment:campaign_detail", pk=campaign.pk)
    return render(
        request,
        "recruitment/campaign_form.html",
        {
            "rtr": rtr,
            "form": form,
            "role_warning": role_selectors.role_recruitment_refusal(role=rtr.role),
            "breadcrumbs": manage_crumbs(),
        },
    )


@permission_required("recruitment.manage_recruitment")
def campaign_edit(request, pk):
    campaign = get_object_or_404(Campaign.objects.select_related("role"), pk=pk)
    posted = request.method == "POST"
    form = CampaignForm(request.POST if posted else None, instance=campaign)
    form.submit_label = "Save changes"
    if posted and form.is_valid():
        try:
            services.campaign_update(user=request.user, campaign=campaign, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The campaign has been updated.")
            return redirect("recruitment:campaign_detail", pk=pk)
    return render(
        request,
        "recruitment/campaign_form.html",
        {
            "rtr": campaign.request,
            "campaign": campaign,
            "form": form,
            "breadcrumbs": manage_crumbs(
                (str(campaign.role), reverse("recruitment:campaign_detail", args=[pk]))
            ),
        },
    )


@permission_required("recruitment.view_recruitment")
def campaign_detail(request, pk):
    campaign = get_object_or_404(Campaign.objects.select_related("role", "job_description"), pk=pk)
    applications = list(selectors.staff_applications(campaign))
    if request.GET.get(EXPORT_PARAM) == "csv":
        return csv_response(
            rows=selectors.staff_applications_csv_rows(applications),
            filename=f"applications-{campaign.pk}.csv",
        )
    by_stage = [
        (label, [a for a in applications if a.stage == value])
        for value, label in Application.Stage.choices
    ]
    return render(
        request,
        "recruitment/campaign_detail.html",
        {
            "campaign": campaign,
            "by_stage": by_stage,
            "gaps": selectors.communication_gaps(campaign),
            "communicated": list(campaign.communicated_to.all()),
            "panel": list(campaign.panel.select_related("person")),
            "today": selectors.today(),
            "breadcrumbs": manage_crumbs(),
        },
    )


@require_POST
@permission_required("recruitment.manage_recruitment")
def shortlist_lock(request, pk):
    campaign = get_object_or_404(Campaign, pk=pk)
    try:
        services.shortlist_lock(user=request.user, campaign=campaign)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "The shortlist is locked. The panel can now see names.")
    return redirect("recruitment:campaign_detail", pk=pk)


@permission_required("recruitment.manage_recruitment")
def application_detail(request, pk):
    application = get_object_or_404(
        Application.objects.select_related("campaign__role", "professional_group"),
        pk=pk,
    )
    stage_form = StageForm(
        request.POST if "stage" in request.POST else None, initial={"stage": application.stage}
    )
    appoint_form = AppointForm(request.POST if "starts_on_day" in request.POST else None)
    if request.method == "POST":
        form = stage_form if "stage" in request.POST else appoint_form
        if form.is_valid():
            try:
                if form is stage_form:
                    services.application_move(
                        user=request.user, application=application, **form.cleaned_data
                    )
                    messages.success(request, "The application has moved stage.")
                else:
                    services.application_appoint(
                        user=request.user, application=application, **form.cleaned_data
                    )
                    messages.success(request, "The candidate has been appointed to the role.")
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                return redirect("recruitment:application_detail", pk=pk)
    return render(
        request,
        "recruitment/application_detail.html",
        {
            "application": application,
            "stage_form": stage_form,
            "appoint_form": appoint_form,
            "can_appoint": application.shortlisted_on is not None
            and application.stage != Application.Stage.APPOINTED,
            "breadcrumbs": manage_crumbs(
                (
                    str(application.campaign.role),
                    reverse("recruitment:campaign_detail", args=[application.campaign_id]),
                )
            ),
        },
    )


@permission_required("recruitment.manage_recruitment")
def application_cv(request, pk):
    application = get_object_or_404(Application.objects.only("cv", "cv_filename"), pk=pk)
    try:
        handle = application.cv.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404("The CV file is missing.") from None
    return uploads.attachment_response(handle, filename=application.cv_filename or "cv")


@permission_required("recruitment.view_recruitment")
def funnel(request):
    references = {
        key[len("ref_") :]: value
        for key, value in request.GET.items()
        if key.startswith("ref_") and len(value) <= 120
    }
    if request.GET.get(EXPORT_PARAM) == "csv":
        rows = []
        for f in selectors.funnels(references=references):
            rows.extend(f.csv_rows())
            rows.append([])
        return csv_response(rows=rows, filename="recruitment-funnel.csv")
    return render(
        request,
        "recruitment/funnel.html",
        {
            # Counted only when the cached tables are out of date (ccpl.fragments).
            "funnels": SimpleLazyObject(lambda: selectors.funnels(references=references)),
            "fragment": fragment_vary(request, sorted(references.items())),
            "footnote": disclosure.PEOPLE_FOOTNOTE,
            "breadcrumbs": manage_crumbs(),
        },
    )


# --- Talent pool, exit interviews, learning ---------------------------------------------------


@permission_required("recruitment.manage_recruitment")
def talent_pool_list(request):
    members = selectors.talent_pool()
    if request.GET.get(EXPORT_PARAM) == "csv":
        header = ["First name", "Last name", "Email", "Professional group", "Place"]
        header += ["Interests", "Shadowing", "Mentoring", "Joined"]
        rows = [header] + [
            [
                m.given_name,
                m.family_name,
                m.email,
                m.professional_group.name,
                m.place.name if m.place else "",
                m.interests,
                "Yes" if m.wants_shadowing else "No",
                "Yes" if m.wants_mentoring else "No",
                m.joined_on.isoformat(),
            ]
            for m in members
        ]
        return csv_response(rows=rows, filename="talent-pool.csv")
    return render(
        request,
        "recruitment/talent_pool_list.html",
        {"members": members, "breadcrumbs": manage_crumbs()},
    )


@permission_required("recruitment.view_recruitment")
def exit_interview_list(request):
    return render(
        request,
        "recruitment/exit_interview_list.html",
        {
            "interviews": selectors.exit_interviews()[:100],
            "due": selectors.exit_interviews_due(),
            "themes": [
                (ExitInterview.Theme(row.label).label, row.cells[0])
                for row in selectors.exit_interview_themes().rows()
            ],
            "footnote": disclosure.PEOPLE_FOOTNOTE,
            "breadcrumbs": manage_crumbs(),
        },
    )


@permission_required("recruitment.manage_recruitment")
def exit_interview_record(request, appointment_pk):
    appointment = get_object_or_404(
        Appointment.objects.select_related("role", "person"), pk=appointment_pk
    )
    existing = ExitInterview.objects.filter(appointment=appointment).first()
    initial = {}
    if existing:
        initial = {
            "held_on": existing.held_on,
            "reason": existing.reason,
            "what_would_have_kept": existing.what_would_have_kept,
            "development_received": existing.development_received,
            "themes": existing.themes,
        }
    posted = request.method == "POST"
    form = ExitInterviewForm(request.POST if posted else None, initial=initial)
    if posted and form.is_valid():
        try:
            services.exit_interview_record(
                user=request.user, appointment=appointment, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The exit interview has been saved.")
            return redirect("recruitment:exit_interview_list")
    return render(
        request,
        "recruitment/exit_interview_form.html",
        {
            "appointment": appointment,
            "form": form,
            "breadcrumbs": manage_crumbs(
                ("Exit interviews", reverse("recruitment:exit_interview_list"))
            ),
        },
    )


@require_POST
@permission_required("recruitment.manage_recruitment")
def learning_survey_create(request, pk):
    campaign = get_object_or_404(Campaign, pk=pk)
    try:
        survey = services.learning_survey_create(user=request.user, campaign=campaign)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("recruitment:campaign_detail", pk=pk)
    messages.success(
        request,
        "The questionnaire has been drafted with every applicant invited. Add network "
        "leaders to the invitations, then open it.",
    )
    return redirect("surveys:survey_detail", pk=survey.pk)
