"""Handing work to the Celery worker, by the task's registered name, through the outbox.

A service that needs background work names the task instead of importing its app's
``tasks`` module, so the walk goes one way: view → service → queue, and worker → task →
service (a thin task that takes ids). Task names are a stable interface (messages queued
before a deploy must still run, so they never change); ``tests/ccpl/test_queue.py`` checks that
every name sent through here is a task the worker has registered.

``send_on_commit`` writes an ``OutboxMessage`` in the caller's transaction (docs/adr/0007):
the work is saved with the data it is about or not at all. Right after the commit the relay
hands it to the broker; if the broker is away the error is logged (never shown to the user)
and the beat task ``ccpl.relay_outbox`` sends it within a minute of the broker's return.
Delivery is at least once (a relay may send and then fail to mark the row sent), which is
safe because every task takes ids and is idempotent.
"""

import logging
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from .celery import app
from .models import OutboxMessage

logger = logging.getLogger(__name__)

# A broker that is down must not hold a request (or the beat) for long.
PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2}
# How many pending messages one beat run sends at most, and how long sent ones are kept.
RELAY_BATCH = 500
KEEP_SENT_DAYS = 7


def send(name: str, *args, **kwargs) -> None:
    """Send task ``name`` to the broker now (raises if the broker is unreachable). With
    ``task_always_eager`` (tests) the task runs here, as ``delay`` would run it."""
    if app.conf.task_always_eager:
        app.loader.import_default_modules()  # the apps' tasks, as the worker loads them
        app.tasks[name].apply(args=args, kwargs=kwargs)
        return
    app.send_task(name, args=args, kwargs=kwargs, retry_policy=PUBLISH_RETRY_POLICY)


def send_on_commit(name: str, *args, **kwargs) -> OutboxMessage:
    """Save task ``name`` in the outbox in the current transaction; send it after the commit
    (at once outside a transaction). Arguments must be JSON: ids, not objects."""
    message = OutboxMessage.objects.create(task=name, args=list(args), kwargs=kwargs)
    message_id = message.pk
    transaction.on_commit(lambda: relay(message_id))
    return message


def relay(message_id: int) -> bool:
    """Send one pending outbox message and mark it sent. A broker error is logged and kept on
    the row (the beat tries again), never raised. Returns whether it was sent now."""
    return _relay(message_id) == "sent"


def _relay(message_id: int) -> str:
    with transaction.atomic():
        message = (
            OutboxMessage.objects.select_for_update(skip_locked=True)
            .filter(pk=message_id, sent_at__isnull=True)
            .first()
        )
        if message is None:  # sent already, or another relay has it in hand
            return "skipped"
        message.attempts += 1
        try:
            send(message.task, *message.args, **message.kwargs)
        except Exception as error:  # noqa: BLE001 - any broker failure: the beat retries
            message.last_error = f"{type(error).__name__}: {error}"[:2000]
            message.save(update_fields=["attempts", "last_error"])
            logger.warning(
                "Outbox message %s (%s) not sent, will retry: %s",
                message.pk,
                message.task,
                message.last_error,
            )
            return "failed"
        message.sent_at = timezone.now()
        message.save(update_fields=["attempts", "sent_at"])
    return "sent"


def relay_pending(limit: int = RELAY_BATCH) -> int:
    """Send what is still pending, oldest first (the beat, every minute); forget messages
    sent more than ``KEEP_SENT_DAYS`` ago. Returns how many were sent."""
    ids = list(
        OutboxMessage.objects.filter(sent_at__isnull=True).values_list("pk", flat=True)[:limit]
    )
    sent = 0
    for message_id in ids:
        outcome = _relay(message_id)
        if outcome == "failed":
            break  # the broker is still away: leave the rest for the next run
        sent += outcome == "sent"
    OutboxMessage.objects.filter(
        sent_at__lt=timezone.now() - timedelta(days=KEEP_SENT_DAYS)
    ).delete()
    return sent


def pending_count() -> int:
    return OutboxMessage.objects.filter(sent_at__isnull=True).count()
