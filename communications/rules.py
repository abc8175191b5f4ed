"""Communications permissions on top of the core scheme in ``ccpl.rules``.

The CCPL team writes to audiences (and sees how many people an audience reaches);
executives read. Anyone who receives an e-mail manages their own preferences through the
link in it, without signing in.
"""

import rules

from ccpl.rules import ccpl_team, staff_or_executive

rules.add_perm("communications.view_communications", staff_or_executive)
rules.add_perm("communications.manage_communications", ccpl_team)
