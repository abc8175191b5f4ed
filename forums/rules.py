"""Forum permissions on top of the core scheme in ``ccpl.rules``.

Staff pages read with ``forums.view_forums`` (the CCPL team and executives) and write with
``forums.manage_forums`` (the CCPL team).
Papers are object-level: a public paper of a public forum is open to everyone; any
other paper only to staff, executives and the forum's current members.
"""

import rules

from ccpl.rules import ccpl_team, staff_or_executive

from . import selectors


@rules.predicate
def is_published_paper(user, paper):
    return paper is not None and paper.is_public and paper.meeting.forum.is_public


@rules.predicate
def is_forum_member_for_paper(user, paper):
    if paper is None or not user.is_authenticated:
        return False
    person = getattr(user, "person", None)
    return selectors.person_is_current_member(person.pk if person else None, paper.meeting.forum_id)


@rules.predicate
def is_public_forum(user, forum):
    return forum is not None and forum.is_public


rules.add_perm("forums.view_forums", staff_or_executive)
rules.add_perm("forums.manage_forums", ccpl_team)
rules.add_perm(
    "forums.view_paper",
    is_published_paper | staff_or_executive | (rules.is_active & is_forum_member_for_paper),
)
# The iCalendar feed of a public forum is public; of any other forum, staff only.
rules.add_perm("forums.view_forum_calendar", is_public_forum | staff_or_executive)
