"""Writes for the cascade: networks (the CCPL team), joining a network's list (double
opt-in), leaving it, and a lead forwarding a sent bulletin to their network.

Nobody adds anyone else: the public join form sends a confirmation e-mail to the address
typed in, and the address is on the list only once its owner presses the button the link
in that e-mail opens (a GET never confirms: mail scanners fetch links). The join page
answers the same whether or not the address was on the list already, and sends at most one
confirmation an hour per address and network. A signed-in leader joins with their own
address on record, which needs no confirming.

A forward makes ``Delivery`` rows like ``bulletin_send`` and hands them to the same worker
task; the database's one-delivery-per-address-per-bulletin constraint means an address
already sent the bulletin (directly or through another network) gets nothing more.
"""

from __future__ import annotations

from datetime import timedelta

from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from ccpl.history import saved
from ccpl.services import email_queue, site_url

from .cascade_models import Forward, Network, Subscriber
from .models import Bulletin, Delivery, Frequency, Preference

JOIN_SALT = "communications.network.join"
LEAVE_SALT = "communications.network.leave"
JOIN_LINK_AGE = timedelta(days=3)
CONFIRMATION_EVERY = timedelta(hours=1)
FORWARDABLE = (Bulletin.Status.SENDING, Bulletin.Status.SENT)


# --- Networks (the CCPL team) ---------------------------------------------------------------


@transaction.atomic
def network_save(
    *, user, network: Network | None = None, name: str, description: str,
    professional_group, leads, is_open: bool,
) -> Network:  # fmt: skip
    """Create or change a network and name its leads."""
    if network is None:
        network = Network(slug=_free_slug(name))
    else:
        network = Network.objects.select_for_update().get(pk=network.pk)
    network.name, network.description = name.strip(), description.strip()
    network.professional_group = professional_group
    network.is_open = is_open
    saved(network, user)
    network.leads.set(leads)
    return network


def _free_slug(name: str) -> str:
    base = slugify(name)[:140] or "network"
    slug, n = base, 1
    while Network.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


# --- Joining and leaving ----------------------------------------------------------------------


def join_token(subscriber: Subscriber) -> str:
    return signing.dumps({"s": subscriber.pk, "e": subscriber.email.lower()}, salt=JOIN_SALT)


def subscriber_for_join_token(token: str) -> Subscriber:
    """The subscriber a confirmation link names; ``PermissionDenied`` with a message for a
    link that was not made here, has expired, or names a changed row."""
    try:
        data = signing.loads(token, salt=JOIN_SALT, max_age=JOIN_LINK_AGE)
    except signing.SignatureExpired:
        raise PermissionDenied(
            "This link has expired. Join the network again to get a new one."
        ) from None
    except signing.BadSignature:
        raise PermissionDenied("This link is not valid. Use the link in your e-mail.") from None
    subscriber = (
        Subscriber.objects.select_related("network")
        .filter(pk=data.get("s") if isinstance(data, dict) else None)
        .first()
    )
    if subscriber is None or subscriber.email.lower() != data.get("e"):
        raise PermissionDenied("This link is not valid. Use the link in your e-mail.")
    return subscriber


def join_link(subscriber_id: int) -> str | None:
    """The worker's confirmation link (``ccpl.services.ONE_TIME_LINKS``): made as the e-mail
    goes, so that no token sits in the outbox; None once there is nothing to confirm."""
    subscriber = Subscriber.objects.filter(pk=subscriber_id).first()
    if subscriber is None or subscriber.is_receiving:
        return None
    return site_url() + reverse("communications:network_confirm", args=[join_token(subscriber)])


def _locked_subscriber(network: Network, email: str, name: str = "") -> Subscriber:
    found = (
        Subscriber.objects.select_for_update().filter(network=network, email__iexact=email).first()
    )
    if found is not None:
        return found
    try:
        with transaction.atomic():
            saved(Subscriber(network=network, email=email, name=name[:200]))
    except (IntegrityError, ValidationError):  # a concurrent join made it first
        pass
    return Subscriber.objects.select_for_update().get(network=network, email__iexact=email)


@transaction.atomic
def network_join(*, network: Network, email: str, name: str = "") -> None:
    """Ask to join ``network``'s list with one's own address: a confirmation e-mail goes to
    it (at most one an hour). Says nothing about whether the address was on the list."""
    email = email.strip().lower()
    if not network.is_open:
        raise ValidationError("This network's list is not open for joining.")
    subscriber = _locked_subscriber(network, email, name)
    if subscriber.is_receiving:
        return
    now = timezone.now()
    if subscriber.confirmation_sent_at and now - subscriber.confirmation_sent_at < (
        CONFIRMATION_EVERY
    ):
        return
    if name.strip() and subscriber.confirmed_at is None:
        subscriber.name = name.strip()[:200]
    subscriber.confirmation_sent_at = now
    saved(subscriber)
    email_queue(
        to=subscriber.email,
        subject=f"Confirm that you want to join the {network.name} list",
        body=(
            f"Someone, we hope you, asked for this address to join the {network.name} list, "
            f"which forwards the CCPL team's bulletins to the network.\n\n"
            f"To join, open this link and press the button on the page (it works for "
            f"{JOIN_LINK_AGE.days} days):\n{{link}}\n\n"
            f"If this was not you, ignore this e-mail: the address is not added."
        ),
        kind="Network confirmation",
        about=network.name,
        link_kind="network_join",
        link_id=subscriber.pk,
    )


@transaction.atomic
def network_confirm(*, subscriber: Subscriber) -> Subscriber:
    """Put a confirmed address on the list (again, if it had left). Confirming twice
    changes nothing."""
    subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
    if not subscriber.is_receiving:
        subscriber.confirmed_at = timezone.now()
        subscriber.unsubscribed_at = None
        saved(subscriber)
    return subscriber


def account_email(user) -> str:
    person = getattr(user, "person", None)
    return (person.email if person is not None else "").strip().lower()


@transaction.atomic
def network_join_account(*, network: Network, user) -> Subscriber:
    """A signed-in leader joins with their own address on record (no confirmation needed:
    the address is theirs)."""
    email = account_email(user)
    if not email:
        raise ValidationError("There is no e-mail address on your record.")
    if not network.is_open:
        raise ValidationError("This network's list is not open for joining.")
    name = user.person.full_name if getattr(user, "person", None) else ""
    subscriber = _locked_subscriber(network, email, name)
    if not subscriber.is_receiving:
        subscriber.confirmed_at = timezone.now()
        subscriber.unsubscribed_at = None
        saved(subscriber, user)
    return subscriber


def leave_token(network_id: int, email: str) -> str:
    """The signed token in a network e-mail's leave link (no expiry: it must keep working)."""
    return signing.dumps({"n": network_id, "e": email.strip().lower()}, salt=LEAVE_SALT)


def network_and_email_for_leave_token(token: str) -> tuple[Network, str]:
    try:
        data = signing.loads(token, salt=LEAVE_SALT)
    except signing.BadSignature:
        raise PermissionDenied("This link is not valid. Use the link in your e-mail.") from None
    network = Network.objects.filter(pk=data.get("n") if isinstance(data, dict) else None).first()
    if network is None or not isinstance(data.get("e"), str):
        raise PermissionDenied("This link is not valid. Use the link in your e-mail.")
    return network, data["e"]


@transaction.atomic
def network_leave(*, network: Network, email: str, user=None) -> None:
    """Take the address off the network's list. Leaving twice changes nothing."""
    subscriber = (
        Subscriber.objects.select_for_update().filter(network=network, email__iexact=email).first()
    )
    if subscriber is not None and subscriber.unsubscribed_at is None:
        subscriber.unsubscribed_at = timezone.now()
        saved(subscriber, user)


def network_headers(network_id: int, email: str) -> dict[str, str]:
    """RFC 8058 headers for a network e-mail: one click leaves this network's list."""
    path = reverse("communications:network_leave_one_click", args=[leave_token(network_id, email)])
    return {
        "List-Unsubscribe": f"<{site_url()}{path}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


# --- Forwarding -------------------------------------------------------------------------------


def is_lead(user, network: Network) -> bool:
    person = getattr(user, "person", None) if user is not None else None
    return bool(
        person is not None and user.is_active and network.leads.filter(pk=person.pk).exists()
    )


def network_recipients(network: Network, *, topic: str) -> list[tuple[str, str, bool]]:
    """(address, name, weekly) of everyone the network's forwards reach now: confirmed, not
    left, not unsubscribed from every e-mail and not turned the topic off."""
    subscribers = list(
        Subscriber.objects.filter(
            network=network, confirmed_at__isnull=False, unsubscribed_at__isnull=True
        ).order_by("pk")
    )
    preferences = {
        p.address: p
        for p in Preference.objects.annotate(address=Lower("email")).filter(
            address__in=[s.email.lower() for s in subscribers]
        )
    }
    recipients = []
    for subscriber in subscribers:
        preference = preferences.get(subscriber.email.lower())
        if preference is not None and not preference.wants(topic):
            continue
        weekly = preference is not None and preference.frequency == Frequency.WEEKLY
        recipients.append((subscriber.email.lower(), subscriber.name, weekly))
    return recipients


@transaction.atomic
def bulletin_forward(*, user, bulletin: Bulletin, network: Network, note: str = "") -> Forward:
    """A lead forwards a sent bulletin to their network, once: a delivery for each address
    on the list not already sent the bulletin, delivered by the worker like a send."""
    from ccpl import queue

    bulletin = Bulletin.objects.select_for_update().get(pk=bulletin.pk)
    if not is_lead(user, network):
        raise PermissionDenied("Only a lead of this network can forward to it.")
    if bulletin.status not in FORWARDABLE:
        raise ValidationError("Only a sent bulletin can be forwarded.")
    if Forward.objects.filter(bulletin=bulletin, network=network).exists():
        raise ValidationError("This bulletin has already been forwarded to this network.")
    forward = saved(
        Forward(
            bulletin=bulletin,
            network=network,
            lead=user.person,
            forwarded_by=user,
            note=note.strip(),
        ),
        user,
    )
    Delivery.objects.bulk_create(
        [
            Delivery(
                bulletin=bulletin, email=email, name=name[:200], weekly=weekly, forward=forward
            )
            for email, name, weekly in network_recipients(network, topic=bulletin.topic)
        ],
        batch_size=1000,
        ignore_conflicts=True,  # already sent it, directly or through another network
    )
    forward.recipients = Delivery.objects.filter(forward=forward).count()
    saved(forward, user)
    queue.send_on_commit("communications.deliver_bulletin", bulletin.pk)
    return forward


def networks_left_among(deliveries) -> set[tuple[int, str]]:
    """(network, address) of forwarded deliveries whose address is no longer on the
    network's list (it left, or was never confirmed)."""
    wanted = {(d.forward.network_id, d.email.lower()) for d in deliveries if d.forward_id}
    if not wanted:
        return set()
    receiving = set(
        Subscriber.objects.annotate(address=Lower("email"))
        .filter(
            network_id__in={n for n, _ in wanted},
            address__in={e for _, e in wanted},
            confirmed_at__isnull=False,
            unsubscribed_at__isnull=True,
        )
        .values_list("network_id", "address")
    )
    return wanted - receiving
