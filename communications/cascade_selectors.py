"""Reads for the cascade: networks, who leads what, and how far a bulletin went (directly
and through each network). Counts of addresses; no open tracking."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Count, Prefetch, Q, QuerySet
from django.db.models.functions import Lower

from .cascade_models import Forward, Network, Subscriber
from .models import Bulletin, Delivery

SENT = (Bulletin.Status.SENDING, Bulletin.Status.SENT)
RECEIVING = Q(subscribers__confirmed_at__isnull=False, subscribers__unsubscribed_at__isnull=True)


def open_networks() -> QuerySet:
    """The networks anyone may join, by name."""
    return (
        Network.objects.filter(is_open=True).select_related("professional_group").order_by("name")
    )


def manage_networks() -> QuerySet:
    """Every network with its leads and how many addresses it reaches now."""
    return (
        Network.objects.select_related("professional_group")
        .prefetch_related("leads")
        .annotate(
            receiving=Count("subscribers", filter=RECEIVING, distinct=True),
            waiting=Count(
                "subscribers",
                filter=Q(subscribers__confirmed_at__isnull=True),
                distinct=True,
            ),
        )
        .order_by("name")
    )


def network_subscribers(network: Network) -> QuerySet:
    return Subscriber.objects.filter(network=network).order_by(Lower("email"), "pk")


def networks_led_by(user) -> QuerySet:
    person = getattr(user, "person", None) if user.is_authenticated else None
    if person is None:
        return Network.objects.none()
    return Network.objects.filter(leads=person).order_by("name")


def forward_choices(user, bulletin: Bulletin) -> list[tuple[Network, Forward | None]]:
    """The networks ``user`` leads, each with the forward of ``bulletin`` to it (if made)."""
    networks = list(
        networks_led_by(user).prefetch_related(
            Prefetch(
                "forwards",
                queryset=Forward.objects.filter(bulletin=bulletin),
                to_attr="this_forward",
            )
        )
    )
    return [(n, n.this_forward[0] if n.this_forward else None) for n in networks]


def bulletin_reach(bulletin: Bulletin) -> dict:
    """Addresses the bulletin reached (sent, or waiting for the worker or the digest; not
    those skipped because they unsubscribed): directly, through each network, and in all.
    An address counts once: the database gives it one delivery per bulletin."""
    reached = ~Q(skipped=True)
    counts = Delivery.objects.filter(bulletin=bulletin).aggregate(
        direct=Count("pk", filter=reached & Q(forward__isnull=True)),
        cascade=Count("pk", filter=reached & Q(forward__isnull=False)),
        total=Count("pk", filter=reached),
    )
    forwards = list(
        Forward.objects.filter(bulletin=bulletin)
        .select_related("network", "lead")
        .annotate(reached=Count("deliveries", filter=~Q(deliveries__skipped=True)))
        .order_by("forwarded_at", "pk")
    )
    return {**counts, "forwards": forwards}


def reach_summary(start: datetime, end: datetime) -> dict:
    """Bulletins sent in [start, end) and the addresses they reached: directly, through
    networks, and distinct addresses over them all (for the dashboard and annual report)."""
    bulletins = Bulletin.objects.filter(status__in=SENT, sent_at__gte=start, sent_at__lt=end)
    reached = Delivery.objects.filter(bulletin__in=bulletins).exclude(skipped=True)
    counts = reached.aggregate(
        direct=Count("pk", filter=Q(forward__isnull=True)),
        cascade=Count("pk", filter=Q(forward__isnull=False)),
        distinct_addresses=Count(Lower("email"), distinct=True),
    )
    return {
        "bulletins": bulletins.count(),
        "forwards": Forward.objects.filter(bulletin__in=bulletins).count(),
        **counts,
    }
