"""Annual report section: you said, we did (issue 18), from the assurance app's
``you_said_we_did`` selector: the entries the CCPL team marked public, by priority, with
their status from the linked actions, in the team's own words only (never a practitioner
item's words, an unpublished comment or a leaders-only decision)."""

from __future__ import annotations

from assurance import yousaid_selectors

from .sections import ANNUAL_REPORT, ReportInputs, section


@section(
    key="you_said",
    title="You said, we did",
    kinds=[ANNUAL_REPORT],
    order=68,
    models=["assurance.YouSaid", "actions.Action", "actions.ProgressUpdate"],
    empty_reason="Nothing has been published in \u201cyou said, we did\u201d yet.",
)
def you_said(inputs: ReportInputs) -> dict | None:
    groups = yousaid_selectors.you_said_we_did(public_only=True, on=inputs.on)
    if not groups:
        return None
    return {"groups": groups}
