"""What each kind of report is about, the form that asks for it, and how a request becomes
its inputs.

The kinds themselves (their values and names) are declared once, in ``ReportJob.Kind``;
:data:`KINDS` has one entry for each, which a test checks.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone
from django.utils.formats import date_format

from actions import selectors as action_selectors
from surveys import selectors as survey_selectors

from . import periods
from .forms import (
    NO_SIGNED_OFF_ASSESSMENT,
    AssurancePackForm,
    CouncilReportForm,
    ReportForm,
    SurveyReportForm,
    YearReportForm,
)
from .models import ReportJob
from .sections import (
    ANNUAL_REPORT,
    ASSURANCE_PACK,
    COUNCIL_REPORT,
    DIVERSITY_ANALYSIS,
    SURVEY_RESULTS,
    ReportInputs,
)


class ReportRequestError(ValueError):
    """A request for a report that cannot be made (no such plan, survey or year)."""


@dataclass(frozen=True)
class ReportKind:
    value: ReportJob.Kind
    description: str
    form: type[ReportForm]
    title: Callable[[ReportInputs], str]

    @property
    def label(self) -> str:
        return self.value.label

    @property
    def takes_sign_off(self) -> bool:
        return self.value in ReportJob.SIGNED_OFF_KINDS


KINDS: dict[str, ReportKind] = {
    kind.value: kind
    for kind in (
        ReportKind(
            ANNUAL_REPORT,
            "Progress against the framework and action plan for the year, with the temperature "
            "check, role register, diversity and forums, for the Strategic Executive and the "
            "Integrated Care Board. An executive signs it off.",
            YearReportForm,
            lambda i: f"Clinical and care professional leadership: annual report {i.period_label}",
        ),
        ReportKind(
            DIVERSITY_ANALYSIS,
            "Role holders and forum members by professional group, age, sex and ethnic group, "
            "compared with the workforce, the population we serve and last year.",
            YearReportForm,
            lambda i: f"Diversity of clinical and care professional leaders {i.period_label}",
        ),
        ReportKind(
            COUNCIL_REPORT,
            "Every action's status and latest update on a date, grouped by priority.",
            CouncilReportForm,
            lambda i: f"Action plan progress report on {_long_date(i.on)}",
        ),
        ReportKind(
            SURVEY_RESULTS,
            "One survey's full results: every question, breakdowns, comments and recommendations.",
            SurveyReportForm,
            lambda i: f"{i.period_label}: full results",
        ),
        ReportKind(
            ASSURANCE_PACK,
            "For the board: a signed-off self-assessment against the five principles and two "
            "core expectations (each level and narrative), its indicators beside earlier years', "
            "what leaders said and what we did, and the action plan in summary.",
            AssurancePackForm,
            lambda i: f"Board assurance pack: {i.period_label}",
        ),
    )
}


def available_kinds() -> list[ReportKind]:
    return list(KINDS.values())


def get_kind(value: str) -> ReportKind:
    kind = KINDS.get(value)
    if kind is None:
        raise ReportRequestError("Choose a kind of report")
    return kind


def _long_date(day: date) -> str:
    return date_format(day, "j F Y")


def inputs_for(
    *,
    kind: str,
    year: str | None = None,
    plan_id: int | None = None,
    on: date | None = None,
    survey_id: int | None = None,
    assessment_id: int | None = None,
    today: date | None = None,
) -> ReportInputs:
    """The inputs of a report request, checked: a financial year for the annual report and
    diversity analysis, a plan and date for the Council report, a survey for its results."""
    get_kind(kind)
    today = today or timezone.localdate()
    if kind in (ANNUAL_REPORT, DIVERSITY_ANALYSIS):
        try:
            fy = periods.financial_year_from_key(year or periods.financial_year_of(today).key)
        except ValueError as error:
            raise ReportRequestError("Choose a year") from error
        if fy.starts_on > today:
            raise ReportRequestError("Choose a year that has started")
        return ReportInputs(
            kind=kind,
            starts_on=fy.starts_on,
            ends_on=fy.ends_on,
            on=fy.as_of(today),
            period_label=fy.label,
            parameters={"year": fy.key},
        )
    if kind == COUNCIL_REPORT:
        from actions.models import ActionPlan

        plan = ActionPlan.objects.filter(pk=plan_id).first() if plan_id else None
        if plan is None:
            plan = action_selectors.current_plan()
        if plan is None:
            raise ReportRequestError("There is no action plan to report on yet")
        on = on or today
        if on > today:
            raise ReportRequestError("The report date must be today or in the past")
        return ReportInputs(
            kind=kind,
            starts_on=plan.starts_on,
            ends_on=on,
            on=on,
            period_label=str(plan),
            parameters={"plan": plan.pk},
        )
    if kind == ASSURANCE_PACK:
        return _assurance_pack_inputs(assessment_id)
    # SURVEY_RESULTS
    from surveys.models import Survey

    survey = Survey.objects.filter(pk=survey_id).first() if survey_id else None
    if survey is None:
        raise ReportRequestError("Choose a survey")
    withheld = survey_selectors.results_withheld_reason(survey)
    if withheld:
        raise ReportRequestError(withheld)
    starts_on = survey.opens_on or date(survey.year, 1, 1)
    ends_on = survey.closes_on or date(survey.year, 12, 31)
    return ReportInputs(
        kind=kind,
        starts_on=starts_on,
        ends_on=max(ends_on, starts_on),
        on=min(max(ends_on, starts_on), today),
        period_label=survey.title,
        parameters={"survey": survey.pk},
    )


def _assurance_pack_inputs(assessment_id: int | None) -> ReportInputs:
    """A signed-off self-assessment (the newest when none is chosen); never a draft."""
    from assurance.models import Assessment

    signed_off = Assessment.objects.filter(status=Assessment.Status.SIGNED_OFF)
    if not signed_off.exists():
        raise ReportRequestError(NO_SIGNED_OFF_ASSESSMENT)
    assessment = (
        signed_off.filter(pk=assessment_id).first()
        if assessment_id
        else signed_off.order_by("-year").first()
    )
    if assessment is None:
        raise ReportRequestError("Choose a signed-off self-assessment")
    return ReportInputs(
        kind=ASSURANCE_PACK,
        starts_on=assessment.as_of - timedelta(days=364),
        ends_on=assessment.as_of,
        on=assessment.as_of,
        period_label=f"self-assessment {assessment.year}",
        parameters={"assessment": assessment.pk, "assessment_year": str(assessment.year)},
    )


def period_key(inputs: ReportInputs) -> str:
    """The job's ``period``: what a report is about, for grouping versions (the assessment's
    year for the board assurance pack)."""
    if "assessment" in inputs.parameters:
        return inputs.parameters["assessment_year"]
    if "year" in inputs.parameters:
        return inputs.parameters["year"]
    if "plan" in inputs.parameters:
        return f"plan-{inputs.parameters['plan']}-{inputs.on.isoformat()}"
    return f"survey-{inputs.parameters['survey']}"


def title_for(inputs: ReportInputs) -> str:
    return KINDS[inputs.kind].title(inputs)
