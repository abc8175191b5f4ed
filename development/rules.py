"""Development permissions on top of the core scheme in ``ccpl.rules``.

Everyone reads the published catalogue. The CCPL team adds and changes offers and
cohorts; executives read the same staff pages without changing anything. Mentoring is
below: the CCPL team runs the register, and each pair alone sees its match.
"""

import rules

from ccpl.rules import ccpl_team, staff_or_executive

rules.add_perm("development.view_development", staff_or_executive)
rules.add_perm("development.manage_development", ccpl_team)


# Mentoring and coaching. The register, with everyone's goals, is the CCPL team's alone
# (executives do not see it). A match, its goals and its check-ins are the pair's own.
@rules.predicate
def is_match_party(user, match):
    """The signed-in user is the mentee or the mentor of ``match``."""
    if match is None or not user.is_authenticated:
        return False
    return match.is_party(getattr(user, "person", None))


rules.add_perm("development.manage_mentoring", ccpl_team)
# A person's own mentoring page is a profile page (``ccpl.view_own_profile``).
rules.add_perm("development.view_match", rules.is_active & is_match_party)
