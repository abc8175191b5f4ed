"""Board assurance pack sections: a signed-off self-assessment (levels and narrative, never
its internal notes), its indicators beside earlier signed-off years' (the figures stored at
each sign-off, never worked out again), "you said, we did" and the action plan in summary.

Everything comes from the assurance app's selectors and the annual report's action plan
section; the pack is requested only for a signed-off assessment (``kinds.inputs_for``).
"""

from __future__ import annotations

from assurance import selectors as assurance_selectors
from assurance import yousaid_selectors
from assurance.models import Assessment, Level

from . import charts
from .annual import ACTION_MODELS, action_plan
from .sections import ASSURANCE_PACK, NotIncluded, ReportInputs, section

ASSURANCE_MODELS = [
    "assurance.Assessment",
    "assurance.AssessmentEntry",
    "assurance.IndicatorValue",
    "assurance.LevelDescription",
    "assurance.Principle",
    "ccpl.Priority",
]
LEVEL_COLOURS = [charts.BLUE, charts.GREY, charts.DARK_PINK, charts.GREEN, charts.PURPLE]


def assessment_for(inputs: ReportInputs) -> Assessment | None:
    """The pack's assessment, only while it is signed off."""
    return Assessment.objects.filter(
        pk=inputs.parameters.get("assessment"), status=Assessment.Status.SIGNED_OFF
    ).first()


@section(
    key="assurance_assessment",
    title="Our self-assessment against the five principles",
    kinds=[ASSURANCE_PACK],
    order=10,
    models=ASSURANCE_MODELS,
    empty_reason="The self-assessment is no longer signed off.",
)
def assurance_assessment(inputs: ReportInputs) -> dict | None:
    assessment = assessment_for(inputs)
    if assessment is None:
        return None
    # The public summary's rows: level, its description and the narrative, and never the
    # internal notes (nor evidence, which may name unpublished documents).
    entries = [
        {
            "principle": entry.principle,
            "level_label": entry.level_label,
            "level_description": entry.level_description,
            "what_we_did": entry.what_we_did,
            "what_we_heard": entry.what_we_heard,
            "what_is_next": entry.what_is_next,
        }
        for entry in assurance_selectors.public_summary(assessment)
    ]
    if not entries:
        return None
    return {
        "assessment": assessment,
        "entries": entries,
        "levels": [{"label": level.label} for level in Level],
    }


def _earlier_and_this(assessment: Assessment) -> list[Assessment]:
    return list(
        Assessment.objects.filter(
            status=Assessment.Status.SIGNED_OFF, year__lte=assessment.year
        ).order_by("year")
    )


def levels_chart(years: list[int], rows: list[dict], *, chart_id: str):
    """Each principle's level by year as grouped bars, on steps 1 (not started) to 4
    (embedded), so that "not started" is a bar too."""
    labels = dict(Level.choices)
    return charts.bar_chart(
        chart_id=chart_id,
        title=(
            "Bar chart: each principle's maturity level in the signed-off self-assessments of "
            + ", ".join(str(y) for y in years)
            + ", on four steps from not started (1) to embedded (4)."
        ),
        categories=[row["label"] for row in rows],
        series=[
            charts.Series(
                name=str(year),
                colour=LEVEL_COLOURS[i % len(LEVEL_COLOURS)],
                values=[
                    None if row["numbers"].get(year) is None else row["numbers"][year] + 1
                    for row in rows
                ],
                texts=[
                    labels.get(row["numbers"].get(year), "–")
                    if row["numbers"].get(year) is not None
                    else "–"
                    for row in rows
                ],
            )
            for i, year in enumerate(years)
        ],
        max_value=4,
        suffix="",
    )


@section(
    key="assurance_indicators",
    title="Indicators and levels year on year",
    kinds=[ASSURANCE_PACK],
    order=20,
    models=ASSURANCE_MODELS,
    empty_reason="The self-assessment is no longer signed off.",
)
def assurance_indicators(inputs: ReportInputs) -> dict | None:
    assessment = assessment_for(inputs)
    if assessment is None:
        return None
    assessments = _earlier_and_this(assessment)
    years = [a.year for a in assessments]
    principles = list(assurance_selectors.principle_list())
    levels = {p.pk: {"label": p.label, "by_year": {}, "numbers": {}} for p in principles}
    indicators: dict[str, dict] = {}
    order = {p.pk: i for i, p in enumerate(principles)}
    for a in assessments:
        for entry in assurance_selectors.entries(a):
            row = levels.get(entry.principle_id)
            if row is not None:
                row["by_year"][a.year] = entry.get_level_display()
                row["numbers"][a.year] = entry.level
        # Signed off: the figures stored at sign-off, never worked out again.
        for principle_id, principle_rows in assurance_selectors.indicator_rows(a).items():
            label = levels[principle_id]["label"] if principle_id in levels else ""
            for r in principle_rows:
                row = indicators.setdefault(
                    r.key,
                    {
                        "title": r.title,
                        "principle": label,
                        "order": order.get(principle_id, len(order)),
                        "by_year": {},
                    },
                )
                row["by_year"][a.year] = (r.figure or {}).get("headline") or "Not available"
    level_rows = [levels[p.pk] for p in principles]
    for row in [*level_rows, *indicators.values()]:
        row["cells"] = [row["by_year"].get(year, "–") for year in years]
    return {
        "assessment": assessment,
        "years": years,
        "levels": level_rows,
        "indicators": sorted(indicators.values(), key=lambda row: row["order"]),
        "chart": levels_chart(years, level_rows, chart_id="chart-assurance-levels"),
    }


@section(
    key="assurance_you_said",
    title="You said, we did",
    kinds=[ASSURANCE_PACK],
    order=30,
    models=["assurance.YouSaid", "actions.Action", "actions.ProgressUpdate", "ccpl.Priority"],
    empty_reason="Nothing leaders said has been linked to what was done and marked public yet.",
)
def assurance_you_said(inputs: ReportInputs) -> dict | None:
    """The same entries, in the same words, as the annual report's section and the public
    page (``assurance.yousaid_selectors.you_said_we_did``)."""
    groups = yousaid_selectors.you_said_we_did(public_only=True, on=inputs.on)
    if not groups:
        return None
    return {"groups": groups}


@section(
    key="assurance_action_plan",
    title="The action plan in summary",
    kinds=[ASSURANCE_PACK],
    order=40,
    models=ACTION_MODELS,
    empty_reason="There is no action plan in CCPL Manager yet.",
)
def assurance_action_plan(inputs: ReportInputs) -> dict | NotIncluded | None:
    """The annual report's action plan section (its figures, chart and tables), summarised."""
    return action_plan(inputs)
