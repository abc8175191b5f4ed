"""Writes for communications: a recipient's preferences and unsubscribing.

The link in every e-mail carries a signed token naming the address (``preference_token``),
so that its recipient can manage their preferences without signing in. A GET never changes
anything (mail scanners fetch links): unsubscribing is a POST, from the page's confirm
button or from the mail client's one-click ``List-Unsubscribe-Post`` (RFC 8058).
"""

from __future__ import annotations

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from ccpl.history import saved
from ccpl.models import Person
from ccpl.services import site_url

from .models import Frequency, Preference, Topic

TOKEN_SALT = "communications.preferences"


def preference_token(email: str) -> str:
    """The signed token for ``email``'s preference and unsubscribe links (no expiry: an
    unsubscribe link must keep working)."""
    return signing.dumps(email.strip().lower(), salt=TOKEN_SALT, compress=True)


def email_for_token(token: str) -> str | None:
    """The address a token names, or ``None`` for a token that was not made here."""
    try:
        email = signing.loads(token, salt=TOKEN_SALT)
    except signing.BadSignature:
        return None
    return email if isinstance(email, str) and "@" in email else None


def unsubscribe_headers(email: str) -> dict[str, str]:
    """RFC 8058 headers for a message to ``email``: the one-click address (an HTTPS POST
    target, needing no sign-in) and the ``List-Unsubscribe-Post`` marker."""
    path = reverse("communications:unsubscribe_one_click", args=[preference_token(email)])
    return {
        "List-Unsubscribe": f"<{site_url()}{path}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def preference_for(email: str) -> Preference:
    """The stored preferences of ``email``, or unsaved defaults."""
    found = Preference.objects.filter(email__iexact=email.strip()).first()
    if found is not None:
        return found
    person = Person.objects.filter(email__iexact=email.strip()).order_by("pk").first()
    return Preference(email=email.strip().lower(), person=person)


@transaction.atomic
def preferences_save(*, email: str, topics: list[str], frequency: str, user=None) -> Preference:
    """Save ``email``'s choices; choosing no topic at all is unsubscribing."""
    unknown = set(topics) - set(Topic.values)
    if unknown:
        raise ValidationError({"topics": "Choose from the topics listed"})
    if frequency not in Frequency.values:
        raise ValidationError({"frequency": "Choose how often you want to hear from us"})
    preference = _locked(email)
    preference.topics = [t for t in Topic.values if t in topics]
    preference.frequency = frequency
    if preference.topics:
        preference.unsubscribed_at = None
    elif preference.unsubscribed_at is None:
        preference.unsubscribed_at = timezone.now()
    preference.changed_at = timezone.now()
    saved(preference, user)
    return preference


@transaction.atomic
def unsubscribe(*, email: str, user=None) -> Preference:
    """Stop every e-mail to ``email`` (its topics are kept, should they come back).
    Unsubscribing twice changes nothing."""
    preference = _locked(email)
    if preference.unsubscribed_at is None:
        preference.unsubscribed_at = timezone.now()
        preference.changed_at = preference.unsubscribed_at
        saved(preference, user)
    return preference


@transaction.atomic
def resubscribe(*, email: str, user=None) -> Preference:
    preference = _locked(email)
    if preference.unsubscribed_at is not None:
        preference.unsubscribed_at = None
        if not preference.topics:
            preference.topics = list(Topic.values)
        preference.changed_at = timezone.now()
        saved(preference, user)
    return preference


def _locked(email: str) -> Preference:
    """The address's row, locked; made first if there is none (a concurrent maker loses the
    race on the unique address and reads the winner's row)."""
    email = email.strip().lower()
    found = Preference.objects.select_for_update().filter(email__iexact=email).first()
    if found is not None:
        return found
    preference = preference_for(email)
    try:
        with transaction.atomic():
            saved(preference, None)
    except (IntegrityError, ValidationError):  # another request made it first
        return Preference.objects.select_for_update().get(email__iexact=email)
    return Preference.objects.select_for_update().get(pk=preference.pk)
