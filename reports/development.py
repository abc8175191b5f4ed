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
    "ccpl.ProfessionalGroup",
    "ccpl.Publication",
    "ccpl.Person",
]


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
        "figures": figures,
        "mentoring": mentoring,
        "diversity": development_uptake.participant_diversity(on=inputs.on),
        "footnote": disclosure.PEOPLE_FOOTNOTE,
    }
