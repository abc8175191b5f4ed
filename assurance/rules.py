"""Assurance permissions on top of the core scheme in ``ccpl.rules``.

The CCPL team drafts the self-assessment (only while it is a draft); executives read it and
sign it off (only once the reviewing forum has reviewed it); both may publish a signed-off
assessment's summary. Nobody else sees the staff pages. The public summary at /assurance/
shows only a published, signed-off assessment.
"""

import rules

from ccpl.rules import ccpl_team, is_executive, staff_or_executive


@rules.predicate
def is_draft(user, assessment):
    return assessment is not None and assessment.is_draft


@rules.predicate
def is_reviewed(user, assessment):
    return (
        assessment is not None
        and assessment.status == assessment.Status.IN_REVIEW
        and assessment.reviewed_on is not None
    )


@rules.predicate
def is_signed_off(user, assessment):
    return assessment is not None and assessment.is_frozen


executive = rules.is_active & is_executive

rules.add_perm("assurance.view_assessments", staff_or_executive)
rules.add_perm("assurance.manage_assessments", ccpl_team)
# Levels, narrative, evidence: the CCPL team, while the assessment is a draft.
rules.add_perm("assurance.change_assessment", ccpl_team & is_draft)
# The pages that sign off and publish (the services refuse the wrong state); and the
# object rules the detail page asks to show its buttons.
rules.add_perm("assurance.sign_off_assessments", executive)
rules.add_perm("assurance.publish_assessments", staff_or_executive)
rules.add_perm("assurance.sign_off_assessment", executive & is_reviewed)
rules.add_perm("assurance.publish_assessment", staff_or_executive & is_signed_off)

# "You said, we did": the CCPL team writes and publishes entries; executives read them.
rules.add_perm("assurance.view_you_said", staff_or_executive)
rules.add_perm("assurance.manage_you_said", ccpl_team)
