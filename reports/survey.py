"""Survey results report sections: one survey round's full results, from the surveys app's
selectors (whole-question figures exact; breakdown groups under 10 hidden)."""

from __future__ import annotations

from math import ceil

from ccpl import disclosure
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
    disclosure=[disclosure.SURVEY_POLICY],
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
    disclosure=[disclosure.SURVEY_POLICY],
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
    disclosure=[disclosure.SURVEY_POLICY],
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
        rows = [(b.question, [share for *_rest, share in b.rows()]) for b in breakdowns]
        column_sets = group_column_sets(groups)
        tables.append(
            {
                "by": by,
                "parts": [
                    {
                        "number": number,
                        "of": len(column_sets),
                        "groups": [groups[i] for i in columns],
                        "rows": [
                            (question, [shares[i] for i in columns]) for question, shares in rows
                        ],
                    }
                    for number, columns in enumerate(column_sets, start=1)
                ],
            }
        )
    return {"tables": tables, "footnote": disclosure.SURVEY_FOOTNOTE} if tables else None


# A breakdown table is as wide as the page (A4 portrait: 174 mm between the margins). The
# question column keeps 38% (66 mm, print.css); the groups share the rest, less a margin. A
# column is as wide as the longest word of its heading (headings wrap between words, never
# inside one) or a figure, whichever is wider. The character width is generous for 9.5 pt Arial; the rendering test
# checks the real layout.
GROUP_COLUMNS_MM = 104
FIGURE_MM = 10
HEADING_CHARACTER_MM = 2.1
CELL_PADDING_MM = 2.5


def _column_mm(label: str) -> float:
    longest_word = max((len(word) for word in str(label).split()), default=0)
    return max(FIGURE_MM, longest_word * HEADING_CHARACTER_MM) + CELL_PADDING_MM


def group_column_sets(labels, *, width_mm: float = GROUP_COLUMNS_MM) -> list[list[int]]:
    """The groups' indexes, in order, split into as few tables as fit across the page, with
    the groups shared out evenly between them (14 groups: 5, 5 and 4, not 6, 6 and 2)."""
    widths = [_column_mm(label) for label in labels]

    def fit(size: int) -> list[list[int]] | None:
        sets = [list(range(i, min(i + size, len(widths)))) for i in range(0, len(widths), size)]
        if all(sum(widths[i] for i in columns) <= width_mm for columns in sets):
            return sets
        return None

    # Fewest tables first; within a number of tables, equal shares.
    for tables in range(1, len(widths) + 1):
        sets = fit(ceil(len(widths) / tables))
        if sets is not None:
            return sets
    return [[i] for i in range(len(widths))]


@section(
    key="survey_comments",
    disclosure=[disclosure.SURVEY_POLICY],
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
