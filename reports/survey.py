"""Survey results report sections: one survey round's full results, from the surveys app's
selectors (whole-question figures exact; breakdown groups under 10 hidden)."""

from __future__ import annotations

from surveys import selectors as survey_selectors

from .annual import SURVEY_MODELS, favourable_chart, survey_markers
from .sections import SURVEY_RESULTS, ReportInputs, section


def _survey(inputs: ReportInputs):
    """The survey, if its results may be shown (closed, 10 or more respondents)."""
    from surveys.models import Survey

    survey = Survey.objects.filter(pk=inputs.parameters.get("survey")).first()
    if survey is None or survey_selectors.results_withheld_reason(survey):
        return None
    return survey


@section(
    key="survey_overview",
    title="Summary",
    kinds=[SURVEY_RESULTS],
    order=10,
    models=SURVEY_MODELS,
    markers=survey_markers,
    empty_reason="Nobody has answered this survey yet.",
)
def survey_overview(inputs: ReportInputs) -> dict | None:
    survey = _survey(inputs)
    if survey is None:
        return None
    results = survey_selectors.survey_results(survey)
    if not results.respondents:
        return None
    return {
        "survey": survey,
        "results": results,
        "rate": survey_selectors.response_rate(survey),
        "chart": favourable_chart(
            results,
            chart_id="chart-survey-priorities",
            title=f"Bar chart: percentage favourable by priority in {survey.title}.",
        )
        if results.priorities
        else None,
    }


@section(
    key="survey_questions",
    title="Every question",
    kinds=[SURVEY_RESULTS],
    order=20,
    models=SURVEY_MODELS,
    markers=survey_markers,
    empty_reason="Nobody has answered this survey yet.",
)
def survey_questions(inputs: ReportInputs) -> dict | None:
    survey = _survey(inputs)
    if survey is None:
        return None
    results = survey_selectors.survey_results(survey)
    if not results.respondents:
        return None
    return {"results": results}


@section(
    key="survey_breakdowns",
    title="Results by group",
    kinds=[SURVEY_RESULTS],
    order=30,
    models=SURVEY_MODELS,
    markers=survey_markers,
    empty_reason="The survey has no about-you questions to break results down by.",
)
def survey_breakdowns(inputs: ReportInputs) -> dict | None:
    survey = _survey(inputs)
    if survey is None or not survey.responses.exists():
        return None
    tables = []
    for by in survey_selectors.breakdown_questions(survey):
        breakdowns = [b for b in survey_selectors.survey_breakdowns(survey, by=by) if b.favourable]
        if not breakdowns:
            continue
        groups = [label for label, _n, _results, _share in breakdowns[0].rows()]
        tables.append(
            {
                "by": by,
                "groups": groups,
                "rows": [(b.question, [share for *_rest, share in b.rows()]) for b in breakdowns],
            }
        )
    return {"tables": tables} if tables else None


@section(
    key="survey_comments",
    title="What people said",
    kinds=[SURVEY_RESULTS],
    order=40,
    models=SURVEY_MODELS,
    markers=survey_markers,
    empty_reason="No comments have been published after moderation.",
)
def survey_comments(inputs: ReportInputs) -> dict | None:
    survey = _survey(inputs)
    if survey is None:
        return None
    results = survey_selectors.survey_results(survey)
    questions = [q for q in results.questions if q.published_comments]
    return {"questions": questions} if questions else None


@section(
    key="survey_recommendations",
    title="What we will do",
    kinds=[SURVEY_RESULTS],
    order=50,
    models=SURVEY_MODELS,
    empty_reason="No recommendations have been written yet.",
)
def survey_recommendations(inputs: ReportInputs) -> dict | None:
    survey = _survey(inputs)
    if survey is None:
        return None
    results = survey_selectors.survey_results(survey)
    priorities = [p for p in results.priorities if p.recommendation]
    if not priorities and not results.overall_recommendation:
        return None
    return {"overall": results.overall_recommendation, "priorities": priorities}
