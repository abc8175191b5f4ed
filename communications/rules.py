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


@rules.predicate
def can_see_bulletin(user, bulletin) -> bool:
    """A sent bulletin: the public ones to anyone, the others to signed-in accounts (as the
    archive); a draft or a scheduled one to the CCPL team only."""
    if bulletin is None:
        return False
    if bulletin.status in ("sending", "sent"):
        return bulletin.is_public or (user.is_authenticated and user.is_active)
    return ccpl_team(user)


@rules.predicate
def leads_network(user, network) -> bool:
    person = getattr(user, "person", None) if user.is_authenticated else None
    return (
        network is not None and person is not None and network.leads.filter(pk=person.pk).exists()
    )


rules.add_perm("communications.view_bulletin", can_see_bulletin)
# Forwarding a sent bulletin to a network: that network's leads.
rules.add_perm("communications.forward_to_network", rules.is_active & leads_network)

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
