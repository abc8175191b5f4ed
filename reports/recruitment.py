"""Annual report section: the recruitment funnel and what was learnt, from the recruitment
app's selectors (funnels already through disclosure control; exit interview themes too)."""

from __future__ import annotations

from ccpl import disclosure
from recruitment import selectors as recruitment_selectors

from .annual import first_rows
from .sections import ANNUAL_REPORT, ReportInputs, section

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
    disclosure=[disclosure.PEOPLE_POLICY],
    title="Recruitment: who applied and who was appointed",
    kinds=[ANNUAL_REPORT],
    order=60,
    models=RECRUITMENT_MODELS,
    empty_reason="No leadership roles were advertised this year.",
)
def recruitment(inputs: ReportInputs) -> dict | None:
    if not hasattr(recruitment_selectors, "funnels"):
        return None
    from recruitment.models import Application, Campaign, RequestToRecruit

    # Everything as it stood on the report's date: adverts opened, requests made and
    # applications received by then, each at the step it had reached by then.
    campaigns = Campaign.objects.filter(
        opens_on__gte=inputs.starts_on, opens_on__lte=inputs.on
    ).select_related("role")
    applications = Application.objects.filter(
        campaign__in=campaigns, submitted_at__date__lte=inputs.on
    )
    if not campaigns.exists():
        return None
    requests = RequestToRecruit.objects.filter(
        requested_on__gte=inputs.starts_on, requested_on__lte=inputs.on
    )
    # A decision dated after the report's date was still awaited on it.
    decided = dict.fromkeys(RequestToRecruit.Status.values, 0)
    for status, decided_on in requests.values_list("status", "decided_on"):
        if decided_on is not None and decided_on > inputs.on:
            status = RequestToRecruit.Status.PENDING
        decided[status] += 1
    funnels = [
        f
        for f in recruitment_selectors.funnels(applications=applications, as_of=inputs.on)
        if f.title in FUNNEL_TITLES
    ]
    themes = (
        recruitment_selectors.exit_interview_themes(on=inputs.on)
        if hasattr(recruitment_selectors, "exit_interview_themes")
        else None
    )
    theme_labels = dict(_theme_choices())
    campaign_list = list(campaigns.order_by("opens_on"))
    return {
        "campaigns": campaign_list,
        "campaigns_shown": first_rows(campaign_list),
        "requests": [(RequestToRecruit.Status(s).label, n) for s, n in decided.items()],
        "funnels": funnels,
        "themes": [(theme_labels.get(row.label, row.label), row.cells[0]) for row in themes.rows()]
        if themes is not None
        else [],
        "talent_pool": disclosure.people_count(
            recruitment_selectors.talent_pool(on=inputs.on).count()
        )
        if hasattr(recruitment_selectors, "talent_pool")
        else None,
        "footnote": disclosure.PEOPLE_FOOTNOTE,
    }


def _theme_choices():
    from recruitment.models import ExitInterview

    return ExitInterview.Theme.choices
