"""Every write of peer review (``assurance.peer_models``): switching it on, inviting,
re-sending, extending and revoking reviewers, the worker's link, opening a link and
commenting. Transactional and audited; each refuses what the state does not allow."""

from __future__ import annotations

import secrets
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from ccpl.history import attribute, saved
from ccpl.models import token_digest
from ccpl.services import email_queue, site_url

from .models import Assessment, AssessmentEntry
from .peer_models import COMMENT_MAX, MAX_DAYS, PeerComment, PeerReview, PeerReviewer

LINK_KIND = "peer_review"


class LinkRefused(Exception):
    """A reviewer's link that does not (or no longer) work; ``status`` 403 for a link that was
    never valid, 410 for one that has stopped working."""

    def __init__(self, message: str, status: int):
        super().__init__(message)
        self.status = status


def _open_review(assessment: Assessment) -> PeerReview:
    review = PeerReview.objects.select_for_update().filter(assessment=assessment).first()
    if review is None or not review.is_open:
        raise ValidationError("Peer review is not on for this self-assessment.")
    if assessment.is_frozen:
        raise ValidationError("This self-assessment is signed off: its peer review has ended.")
    return review


def _check_expiry(expires_on: date) -> None:
    today = timezone.localdate()
    if expires_on < today:
        raise ValidationError({"expires_on": "The link must work until today or later."})
    if expires_on > today + timedelta(days=MAX_DAYS):
        raise ValidationError(
            {"expires_on": f"A link can work for at most {MAX_DAYS} days from today."}
        )


@transaction.atomic
def peer_review_start(*, user, assessment: Assessment) -> PeerReview:
    """Switch peer review on for a draft or an assessment in review."""
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if assessment.is_frozen:
        raise ValidationError("A signed-off self-assessment cannot be peer reviewed.")
    review = PeerReview.objects.filter(assessment=assessment).first()
    if review is not None:
        return review
    return saved(PeerReview(assessment=assessment, started_by=user), user)


def _queue_invitation(reviewer: PeerReviewer) -> None:
    assessment = reviewer.assessment
    email_queue(
        to=reviewer.email,
        subject=f"Please review our clinical and care professional leadership self-assessment "
        f"for {assessment.year}",
        body=(
            f"Dear {reviewer.name},\n\n"
            f"You have been invited to read the draft of our {assessment.year} self-assessment "
            f"against NHS England's five principles of clinical and care professional "
            f"leadership, and to comment on each principle.\n\n"
            f"Open it with this link (no sign-in needed; it works until "
            f"{reviewer.expires_on:%-d %B %Y}). Please do not forward it: anyone with the link "
            f"can read the draft and comment in your name.\n{{link}}\n\n"
            f"Any earlier link we sent you no longer works.\n"
        ),
        kind="Peer review invitation",
        about=str(assessment),
        link_kind=LINK_KIND,
        link_id=reviewer.pk,
    )


def _require_site_url() -> None:
    if not site_url():
        raise ValidationError(
            "E-mails with links cannot be sent until the site's address (CCPL_SITE_URL) is set."
        )


@transaction.atomic
def reviewer_invite(
    *,
    user,
    assessment: Assessment,
    name: str,
    organisation: str,
    email: str,
    expires_on: date | None = None,
    send: bool = True,
) -> PeerReviewer:
    """Invite a named reviewer: the e-mail goes through the outbox; the worker makes the
    link as it sends, so no token is stored anywhere but in the e-mail. (``send=False``, for
    the demo data only: no e-mail; the team sends one with "Send a new link".)"""
    if send:
        _require_site_url()
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    _open_review(assessment)
    reviewer = PeerReviewer(
        assessment=assessment,
        name=name.strip(),
        organisation=organisation.strip(),
        email=email.strip().lower(),
        invited_by=user,
    )
    if expires_on is not None:
        _check_expiry(expires_on)
        reviewer.expires_on = expires_on
    saved(reviewer, user, reason="Invited to peer review")
    if send:
        _queue_invitation(reviewer)
    return reviewer


def _locked(reviewer: PeerReviewer) -> PeerReviewer:
    return (
        PeerReviewer.objects.select_for_update(of=("self",))
        .select_related("assessment__peer_review")
        .get(pk=reviewer.pk)
    )


@transaction.atomic
def reviewer_resend(*, user, reviewer: PeerReviewer) -> PeerReviewer:
    """Send the invitation again with a new link: the old link stops working at once."""
    _require_site_url()
    reviewer = _locked(reviewer)
    if not reviewer.is_usable:
        raise ValidationError("This reviewer's link has stopped working: extend it first.")
    reviewer.token_hash = token_digest(secrets.token_urlsafe(32))
    attribute(reviewer, user, reason="Invitation sent again")
    reviewer.save()
    _queue_invitation(reviewer)
    return reviewer


@transaction.atomic
def reviewer_revoke(*, user, reviewer: PeerReviewer) -> PeerReviewer:
    reviewer = _locked(reviewer)
    if reviewer.revoked_at is None:
        reviewer.revoked_at = timezone.now()
        saved(reviewer, user, reason="Link revoked")
    return reviewer


@transaction.atomic
def reviewer_extend(*, user, reviewer: PeerReviewer, expires_on: date) -> PeerReviewer:
    """A new last day for the link (at most 90 days ahead); not for a revoked link."""
    reviewer = _locked(reviewer)
    _open_review(reviewer.assessment)
    if reviewer.revoked_at is not None:
        raise ValidationError("This reviewer's link was revoked: invite them again instead.")
    _check_expiry(expires_on)
    reviewer.expires_on = expires_on
    return saved(reviewer, user, reason=f"Link extended to {expires_on:%Y-%m-%d}")


@transaction.atomic
def peer_review_end(*, user, assessment: Assessment) -> None:
    """At sign-off: every reviewer's link stops working; the comments stay."""
    review = PeerReview.objects.select_for_update().filter(assessment=assessment).first()
    if review is not None and review.ended_at is None:
        review.ended_at = timezone.now()
        saved(review, user, reason="Ended at sign-off")


def review_token(reviewer_id: int) -> str | None:
    """A fresh token for a reviewer whose link may work: its digest replaces the stored one,
    so the last link made is the only one that works; None otherwise."""
    with transaction.atomic():
        reviewer = (
            PeerReviewer.objects.select_for_update(of=("self",))
            .select_related("assessment__peer_review")
            .filter(pk=reviewer_id)
            .first()
        )
        if reviewer is None or not reviewer.is_usable:
            return None
        token = secrets.token_urlsafe(32)
        PeerReviewer.objects.filter(pk=reviewer.pk).update(token_hash=token_digest(token))
    return token


def review_link(reviewer_id: int) -> str | None:
    """The worker's link (``ccpl.services.ONE_TIME_LINKS``), made as the e-mail goes so that
    no token sits in the outbox; None once the reviewer's link may no longer work."""
    token = review_token(reviewer_id)
    if token is None:
        return None
    return site_url() + reverse("assurance:peer_review_page", args=[token])


def reviewer_for_token(token: str) -> PeerReviewer:
    """The reviewer a link names, or ``LinkRefused``. Never says more than it must."""
    if not token or len(token) > 100:
        raise LinkRefused("This link is not valid. Use the link in your e-mail.", 403)
    reviewer = (
        PeerReviewer.objects.select_related("assessment__peer_review")
        .filter(token_hash=token_digest(token))
        .first()
    )
    if reviewer is None:
        raise LinkRefused("This link is not valid. Use the link in your latest e-mail.", 403)
    if reviewer.revoked_at is not None:
        raise LinkRefused("This link has been withdrawn by the CCPL team.", 410)
    review = getattr(reviewer.assessment, "peer_review", None)
    if reviewer.assessment.is_frozen or review is None or not review.is_open:
        raise LinkRefused(
            "This self-assessment's peer review has ended. Thank you for your comments.", 410
        )
    if reviewer.is_expired:
        raise LinkRefused("This link has expired. Ask the CCPL team if you need more time.", 410)
    return reviewer


def reviewer_seen(reviewer: PeerReviewer) -> None:
    """Note when the reviewer last opened the page (no history row for a page view)."""
    now = timezone.now()
    PeerReviewer.objects.filter(pk=reviewer.pk).update(last_seen_at=now)
    reviewer.last_seen_at = now


@transaction.atomic
def comment_save(*, reviewer: PeerReviewer, entry_id: int, text: str) -> PeerComment:
    """The reviewer's comment on one principle of *their* assessment: made, or changed."""
    reviewer = _locked(reviewer)
    if not reviewer.is_usable:
        raise ValidationError("This link no longer works: the comment was not saved.")
    entry = AssessmentEntry.objects.filter(
        pk=entry_id, assessment_id=reviewer.assessment_id
    ).first()
    if entry is None:
        raise ValidationError("Choose a principle of the self-assessment you are reviewing.")
    text = text.strip()
    if not text:
        raise ValidationError({"text": "Write your comment."})
    if len(text) > COMMENT_MAX:
        raise ValidationError({"text": f"Your comment must be {COMMENT_MAX} characters or fewer."})
    comment = PeerComment.objects.filter(reviewer=reviewer, entry=entry).first()
    now = timezone.now()
    if comment is None:
        comment = PeerComment(reviewer=reviewer, entry=entry, created_at=now)
    comment.text = text
    comment.updated_at = now
    return saved(comment, None, reason=f"By peer reviewer {reviewer.name}")
