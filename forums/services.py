"""Writes for forums. Every function is keyword-only and runs in one transaction.

History rows (django-simple-history) record who made each change: ``user`` is set
as the history user so that changes made outside a request are attributed too.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from ccpl import graphs
from ccpl.history import attribute, saved
from ccpl.models import Person, Place, Priority, ProfessionalGroup

from . import remits
from .models import (
    RESERVED_SLUGS,
    Attendance,
    CoproductionReview,
    Decision,
    Forum,
    Meeting,
    MeetingPaper,
    Membership,
    ReportingLine,
    TermsOfReference,
)


def forum_slug_for(name: str, *, exclude_pk: int | None = None) -> str:
    """A unique slug for a forum name that does not shadow a fixed address."""
    base = slugify(name)[:100] or "forum"
    taken = set(
        Forum.objects.exclude(pk=exclude_pk)
        .filter(slug__startswith=base)
        .values_list("slug", flat=True)
    )
    slug, n = base, 2
    while slug in taken or slug in RESERVED_SLUGS:
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def forum_create(
    *,
    user,
    name: str,
    kind: str,
    purpose: str,
    level: str = Forum.Level.SYSTEM,
    place: Place | None = None,
    chair: Person | None = None,
    frequency: str = Forum.Frequency.MONTHLY,
    is_public: bool = False,
    slug: str = "",
) -> Forum:
    """Create a forum with a unique slug, expecting what forums of its kind expect
    (``forums.remits``; change it with ``forum_remit_set``)."""
    remit = remit_default_for(kind=kind, name=name)
    forum = Forum(
        name=name,
        slug=slug or forum_slug_for(name),
        kind=kind,
        level=level,
        place=place,
        purpose=purpose,
        chair=chair,
        frequency=frequency,
        is_public=is_public,
        expects_lived_experience=remit.lived_experience,
        expects_vcse=remit.vcse,
    )
    saved(forum, user)
    forum.expected_professions.set(remit.professions)
    return forum


def remit_default_for(*, kind: str, name: str) -> remits.Remit:
    """The expectations a new forum of ``kind`` called ``name`` starts with."""
    groups = [
        remits.Group(pk=pk, name=group_name, slug=slug, parent_id=parent_id)
        for pk, group_name, slug, parent_id in ProfessionalGroup.objects.values_list(
            "pk", "name", "slug", "parent_id"
        )
    ]
    return remits.default_remit(kind=kind, name=name, groups=groups)


@transaction.atomic
def forum_remit_set(
    *,
    user,
    forum: Forum,
    professions: Iterable[ProfessionalGroup],
    lived_experience: bool,
    vcse: bool,
) -> Forum:
    """Record what the forum's remit expects of its membership: the membership mix flags
    only these when nobody brings them."""
    forum.expects_lived_experience = lived_experience
    forum.expects_vcse = vcse
    saved(forum, user)
    attribute(forum, user)
    forum.expected_professions.set(list(professions))
    return forum


@transaction.atomic
def forum_update(*, user, forum: Forum, **fields) -> Forum:
    """Change a forum's details (any of the fields ``forum_create`` takes)."""
    allowed = {
        "name",
        "slug",
        "kind",
        "level",
        "place",
        "purpose",
        "chair",
        "frequency",
        "is_public",
    }
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"forum_update() got unexpected fields: {', '.join(sorted(unknown))}")
    for name, value in fields.items():
        setattr(forum, name, value)
    if not forum.slug:
        forum.slug = forum_slug_for(forum.name, exclude_pk=forum.pk)
    return saved(forum, user)


@transaction.atomic
def terms_of_reference_add(
    *,
    user,
    forum: Forum,
    text: str,
    approved_on: date | None = None,
    approved_by: str = "",
    review_due_on: date | None = None,
) -> TermsOfReference:
    """Add the next version of a forum's terms of reference."""
    Forum.objects.select_for_update().filter(pk=forum.pk).first()
    latest = forum.terms_of_reference.order_by("-version").values_list("version", flat=True)
    version = (latest.first() or 0) + 1
    terms = TermsOfReference(
        forum=forum,
        version=version,
        text=text,
        approved_on=approved_on,
        approved_by=approved_by,
        review_due_on=review_due_on,
    )
    return saved(terms, user)


def reporting_cycle(
    *, forum_id: int, reports_to_id: int, edges: Iterable[tuple[int, int]] | None = None
) -> list[int] | None:
    """The loop of forum ids the link ``forum → reports_to`` would close, or None.

    Adding the link makes a loop exactly when ``forum`` can already be reached by going
    up from ``reports_to``. ``edges`` are (forum, reports_to) id pairs, by default every
    saved reporting line. Returns ``[forum, reports_to, …, forum]``.
    """
    if edges is None:
        edges = ReportingLine.objects.values_list("forum_id", "reports_to_id")
    return graphs.cycle_closed_by(forum_id, [reports_to_id], edges)


def cycle_error(path: list[int]) -> ValidationError:
    names = dict(Forum.objects.filter(pk__in=path).values_list("pk", "name"))
    route = " → ".join(names.get(pk, "?") for pk in path)
    return ValidationError(
        f"This link would make a loop: {route}. A forum cannot report, directly or "
        "through other forums, to a forum that reports to it.",
        code="reporting_cycle",
    )


@transaction.atomic
def reporting_line_add(
    *, user, forum: Forum, reports_to: Forum, nature: str = ReportingLine.Nature.REPORTS_TO
) -> ReportingLine:
    """Link ``forum`` up to ``reports_to``. Raises ValidationError if that makes a loop."""
    # Lock every forum so that two links added at once cannot close a loop between
    # them (each would pass the check without seeing the other).
    list(Forum.objects.select_for_update().order_by("pk").values_list("pk", flat=True))
    path = reporting_cycle(forum_id=forum.pk, reports_to_id=reports_to.pk)
    if path is not None:
        raise cycle_error(path)
    line = ReportingLine(forum=forum, reports_to=reports_to, nature=nature)
    return saved(line, user)


@transaction.atomic
def reporting_line_remove(*, user, line: ReportingLine) -> None:
    attribute(line, user)
    line.delete()


@transaction.atomic
def membership_add(
    *,
    user,
    forum: Forum,
    person: Person,
    member_type: str = Membership.MemberType.LEADER,
    starts_on: date,
    ends_on: date | None = None,
) -> Membership:
    """Add a direct member. Refuses a second membership overlapping an existing one."""
    overlapping = Membership.objects.filter(forum=forum, person=person).exclude(
        ends_on__lt=starts_on
    )
    if ends_on is not None:
        overlapping = overlapping.filter(starts_on__lte=ends_on)
    if overlapping.exists():
        raise ValidationError(
            f"{person.full_name} is already a member of {forum.name} for some of these dates.",
            code="membership_overlap",
        )
    membership = Membership(
        forum=forum, person=person, member_type=member_type, starts_on=starts_on, ends_on=ends_on
    )
    return saved(membership, user)


@transaction.atomic
def membership_update(
    *, user, membership: Membership, member_type: str, starts_on: date, ends_on: date | None
) -> Membership:
    overlapping = (
        Membership.objects.filter(forum=membership.forum_id, person=membership.person_id)
        .exclude(pk=membership.pk)
        .exclude(ends_on__lt=starts_on)
    )
    if ends_on is not None:
        overlapping = overlapping.filter(starts_on__lte=ends_on)
    if overlapping.exists():
        raise ValidationError(
            "This person already has another membership for some of these dates.",
            code="membership_overlap",
        )
    membership.member_type = member_type
    membership.starts_on = starts_on
    membership.ends_on = ends_on
    return saved(membership, user)


@dataclass(frozen=True)
class DecisionInput:
    text: str
    priority: Priority | None = None


@transaction.atomic
def meeting_record(
    *,
    user,
    forum: Forum,
    starts_at: datetime,
    meeting: Meeting | None = None,
    ends_at: datetime | None = None,
    format: str = Meeting.Format.IN_PERSON,  # noqa: A002 - the domain's word
    venue: str = "",
    status: str = Meeting.Status.PLANNED,
    minutes: str = "",
    minutes_public: bool = False,
    attendance: dict[Person, str] | None = None,
    decisions: Iterable[DecisionInput] | None = None,
) -> Meeting:
    """Create or update a meeting together with its attendance and decisions.

    ``attendance`` maps each person to an ``Attendance.Status`` value and replaces
    what was recorded before (people left out lose their record); ``decisions``, when
    given, are added. Attendance is only kept for meetings that were held.
    """
    if meeting is None:
        meeting = Meeting(forum=forum)
    elif meeting.forum_id != forum.pk:
        raise ValueError("The meeting belongs to another forum.")
    meeting.starts_at = starts_at
    meeting.ends_at = ends_at
    meeting.format = format
    meeting.venue = venue
    meeting.status = status
    meeting.minutes = minutes
    meeting.minutes_public = minutes_public
    saved(meeting, user)

    attendance = attendance or {}
    if attendance and status != Meeting.Status.HELD:
        raise ValidationError(
            "Attendance can only be recorded for a meeting that was held.", code="not_held"
        )
    statuses = set(Attendance.Status.values)
    if bad := {s for s in attendance.values() if s not in statuses}:
        raise ValidationError(f"Unknown attendance: {', '.join(sorted(bad))}.")
    existing = {a.person_id: a for a in meeting.attendance.all()}
    wanted = {person.pk: status for person, status in attendance.items()}
    for person_id, record in existing.items():
        if person_id not in wanted:
            attribute(record, user)
            record.delete()
        elif record.status != wanted[person_id]:
            record.status = wanted[person_id]
            saved(record, user)
    for person_id, value in wanted.items():
        if person_id not in existing:
            saved(Attendance(meeting=meeting, person_id=person_id, status=value), user)

    for decision in decisions or ():
        if decision.text.strip():
            saved(
                Decision(meeting=meeting, text=decision.text.strip(), priority=decision.priority),
                user,
            )
    return meeting


@transaction.atomic
def meeting_paper_add(*, user, meeting: Meeting, title: str, file, is_public: bool = False):
    """Store a paper in private storage."""
    paper = MeetingPaper(meeting=meeting, title=title, file=file, is_public=is_public)
    return saved(paper, user)


@transaction.atomic
def decision_update(*, user, decision: Decision, text: str, priority: Priority | None):
    decision.text = text
    decision.priority = priority
    return saved(decision, user)


# --- Co-production reviews ------------------------------------------------------------------


def _coproduction_set(
    review: CoproductionReview,
    *,
    forum: Forum | None,
    programme_group: str,
    held_on: date,
    subject: str,
    participants: int,
    outcome: str,
    decision: Decision | None,
) -> None:
    programme_group = programme_group.strip()
    errors: dict[str, list[str]] = {}
    if forum is None and not programme_group:
        errors["forum"] = ["Choose the forum that held the review, or give the programme group"]
    elif forum is not None and programme_group:
        errors["programme_group"] = [
            "Give a programme group only when no forum held the review: clear one of them"
        ]
    if held_on > timezone.localdate():
        errors["held_on"] = ["The date held must be today or in the past"]
    if participants is None or participants < 0:
        errors["participants"] = ["Enter the number of people who took part, 0 or more"]
    if decision is not None and (forum is None or decision.meeting.forum_id != forum.pk):
        errors["decision"] = [
            "Choose a decision made at a meeting of the forum that held the review"
        ]
    if errors:
        raise ValidationError(errors)
    review.forum = forum
    review.programme_group = programme_group
    review.held_on = held_on
    review.subject = subject.strip()
    review.participants = participants
    review.outcome = outcome.strip()
    review.decision = decision


@transaction.atomic
def coproduction_review_record(
    *,
    user,
    held_on: date,
    subject: str,
    participants: int,
    outcome: str,
    forum: Forum | None = None,
    programme_group: str = "",
    decision: Decision | None = None,
) -> CoproductionReview:
    """Record a co-production review held by exactly one forum or programme group, on a day
    not in the future; its history row names ``user``."""
    review = CoproductionReview()
    _coproduction_set(
        review,
        forum=forum,
        programme_group=programme_group,
        held_on=held_on,
        subject=subject,
        participants=participants,
        outcome=outcome,
        decision=decision,
    )
    return saved(review, user)


@transaction.atomic
def coproduction_review_update(
    *,
    user,
    review: CoproductionReview,
    held_on: date,
    subject: str,
    participants: int,
    outcome: str,
    forum: Forum | None = None,
    programme_group: str = "",
    decision: Decision | None = None,
) -> CoproductionReview:
    """Change a review under the same rules as ``coproduction_review_record``."""
    _coproduction_set(
        review,
        forum=forum,
        programme_group=programme_group,
        held_on=held_on,
        subject=subject,
        participants=participants,
        outcome=outcome,
        decision=decision,
    )
    return saved(review, user)


@transaction.atomic
def coproduction_review_delete(*, user, review: CoproductionReview) -> None:
    """Delete a review; its history keeps what it was and who deleted it."""
    attribute(review, user)
    review.delete()
