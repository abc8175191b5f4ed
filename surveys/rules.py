"""Survey permissions on top of the core scheme in ``ccpl.rules``.

Staff pages read with ``surveys.view_surveys`` (the CCPL team and executives, including full
results) and write with ``surveys.manage_surveys`` (the CCPL team). The respondent journey is
public: a valid personal link is the only key. A published results summary is object-level:
leaders (and staff and executives) once published, or everyone when the survey says so.
"""

import rules

from ccpl.rules import ccpl_team, is_ccpl_team, is_executive, is_leader, staff_or_executive


@rules.predicate
def is_published(user, survey):
    return survey is not None and survey.status == "published"


@rules.predicate
def is_published_to_everyone(user, survey):
    return (
        survey is not None and survey.status == "published" and survey.results_audience == "public"
    )


rules.add_perm("surveys.view_surveys", staff_or_executive)
rules.add_perm("surveys.manage_surveys", ccpl_team)
rules.add_perm(
    "surveys.view_published_results",
    is_published_to_everyone
    | (is_published & rules.is_active & (is_leader | is_ccpl_team | is_executive)),
)
# The anonymised responses file (every answer, comments only as published): the CCPL team.
rules.add_perm("surveys.export_responses", ccpl_team)
