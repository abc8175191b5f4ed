"""Annual report section: talking with our leaders (issue 17), from the communications
app's engagement figures (``communications.engagement``: reach counted from delivery
records, nothing tracked after sending; every count of people through disclosure control)."""

from __future__ import annotations

from ccpl import disclosure
from communications import engagement, forum_selectors

from .sections import ANNUAL_REPORT, ReportInputs, section

COMMUNICATIONS_MODELS = [
    "communications.Bulletin",
    "communications.Delivery",
    "communications.Forward",
    "communications.PractitionerItem",
    "ccpl.Person",
    "ccpl.ProfessionalGroup",
    "ccpl.Place",
]


@section(
    key="communications",
    disclosure=[disclosure.PEOPLE_POLICY],
    title="Talking with our leaders",
    kinds=[ANNUAL_REPORT],
    order=67,
    models=COMMUNICATIONS_MODELS,
    empty_reason="No bulletin was sent to leaders this year, and nothing was raised in the "
    "practitioner forum.",
)
def communications(inputs: ReportInputs) -> dict | None:
    reach = engagement.reach(starts_on=inputs.starts_on, on=inputs.on)
    forum = forum_selectors.forum_engagement(inputs.starts_on, inputs.on)
    if not reach.bulletins and not forum.items:
        return None
    return {
        "reach": reach,
        "forum": forum,
        "footnote": disclosure.PEOPLE_FOOTNOTE,
    }
