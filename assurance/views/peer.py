"""Peer review. The CCPL team switches it on, invites named reviewers from outside the ICB
and manages their links (management addresses, CCPL team only). A reviewer opens their link
(no sign-in: the token is the authority) to read the draft — levels, narrative and what each
level means, never internal notes, evidence or any figure — and comment per principle."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.middleware.csrf import CsrfViewMiddleware, _get_failure_view
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.decorators import decorator_from_middleware
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from ccpl.access import permission_required, public
from ccpl.forms import add_service_errors
from ccpl.pages import form_page

from .. import peer_selectors, peer_services
from ..models import Assessment
from ..peer_forms import PeerCommentForm, ReviewerExtendForm, ReviewerInviteForm
from ..peer_models import PeerReviewer

MANAGE = "assurance.manage_assessments"


def _crumbs(assessment):
    return [
        ("Home", reverse("home")),
        ("Self-assessments", reverse("assurance:manage")),
        (str(assessment), assessment.get_absolute_url()),
    ]


def _back(assessment):
    return assessment.get_absolute_url() + "#peer-review"


def _reviewer(pk):
    return get_object_or_404(PeerReviewer.objects.select_related("assessment__peer_review"), pk=pk)


@require_POST
@permission_required(MANAGE)
def peer_review_start(request, pk):
    assessment = get_object_or_404(Assessment, pk=pk)
    try:
        peer_services.peer_review_start(user=request.user, assessment=assessment)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Peer review is on: invite reviewers below.")
    return redirect(_back(assessment))


@permission_required(MANAGE)
def reviewer_invite(request, pk):
    assessment = get_object_or_404(Assessment, pk=pk)
    form = ReviewerInviteForm(request.POST or None, cancel_url=_back(assessment))
    if request.method == "POST" and form.is_valid():
        try:
            reviewer = peer_services.reviewer_invite(
                user=request.user, assessment=assessment, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"The invitation to {reviewer.name} is on its way.")
            return redirect(_back(assessment))
    return form_page(
        request,
        form,
        title="Invite a peer reviewer",
        caption=str(assessment),
        intro="They get a link by e-mail to read the draft (levels, narrative and what each "
        "level means: never internal notes, evidence or figures) and comment on each "
        "principle. No sign-in is needed; the link stops working when it expires, when you "
        "revoke it, or when the self-assessment is signed off.",
        breadcrumbs=_crumbs(assessment),
    )


@permission_required(MANAGE)
def reviewer_extend(request, pk):
    reviewer = _reviewer(pk)
    assessment = reviewer.assessment
    form = ReviewerExtendForm(
        request.POST or None,
        initial={"expires_on": reviewer.expires_on},
        cancel_url=_back(assessment),
    )
    if request.method == "POST" and form.is_valid():
        try:
            peer_services.reviewer_extend(
                user=request.user, reviewer=reviewer, expires_on=form.cleaned_data["expires_on"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{reviewer.name}'s link now works for longer.")
            return redirect(_back(assessment))
    return form_page(
        request,
        form,
        title=f"Change how long {reviewer.name}'s link works",
        caption=str(assessment),
        breadcrumbs=_crumbs(assessment),
    )


@require_POST
@permission_required(MANAGE)
def reviewer_revoke(request, pk):
    reviewer = _reviewer(pk)
    peer_services.reviewer_revoke(user=request.user, reviewer=reviewer)
    messages.success(request, f"{reviewer.name}'s link no longer works. Their comments stay.")
    return redirect(_back(reviewer.assessment))


@require_POST
@permission_required(MANAGE)
def reviewer_resend(request, pk):
    reviewer = _reviewer(pk)
    try:
        peer_services.reviewer_resend(user=request.user, reviewer=reviewer)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, f"A new link is on its way to {reviewer.name}; the old one no longer works."
        )
    return redirect(_back(reviewer.assessment))


# --- The reviewer's own page ------------------------------------------------------------------


def _private(response: HttpResponse) -> HttpResponse:
    """The link is a secret: never sent on to another site, kept in a cache or indexed."""
    response["Referrer-Policy"] = "no-referrer"
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    # Django's request logger would write the address (with the token) of a 4xx answer.
    response._has_been_logged = True
    return response


class _ReviewerCsrf(CsrfViewMiddleware):
    """Django's CSRF check (the form's token against the cookie) for the reviewer's page,
    whose ``Referrer-Policy: no-referrer`` makes browsers send ``Origin: null`` with its own
    forms: that origin is accepted here (only here); the token check still applies. A refusal
    is not logged with the address, which holds the link's token."""

    def _origin_verified(self, request):
        return request.META.get("HTTP_ORIGIN") == "null" or super()._origin_verified(request)

    def _reject(self, request, reason):
        return _private(_get_failure_view()(request, reason=reason))


@public
@csrf_exempt  # instead: _ReviewerCsrf, below
@decorator_from_middleware(_ReviewerCsrf)
def review_page(request, token):
    """GET: the read-only draft with a comment form per principle. POST: save one comment."""
    if request.method not in ("GET", "HEAD", "POST"):
        return _private(HttpResponse(status=405))
    try:
        reviewer = peer_services.reviewer_for_token(token)
    except peer_services.LinkRefused as refused:
        return _private(
            render(
                request,
                "assurance/peer/link_refused.html",
                {"message": str(refused)},
                status=refused.status,
            )
        )
    errors = {}
    if request.method == "POST":
        form = PeerCommentForm(request.POST)
        entry_id = request.POST.get("entry", "")
        if form.is_valid():
            entry_id = form.cleaned_data["entry"]
            try:
                peer_services.comment_save(
                    reviewer=reviewer, entry_id=entry_id, text=form.cleaned_data["text"]
                )
            except ValidationError as error:
                errors[str(entry_id)] = " ".join(error.messages)
            else:
                messages.success(request, "Your comment has been saved. Thank you.")
                return _private(redirect(request.path + f"#comment-{entry_id}"))
        else:
            text = request.POST.get("text", "").strip()
            errors[str(entry_id)] = (
                "Write your comment."
                if not text
                else f"Your comment must be {PeerCommentForm.base_fields['text'].max_length} "
                "characters or fewer."
                if "text" in form.errors
                else "Choose a principle of the self-assessment you are reviewing."
            )
    else:
        peer_services.reviewer_seen(reviewer)
    entries = peer_selectors.reviewer_page(reviewer)
    error_list = []
    for e in entries:
        e.error = errors.pop(str(e.entry_id), "")
        if e.error:
            e.own_comment = request.POST.get("text", "")[:4000]
            error_list.append((f"comment-text-{e.entry_id}", e.error))
    error_list += [("", message) for message in errors.values()]
    return _private(
        render(
            request,
            "assurance/peer/review_page.html",
            {
                "reviewer": reviewer,
                "assessment": reviewer.assessment,
                "entries": entries,
                "error_list": error_list,
            },
        )
    )
