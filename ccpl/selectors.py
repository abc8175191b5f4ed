"""Reads for the framework core."""

import logging

from django.db import connection

from . import equality
from .models import Benchmark, Person, Priority

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


def equality_counts(*, people, dimension: str) -> dict[str, int]:
    """Raw counts of ``people`` by one equality answer, counted in the database.

    Unanswered questions count as "not_answered". These are raw figures: publish
    them only through ``ccpl.disclosure``. Ethnicity comes back by ONS category;
    collapse to broad groups before publishing.
    """
    from django.db.models import Count, Value
    from django.db.models.functions import Coalesce, NullIf

    if dimension not in equality.QUESTIONS:
        raise ValueError(f"Unknown equality dimension: {dimension}")
    field = f"equality_profile__{dimension}"
    rows = (
        people.order_by()
        .annotate(answer=Coalesce(NullIf(field, Value("")), Value(equality.NOT_ANSWERED)))
        .values("answer")
        .annotate(n=Count("pk"))
    )
    return {row["answer"]: row["n"] for row in rows}


def person_list():
    return Person.objects.with_related()


def benchmark_list():
    return Benchmark.objects.select_related("place")
