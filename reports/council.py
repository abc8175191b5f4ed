"""Council progress report sections: the actions app's own Council report, as a PDF."""

from __future__ import annotations

from actions import selectors as action_selectors

from .annual import ACTION_MODELS, plan_for, plan_not_recorded, plan_status_on, rag_chart
from .sections import COUNCIL_REPORT, ReportInputs, section


@section(
    key="council_summary",
    title="Summary",
    kinds=[COUNCIL_REPORT],
    order=10,
    models=ACTION_MODELS,
    empty_reason="The plan has no actions yet.",
)
def council_summary(inputs: ReportInputs) -> dict | None:
    plan = plan_for(inputs)
    if plan is None:
        return None
    progress = action_selectors.plan_progress(plan=plan, on=inputs.on, as_of=inputs.on)
    if not progress.totals.total:
        return None
    return {
        "plan": plan,
        "status": plan_status_on(plan, inputs),
        "not_recorded": plan_not_recorded(plan, inputs),
        "progress": progress,
        "rag_chart": rag_chart(
            progress,
            chart_id="chart-council-rag",
            title=(
                f"Bar chart: the {progress.totals.total} actions of {plan} by priority and "
                f"RAG rating on {inputs.on:%-d %B %Y}."
            ),
        ),
    }


@section(
    key="council_actions",
    title="Every action's status and latest update",
    kinds=[COUNCIL_REPORT],
    order=20,
    models=ACTION_MODELS,
    empty_reason="The plan has no actions yet.",
)
def council_actions(inputs: ReportInputs) -> dict | None:
    plan = plan_for(inputs)
    if plan is None:
        return None
    sections = action_selectors.council_report(plan=plan, on=inputs.on, as_of=inputs.on)
    if not sections:
        return None
    # The key leads this section, where flowing tables follow it: at the end of the summary it
    # was pushed onto a page of its own.
    return {"plan": plan, "sections": sections, "rag_key": action_selectors.rag_key()}
