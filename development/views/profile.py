"""A signed-in person's own mentoring and coaching under /profile/mentoring/: asking for a
mentor or coach, their match and its check-ins, and (for a mentor) their own mentees only.

A match's page answers only its mentee and its mentor (``development.view_match``)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from ccpl import selectors as core_selectors
from ccpl.access import permission_required
from ccpl.forms import add_service_errors
from ccpl.pages import form_page

from .. import selectors, services
from ..forms import CheckInForm, MatchCloseForm, MentoringRequestForm
from ..models import Match, MentoringRequest

# A profile page: it answers every signed-in account, with its person's own mentoring or
# saying plainly that the account has no person record.
OWN = "ccpl.view_own_profile"
MATCH = "development.view_match"


def _crumbs(*extra):
    return [
        ("Home", reverse("home")),
        ("Your profile", reverse("profile:my_profile")),
        *extra,
    ]


def _mentoring_crumbs(*extra):
    return _crumbs(("Mentoring and coaching", reverse("development_profile:my_mentoring")), *extra)


def _match(request, pk, *args, **kwargs):
    """The match the permission is asked about (a suggestion is nobody's page yet)."""
    return get_object_or_404(
        Match.objects.exclude(status=Match.Status.SUGGESTED).select_related("mentor"), pk=pk
    )


@permission_required(OWN)
def my_mentoring(request):
    person = core_selectors.person_for_account(request.user)
    if person is None:
        return render(request, "ccpl/no_person_record.html")
    return render(
        request,
        "development/mentoring/my_mentoring.html",
        {
            "person": person,
            **selectors.person_mentoring(person),
            "breadcrumbs": _crumbs(),
        },
    )


@permission_required(OWN)
def mentoring_ask(request):
    person = core_selectors.person_for_account(request.user)
    if person is None:
        return render(request, "ccpl/no_person_record.html")
    form = MentoringRequestForm(
        request.POST or None, instance=MentoringRequest(mentee=person), person=person
    )
    form.cancel_url = reverse("development_profile:my_mentoring")
    if request.method == "POST" and form.is_valid():
        try:
            services.mentoring_request_create(
                user=request.user, mentee=person, **form.service_kwargs()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                "Your request has been sent. The CCPL team will tell you when they have "
                "found a match.",
            )
            return redirect("development_profile:my_mentoring")
    return form_page(
        request,
        form,
        title="Ask for a mentor or coach",
        intro="Tell us what you would like help with. We suggest someone who offers it, "
        "and the CCPL team checks the match before you are introduced.",
        breadcrumbs=_mentoring_crumbs(),
    )


@permission_required(MATCH, fn=_match)
def match_detail(request, pk):
    match = selectors.match_for_page(pk)
    person = core_selectors.person_for_account(request.user)
    return render(
        request,
        "development/mentoring/match_detail.html",
        {
            "match": match,
            "is_mentor": match.mentor.person_id == person.pk,
            "breadcrumbs": _mentoring_crumbs(),
        },
    )


@permission_required(MATCH, fn=_match)
def check_in_create(request, pk):
    match = _match(request, pk)
    form = CheckInForm(request.POST or None)
    form.cancel_url = reverse("development_profile:match_detail", args=[pk])
    if request.method == "POST" and form.is_valid():
        try:
            services.check_in_record(user=request.user, match=match, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The check-in has been saved.")
            return redirect("development_profile:match_detail", pk=pk)
    return form_page(
        request,
        form,
        title="Record a check-in",
        intro="Only the two of you can read what you write here.",
        breadcrumbs=_mentoring_crumbs(("Your match", form.cancel_url)),
    )


@permission_required(MATCH, fn=_match)
def match_close(request, pk):
    match = _match(request, pk)
    form = MatchCloseForm(request.POST or None)
    form.cancel_url = reverse("development_profile:match_detail", args=[pk])
    if request.method == "POST" and form.is_valid():
        try:
            services.match_close(user=request.user, match=match, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The match has been closed. Thank you for your feedback.")
            return redirect("development_profile:my_mentoring")
    return form_page(
        request,
        form,
        title="Close the match",
        intro="Close the match when you have finished meeting. Your feedback goes to the "
        "CCPL team.",
        breadcrumbs=_mentoring_crumbs(("Your match", form.cancel_url)),
    )
