"""Annual report section: talking with our leaders (issue 17), from the communications
app's engagement figures (``communications.engagement``: reach counted from delivery
records, nothing tracked after sending; every count of people through disclosure control)."""

from __future__ import annotations

from ccpl import disclosure
from communications import engagement

from .sections import ANNUAL_REPORT, ReportInputs, section

COMMUNICATIONS_MODELS = [
    "communications.Bulletin",
    "communications.Delivery",
    "communications.Forward",
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
    empty_reason="No bulletin was sent to leaders this year.",
)
def communications(inputs: ReportInputs) -> dict | None:
    reach = engagement.reach(starts_on=inputs.starts_on, on=inputs.on)
    if not reach.bulletins:
        return None
    return {"reach": reach, "footnote": disclosure.PEOPLE_FOOTNOTE}
