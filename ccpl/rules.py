"""The one permission scheme: user kinds are groups; rules are django-rules predicates.

Every view names the permission it needs (see ``ccpl.access``); object-level rules
(a leader and their own profile, a panel member and their own campaigns) are
predicates taking the object as the second argument. Ask them with
``rules.has_perm(name, user, obj)``, never ``user.has_perm``.

No predicate looks at ``is_superuser``: the superuser is for the Django admin alone
(``ccpl.access.can_use_admin``) and gets no application permission from it. The
system administrator is the group.
"""

import rules

CCPL_TEAM = "CCPL team"
EXECUTIVE = "Executive"
LEADER = "Leader"
RECRUITMENT_PANEL = "Recruitment panel"
SYSTEM_ADMINISTRATOR = "System administrator"
# A member of the Integrated Care Board: reads the finished board assurance packs and
# nothing else that is not public (``reports.rules``).
BOARD_MEMBER = "Board member"
USER_KINDS = (CCPL_TEAM, EXECUTIVE, LEADER, RECRUITMENT_PANEL, SYSTEM_ADMINISTRATOR, BOARD_MEMBER)
# The kinds who must pass a second factor when they sign in with a local password
# (ccpl.access.mfa_required). Board members read unpublished governance material (the
# self-assessment before it is published), so a password alone is not enough for them.
MFA_USER_KINDS = (CCPL_TEAM, EXECUTIVE, SYSTEM_ADMINISTRATOR, BOARD_MEMBER)

is_ccpl_team = rules.is_group_member(CCPL_TEAM)
is_executive = rules.is_group_member(EXECUTIVE)
is_leader = rules.is_group_member(LEADER)
is_panel_member = rules.is_group_member(RECRUITMENT_PANEL)
is_board_member = rules.is_group_member(BOARD_MEMBER)
is_system_admin = rules.is_active & rules.is_group_member(SYSTEM_ADMINISTRATOR)

# The two audiences of every staff page, defined here once: each app builds its own
# view_…/manage_… permissions from them.
staff_or_executive = rules.is_active & (is_ccpl_team | is_executive)
ccpl_team = rules.is_active & is_ccpl_team


@rules.predicate
def is_self(user, person):
    """The person record is the signed-in user's own."""
    return person is not None and user.is_authenticated and person.user_id == user.pk


@rules.predicate
def has_person_record(user):
    return user.is_authenticated and hasattr(user, "person")


# Staff pages: the CCPL team runs everything; executives read everything.
rules.add_perm("ccpl.view_staff_area", staff_or_executive)
rules.add_perm("ccpl.manage_framework", ccpl_team)
rules.add_perm("ccpl.view_people", staff_or_executive)
# The e-mails the service sends (and sending a failed one again): the CCPL team.
rules.add_perm("ccpl.view_emails", ccpl_team)
rules.add_perm("ccpl.view_history", rules.is_active & (is_ccpl_team | is_system_admin))
rules.add_perm("ccpl.view_person", rules.is_active & (is_ccpl_team | is_executive | is_self))
rules.add_perm("ccpl.change_person", rules.is_active & (is_ccpl_team | is_self))
# People and their accounts (add, edit, invite, deactivate, what they can do): the CCPL team.
rules.add_perm("ccpl.manage_people", ccpl_team)
# Individual equality answers: the person themself and nobody else, whatever their kind.
rules.add_perm("ccpl.change_own_equality_profile", rules.is_active & has_person_record)
# The profile pages answer every signed-in account: with its own record, or saying
# plainly that it has none.
rules.add_perm("ccpl.view_own_profile", rules.is_active)
rules.add_perm("ccpl.view_leader_area", rules.is_active & is_leader)
