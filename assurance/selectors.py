"""Reads for the assurance pages: assessments, their entries, evidence named and linked
through the owning apps, indicators (stored once signed off, live before), the public summary
and the year-on-year comparison."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Prefetch, QuerySet
from django.urls import reverse

from actions import selectors as action_selectors
from actions.models import Action
from development import selectors as development_selectors
from development.models import Offer
from forums import selectors as forum_selectors
from forums.models import Forum
from surveys import selectors as survey_selectors
from surveys.models import Survey

from . import hooks, indicators
from .models import Assessment, AssessmentEntry, Evidence, IndicatorValue, Level, Principle

# --- Principles and assessments -------------------------------------------------------------


def principle_list() -> QuerySet:
    return Principle.objects.select_related("priority").prefetch_related("level_descriptions")


def assessment_list() -> QuerySet:
    return Assessment.objects.select_related("review_forum", "signed_off_by").order_by("-year")


def previous_assessment(year: int) -> Assessment | None:
    return Assessment.objects.filter(year__lt=year).order_by("-year").first()


def latest_published() -> Assessment | None:
    """The newest signed-off assessment the ICB chose to publish."""
    return (
        Assessment.objects.filter(status=Assessment.Status.SIGNED_OFF, published=True)
        .order_by("-year")
        .first()
    )


def entries(assessment: Assessment) -> list[AssessmentEntry]:
    return list(
        AssessmentEntry.objects.filter(assessment=assessment)
        .select_related("principle__priority")
        .prefetch_related(
            Prefetch("evidence", queryset=Evidence.objects.order_by("added_at", "pk")),
            Prefetch("principle__level_descriptions"),
        )
        .order_by("principle__order")
    )


# --- Evidence: what it points at -------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    label: str
    url: str


def _decision_label(decision) -> str:
    return f"{decision.meeting.forum.name}, {decision.meeting.starts_at:%-d %B %Y}: {decision}"


def _targets(kind: str, ids) -> dict[int, Target]:
    """Each id's name and address as its own app shows it; ids no longer there are left out."""
    if kind == Evidence.Kind.ACTION:
        return {
            a.pk: Target(f"Action {a.code}: {a.display_title}", a.get_absolute_url())
            for a in Action.objects.filter(pk__in=ids)
        }
    if kind == Evidence.Kind.DECISION:
        return {
            d.pk: Target(
                _decision_label(d), reverse("forums:meeting_detail", kwargs={"pk": d.meeting_id})
            )
            for d in forum_selectors.decisions_log().filter(pk__in=ids)
        }
    if kind == Evidence.Kind.FORUM:
        return {
            f.pk: Target(f.name, f.get_absolute_url()) for f in Forum.objects.filter(pk__in=ids)
        }
    if kind == Evidence.Kind.SURVEY:
        return {
            s.pk: Target(str(s), reverse("surveys:survey_detail", kwargs={"pk": s.pk}))
            for s in Survey.objects.filter(pk__in=ids)
        }
    if kind == Evidence.Kind.OFFER:
        return {
            o.pk: Target(o.title, reverse("development:offer_manage", kwargs={"pk": o.pk}))
            for o in Offer.objects.filter(pk__in=ids)
        }
    if kind == Evidence.Kind.REPORT:
        return {r.pk: Target(r.label, r.url) for r in hooks.report_versions(sorted(ids))}
    return {}


def evidence_target(kind: str, object_id: int) -> Target | None:
    return _targets(kind, [object_id]).get(object_id)


@dataclass
class EvidenceRow:
    evidence: Evidence
    target: Target | None  # None: a document, or something since removed

    @property
    def missing(self) -> bool:
        return self.evidence.kind != Evidence.Kind.DOCUMENT and self.target is None


def evidence_rows(entry_list: list[AssessmentEntry]) -> dict[int, list[EvidenceRow]]:
    """Entry id → its evidence, each link resolved (one query per kind, however many)."""
    ids_by_kind = defaultdict(set)
    for entry in entry_list:
        for evidence in entry.evidence.all():
            if evidence.object_id is not None:
                ids_by_kind[evidence.kind].add(evidence.object_id)
    targets = {kind: _targets(kind, ids) for kind, ids in ids_by_kind.items()}
    return {
        entry.pk: [
            EvidenceRow(e, targets.get(e.kind, {}).get(e.object_id)) for e in entry.evidence.all()
        ]
        for entry in entry_list
    }


def evidence_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """What evidence may point at, grouped by kind, as ``"kind:id"`` choices."""
    plan = action_selectors.current_plan()
    actions = action_selectors.action_list(plan=plan) if plan else []
    decisions = forum_selectors.decisions_log()[:200]
    return [
        (
            "Actions in the plan",
            [(f"action:{a.pk}", f"Action {a.code}: {a.display_title}") for a in actions],
        ),
        ("Forum decisions", [(f"decision:{d.pk}", _decision_label(d)[:150]) for d in decisions]),
        (
            "Forums",
            [(f"forum:{f.pk}", f.name) for f in Forum.objects.order_by("name").only("pk", "name")],
        ),
        ("Surveys", [(f"survey:{s.pk}", str(s)) for s in survey_selectors.survey_list()]),
        (
            "Development offers",
            [(f"offer:{o.pk}", o.title) for o in development_selectors.offer_list()],
        ),
        (
            "Report versions",
            [(f"report:{r.pk}", r.label) for r in hooks.report_versions(None)],
        ),
    ]


# --- Indicators ------------------------------------------------------------------------------


@dataclass
class IndicatorRow:
    indicator: indicators.Indicator | None
    key: str
    title: str
    figure: dict | None
    stored: bool  # frozen at sign-off, not live
    as_of: date | None = None  # the assessment's date: the page link is filtered to it

    @property
    def url(self) -> str | None:
        return self.indicator.url_for(self.as_of) if self.indicator else None

    @property
    def how(self) -> str:
        return self.indicator.how if self.indicator else ""


def indicator_rows(assessment: Assessment) -> dict[int, list[IndicatorRow]]:
    """Principle id → its indicators: as stored at sign-off for a signed-off assessment, worked
    out live as of its date otherwise."""
    by_principle: dict[int, list[IndicatorRow]] = defaultdict(list)
    if assessment.is_frozen:
        for value in IndicatorValue.objects.filter(assessment=assessment).order_by("pk"):
            by_principle[value.principle_id].append(
                IndicatorRow(
                    indicators.get(value.key),
                    value.key,
                    value.title,
                    value.figure,
                    stored=True,
                    as_of=assessment.as_of,
                )
            )
        return by_principle
    principles = {
        p.priority.number: p
        for p in Principle.objects.filter(priority__isnull=False).select_related("priority")
    }
    for indicator in indicators.all_indicators():
        principle = principles.get(indicator.principle)
        if principle is None:
            continue
        figure = indicator.compute(assessment.as_of)
        by_principle[principle.pk].append(
            IndicatorRow(
                indicator,
                indicator.key,
                indicator.title,
                figure,
                stored=False,
                as_of=assessment.as_of,
            )
        )
    return by_principle


# --- Public summary ----------------------------------------------------------------------------


@dataclass
class PublicEntry:
    """What the public sees of an entry: never its internal notes, never an unpublished
    figure (only indicators drawn from published figures)."""

    principle: Principle
    level_label: str
    level_description: str
    what_we_did: str
    what_we_heard: str
    what_is_next: str
    indicators: list[IndicatorRow] = field(default_factory=list)


def public_summary(assessment: Assessment) -> list[PublicEntry]:
    rows = indicator_rows(assessment)
    out = []
    for entry in entries(assessment):
        descriptions = {d.level: d.description for d in entry.principle.level_descriptions.all()}
        out.append(
            PublicEntry(
                principle=entry.principle,
                level_label=entry.get_level_display(),
                level_description=descriptions.get(entry.level, ""),
                what_we_did=entry.what_we_did,
                what_we_heard=entry.what_we_heard,
                what_is_next=entry.what_is_next,
                indicators=[
                    r
                    for r in rows.get(entry.principle_id, [])
                    if r.indicator is not None and r.indicator.published and r.figure
                ],
            )
        )
    return out


# --- Year on year ------------------------------------------------------------------------------


@dataclass
class ComparisonRow:
    label: str
    by_year: dict[int, str]
    numbers: dict[int, float | None] = field(default_factory=dict)


@dataclass
class Comparison:
    years: list[int]
    levels: list[ComparisonRow]
    indicators: list[ComparisonRow]


def comparison() -> Comparison:
    """Levels and indicators by year: every signed-off assessment (its stored figures) and
    the newest draft (live), oldest first."""
    signed = list(Assessment.objects.filter(status=Assessment.Status.SIGNED_OFF).order_by("year"))
    draft = (
        Assessment.objects.exclude(status=Assessment.Status.SIGNED_OFF).order_by("-year").first()
    )
    assessments = signed + (
        [draft] if draft and (not signed or draft.year > signed[-1].year) else []
    )
    years = [a.year for a in assessments]
    principles = list(principle_list())
    levels = {p.pk: ComparisonRow(p.label, {}, {}) for p in principles}
    for entry in AssessmentEntry.objects.filter(assessment__in=assessments).select_related(
        "assessment"
    ):
        row = levels.get(entry.principle_id)
        if row is not None:
            row.by_year[entry.assessment.year] = Level(entry.level).label
            row.numbers[entry.assessment.year] = entry.level
    indicator_table: dict[str, ComparisonRow] = {}
    for assessment in assessments:
        for rows in indicator_rows(assessment).values():
            for r in rows:
                row = indicator_table.setdefault(r.key, ComparisonRow(r.title, {}, {}))
                row.by_year[assessment.year] = (r.figure or {}).get("headline", "Not available")
                row.numbers[assessment.year] = (r.figure or {}).get("number")
    return Comparison(
        years=years,
        levels=[levels[p.pk] for p in principles],
        indicators=list(indicator_table.values()),
    )
