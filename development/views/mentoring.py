"""The CCPL team's mentoring and coaching register at /development/manage/mentoring/: mentors,
requests waiting for a match (with their goals), suggested matches to confirm, and the
matches under way; adding and changing mentors. Executives do not see it: goals are the
pair's and the team's alone."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from ccpl.access import permission_required
from ccpl.formatting import nhs_count
from ccpl.forms import add_service_errors
from ccpl.pages import form_page

from .. import selectors, services
from ..forms import MentorForm
from ..models import Match, Mentor
from . import manage_crumbs

MANAGE_MENTORING = "development.manage_mentoring"


@permission_required(MANAGE_MENTORING)
def mentoring_register(request):
    return render(
        request,
        "development/mentoring/register.html",
        {
            "mentors": selectors.mentor_register_rows(),
            "requests": selectors.open_mentoring_requests(),
            "suggested": selectors.matches_with_status(Match.Status.SUGGESTED),
            "confirmed": selectors.matches_with_status(Match.Status.CONFIRMED),
            "closed": selectors.matches_with_status(Match.Status.CLOSED),
            "today": timezone.localdate(),
            "breadcrumbs": manage_crumbs(),
        },
    )


@require_POST
@permission_required(MANAGE_MENTORING)
def matches_suggest(request):
    suggested = services.matches_suggest(user=request.user)
    if suggested:
        messages.success(
            request,
            f"{nhs_count(len(suggested))} suggested "
            f"{'match' if len(suggested) == 1 else 'matches'}. Check and confirm them below.",
        )
    else:
        messages.info(request, "No request waiting for a match can be matched at the moment.")
    return redirect("development:mentoring_register")


@require_POST
@permission_required(MANAGE_MENTORING)
def match_confirm(request, pk):
    match = get_object_or_404(Match.objects.select_related("request__mentee"), pk=pk)
    try:
        services.match_confirm(user=request.user, match=match)
    except ValidationError as error:
        messages.error(request, f"The match was not confirmed: {error.messages[0]}")
    else:
        messages.success(request, f"The match for {match.request.mentee} has been confirmed.")
    return redirect("development:mentoring_register")


@permission_required(MANAGE_MENTORING)
def mentor_create(request):
    form = MentorForm(request.POST or None)
    form.cancel_url = reverse("development:mentoring_register")
    if request.method == "POST" and form.is_valid():
        try:
            mentor = services.mentor_register(
                user=request.user, person=form.person, **form.service_kwargs()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{mentor.person.full_name} is on the register.")
            return redirect("development:mentoring_register")
    return form_page(
        request,
        form,
        title="Add a mentor or coach",
        breadcrumbs=manage_crumbs(("Mentoring and coaching", form.cancel_url)),
    )


@permission_required(MANAGE_MENTORING)
def mentor_edit(request, pk):
    mentor = get_object_or_404(Mentor.objects.select_related("person"), pk=pk)
    form = MentorForm(request.POST or None, instance=Mentor.objects.get(pk=pk))
    form.cancel_url = reverse("development:mentoring_register")
    if request.method == "POST" and form.is_valid():
        try:
            services.mentor_update(user=request.user, mentor=mentor, **form.service_kwargs())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{mentor.person.full_name}'s details have been saved.")
            return redirect("development:mentoring_register")
    return form_page(
        request,
        form,
        title=f"Change {mentor.person.full_name}'s details",
        breadcrumbs=manage_crumbs(("Mentoring and coaching", form.cancel_url)),
    )
