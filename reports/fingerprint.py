"""A fingerprint of a report's inputs, so the same request on unchanged data finds the
job already made instead of running a second one.

It is cheap (one or two aggregate queries per table, never the report's own selectors) and
errs towards "changed": for each table a section reads it records the row count, the
highest id and, where the model keeps history (django-simple-history), the count and time of
its latest historical record, which moves on every create, change and delete. Tables without
history list the field values that can change in ``Section.markers``.

The as-of date is part of it (RAG ratings and "overdue" depend on the day), and so is
``RENDERER_VERSION``: bump it when templates or sections change what a report shows.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.apps import apps
from django.db.models import Count, Max

from .sections import ReportInputs, Section

RENDERER_VERSION = 1


def _table_marker(label: str) -> list[Any]:
    try:
        model = apps.get_model(label)
    except LookupError:
        return [label, "missing"]
    pk = model._meta.pk
    numeric_pk = pk.get_internal_type() in {"AutoField", "BigAutoField", "SmallAutoField"}
    aggregates = {"n": Count("pk")}
    if numeric_pk:
        aggregates["top"] = Max("pk")
    row = model._default_manager.order_by().aggregate(**aggregates)
    marker = [label, row["n"], row.get("top")]
    history = getattr(model, "history", None)
    if history is not None and hasattr(history, "model"):
        changes = history.model._default_manager.order_by().aggregate(
            n=Count("pk"), latest=Max("history_date")
        )
        marker += [changes["n"], changes["latest"].isoformat() if changes["latest"] else None]
    return marker


def inputs_fingerprint(*, inputs: ReportInputs, sections: list[Section]) -> str:
    """A SHA-256 hex digest of everything the report's figures depend on."""
    tables = sorted({label for s in sections for label in s.models} | {"ccpl.IntegratedCareBoard"})
    payload = {
        "version": RENDERER_VERSION,
        "kind": inputs.kind,
        "starts_on": inputs.starts_on.isoformat(),
        "ends_on": inputs.ends_on.isoformat(),
        "on": inputs.on.isoformat(),
        "parameters": inputs.parameters,
        "sections": [s.key for s in sections],
        "tables": [_table_marker(label) for label in tables],
        "markers": {s.key: s.markers(inputs) for s in sections if s.markers is not None},
    }
    encoded = json.dumps(payload, sort_keys=True, default=str).encode()
    return hashlib.sha256(encoded).hexdigest()
