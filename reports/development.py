"""Annual report section: the development offer's uptake, from the development app's
selectors (``development.uptake``: every count of people through disclosure control; the
participants' diversity from its publication in force on the period's end, never live)."""

from __future__ import annotations

from ccpl import disclosure
from development import uptake as development_uptake

from .sections import ANNUAL_REPORT, ReportInputs, section

DEVELOPMENT_MODELS = [
    "development.Offer",
    "development.Cohort",
    "development.CohortApplication",
    "development.Match",
    "development.MentoringRequest",
    "development.Completion",
    "surveys.Response",
    "ccpl.ProfessionalGroup",
    "ccpl.Publication",
    "ccpl.Person",
]


def development_evaluations() -> list[tuple[str, object]]:
    """Each offer's evaluation as its page shows it (pooled under the surveys' rule of 10):
    ``(offer, results)`` for offers with results to show. A few queries per offer: the
    catalogue holds tens of offers, and this runs in the worker."""
    from development import evaluation_selectors
    from development.models import Offer

    out = []
    for offer in Offer.objects.filter(cohorts__evaluation_survey__isnull=False).distinct():
        evaluation = evaluation_selectors.offer_evaluation(offer)
        if evaluation.pooled is not None and evaluation.pooled.rating is not None:
            out.append((offer.title, evaluation.pooled))
    return sorted(out, key=lambda item: item[0])


@section(
    key="development",
    disclosure=[disclosure.PEOPLE_POLICY],
    title="Developing our leaders",
    kinds=[ANNUAL_REPORT],
    order=65,
    models=DEVELOPMENT_MODELS,
    empty_reason="No development cohort started this year, and no mentoring pair met.",
)
def development(inputs: ReportInputs) -> dict | None:
    figures = development_uptake.uptake(starts_on=inputs.starts_on, on=inputs.on)
    mentoring = development_uptake.mentoring_uptake(starts_on=inputs.starts_on, on=inputs.on)
    started = mentoring.started
    if not figures.has_applications and not (started.value or started.hidden):
        return None
    return {
        "evaluations": development_evaluations(),
        "figures": figures,
        "mentoring": mentoring,
        "diversity": development_uptake.participant_diversity(on=inputs.on),
        "footnote": disclosure.PEOPLE_FOOTNOTE,
    }
