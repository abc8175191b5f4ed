"""The registry of report sections: adding a section is one function and one template.

::

    @section(
        key="recruitment",
        title="Recruitment",
        kinds=[ANNUAL_REPORT],
        order=60,
        models=["recruitment.Application"],
    )
    def recruitment(report: ReportInputs) -> dict | None:
        ...  # call the app's selectors; return the template's context, or None

and add the module to :func:`load_sections`.

The template is ``templates/reports/pdf/sections/<key>.html``; it receives ``section``
(this registry entry), ``data`` (what the function returned) and ``report``. A list of
plain sentences in ``data["not_recorded"]`` is shown at the top of the section: what the
section cannot show as of the period's end because CCPL Manager did not record it then.

Every figure is as of ``inputs.on`` (the period's end, or today): dated rows by their
dates, everything else from its history (``ccpl.history``), never today's state.

Every app is always installed, so every section registered for a kind is in its report;
its function returns ``None`` when the app has nothing to report yet (no survey has closed, no plan exists), and the report then lists
it under "Not included in this report" with the reason in ``empty_reason`` (or returns
``NotIncluded(reason)`` for a reason that depends on the period). ``models`` name
the tables whose changes change the section, for the job fingerprint.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .models import ReportJob

# Short names for the kinds, which are declared once, in ``ReportJob.Kind``.
ANNUAL_REPORT = ReportJob.Kind.ANNUAL_REPORT
DIVERSITY_ANALYSIS = ReportJob.Kind.DIVERSITY_ANALYSIS
COUNCIL_REPORT = ReportJob.Kind.COUNCIL_REPORT
SURVEY_RESULTS = ReportJob.Kind.SURVEY_RESULTS
ASSURANCE_PACK = ReportJob.Kind.ASSURANCE_PACK


@dataclass(frozen=True)
class ReportInputs:
    """What a report is about: its kind, the dates it covers and any chosen object."""

    kind: str
    starts_on: date
    ends_on: date
    on: date  # the date the figures are as of: the period's end, or today if earlier
    period_label: str
    parameters: dict[str, Any] = field(default_factory=dict)

    def in_period(self, day: date | None) -> bool:
        return day is not None and self.starts_on <= day <= self.ends_on

    @property
    def is_live(self) -> bool:
        """The figures are today's: the period has not ended yet."""
        from django.utils import timezone

        return self.on >= timezone.localdate()

    @property
    def on_label(self) -> str:
        """The figures' date in words: 31 March 2026."""
        return f"{self.on:%-d %B %Y}"


@dataclass(frozen=True)
class NotIncluded:
    """What a section returns instead of its data when it has nothing to show for this
    report, with the reason in plain words (the section's ``empty_reason`` is the usual
    one: this is for reasons that depend on the period, such as history not recorded)."""

    reason: str


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    kinds: frozenset[str]
    order: int
    build: Callable[[ReportInputs], dict | None]
    models: tuple[str, ...] = ()
    empty_reason: str = "There is nothing to report yet."
    markers: Callable[[ReportInputs], Any] | None = None
    # The disclosure policies its figures go through (ccpl.disclosure.PEOPLE_POLICY,
    # SURVEY_POLICY): the report's "About this report" states exactly these.
    disclosure: tuple[str, ...] = ()

    @property
    def template(self) -> str:
        return f"reports/pdf/sections/{self.key}.html"

    @property
    def anchor(self) -> str:
        return f"section-{self.key.replace('_', '-')}"


_SECTIONS: dict[str, Section] = {}


def section(
    *,
    key: str,
    title: str,
    kinds: Iterable[str],
    order: int,
    models: Iterable[str] = (),
    empty_reason: str = "There is nothing to report yet.",
    markers: Callable[[ReportInputs], Any] | None = None,
    disclosure: Iterable[str] = (),
):
    """Register the decorated function as a report section (see the module docstring)."""

    def register(build):
        _SECTIONS[key] = Section(
            key=key,
            title=title,
            kinds=frozenset(kinds),
            order=order,
            build=build,
            models=tuple(models),
            empty_reason=empty_reason,
            markers=markers,
            disclosure=tuple(disclosure),
        )
        return build

    return register
