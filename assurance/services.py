"""Every write of the assurance app: the principles and level descriptions, the assessment's
workflow (draft → in review → signed off, then frozen), entries and evidence. Each write
is transactional and audited (``ccpl.history``); each refuses what its state does not allow,
whoever calls it (the views check permissions too)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from ccpl import selectors as core_selectors
from ccpl.history import attribute, saved

from . import indicators, peer_services
from .models import (
    Assessment,
    AssessmentEntry,
    Evidence,
    IndicatorValue,
    Level,
    LevelDescription,
    Principle,
)

# NHS England's two core expectations (Clinical and care professional leadership, 2021).
CORE_EXPECTATIONS = (
    (
        "A local framework and plan",
        "Each ICB is expected to agree a local framework and plan for clinical and care "
        "professional leadership with ICS partners and ensure this is promoted across the "
        "system.",
    ),
    (
        "Every profession involved and invested",
        "Individuals in clinical and/or care professional roles on the ICB board, including the "
        "nursing director or medical director, should ensure leaders from all clinical and care "
        "professions are involved and invested in the vision, purpose and work of the ICS.",
    ),
)
DEFAULT_LEVEL_DESCRIPTIONS = {
    Level.NOT_STARTED: "We have not yet agreed how we will work towards this.",
    Level.DEVELOPING: "We have agreed an approach and started; it is not yet consistent.",
    Level.ESTABLISHED: "This happens reliably across the system and we can show it.",
    Level.EMBEDDED: "This is how we work everywhere, and leaders tell us it makes a difference.",
}
# Core expectations come after the five principles.
CORE_EXPECTATION_ORDER = 100

# The fields an entry's form changes.
ENTRY_FIELDS = ("level", "what_we_did", "what_we_heard", "what_is_next", "internal_notes")


def _locked(assessment: Assessment) -> Assessment:
    return Assessment.objects.select_for_update().get(pk=assessment.pk)


@transaction.atomic
def principles_ensure(*, user=None) -> list[Principle]:
    """The five principles (one per CCPL priority) and the two core expectations, each with a
    description of every level: made once, never changed here."""
    for priority in core_selectors.priority_list():
        principle, created = Principle.objects.get_or_create(
            priority=priority,
            defaults={"kind": Principle.Kind.PRINCIPLE, "order": priority.number},
        )
    for i, (title, wording) in enumerate(CORE_EXPECTATIONS):
        if not Principle.objects.filter(order=CORE_EXPECTATION_ORDER + i).exists():
            saved(
                Principle(
                    kind=Principle.Kind.CORE_EXPECTATION,
                    order=CORE_EXPECTATION_ORDER + i,
                    own_short_title=title,
                    own_nhse_wording=wording,
                    own_local_wording=wording,
                ),
                user,
            )
    principles = list(Principle.objects.select_related("priority"))
    for principle in principles:
        have = set(principle.level_descriptions.values_list("level", flat=True))
        for level, text in DEFAULT_LEVEL_DESCRIPTIONS.items():
            if level not in have:
                saved(LevelDescription(principle=principle, level=level, description=text), user)
    return principles


@transaction.atomic
def level_description_update(*, user, description: LevelDescription, text: str) -> LevelDescription:
    description.description = text
    return saved(description, user)


@transaction.atomic
def core_expectation_update(*, user, principle: Principle, local_wording: str) -> Principle:
    """The ICB's own words for a core expectation (a principle's are its priority's)."""
    if principle.priority_id:
        raise ValidationError("A principle's words are its CCPL priority's: change them there.")
    principle.own_local_wording = local_wording
    return saved(principle, user)


@transaction.atomic
def assessment_create(*, user, year: int, as_of: date) -> Assessment:
    """A new draft for ``year``, starting from a copy of the latest earlier assessment's
    levels, narrative and evidence (never its review, sign-off or stored figures)."""
    if Assessment.objects.filter(year=year).exists():
        raise ValidationError({"year": f"There is already a self-assessment for {year}."})
    if Assessment.objects.filter(year__gt=year).exists():
        raise ValidationError({"year": "A self-assessment for a later year already exists."})
    if as_of.year not in (year, year - 1, year + 1):
        raise ValidationError({"as_of": "The assessment date must be in or next to its year."})
    principles = principles_ensure(user=user)
    previous = Assessment.objects.filter(year__lt=year).order_by("-year").first()
    assessment = saved(Assessment(year=year, as_of=as_of, copied_from=previous), user)
    earlier = (
        {e.principle_id: e for e in previous.entries.prefetch_related("evidence")}
        if previous
        else {}
    )
    for principle in principles:
        source = earlier.get(principle.pk)
        entry = AssessmentEntry(assessment=assessment, principle=principle)
        if source is not None:
            for name in ENTRY_FIELDS:
                setattr(entry, name, getattr(source, name))
        saved(entry, user, reason=f"Copied from {previous}" if source else "")
        for evidence in source.evidence.all() if source else ():
            saved(
                Evidence(
                    entry=entry,
                    kind=evidence.kind,
                    object_id=evidence.object_id,
                    label=evidence.label,
                    document=evidence.document.name,
                ),
                user,
                reason=f"Copied from {previous}",
            )
    return assessment


def _require_draft(assessment: Assessment) -> None:
    if not assessment.is_draft:
        raise ValidationError(
            "This self-assessment is no longer a draft: it cannot be changed."
            if assessment.is_frozen
            else "This self-assessment is with its reviewers: it cannot be changed until they "
            "send it back."
        )


@transaction.atomic
def entry_update(
    *,
    user,
    entry: AssessmentEntry,
    level: int,
    what_we_did: str,
    what_we_heard: str,
    what_is_next: str,
    internal_notes: str,
) -> AssessmentEntry:
    _require_draft(_locked(entry.assessment))
    entry.level = level
    entry.what_we_did = what_we_did
    entry.what_we_heard = what_we_heard
    entry.what_is_next = what_is_next
    entry.internal_notes = internal_notes
    return saved(entry, user)


@transaction.atomic
def evidence_link_add(
    *, user, entry: AssessmentEntry, kind: str, object_id: int, label: str = ""
) -> Evidence:
    """Link to something in the product: it must exist (named through its app)."""
    from .selectors import evidence_target

    _require_draft(_locked(entry.assessment))
    if kind == Evidence.Kind.DOCUMENT or kind not in Evidence.Kind.values:
        raise ValidationError({"target": "Choose something in CCPL Manager."})
    target = evidence_target(kind, object_id)
    if target is None:
        raise ValidationError({"target": "That is no longer in CCPL Manager. Choose another."})
    return saved(
        Evidence(entry=entry, kind=kind, object_id=object_id, label=(label or target.label)[:200]),
        user,
    )


@transaction.atomic
def evidence_document_add(*, user, entry: AssessmentEntry, document, label: str) -> Evidence:
    """An uploaded document (the form has checked it: ``ccpl.uploads.check_upload``), kept in
    private storage and served only to the staff pages."""
    _require_draft(_locked(entry.assessment))
    return saved(
        Evidence(entry=entry, kind=Evidence.Kind.DOCUMENT, label=label, document=document), user
    )


@transaction.atomic
def evidence_remove(*, user, evidence: Evidence) -> None:
    _require_draft(_locked(evidence.entry.assessment))
    attribute(evidence, user)
    # The file stays: a copied assessment's evidence may share it, and history names it.
    evidence.delete()


@transaction.atomic
def assessment_send_for_review(*, user, assessment: Assessment, forum) -> Assessment:
    assessment = _locked(assessment)
    _require_draft(assessment)
    assessment.status = Assessment.Status.IN_REVIEW
    assessment.review_forum = forum
    assessment.sent_for_review_at = timezone.now()
    assessment.reviewed_on = None
    assessment.review_outcome = ""
    return saved(assessment, user, reason=f"Sent for review to {forum}")


@transaction.atomic
def assessment_record_review(
    *, user, assessment: Assessment, reviewed_on: date, outcome: str, changes_needed: bool
) -> Assessment:
    """What the reviewing forum said. When it asked for changes the assessment is a draft
    again; otherwise it is ready for an executive to sign off."""
    assessment = _locked(assessment)
    if assessment.status != Assessment.Status.IN_REVIEW:
        raise ValidationError("Only a self-assessment in review can have its review recorded.")
    if reviewed_on > timezone.localdate():
        raise ValidationError({"reviewed_on": "The review date must be today or in the past."})
    assessment.reviewed_on = reviewed_on
    assessment.review_outcome = outcome
    if changes_needed:
        assessment.status = Assessment.Status.DRAFT
    return saved(assessment, user, reason="Review recorded")


@transaction.atomic
def assessment_sign_off(*, user, assessment: Assessment) -> Assessment:
    """Sign off and freeze: every indicator worked out as of the assessment's date and stored,
    so later changes in the data never change it. Only once its forum has reviewed it."""
    assessment = _locked(assessment)
    if assessment.status != Assessment.Status.IN_REVIEW or assessment.reviewed_on is None:
        raise ValidationError("Only a self-assessment its forum has reviewed can be signed off.")
    principles = {
        p.priority.number: p
        for p in Principle.objects.filter(priority__isnull=False).select_related("priority")
    }
    now = timezone.now()
    IndicatorValue.objects.bulk_create(
        [
            IndicatorValue(
                assessment=assessment,
                principle=principles[indicator.principle],
                key=indicator.key,
                title=indicator.title,
                figure=indicator.compute(assessment.as_of),
                computed_at=now,
            )
            for indicator in indicators.all_indicators()
            if indicator.principle in principles
        ]
    )
    assessment.status = Assessment.Status.SIGNED_OFF
    assessment.signed_off_by = user
    assessment.signed_off_at = now
    # Peer reviewers' links stop working; their comments stay.
    peer_services.peer_review_end(user=user, assessment=assessment)
    return saved(assessment, user, reason="Signed off")


@transaction.atomic
def assessment_publish(*, user, assessment: Assessment, published: bool) -> Assessment:
    """Show (or stop showing) a signed-off assessment's summary at /assurance/."""
    assessment = _locked(assessment)
    if published and not assessment.is_frozen:
        raise ValidationError("Only a signed-off self-assessment can be published.")
    assessment.published = published
    return saved(assessment, user, reason="Published" if published else "Unpublished")
