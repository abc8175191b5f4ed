"""Development permissions on top of the core scheme in ``ccpl.rules``.

Everyone reads the published catalogue. The CCPL team adds and changes offers and
cohorts; executives read the same staff pages without changing anything.
"""

import rules

from ccpl.rules import ccpl_team, staff_or_executive

rules.add_perm("development.view_development", staff_or_executive)
rules.add_perm("development.manage_development", ccpl_team)
