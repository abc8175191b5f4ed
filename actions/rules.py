"""Action plan permissions on top of the core scheme in ``ccpl.rules``.

Pages read with ``actions.view_plan`` (the CCPL team and executives) and write with
``actions.manage_plan`` (the CCPL team). Evidence files are private and
object-level, so that who may open one can widen later (for example to an action's
owner) without touching the views.
"""

import rules

from ccpl.rules import ccpl_team, staff_or_executive

rules.add_perm("actions.view_plan", staff_or_executive)
rules.add_perm("actions.manage_plan", ccpl_team)
rules.add_perm("actions.view_evidence", staff_or_executive)
