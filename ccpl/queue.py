"""Handing work to the Celery worker, by the task's registered name, after the commit.

A service that needs background work names the task instead of importing its app's
``tasks`` module, so the walk goes one way: view → service → queue, and worker → task →
service (a thin task that takes ids). Task names are a stable interface (messages queued
before a deploy must still run, so they never change); ``tests/ccpl/test_queue.py`` checks that
every name sent through here is a task the worker has registered.
"""

from django.db import transaction

from .celery import app


def send(name: str, *args, **kwargs) -> None:
    """Send task ``name`` to the worker now."""
    app.send_task(name, args=args, kwargs=kwargs)


def send_on_commit(name: str, *args, **kwargs) -> None:
    """Send task ``name`` once the current transaction commits (at once outside one)."""
    transaction.on_commit(lambda: send(name, *args, **kwargs))
