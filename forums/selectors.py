"""Reads for forums. Each selector runs a fixed number of queries, however many rows."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from ccpl import history
from ccpl.models import Person, ProfessionalGroup
from ccpl.periods import financial_year

from . import hooks
from .models import (
    Attendance,
    CoproductionReview,
    Decision,
    Forum,
    Meeting,
    MeetingPaper,
    Membership,
    ReportingLine,
)

# --- Members ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ForumMember:
    """One seat at a forum's table. ``source`` says how the person sits there: a direct
    membership here; the roles app adds people who sit by virtue of a leadership role."""

    person: Person
    member_type: str
    member_type_label: str
    starts_on: date | None
    ends_on: date | None
    source: str = "membership"
    membership: Membership | None = None


def forum_members_by_forum(
    forum_ids: Iterable[int], *, on: date | None = None, include_past: bool = False
) -> dict[int, list[ForumMember]]:
    """Members of each forum, by forum id, sorted by family name (two queries).

    The one member list: every page, export and count of forum members reads it. It
    holds the direct members and the holders of the forum's role seats (``source="role"``,
    from the roles app), who change when the role's appointment does.
    """
    forum_ids = list(forum_ids)
    memberships = Membership.objects.filter(forum_id__in=forum_ids)
    if not include_past:
        memberships = memberships.current(on)
    memberships = memberships.select_related(
        "person__professional_group__parent", "person__organisation"
    ).order_by("person__family_name", "person__given_name", "starts_on")
    members: dict[int, list[ForumMember]] = defaultdict(list)
    for m in memberships:
        members[m.forum_id].append(
            ForumMember(
                person=m.person,
                member_type=m.member_type,
                member_type_label=m.get_member_type_display(),
                starts_on=m.starts_on,
                ends_on=m.ends_on,
                membership=m,
            )
        )
    seats = hooks.seat_holders_by_forum(forum_ids, on=on, include_past=include_past)
    for forum_id, holders in seats.items():
        members[forum_id].extend(
            ForumMember(
                person=holder.person,
                member_type="role",
                member_type_label=holder.label,
                starts_on=holder.appointment.starts_on,
                ends_on=holder.appointment.ended_on,
                source="role",
            )
            for holder in holders
        )
        members[forum_id].sort(
            key=lambda m: (m.person.family_name, m.person.given_name, m.starts_on or date.min)
        )
    return members


def forum_members(
    forum: Forum, *, on: date | None = None, include_past: bool = False
) -> list[ForumMember]:
    """Members of one forum, current on ``on`` (today) unless ``include_past``."""
    return forum_members_by_forum([forum.pk], on=on, include_past=include_past).get(forum.pk, [])


# --- Attendance -------------------------------------------------------------------------


@dataclass(frozen=True)
class AttendanceRate:
    present: int = 0
    apologies: int = 0
    absent: int = 0

    @property
    def recorded(self) -> int:
        return self.present + self.apologies + self.absent

    @property
    def rate(self) -> float | None:
        """Share of recorded meetings the person (or forum) was present at; None if none."""
        return self.present / self.recorded if self.recorded else None

    @property
    def percent(self) -> int | None:
        return None if self.rate is None else round(self.rate * 100)


_ATTENDANCE_COUNTS = {
    "present": Count("pk", filter=Q(status=Attendance.Status.PRESENT)),
    "apologies": Count("pk", filter=Q(status=Attendance.Status.APOLOGIES)),
    "absent": Count("pk", filter=Q(status=Attendance.Status.ABSENT)),
}


@dataclass(frozen=True)
class AttendanceSummary:
    overall: AttendanceRate
    by_person: dict[int, AttendanceRate] = field(default_factory=dict)

    def for_person(self, person_id: int) -> AttendanceRate:
        return self.by_person.get(person_id, AttendanceRate())


def _held_attendance(forum: Forum | None, since: date | None, until: date | None):
    """The attendance rule: the records of held meetings (of one forum, or all), by date."""
    records = Attendance.objects.filter(meeting__status=Meeting.Status.HELD)
    if forum is not None:
        records = records.filter(meeting__forum=forum)
    if since:
        records = records.filter(meeting__starts_at__date__gte=since)
    if until:
        records = records.filter(meeting__starts_at__date__lte=until)
    return records


def attendance_overall(
    *, forum: Forum | None = None, since: date | None = None, until: date | None = None
) -> AttendanceRate:
    """Attendance at held meetings of one forum, or of every forum at once (one query)."""
    records = _held_attendance(forum, since, until)
    return AttendanceRate(**records.aggregate(**_ATTENDANCE_COUNTS))


def attendance_summary(
    forum: Forum, *, since: date | None = None, until: date | None = None
) -> AttendanceSummary:
    """Attendance at a forum's held meetings, overall and per person, counted in the database."""
    records = _held_attendance(forum, since, until)
    overall = AttendanceRate(**records.aggregate(**_ATTENDANCE_COUNTS))
    per_person = records.order_by().values("person_id").annotate(**_ATTENDANCE_COUNTS)
    return AttendanceSummary(
        overall=overall,
        by_person={
            row["person_id"]: AttendanceRate(
                present=row["present"], apologies=row["apologies"], absent=row["absent"]
            )
            for row in per_person
        },
    )


def attendance_by_forum(
    *, since: date | None = None, until: date | None = None
) -> dict[int, AttendanceRate]:
    """Attendance at each forum's held meetings, by forum id, counted in the database (one
    query; a forum with no records is left out)."""
    rows = (
        _held_attendance(None, since, until)
        .order_by()
        .values("meeting__forum_id")
        .annotate(**_ATTENDANCE_COUNTS)
    )
    return {
        row["meeting__forum_id"]: AttendanceRate(
            present=row["present"], apologies=row["apologies"], absent=row["absent"]
        )
        for row in rows
    }


@dataclass(frozen=True)
class ForumActivity:
    """What forums did in a period, by forum id: meetings held, decisions recorded at their
    meetings, attendance at held meetings; and the decisions by priority id (``None`` for
    those serving no priority). Forums that did nothing are left out of each mapping."""

    meetings_held: dict[int, int]
    decisions: dict[int, int]
    decisions_by_priority: dict[int | None, int]
    attendance: dict[int, AttendanceRate]


def forum_activity(forum_ids: Iterable[int], *, since: date, until: date) -> ForumActivity:
    """:class:`ForumActivity` of the given forums between two dates (inclusive), counted in
    the database (four queries, however many forums)."""
    forum_ids = list(forum_ids)
    meetings = Meeting.objects.filter(
        forum_id__in=forum_ids, starts_at__date__gte=since, starts_at__date__lte=until
    ).order_by()
    decisions = Decision.objects.filter(meeting__in=meetings).order_by()
    wanted = set(forum_ids)
    return ForumActivity(
        meetings_held=dict(
            meetings.filter(status=Meeting.Status.HELD)
            .values("forum_id")
            .annotate(n=Count("pk"))
            .values_list("forum_id", "n")
        ),
        decisions=dict(
            decisions.values("meeting__forum_id")
            .annotate(n=Count("pk"))
            .values_list("meeting__forum_id", "n")
        ),
        decisions_by_priority=dict(
            decisions.values("priority_id").annotate(n=Count("pk")).values_list("priority_id", "n")
        ),
        attendance={
            forum_id: rate
            for forum_id, rate in attendance_by_forum(since=since, until=until).items()
            if forum_id in wanted
        },
    )


# --- Lists and pages --------------------------------------------------------------------


def _count_subquery(queryset, outer_field="pk"):
    """A correlated COUNT(*) so several counts can annotate one row without join blow-up."""
    return Coalesce(
        Subquery(
            queryset.filter(forum=OuterRef(outer_field))
            .order_by()
            .values("forum")
            .annotate(n=Count("pk"))
            .values("n")[:1],
            output_field=IntegerField(),
        ),
        0,
    )


def forum_list(*, public_only: bool = False, now=None, as_of: date | None = None):
    """Forums with their current member count, next meeting and attendance counts.

    With ``as_of`` (a past period's end): only the forums recorded by the end of that day,
    with their member count on that day."""
    now = now or timezone.now()
    today = as_of or timezone.localdate(now)
    forums = Forum.objects.with_related()
    if public_only:
        forums = forums.public()
    if as_of is not None:
        forums = forums.filter(pk__in=history.ids_recorded_by(Forum, as_of))
    held = Attendance.objects.filter(meeting__status=Meeting.Status.HELD)

    def attendance_count(**filters):
        return Coalesce(
            Subquery(
                held.filter(meeting__forum=OuterRef("pk"), **filters)
                .order_by()
                .values("meeting__forum")
                .annotate(n=Count("pk"))
                .values("n")[:1],
                output_field=IntegerField(),
            ),
            0,
        )

    return forums.annotate(
        member_count=_count_subquery(Membership.objects.current(today)),
        next_meeting_at=Subquery(
            Meeting.objects.upcoming(now).filter(forum=OuterRef("pk")).values("starts_at")[:1]
        ),
        attendance_present=attendance_count(status=Attendance.Status.PRESENT),
        attendance_recorded=attendance_count(),
    )


DECISIONS_ON_FORUM_PAGE = 30
COPRODUCTION_ON_FORUM_PAGE = 10


@dataclass
class ForumPage:
    forum: Forum
    terms: list
    reports_to: list
    reported_to_by: list
    members: list[ForumMember]
    past_members: list[ForumMember]
    attendance: AttendanceSummary
    meetings: list[Meeting]
    decisions: list[Decision]
    coproduction_reviews: list[CoproductionReview] = field(default_factory=list)

    @property
    def current_terms(self):
        return self.terms[0] if self.terms else None


def forum_page(forum: Forum, *, public: bool = False, now=None) -> ForumPage:
    """Everything the forum page shows. ``public`` keeps only public papers and published
    minutes, and leaves out links to forums that are not public."""
    now = now or timezone.now()
    lines_up = forum.reporting_lines.select_related("reports_to").order_by("reports_to__name")
    lines_down = forum.reporting_lines_in.select_related("forum").order_by("forum__name")
    papers = MeetingPaper.objects.order_by("title")
    if public:
        lines_up = lines_up.filter(reports_to__is_public=True)
        lines_down = lines_down.filter(forum__is_public=True)
        papers = papers.filter(is_public=True)
    meetings = (
        forum.meetings.order_by("-starts_at")
        .annotate(
            present_count=Count("attendance", filter=Q(attendance__status="present")),
            recorded_count=Count("attendance"),
        )
        .prefetch_related(Prefetch("papers", queryset=papers))
    )
    all_members = forum_members(forum, include_past=True)
    today = timezone.localdate(now)
    current = [
        m
        for m in all_members
        if (m.starts_on is None or m.starts_on <= today)
        and (m.ends_on is None or m.ends_on >= today)
    ]
    past = [m for m in all_members if m.ends_on is not None and m.ends_on < today]
    return ForumPage(
        forum=forum,
        terms=list(forum.terms_of_reference.order_by("-version")),
        reports_to=list(lines_up),
        reported_to_by=list(lines_down),
        members=current,
        past_members=past,
        attendance=attendance_summary(forum),
        meetings=list(meetings),
        decisions=[]
        if public
        else list(
            Decision.objects.filter(meeting__forum=forum).select_related("meeting", "priority")[
                :DECISIONS_ON_FORUM_PAGE
            ]
        ),
        coproduction_reviews=[]
        if public
        else list(coproduction_reviews(forum=forum)[:COPRODUCTION_ON_FORUM_PAGE]),
    )


def meeting_page(meeting: Meeting):
    """A meeting with its attendance, papers and decisions (fixed queries)."""
    return (
        Meeting.objects.select_related("forum")
        .prefetch_related(
            Prefetch(
                "attendance",
                queryset=Attendance.objects.select_related("person__professional_group"),
            ),
            Prefetch("papers", queryset=MeetingPaper.objects.order_by("title")),
            Prefetch("decisions", queryset=Decision.objects.select_related("priority")),
        )
        .get(pk=meeting.pk)
    )


def decisions_log():
    """Every decision, newest first, with its forum, meeting and priority."""
    return Decision.objects.select_related("meeting__forum", "priority").order_by(
        "-meeting__starts_at", "pk"
    )


def upcoming_meetings(*, public_only: bool = False, forum: Forum | None = None, now=None):
    meetings = Meeting.objects.upcoming(now).select_related("forum")
    if public_only:
        meetings = meetings.filter(forum__is_public=True)
    if forum is not None:
        meetings = meetings.filter(forum=forum)
    return meetings


def calendar_meetings(forum: Forum, *, now=None):
    """Meetings for a forum's calendar feed: a year back and everything ahead."""
    now = now or timezone.now()
    return (
        forum.meetings.filter(starts_at__gte=now - timedelta(days=366))
        .prefetch_related("papers")
        .order_by("starts_at")
    )


# --- Membership mix ---------------------------------------------------------------------


@dataclass
class MembershipMix:
    forum: Forum
    member_count: int
    by_member_type: dict[str, int]
    professional_groups: list[tuple[ProfessionalGroup, int]]
    no_professional_group: int
    has_lived_experience: bool
    has_vcse: bool
    expected_professions: list[ProfessionalGroup]
    missing_professions: list[ProfessionalGroup]

    @property
    def missing_lived_experience(self) -> bool:
        return self.forum.expects_lived_experience and not self.has_lived_experience

    @property
    def missing_vcse(self) -> bool:
        return self.forum.expects_vcse and not self.has_vcse

    @property
    def flagged(self) -> bool:
        """Something the forum's remit expects has nobody (``forums.remits``)."""
        return bool(self.missing_professions or self.missing_lived_experience or self.missing_vcse)


def _represents(group: ProfessionalGroup | None, flagged: ProfessionalGroup) -> bool:
    """A member of a group represents it and its parent family."""
    return group is not None and (group.pk == flagged.pk or group.parent_id == flagged.pk)


def membership_mix(forums=None, *, on: date | None = None) -> list[MembershipMix]:
    """For each forum: professions represented, lived-experience and VCSE voices, and which
    of the professions its remit expects have nobody (``forums.remits``). Exact counts, for
    staff pages: anything published must go through ``ccpl.disclosure``.

    The members are those of :func:`forum_members_by_forum` (direct members and role-seat
    holders), read as plain rows: only who sits where, as what, in which profession (five
    queries, however many forums)."""
    forums = list(forums if forums is not None else Forum.objects.with_related())
    forum_ids = [f.pk for f in forums]
    # (person id, member type, professional group id) of each seat, by forum.
    seats_by_forum: dict[int, list[tuple[int, str, int | None]]] = defaultdict(list)
    for forum_id, person_id, member_type, group_id in (
        Membership.objects.filter(forum_id__in=forum_ids)
        .current(on)
        .order_by()
        .values_list("forum_id", "person_id", "member_type", "person__professional_group_id")
    ):
        seats_by_forum[forum_id].append((person_id, member_type, group_id))
    for forum_id, holders in hooks.seat_holders_by_forum(forum_ids, on=on).items():
        seats_by_forum[forum_id].extend(
            (holder.person.pk, "role", holder.person.professional_group_id) for holder in holders
        )
    group_objects = ProfessionalGroup.objects.in_bulk(
        {group_id for seats in seats_by_forum.values() for _p, _t, group_id in seats} - {None}
    )
    expected_by_forum: dict[int, list[ProfessionalGroup]] = defaultdict(list)
    links = Forum.expected_professions.through.objects.filter(
        forum_id__in=forum_ids
    ).select_related("professionalgroup")
    for link in links:
        expected_by_forum[link.forum_id].append(link.professionalgroup)
    for expected in expected_by_forum.values():
        expected.sort(key=lambda group: (group.order, group.name))
    mix = []
    for forum in forums:
        seats = seats_by_forum.get(forum.pk, [])
        people = {person_id: group_id for person_id, _type, group_id in seats}
        type_counts: dict[str, int] = defaultdict(int)
        for _person, member_type, _group in seats:
            type_counts[member_type] += 1
        group_counts: dict[int, int] = defaultdict(int)
        for group_id in people.values():
            if group_id:
                group_counts[group_id] += 1
        groups = {pk: group_objects[pk] for pk in group_counts}
        mix.append(
            MembershipMix(
                forum=forum,
                member_count=len(people),
                by_member_type=dict(type_counts),
                professional_groups=sorted(
                    ((groups[pk], n) for pk, n in group_counts.items()),
                    key=lambda pair: (pair[0].order, pair[0].name),
                ),
                no_professional_group=sum(1 for g in people.values() if not g),
                has_lived_experience=type_counts[Membership.MemberType.LIVED_EXPERIENCE] > 0,
                has_vcse=type_counts[Membership.MemberType.VCSE] > 0,
                expected_professions=expected_by_forum[forum.pk],
                missing_professions=[
                    expected
                    for expected in expected_by_forum[forum.pk]
                    if not any(_represents(g, expected) for g in groups.values())
                ],
            )
        )
    return mix


# --- Governance graph -------------------------------------------------------------------


@dataclass
class GovernanceGraph:
    forums: list[Forum]
    lines: list[ReportingLine]

    def parents(self) -> dict[int, list[ReportingLine]]:
        up = defaultdict(list)
        for line in self.lines:
            up[line.forum_id].append(line)
        return up

    def children(self) -> dict[int, list[ReportingLine]]:
        down = defaultdict(list)
        for line in self.lines:
            down[line.reports_to_id].append(line)
        return down

    def spine(self) -> set[int]:
        """The forums that hold a large system together: those not in a Place, and those
        other forums report to (the map and the annual report show these one by one when
        there are many forums, and count the rest by Place)."""
        return {f.pk for f in self.forums if f.place_id is None} | {
            line.reports_to_id for line in self.lines
        }

    def subgraph(self, forum_ids: set[int]) -> "GovernanceGraph":
        """This graph with only the given forums and the lines between them."""
        return GovernanceGraph(
            forums=[f for f in self.forums if f.pk in forum_ids],
            lines=[
                ln
                for ln in self.lines
                if ln.forum_id in forum_ids and ln.reports_to_id in forum_ids
            ],
        )

    def place_view(self, place_id: int) -> "GovernanceGraph":
        """A Place's forums and the forums they report to."""
        ids = {f.pk for f in self.forums if f.place_id == place_id}
        ids |= {ln.reports_to_id for ln in self.lines if ln.forum_id in ids}
        return self.subgraph(ids)

    def outside_spine_by_place(self) -> list[tuple[object, int]]:
        """``(place, number of forums)`` for the forums not in :meth:`spine`, by Place name."""
        spine = self.spine()
        counts: dict[int, list] = {}
        for forum in self.forums:
            if forum.pk not in spine and forum.place_id is not None:
                counts.setdefault(forum.place_id, [forum.place, 0])[1] += 1
        return sorted(((place, n) for place, n in counts.values()), key=lambda x: x[0].name)


def governance_graph(*, public_only: bool = False, as_of: date | None = None) -> GovernanceGraph:
    """Every forum (or every public forum) and the reporting lines between them; with
    ``as_of``, those recorded by the end of that day."""
    forums = Forum.objects.select_related("place").order_by("name")
    lines = ReportingLine.objects.select_related("forum", "reports_to").order_by(
        "reports_to__name", "forum__name"
    )
    if as_of is not None:
        forums = forums.filter(pk__in=history.ids_recorded_by(Forum, as_of))
        lines = lines.filter(
            pk__in=history.ids_recorded_by(ReportingLine, as_of),
            forum__in=forums,
            reports_to__in=forums,
        )
    if public_only:
        forums = forums.public()
        lines = lines.filter(forum__is_public=True, reports_to__is_public=True)
    return GovernanceGraph(forums=list(forums), lines=list(lines))


def person_is_current_member(person_id: int | None, forum_id: int) -> bool:
    """A current member directly, or through the role seat they hold."""
    if person_id is None:
        return False
    direct = Membership.objects.current().filter(person_id=person_id, forum_id=forum_id).exists()
    return direct or hooks.person_holds_seat(person_id, forum_id)


def person_forums(person: Person, *, on: date | None = None) -> list[Membership]:
    """A person's current direct memberships, with their forums (for "your forums")."""
    return list(
        Membership.objects.current(on)
        .filter(person=person)
        .select_related("forum__place")
        .order_by("forum__name")
    )


def forums_first_recorded_on() -> date | None:
    """The day the first forum was recorded in CCPL Manager."""
    return history.first_recorded_on(Forum)


# --- Co-production reviews ------------------------------------------------------------------


def coproduction_reviews(*, forum: Forum | None = None, year: int | None = None):
    """Co-production reviews, newest first, with their forum and decision (one query);
    of one forum, and of the financial year starting in April of ``year``, when given."""
    reviews = CoproductionReview.objects.select_related("forum", "decision__meeting").order_by(
        "-held_on", "-pk"
    )
    if forum is not None:
        reviews = reviews.filter(forum=forum)
    if year is not None:
        reviews = reviews.held_between(*financial_year(date(year, 4, 1)))
    return reviews


@dataclass(frozen=True)
class CoproductionCount:
    reviews: int
    participants: int  # people: show through ccpl.disclosure


def coproduction_count(*, since: date, until: date) -> CoproductionCount:
    """Reviews held from ``since`` to ``until`` (both included) and the people with lived
    experience or the public who took part in them (one query)."""
    totals = CoproductionReview.objects.held_between(since, until).aggregate(
        reviews=Count("pk"), participants=Coalesce(Sum("participants"), 0)
    )
    return CoproductionCount(**totals)


def coproduction_years(*, today: date | None = None, back: int = 6) -> list[int]:
    """The financial years (by their starting year) the reviews list offers, newest first."""
    current = financial_year(today or timezone.localdate())[0].year
    return list(range(current, current - back, -1))
