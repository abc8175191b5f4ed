"""Communications permissions on top of the core scheme in ``ccpl.rules``.

The CCPL team writes to audiences (and sees how many people an audience reaches);
executives read. Anyone who receives an e-mail manages their own preferences through the
link in it, without signing in.
"""

import rules

from ccpl.rules import (
    ccpl_team,
    has_person_record,
    is_ccpl_team,
    is_executive,
    is_leader,
    staff_or_executive,
)

rules.add_perm("communications.view_communications", staff_or_executive)
rules.add_perm("communications.manage_communications", ccpl_team)

# The practitioner forum: signed-in leaders and the staff read it; those with a person
# record (leaders, the CCPL team) post, comment and support; the CCPL team moderates; the
# engagement figures are for the CCPL team and executives.
rules.add_perm(
    "communications.view_forum", rules.is_active & (is_leader | is_ccpl_team | is_executive)
)
rules.add_perm(
    "communications.post_to_forum", rules.is_active & has_person_record & (is_leader | is_ccpl_team)
)
rules.add_perm("communications.moderate_forum", ccpl_team)
rules.add_perm("communications.view_forum_figures", staff_or_executive)
