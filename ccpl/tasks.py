"""Celery tasks for the framework core. Thin: each calls a service."""

from celery import shared_task

from . import pagecache, publications, queue, services, snapshots


@shared_task(name="ccpl.take_snapshots")
def take_snapshots() -> list[int]:
    """Take a snapshot of every registered population (scheduled yearly by Celery beat)."""
    return [snapshot.pk for snapshot in snapshots.snapshots_take_all()]


@shared_task(name="ccpl.publish_people_figures")
def publish_people_figures() -> list[int]:
    """On a publication point, publish figures about people (scheduled daily by Celery beat;
    does nothing on other days or when too few people changed)."""
    return [publication.pk for publication in publications.publications_make_due()]


@shared_task(name="ccpl.mix_equality_answers")
def mix_equality_answers() -> bool:
    """Scheduled nightly: re-write the equality answers in random order when any changed."""
    return services.equality_mix()


@shared_task(name="ccpl.relay_outbox")
def relay_outbox() -> int:
    """Scheduled every minute: hand the broker whatever the outbox still holds."""
    return queue.relay_pending()


@shared_task(name="ccpl.send_email")
def send_email(email_id: int) -> str:
    """Send one recorded e-mail (``ccpl.services.email_send``)."""
    return services.email_send(email_id=email_id)


@shared_task(name="ccpl.sweep_emails")
def sweep_emails() -> int:
    """Scheduled: e-mails a dead worker left "sending" become "unknown"; those the relay
    never took are sent again when due."""
    return services.emails_sweep()


@shared_task(name="ccpl.prune_data_changes")
def prune_data_changes() -> int:
    """Scheduled nightly: keep only the newest data-change row (``ccpl.pagecache``)."""
    return pagecache.prune()
