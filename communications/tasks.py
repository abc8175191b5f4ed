"""Celery tasks for communications. Thin: each calls a service with ids."""

from celery import shared_task

from . import services


@shared_task(name="communications.deliver_bulletin")
def deliver_bulletin(bulletin_id: int) -> int:
    """Give a sent bulletin's deliveries their e-mails (``services.bulletin_deliver``)."""
    return services.bulletin_deliver(bulletin_id=bulletin_id)


@shared_task(name="communications.send_due_bulletins")
def send_due_bulletins() -> int:
    """Scheduled every minute: send the bulletins whose time has come."""
    return services.bulletins_send_due()


@shared_task(name="communications.send_digests")
def send_digests() -> int:
    """Scheduled weekly: each weekly reader's digest."""
    return services.digests_send()
