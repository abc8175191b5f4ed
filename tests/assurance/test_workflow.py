"""The self-assessment's workflow: drafted by the CCPL team, reviewed by a named forum,
signed off by an executive, then frozen (its indicators stored as they were on its date:
later changes in the data do not change them); a new one starts from a copy."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from assurance import indicators, selectors, services
from assurance.models import Assessment, Evidence, IndicatorValue, Level, Principle
from recruitment.models import TalentPoolMember
from tests.factories import ProfessionalGroupFactory

from .conftest import AS_OF, sign_off

pytestmark = pytest.mark.django_db


def _entry(assessment, order=1):
    return assessment.entries.get(principle__order=order)


def _edit(entry, user, **changes):
    fields = {name: getattr(entry, name) for name in services.ENTRY_FIELDS}
    fields.update(changes)
    return services.entry_update(user=user, entry=entry, **fields)


def test_the_principles_are_the_five_priorities_and_the_two_core_expectations(principles):
    assert len(principles) == 7
    kinds = [p.kind for p in Principle.objects.all()]
    assert kinds.count(Principle.Kind.PRINCIPLE) == 5
    first = Principle.objects.get(order=1)
    # One place for a principle's words: its CCPL priority's.
    first.priority.local_wording = "Our own words"
    first.priority.save()
    assert Principle.objects.get(order=1).local_wording == "Our own words"
    assert all(p.level_descriptions.count() == 4 for p in Principle.objects.all())


def test_a_new_assessment_starts_from_a_copy_of_the_previous_one(
    draft, staff_user, exec_user, council
):
    entry = _entry(draft)
    _edit(entry, staff_user, level=Level.ESTABLISHED, what_we_did="Set up the Council")
    services.evidence_link_add(
        user=staff_user, entry=entry, kind=Evidence.Kind.FORUM, object_id=council.pk
    )
    sign_off(draft, staff=staff_user, executive=exec_user, forum=council)
    new = services.assessment_create(user=staff_user, year=2026, as_of=date(2026, 12, 31))
    copied = _entry(new)
    assert new.copied_from == draft
    assert copied.level == Level.ESTABLISHED and copied.what_we_did == "Set up the Council"
    assert [(e.kind, e.object_id) for e in copied.evidence.all()] == [("forum", council.pk)]
    assert new.is_draft and not new.indicator_values.exists()


def test_only_a_draft_can_be_changed(draft, staff_user, council):
    services.assessment_send_for_review(user=staff_user, assessment=draft, forum=council)
    draft.refresh_from_db()
    with pytest.raises(ValidationError):
        _edit(_entry(draft), staff_user, what_we_did="Sneaked in")
    with pytest.raises(ValidationError):
        services.evidence_link_add(
            user=staff_user, entry=_entry(draft), kind="forum", object_id=council.pk
        )
    # The forum asks for changes: a draft again.
    services.assessment_record_review(
        user=staff_user,
        assessment=draft,
        reviewed_on=date(2026, 1, 5),
        outcome="More on principle 3.",
        changes_needed=True,
    )
    draft.refresh_from_db()
    assert draft.is_draft
    _edit(_entry(draft), staff_user, what_we_did="Now allowed")


def test_sign_off_needs_a_review(draft, exec_user):
    with pytest.raises(ValidationError):
        services.assessment_sign_off(user=exec_user, assessment=draft)


def test_evidence_must_point_at_something_that_exists(draft, staff_user):
    with pytest.raises(ValidationError):
        services.evidence_link_add(
            user=staff_user, entry=_entry(draft), kind="forum", object_id=999999
        )


def test_sign_off_freezes_the_indicators_as_they_were(draft, staff_user, exec_user, council):
    group = ProfessionalGroupFactory()
    for i in range(10):
        TalentPoolMember.objects.create(
            given_name="A",
            family_name=f"Member {i}",
            email=f"pool{i}@nhs.net",
            professional_group=group,
            joined_on=date(2025, 6, 1),
        )
    assessment = sign_off(draft, staff=staff_user, executive=exec_user, forum=council)
    stored = IndicatorValue.objects.get(assessment=assessment, key="talent_pool")
    assert stored.figure["headline"] == "10 people"
    assert IndicatorValue.objects.filter(assessment=assessment).count() == len(
        indicators.all_indicators()
    )

    # The data changes afterwards, even for the assessment's own date.
    for i in range(10, 20):
        TalentPoolMember.objects.create(
            given_name="B",
            family_name=f"Member {i}",
            email=f"pool{i}@nhs.net",
            professional_group=group,
            joined_on=date(2025, 7, 1),
        )
    assert indicators.get("talent_pool").compute(AS_OF)["headline"] == "20 people"
    shown = {
        row.key: row.figure
        for rows in selectors.indicator_rows(Assessment.objects.get(pk=assessment.pk)).values()
        for row in rows
    }
    assert shown["talent_pool"]["headline"] == "10 people"
    # And nothing in it can be changed any more.
    with pytest.raises(ValidationError):
        _edit(_entry(assessment), staff_user, level=Level.EMBEDDED)
    with pytest.raises(ValidationError):
        services.assessment_sign_off(user=exec_user, assessment=assessment)


def test_only_a_signed_off_assessment_is_published(draft, staff_user):
    with pytest.raises(ValidationError):
        services.assessment_publish(user=staff_user, assessment=draft, published=True)


def test_the_practitioner_forum_indicator_is_empty_without_items(principles):
    assert indicators.get("practitioner_forum_items").compute(AS_OF) is None
