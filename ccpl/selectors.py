"""Reads for the framework core."""

import logging

from django.db import connection

from .models import Priority

logger = logging.getLogger(__name__)


def priority_list():
    return list(Priority.objects.all())


def health_checks() -> dict[str, bool]:
    """Whether the database and the Celery broker answer right now."""
    from ccpl.celery import app

    results = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        results["database"] = True
    except Exception:  # noqa: BLE001 - any failure means unhealthy
        logger.exception("Health check: database unavailable")
        results["database"] = False
    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
        results["broker"] = True
    except Exception:  # noqa: BLE001
        logger.exception("Health check: broker unavailable")
        results["broker"] = False
    return results
