"""Survey permissions on top of the core scheme in ``ccpl.rules``.

Staff pages use ``ccpl.view_staff_area`` (read: the CCPL team and executives, including full
results) and ``ccpl.manage_framework`` (write: the CCPL team). The respondent journey is
public: a valid personal link is the only key. A published results summary is object-level:
leaders (and staff and executives) once published, or everyone when the survey says so.
"""

import rules

from ccpl.rules import is_ccpl_team, is_executive, is_leader


@rules.predicate
def is_published(user, survey):
    return survey is not None and survey.status == "published"


@rules.predicate
def is_published_to_everyone(user, survey):
    return (
        survey is not None and survey.status == "published" and survey.results_audience == "public"
    )


rules.add_perm(
    "surveys.view_published_results",
    is_published_to_everyone
    | (is_published & rules.is_active & (is_leader | is_ccpl_team | is_executive)),
)
# The anonymised responses file (every answer, comments only as published): the CCPL team.
rules.add_perm("surveys.export_responses", rules.is_active & is_ccpl_team)
