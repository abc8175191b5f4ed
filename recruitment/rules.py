"""Recruitment permissions on top of the core scheme in ``ccpl.rules``.

The CCPL team runs campaigns and sees applications and aggregate funnels; executives
decide requests to recruit and read what staff read. A panel member reaches only the
campaigns they sit on, and only anonymised candidates until the shortlist is locked.
Nobody reads an applicant's equality answers: they are counted, never shown.
"""

import rules

from ccpl.rules import ccpl_team, is_executive, is_panel_member, staff_or_executive


@rules.predicate
def sits_on_panel(user, campaign):
    return campaign is not None and campaign.panel.filter(pk=user.pk).exists()


@rules.predicate
def shortlist_locked(user, campaign):
    return campaign is not None and campaign.shortlist_locked


rules.add_perm("recruitment.view_recruitment", staff_or_executive)
rules.add_perm("recruitment.manage_recruitment", ccpl_team)
rules.add_perm("recruitment.request_recruitment", ccpl_team)
rules.add_perm("recruitment.decide_request", rules.is_active & is_executive)
rules.add_perm("recruitment.view_panel_area", rules.is_active & is_panel_member)
rules.add_perm("recruitment.shortlist_campaign", rules.is_active & is_panel_member & sits_on_panel)
rules.add_perm(
    "recruitment.interview_campaign",
    rules.is_active & is_panel_member & sits_on_panel & shortlist_locked,
)
