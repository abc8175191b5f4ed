"""Reads for peer review: the staff page's section (reviewers with their status, comments per
principle) and the reviewer's own read-only page, which carries levels, narrative and level
descriptions only — never internal notes, evidence or any figure."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch

from .models import Assessment, AssessmentEntry, LevelDescription
from .peer_models import PeerComment, PeerReview, PeerReviewer


@dataclass
class ReviewerRow:
    reviewer: PeerReviewer
    status: str
    status_label: str
    comment_count: int


@dataclass
class PeerSection:
    review: PeerReview | None
    reviewers: list[ReviewerRow]
    comments: dict[int, list[PeerComment]] = field(default_factory=dict)

    @property
    def is_open(self) -> bool:
        return self.review is not None and self.review.is_open


def reviewer_status(reviewer: PeerReviewer, comment_count: int, review_open: bool) -> str:
    if reviewer.revoked_at is not None:
        return PeerReviewer.Status.REVOKED
    if not review_open:
        return PeerReviewer.Status.ENDED
    if reviewer.is_expired:
        return PeerReviewer.Status.EXPIRED
    if comment_count:
        return PeerReviewer.Status.COMMENTED
    if reviewer.last_seen_at is not None:
        return PeerReviewer.Status.VIEWED
    return PeerReviewer.Status.INVITED


def section(assessment: Assessment) -> PeerSection:
    """The assessment page's "Peer review": reviewers and comments by entry id."""
    review = PeerReview.objects.filter(assessment=assessment).first()
    if review is None:
        return PeerSection(review=None, reviewers=[])
    open_ = review.is_open and not assessment.is_frozen
    reviewers = (
        PeerReviewer.objects.filter(assessment=assessment)
        .select_related("invited_by")
        .annotate(comment_count=Count("comments"))
        .order_by("invited_at", "pk")
    )
    rows = []
    for r in reviewers:
        status = reviewer_status(r, r.comment_count, open_)
        rows.append(
            ReviewerRow(
                reviewer=r,
                status=status,
                status_label=PeerReviewer.Status(status).label,
                comment_count=r.comment_count,
            )
        )
    comments: dict[int, list[PeerComment]] = defaultdict(list)
    for c in (
        PeerComment.objects.filter(entry__assessment=assessment)
        .select_related("reviewer")
        .order_by("entry_id", "created_at", "pk")
    ):
        comments[c.entry_id].append(c)
    return PeerSection(review=review, reviewers=rows, comments=dict(comments))


@dataclass
class ReviewEntry:
    """What a peer reviewer sees of one principle: nothing else is handed to the page."""

    entry_id: int
    order: int
    label: str
    local_wording: str
    nhse_wording: str
    level_label: str
    what_we_did: str
    what_we_heard: str
    what_is_next: str
    level_descriptions: list[tuple[str, str]]
    own_comment: str


def reviewer_page(reviewer: PeerReviewer) -> list[ReviewEntry]:
    entries = (
        AssessmentEntry.objects.filter(assessment_id=reviewer.assessment_id)
        .select_related("principle__priority")
        .prefetch_related(
            Prefetch(
                "principle__level_descriptions",
                queryset=LevelDescription.objects.order_by("level"),
            ),
            Prefetch(
                "peer_comments",
                queryset=PeerComment.objects.filter(reviewer=reviewer),
                to_attr="own_comments",
            ),
        )
        .order_by("principle__order")
    )
    out = []
    for entry in entries:
        principle = entry.principle
        out.append(
            ReviewEntry(
                entry_id=entry.pk,
                order=principle.order,
                label=principle.label,
                local_wording=principle.local_wording,
                nhse_wording=principle.nhse_wording,
                level_label=entry.get_level_display(),
                what_we_did=entry.what_we_did,
                what_we_heard=entry.what_we_heard,
                what_is_next=entry.what_is_next,
                level_descriptions=[
                    (d.get_level_display(), d.description)
                    for d in principle.level_descriptions.all()
                ],
                own_comment=entry.own_comments[0].text if entry.own_comments else "",
            )
        )
    return out
