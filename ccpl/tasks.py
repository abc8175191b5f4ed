"""Celery tasks for the framework core. Thin: each calls a service."""

from celery import shared_task

from . import snapshots


@shared_task(name="ccpl.take_snapshots")
def take_snapshots() -> list[int]:
    """Take a snapshot of every registered population (scheduled yearly by Celery beat)."""
    return [snapshot.pk for snapshot in snapshots.snapshots_take_all()]
