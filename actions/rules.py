"""Action plan permissions on top of the core scheme in ``ccpl.rules``.

Pages use ``ccpl.view_staff_area`` (read: the CCPL team and executives) and
``ccpl.manage_framework`` (write: the CCPL team). Evidence files are private and
object-level, so that who may open one can widen later (for example to an action's
owner) without touching the views.
"""

import rules

from ccpl.rules import is_ccpl_team, is_executive

rules.add_perm("actions.view_evidence", rules.is_active & (is_ccpl_team | is_executive))
