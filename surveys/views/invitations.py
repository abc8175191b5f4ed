"""Invitations: who to ask, sending personal links by email, reminders, the response rate."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from ccpl.access import permission_required
from ccpl.pages import form_page

from .. import selectors, services
from ..forms import InvitationAddForm
from ..models import Survey
from . import MANAGE, VIEW, survey_crumbs

INVITATIONS_PER_PAGE = 50


@permission_required(VIEW)
def invitation_list(request, pk):
    survey = get_object_or_404(Survey, pk=pk)
    return render(
        request,
        "surveys/invitation_list.html",
        {
            "survey": survey,
            "rate": selectors.response_rate(survey),
            "page_obj": Paginator(
                selectors.invitations_listed(survey), INVITATIONS_PER_PAGE
            ).get_page(request.GET.get("page")),
            "reminders_due_on": services.reminders_due_on(survey),
            "reminder_interval": services.REMINDER_INTERVAL_DAYS,
            "breadcrumbs": survey_crumbs(survey),
        },
    )


@permission_required(MANAGE)
def invitation_add(request, pk):
    survey = get_object_or_404(Survey, pk=pk)
    form = InvitationAddForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        source = form.cleaned_data["source"]
        errors = []
        if source == form.ROLE_HOLDERS:
            invitees = services.invitees_from_people(selectors.current_role_holders())
        elif source == form.PEOPLE:
            invitees = services.invitees_from_people(selectors.people_with_email())
        else:
            text = "\n".join(
                filter(None, [form.cleaned_data["addresses"], form.cleaned_data["file"]])
            )
            invitees, errors = services.invitees_parse(text)
        if errors:
            for error in errors:
                form.add_error("addresses", error)
        else:
            added, skipped = services.invitations_add(survey=survey, invitees=invitees)
            note = f" {skipped} had already been invited." if skipped else ""
            messages.success(request, f"{added} people added to the invitation list.{note}")
            return redirect("surveys:invitation_list", pk=pk)
    return form_page(
        request,
        form,
        title="Add people to invite",
        caption=survey.title,
        intro="Each person is invited once. Nobody is emailed until you send the invitations.",
        breadcrumbs=survey_crumbs(survey),
    )


@require_POST
@permission_required(MANAGE)
def invitations_send(request, pk, reminders=False):
    survey = get_object_or_404(Survey, pk=pk)
    if not services.survey_is_open(survey):
        messages.error(request, "Open the survey before sending invitations or reminders.")
        return redirect("surveys:invitation_list", pk=pk)
    try:
        services.site_url()
    except services.SiteAddressMissing as error:
        messages.error(request, error.message)
        return redirect("surveys:invitation_list", pk=pk)
    if reminders:
        due_on = services.reminders_due_on(survey)
        if due_on is not None:
            messages.error(
                request,
                f"Reminders go at most once every {services.REMINDER_INTERVAL_DAYS} days. "
                f"You can send the next ones from {due_on:%-d %B %Y}.",
            )
            return redirect("surveys:invitation_list", pk=pk)
    services.invitations_request(survey=survey, reminders=reminders)
    messages.success(
        request,
        "Reminders are being sent, as one batch, to everyone who has not responded. This can "
        "take a few minutes; you can leave this page."
        if reminders
        else "Invitations are being sent to everyone not yet invited by email. This can take a "
        "few minutes; you can leave this page.",
    )
    return redirect("surveys:invitation_list", pk=pk)
