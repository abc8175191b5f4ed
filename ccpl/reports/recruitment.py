"""Annual report section: the recruitment funnel and what was learnt, from the recruitment
app's selectors (funnels already through disclosure control; exit interview themes too)."""

from __future__ import annotations

from ccpl import disclosure

from .sections import ANNUAL_REPORT, ReportInputs, optional_module, section

RECRUITMENT_MODELS = [
    "recruitment.RequestToRecruit",
    "recruitment.Campaign",
    "recruitment.Application",
    "recruitment.ExitInterview",
    "recruitment.TalentPoolMember",
    "ccpl.EqualityProfile",
    "ccpl.ProfessionalGroup",
]
# The funnels the annual report shows; the recruitment pages have every question's.
FUNNEL_TITLES = (
    "Professional group",
    "Ethnic group",
    "Sex",
    "Age",
    "Long-term condition or disability",
)


@section(
    key="recruitment",
    title="Recruitment: who applied and who was appointed",
    kinds=[ANNUAL_REPORT],
    order=60,
    requires=["recruitment.selectors"],
    models=RECRUITMENT_MODELS,
    empty_reason="No leadership roles were advertised this year.",
)
def recruitment(inputs: ReportInputs) -> dict | None:
    selectors = optional_module("recruitment.selectors")
    if not hasattr(selectors, "funnels"):
        return None
    from recruitment.models import Application, Campaign, RequestToRecruit

    campaigns = Campaign.objects.filter(
        opens_on__gte=inputs.starts_on, opens_on__lte=inputs.ends_on
    ).select_related("role")
    applications = Application.objects.filter(campaign__in=campaigns)
    if not campaigns.exists():
        return None
    requests = RequestToRecruit.objects.filter(
        requested_on__gte=inputs.starts_on, requested_on__lte=inputs.ends_on
    )
    decided = {
        status: requests.filter(status=status).count() for status in RequestToRecruit.Status.values
    }
    funnels = [f for f in selectors.funnels(applications=applications) if f.title in FUNNEL_TITLES]
    themes = (
        selectors.exit_interview_themes() if hasattr(selectors, "exit_interview_themes") else None
    )
    theme_labels = dict(_theme_choices())
    return {
        "campaigns": list(campaigns.order_by("opens_on")),
        "requests": [(RequestToRecruit.Status(s).label, n) for s, n in decided.items()],
        "funnels": funnels,
        "themes": [(theme_labels.get(row.label, row.label), row.cells[0]) for row in themes.rows()]
        if themes is not None
        else [],
        "talent_pool": disclosure.people_count(selectors.talent_pool().count())
        if hasattr(selectors, "talent_pool")
        else None,
        "footnote": disclosure.PEOPLE_FOOTNOTE,
    }


def _theme_choices():
    from recruitment.models import ExitInterview

    return ExitInterview.Theme.choices
