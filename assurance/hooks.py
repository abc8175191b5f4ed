"""Hooks the assurance app declares for the apps above it (``ccpl.hooks``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ccpl.hooks import Hook


@dataclass(frozen=True)
class ReportVersion:
    pk: int
    label: str  # "Annual report 2025 to 2026 (version 2)"
    url: str


def _no_reports(ids: Sequence[int] | None) -> list[ReportVersion]:
    return []


# Finished report versions that evidence may point at: those with ``ids`` (to name and link
# evidence already added), or the most recent ones (``None``, to choose from). Provided by
# ``reports``, which sits above assurance.
report_versions: Hook[[Sequence[int] | None], list[ReportVersion]] = Hook(
    "assurance.report_versions", _no_reports
)
