"""Role permissions on top of the core scheme in ``ccpl.rules``.

Staff pages read with ``roles.view_roles`` (the CCPL team and executives) and write with
``roles.manage_roles`` (the CCPL team). Taking diversity snapshots is a CCPL team task.
The public register and diversity analysis are public; a leader sees their own roles
on their profile page, which ``ccpl.change_own_equality_profile`` already guards.
"""

import rules

from ccpl.rules import ccpl_team, staff_or_executive

rules.add_perm("roles.view_roles", staff_or_executive)
rules.add_perm("roles.manage_roles", ccpl_team)
rules.add_perm("roles.take_snapshots", ccpl_team)
