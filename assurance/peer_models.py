"""Peer review of a self-assessment (issue 18, optional per assessment): named reviewers from
outside the ICB read the draft and comment per principle through a time-limited, read-only
link. No sign-in: the link's token is the authority, and only its SHA-256 digest is stored
(``ccpl.models.token_digest``); the token exists in the e-mail alone, made by the worker as it
sends (``ccpl.services.ONE_TIME_LINKS["peer_review"]``). Unlike a one-time link it works again
and again until it expires, is revoked, a newer e-mail replaces it, or the assessment is
signed off (which ends the peer review; the comments stay)."""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from ccpl.models import token_digest

DEFAULT_DAYS = 28
MAX_DAYS = 90
COMMENT_MAX = 3000


def unknown_token_digest() -> str:
    """A digest of a token nobody holds: a reviewer's link works only once an e-mail is sent."""
    return token_digest(secrets.token_urlsafe(32))


def default_expiry():
    return timezone.localdate() + timedelta(days=DEFAULT_DAYS)


class PeerReview(models.Model):
    """Peer review switched on for one assessment (ended at its sign-off)."""

    assessment = models.OneToOneField(
        "assurance.Assessment", on_delete=models.CASCADE, related_name="peer_review"
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    started_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    def __str__(self):
        return f"Peer review of {self.assessment}"

    @property
    def is_open(self) -> bool:
        return self.ended_at is None


class PeerReviewer(models.Model):
    class Status(models.TextChoices):
        INVITED = "invited", "Invited"
        VIEWED = "viewed", "Viewed"
        COMMENTED = "commented", "Commented"
        EXPIRED = "expired", "Expired"
        REVOKED = "revoked", "Revoked"
        ENDED = "ended", "Review ended"

    assessment = models.ForeignKey(
        "assurance.Assessment", on_delete=models.CASCADE, related_name="peer_reviewers"
    )
    name = models.CharField(max_length=120)
    organisation = models.CharField(max_length=160)
    email = models.EmailField()
    token_hash = models.CharField(
        max_length=64, unique=True, editable=False, default=unknown_token_digest
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    invited_at = models.DateTimeField(default=timezone.now)
    expires_on = models.DateField(
        default=default_expiry, help_text="The link works until the end of this day."
    )
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_seen_at = models.DateTimeField(null=True, blank=True)
    # The digest changes with every e-mail sent: it is not history worth keeping.
    history = HistoricalRecords(excluded_fields=["token_hash", "last_seen_at"])

    class Meta:
        ordering = ["assessment", "invited_at", "pk"]

    def __str__(self):
        return f"{self.name} ({self.organisation})"

    @property
    def is_expired(self) -> bool:
        return self.expires_on < timezone.localdate()

    @property
    def is_usable(self) -> bool:
        """The link works: not revoked, not expired, the assessment not signed off and its
        peer review not ended (the caller has the assessment and its review loaded)."""
        review = getattr(self.assessment, "peer_review", None)
        return (
            self.revoked_at is None
            and not self.is_expired
            and not self.assessment.is_frozen
            and review is not None
            and review.is_open
        )


class PeerComment(models.Model):
    """A reviewer's comment on one principle of the assessment they were invited to read: one
    per principle, which they may change until their link stops working."""

    reviewer = models.ForeignKey(PeerReviewer, on_delete=models.CASCADE, related_name="comments")
    entry = models.ForeignKey(
        "assurance.AssessmentEntry", on_delete=models.CASCADE, related_name="peer_comments"
    )
    text = models.TextField(max_length=COMMENT_MAX)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["entry", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["reviewer", "entry"], name="assurance_one_peer_comment_per_principle"
            )
        ]

    def __str__(self):
        return f"{self.reviewer} on {self.entry}"
