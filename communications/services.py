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


# --- Bulletins ---------------------------------------------------------------------------
#
# Sending resolves the audience once, in one transaction with a delivery row per address
# (the database refuses a second for the same address) and the worker's task saved in the
# outbox (ADR 7). The worker then gives each delivery its e-mail, a batch per transaction:
# the e-mail row and the delivery's link to it commit together, so a retried run (a worker
# that died, a message the broker gave twice) finds only deliveries still without one and
# sends nobody twice. Someone who unsubscribes after the send but before their e-mail is
# made is skipped. People who asked for a weekly digest get one e-mail a week listing the
# bulletins sent to them (``digests_send``).


def _bulletin_criteria(bulletin):
    from .audiences import Criteria

    return Criteria.from_json(bulletin.audience or {})


@transaction.atomic
def bulletin_save(*, user, bulletin=None, title, body, topic, criteria, audience_label, is_public):
    """Save a draft (or a scheduled bulletin not yet sent): its text and its audience."""
    from .models import Bulletin

    if bulletin is not None:
        bulletin = Bulletin.objects.select_for_update().get(pk=bulletin.pk)
        if bulletin.status not in (Bulletin.Status.DRAFT, Bulletin.Status.SCHEDULED):
            raise ValidationError("This bulletin has been sent: it can no longer be changed.")
    else:
        bulletin = Bulletin(created_by=user if user and user.is_authenticated else None)
    bulletin.title, bulletin.body, bulletin.topic = title, body, topic
    bulletin.audience = criteria.as_json()
    bulletin.audience_label = audience_label[:300]
    bulletin.is_public = is_public
    return saved(bulletin, user)


@transaction.atomic
def bulletin_schedule(*, user, bulletin, send_at):
    from .models import Bulletin

    bulletin = Bulletin.objects.select_for_update().get(pk=bulletin.pk)
    if bulletin.status not in (Bulletin.Status.DRAFT, Bulletin.Status.SCHEDULED):
        raise ValidationError("This bulletin has been sent already.")
    if send_at <= timezone.now():
        raise ValidationError({"send_at": "The time to send it must be in the future"})
    bulletin.status, bulletin.send_at = Bulletin.Status.SCHEDULED, send_at
    return saved(bulletin, user)


@transaction.atomic
def bulletin_unschedule(*, user, bulletin):
    from .models import Bulletin

    bulletin = Bulletin.objects.select_for_update().get(pk=bulletin.pk)
    if bulletin.status != Bulletin.Status.SCHEDULED:
        raise ValidationError("This bulletin is not waiting to be sent.")
    bulletin.status, bulletin.send_at = Bulletin.Status.DRAFT, None
    return saved(bulletin, user)


@transaction.atomic
def bulletin_send(*, user, bulletin):
    """Send a draft or scheduled bulletin now: its audience as it is now, one delivery per
    address, the worker's task saved with them. Sending twice sends once."""
    from ccpl import queue

    from . import audiences
    from .models import Bulletin, Delivery

    bulletin = Bulletin.objects.select_for_update().get(pk=bulletin.pk)
    if bulletin.status not in (Bulletin.Status.DRAFT, Bulletin.Status.SCHEDULED):
        raise ValidationError("This bulletin has been sent already.")
    resolution = audiences.resolve(_bulletin_criteria(bulletin), topic=bulletin.topic)
    Delivery.objects.bulk_create(
        [
            Delivery(
                bulletin=bulletin,
                email=r.email,
                name=r.name[:200],
                person_id=r.person_id,
                weekly=r.weekly,
            )
            for r in resolution.recipients
        ],
        batch_size=1000,
        ignore_conflicts=True,
    )
    bulletin.status = Bulletin.Status.SENDING
    bulletin.sent_at = timezone.now()
    bulletin.recipients = len(resolution.recipients)
    saved(bulletin, user)
    queue.send_on_commit("communications.deliver_bulletin", bulletin.pk)
    return bulletin


def bulletins_send_due(*, now=None) -> int:
    """The beat's side: send every scheduled bulletin whose time has come (each in its own
    transaction, so one failure stops no other)."""
    from .models import Bulletin

    now = now or timezone.now()
    sent = 0
    for bulletin in Bulletin.objects.filter(status=Bulletin.Status.SCHEDULED, send_at__lte=now):
        try:
            bulletin_send(user=None, bulletin=bulletin)
        except ValidationError:
            continue  # sent meanwhile by someone pressing "Send now"
        sent += 1
    return sent


def bulletin_email_body(bulletin, email: str, *, attachments=None, forward=None) -> str:
    """The plain-text e-mail: the message (with a lead's covering note when forwarded), links
    to its attachments (never the files), then why it came and how to stop it."""
    token = preference_token(email)
    base = site_url()
    preferences = base + reverse("communications:preferences_by_link", args=[token])
    unsubscribe_url = base + reverse("communications:unsubscribe", args=[token])
    if attachments is None:
        attachments = list(bulletin.attachments.all())
    parts = []
    if forward is not None:
        lead = forward.lead.full_name if forward.lead else "A lead"
        parts.append(
            f"{lead} forwarded this bulletin from the CCPL team to the {forward.network.name} "
            f"network."
            + (f"\n\n{forward.note.strip()}" if forward.note.strip() else "")
            + "\n\n---\n"
        )
    parts.append(bulletin.body.strip())
    if attachments:
        listing = "\n".join(f"- {a.name}: {base}{a.get_absolute_url()}" for a in attachments)
        parts.append(f"\n\nAttached files (open them on our site):\n{listing}")
    if forward is not None:
        from .cascade_services import leave_token

        leave = base + reverse(
            "communications:network_leave",
            args=[leave_token(forward.network_id, email)],
        )
        parts.append(
            f"\n\n---\nYou are getting this because you joined the {forward.network.name} "
            f"list.\nLeave the {forward.network.name} list: {leave}\n"
        )
    else:
        parts.append(
            f"\n\n---\nYou are getting this because you are on the CCPL team's list for "
            f"{bulletin.get_topic_display().lower()}.\n"
        )
    parts.append(
        f"Choose what you hear about: {preferences}\n"
        f"Unsubscribe from every e-mail: {unsubscribe_url}\n"
    )
    return "".join(parts)


def _unsubscribed_among(emails) -> set[str]:
    from django.db.models.functions import Lower

    return set(
        Preference.objects.annotate(address=Lower("email"))
        .filter(address__in=[e.lower() for e in emails], unsubscribed_at__isnull=False)
        .values_list("address", flat=True)
    )


def bulletin_deliver(*, bulletin_id: int, batch: int | None = None) -> int:
    """The worker's side: give each waiting delivery of the bulletin its e-mail, a batch
    (``COMMUNICATIONS_DELIVERY_BATCH``) per transaction. Returns how many it made."""
    from django.conf import settings

    from ccpl.services import email_queue

    from .cascade_services import network_headers, networks_left_among

    batch = batch or settings.COMMUNICATIONS_DELIVERY_BATCH

    from .models import Bulletin, Delivery

    made = 0
    while True:
        with transaction.atomic():
            bulletin = Bulletin.objects.filter(pk=bulletin_id).first()
            if bulletin is None:
                return made
            pending = list(
                Delivery.objects.select_for_update(skip_locked=True, of=("self",))
                .filter(bulletin_id=bulletin_id, done=False, weekly=False)
                .select_related("forward__network", "forward__lead")
                .order_by("pk")[:batch]
            )
            if not pending:
                break
            stopped = _unsubscribed_among([d.email for d in pending])
            left = networks_left_among(pending)
            attachments = list(bulletin.attachments.all())
            for delivery in pending:
                delivery.done = True
                if delivery.email.lower() in stopped or _left(delivery, left):
                    delivery.skipped = True
                    continue
                forward = delivery.forward
                delivery.message = email_queue(
                    to=delivery.email,
                    subject=bulletin.title,
                    body=bulletin_email_body(
                        bulletin, delivery.email, attachments=attachments, forward=forward
                    ),
                    kind="Bulletin" if forward is None else "Bulletin via a network",
                    about=bulletin.title,
                    headers=unsubscribe_headers(delivery.email)
                    if forward is None
                    else network_headers(forward.network_id, delivery.email),
                )
                made += 1
            Delivery.objects.bulk_update(pending, ["message", "skipped", "done"])
    Bulletin.objects.filter(pk=bulletin_id, status=Bulletin.Status.SENDING).update(
        status=Bulletin.Status.SENT
    )
    return made


def _left(delivery, left: set[tuple[int, str]]) -> bool:
    """A forwarded delivery whose address has left the network's list since."""
    return (
        bool(delivery.forward_id)
        and (
            delivery.forward.network_id,
            delivery.email.lower(),
        )
        in left
    )


def digests_send() -> int:
    """The weekly beat: one e-mail per address listing the bulletins sent to it since its
    last digest (each delivery once, in the same transaction as its e-mail)."""
    from collections import defaultdict

    from ccpl.services import email_queue

    from .cascade_services import networks_left_among
    from .models import Delivery

    sent = 0
    with transaction.atomic():
        pending = list(
            Delivery.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(weekly=True, done=False, bulletin__status__in=["sending", "sent"])
            .select_related("bulletin", "forward")
            .order_by("email", "bulletin__sent_at", "pk")
        )
        left = networks_left_among(pending)
        by_address = defaultdict(list)
        for delivery in pending:
            delivery.done = True
            delivery.skipped = _left(delivery, left)
            if not delivery.skipped:
                by_address[delivery.email.lower()].append(delivery)
        stopped = _unsubscribed_among(list(by_address))
        base = site_url()
        for address, deliveries in by_address.items():
            for delivery in deliveries:
                delivery.skipped = address in stopped
            if address in stopped:
                continue
            email = deliveries[0].email
            listing = "\n\n".join(
                f"{d.bulletin.title}\n{base}{d.bulletin.get_absolute_url()}" for d in deliveries
            )
            token = preference_token(email)
            message = email_queue(
                to=email,
                subject=f"Your weekly digest from the CCPL team: {len(deliveries)} "
                f"message{'s' if len(deliveries) != 1 else ''}",
                body=f"This week's messages:\n\n{listing}\n\n---\nChoose what you hear "
                f"about: {base}{reverse('communications:preferences_by_link', args=[token])}\n",
                kind="Weekly digest",
                headers=unsubscribe_headers(email),
            )
            for delivery in deliveries:
                delivery.message = message
            sent += 1
        Delivery.objects.bulk_update(pending, ["message", "skipped", "done"])
    return sent


# --- Attachments --------------------------------------------------------------------------


@transaction.atomic
def bulletin_attachment_add(*, user, bulletin, file):
    """Store a checked file (``ccpl.uploads.check_upload``, in the form) with a bulletin not
    yet sent, in private storage; at most ``MAX_ATTACHMENTS``."""
    from .models import MAX_ATTACHMENTS, Bulletin, BulletinAttachment

    bulletin = Bulletin.objects.select_for_update().get(pk=bulletin.pk)
    if bulletin.status not in (Bulletin.Status.DRAFT, Bulletin.Status.SCHEDULED):
        raise ValidationError("This bulletin has been sent: its files can no longer change.")
    if bulletin.attachments.count() >= MAX_ATTACHMENTS:
        raise ValidationError(
            {"file": f"A bulletin can have at most {MAX_ATTACHMENTS} files: remove one first"}
        )
    import os

    name = os.path.basename(file.name or "file")[:200]
    return saved(BulletinAttachment(bulletin=bulletin, name=name, file=file, size=file.size), user)


@transaction.atomic
def bulletin_attachment_remove(*, user, attachment) -> None:
    from ccpl.history import attribute

    from .models import Bulletin

    bulletin = Bulletin.objects.select_for_update().get(pk=attachment.bulletin_id)
    if bulletin.status not in (Bulletin.Status.DRAFT, Bulletin.Status.SCHEDULED):
        raise ValidationError("This bulletin has been sent: its files can no longer change.")
    stored = attachment.file.name
    storage = attachment.file.storage
    attribute(attachment, user)
    attachment.delete()
    transaction.on_commit(lambda: storage.delete(stored))
