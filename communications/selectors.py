"""Reads for communications: the bulletin archive and a bulletin's delivery report."""

from django.db.models import Count, Q, QuerySet

from ccpl.models import Email

from .models import Bulletin, Delivery

SENT = (Bulletin.Status.SENDING, Bulletin.Status.SENT)


def archive(*, public_only: bool) -> QuerySet:
    """Sent bulletins, newest first (only those marked public, for the public)."""
    bulletins = Bulletin.objects.filter(status__in=SENT)
    if public_only:
        bulletins = bulletins.filter(is_public=True)
    return bulletins.order_by("-sent_at", "-pk")


def manage_list() -> QuerySet:
    return Bulletin.objects.select_related("created_by").order_by("-pk")


def delivery_report(bulletin: Bulletin) -> dict:
    """How far the bulletin went: deliveries by state, counted in the database (one query).
    No open tracking: sent means handed to the mail relay, nothing more."""
    counts = Delivery.objects.filter(bulletin=bulletin).aggregate(
        total=Count("pk"),
        waiting=Count("pk", filter=Q(done=False, weekly=False)),
        digest_waiting=Count("pk", filter=Q(done=False, weekly=True)),
        skipped=Count("pk", filter=Q(skipped=True)),
        sent=Count("pk", filter=Q(message__status=Email.Status.SENT)),
        failed=Count("pk", filter=Q(message__status=Email.Status.FAILED)),
        bounced=Count("pk", filter=Q(message__status=Email.Status.BOUNCED)),
        in_progress=Count(
            "pk",
            filter=Q(
                message__status__in=[
                    Email.Status.QUEUED,
                    Email.Status.SENDING,
                    Email.Status.UNKNOWN,
                ]
            ),
        ),
    )
    return counts


def deliveries(bulletin: Bulletin) -> QuerySet:
    return (
        Delivery.objects.filter(bulletin=bulletin).select_related("message").order_by("email", "pk")
    )
