"""Reads for the practitioner forum. Who sees what:

* accepted items (not merged) are seen by every reader of the forum; an item waiting for
  moderation or hidden is seen only by its author (hidden: only the moderators' reason) and
  by the moderators;
* the author of an anonymous item or comment is shown as "Anonymous" to everyone except the
  CCPL team's moderators (and the author, as "You (shown to others as anonymous)"). Pages
  never read ``author`` themselves: they show ``author_display``, set here.

Figures about the forum go through ``ccpl.disclosure``; anonymous items never count towards
a figure by the author's professional group.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import date, datetime, time

import rules
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

from ccpl import disclosure
from ccpl.history import end_of_day
from ccpl.models import ProfessionalGroup

from .forum_models import PractitionerComment, PractitionerItem, PractitionerSupport

Item = PractitionerItem
ANONYMOUS = "Anonymous"
ANONYMOUS_TO_OTHERS = "You (shown to others as anonymous)"
WHO_SEES_THE_AUTHOR = (
    "Only the CCPL team's moderators can see that you wrote this. Other leaders, executives, "
    "forum chairs and the public cannot."
)


def is_moderator(user) -> bool:
    return rules.has_perm("communications.moderate_forum", user)


def _person_id(user):
    person = getattr(user, "person", None) if user.is_authenticated else None
    return person.pk if person is not None else None


def author_label(obj, *, viewer_person_id, moderator: bool) -> str:
    """What ``viewer`` may read as the author of an item or comment."""
    own = viewer_person_id is not None and obj.author_id == viewer_person_id
    if not obj.anonymous:
        return obj.author.full_name
    if own:
        return ANONYMOUS_TO_OTHERS
    if moderator:
        return f"{obj.author.full_name} (posted anonymously)"
    return ANONYMOUS


def _present(objects, user):
    person_id, moderator = _person_id(user), is_moderator(user)
    for obj in objects:
        obj.author_display = author_label(obj, viewer_person_id=person_id, moderator=moderator)
        obj.is_own = person_id is not None and obj.author_id == person_id
    return objects


def _with_counts(items: QuerySet, user) -> QuerySet:
    person_id = _person_id(user)
    return items.annotate(
        support_count=Count("supports", distinct=True),
        comment_count=Count("comments", filter=Q(comments__hidden=False), distinct=True),
        supported=Exists(
            PractitionerSupport.objects.filter(item=OuterRef("pk"), person_id=person_id)
        ),
    ).select_related("author", "priority", "place")


def visible_items(user) -> QuerySet:
    """The items ``user`` may open: accepted ones, and their own whatever their state."""
    shown = Q(moderation=Item.Moderation.ACCEPTED)
    person_id = _person_id(user)
    if person_id is not None:
        shown |= Q(author_id=person_id) & ~Q(moderation=Item.Moderation.MERGED)
    return Item.objects.filter(shown)


SORTS = {"newest": ("-created_at", "-pk"), "supported": ("-support_count", "-created_at", "-pk")}


def forum_list(
    user,
    *,
    kind: str = "",
    status: str = "",
    priority=None,
    place=None,
    search: str = "",
    sort: str = "newest",
) -> QuerySet:
    """The forum's list for ``user``, filtered; sorted newest first or most supported first
    (never by anything about the author)."""
    items = visible_items(user)
    if kind:
        items = items.filter(kind=kind)
    if status:
        items = items.filter(status=status)
    if priority is not None:
        items = items.filter(priority=priority)
    if place is not None:
        items = items.filter(place=place)
    if search:
        items = items.filter(Q(title__icontains=search) | Q(body__icontains=search))
    return _with_counts(items, user).order_by(*SORTS.get(sort, SORTS["newest"]))


def present(items, user):
    """Give each item (or comment) of a page its ``author_display`` for ``user``."""
    return _present(list(items), user)


def item_page(user, pk: int):
    """The item as ``user`` may see it, or ``None``; a merged item is returned as is (the
    page sends its reader on to the item it was merged into)."""
    found = (
        _with_counts(Item.objects.filter(pk=pk), user)
        .select_related(
            "merged_into", "forum", "meeting", "decision__meeting", "action", "action__plan"
        )
        .first()
    )
    if found is None:
        return None
    person_id = _person_id(user)
    own = person_id is not None and found.author_id == person_id
    if found.moderation == Item.Moderation.MERGED:
        return found
    if found.moderation != Item.Moderation.ACCEPTED and not (own or is_moderator(user)):
        return None
    return _present([found], user)[0]


def comments(item, user) -> list:
    """The item's comments, oldest first. A hidden comment keeps its place with the
    moderators' reason; its text and author are left out for everyone but the moderators."""
    found = list(
        PractitionerComment.objects.filter(item=item)
        .select_related("author")
        .order_by("created_at", "pk")
    )
    return _present(found, user)


NEEDS_ATTENTION = "attention"


def moderation_queue(*, moderation: str = NEEDS_ATTENTION) -> QuerySet:
    """Items for the moderators, oldest first: by default those waiting for moderation or
    accepted and not yet taken anywhere; or those in one moderation state; or every item."""
    items = Item.objects.select_related("author", "priority", "place")
    if moderation == NEEDS_ATTENTION:
        items = items.filter(
            Q(moderation=Item.Moderation.PENDING)
            | Q(moderation=Item.Moderation.ACCEPTED, status=Item.Status.RECEIVED)
        )
    elif moderation:
        items = items.filter(moderation=moderation)
    return items.order_by("created_at", "pk")


def merge_targets(item) -> QuerySet:
    return Item.objects.filter(moderation=Item.Moderation.ACCEPTED).exclude(pk=item.pk)


def _links(items) -> list[dict]:
    return [
        {
            "title": item.title,
            "kind": item.get_kind_display(),
            "status": item.get_status_display(),
            "url": item.get_absolute_url(),
        }
        for item in items.filter(moderation=Item.Moderation.ACCEPTED).order_by("created_at", "pk")
    ]


def items_for_meeting(meeting_id: int) -> list[dict]:
    """Accepted items routed to the meeting, as agenda items: title, kind, status, address.
    No author."""
    return _links(Item.objects.filter(meeting_id=meeting_id))


def items_for_action(action_id: int) -> list[dict]:
    """Accepted items that led to the action (title, kind, status, address). No author."""
    return _links(Item.objects.filter(action_id=action_id))


def items_for_you_said_we_did() -> list[dict]:
    """Accepted items that were answered or acted on, newest first, with what came of them
    ("you said, we did"): no author, anonymous or not."""
    items = (
        Item.objects.filter(
            moderation=Item.Moderation.ACCEPTED,
            status__in=[Item.Status.ANSWERED, Item.Status.ACTED_ON],
        )
        .select_related("priority", "place", "decision__meeting__forum", "action")
        .order_by("-status_changed_at", "-pk")
    )
    return [
        {
            "pk": item.pk,
            "kind": item.get_kind_display(),
            "title": item.title,
            "status": item.get_status_display(),
            "answer": item.answer,
            "priority": str(item.priority) if item.priority else "",
            "place": item.place.name if item.place else "",
            "decision": item.decision.text if item.decision else "",
            "action": str(item.action) if item.action else "",
            "action_id": item.action_id,
            "decision_id": item.decision_id,
            "changed_at": item.status_changed_at,
            "url": item.get_absolute_url(),
        }
        for item in items
    ]


# --- Engagement figures ----------------------------------------------------------------------

NO_PLACE = "Whole system (no Place)"
NO_GROUP = "Not recorded"


@dataclass(frozen=True)
class ForumEngagement:
    start: date
    end: date
    by_status: dict  # status label → items (item counts: nobody is described)
    median_days_to_answer: float | None
    answered: int
    by_group: disclosure.DisclosedTable  # named items only, by the author's group × status
    by_place: disclosure.DisclosedTable  # every item, by its Place × status
    statuses: list

    @property
    def items(self) -> int:
        """Items posted in the period that the moderators let stand."""
        return sum(self.by_status.values())

    @property
    def tables(self) -> list[tuple[str, str, disclosure.DisclosedTable]]:
        """``(title, first column, table)`` for the figures page, its CSV and the report."""
        return [
            (
                "By the author's professional group (named items only)",
                "Professional group",
                self.by_group,
            ),
            ("By Place", "Place", self.by_place),
        ]


def forum_engagement(start: date, end: date) -> ForumEngagement:
    """Items posted from ``start`` to ``end`` (accepted or merged: what leaders posted and the
    moderators let stand): by status, the median days to an answer, and by the author's
    professional group (named items only) and by Place, both through disclosure control."""
    items = Item.objects.filter(
        created_at__gte=timezone.make_aware(datetime.combine(start, time.min)),
        created_at__lte=end_of_day(end),
        moderation=Item.Moderation.ACCEPTED,
    )
    statuses = list(Item.Status.values)
    labels = dict(Item.Status.choices)
    rows = list(items.values("status").annotate(n=Count("pk")))
    by_status = {labels[s]: 0 for s in statuses}
    for row in rows:
        by_status[labels[row["status"]]] = row["n"]
    waits = [
        (answered - created).total_seconds() / 86400
        for created, answered in items.filter(answered_at__isnull=False).values_list(
            "created_at", "answered_at"
        )
    ]
    median = round(statistics.median(waits), 1) if waits else None

    group_counts: dict = {}
    for row in (
        items.filter(anonymous=False)
        .annotate(
            family=Coalesce(
                "author__professional_group__parent__name", "author__professional_group__name"
            )
        )
        .values("family", "status")
        .annotate(n=Count("pk"))
    ):
        family = row["family"] or NO_GROUP
        group_counts.setdefault(family, {})[labels[row["status"]]] = row["n"]
    families = list(
        ProfessionalGroup.objects.filter(parent__isnull=True)
        .order_by("order", "name")
        .values_list("name", flat=True)
    )
    group_rows = families + sorted(k for k in group_counts if k not in families)
    by_group = disclosure.people_count_table(
        group_counts, rows=group_rows, columns=[labels[s] for s in statuses]
    )

    place_counts: dict = {}
    for row in items.values("place__name", "status").annotate(n=Count("pk")):
        place_counts.setdefault(row["place__name"] or NO_PLACE, {})[labels[row["status"]]] = row[
            "n"
        ]
    place_rows = sorted(k for k in place_counts if k != NO_PLACE) + (
        [NO_PLACE] if NO_PLACE in place_counts else []
    )
    by_place = disclosure.people_count_table(
        place_counts, rows=place_rows, columns=[labels[s] for s in statuses]
    )
    return ForumEngagement(
        start=start,
        end=end,
        by_status=by_status,
        median_days_to_answer=median,
        answered=len(waits),
        by_group=by_group,
        by_place=by_place,
        statuses=[labels[s] for s in statuses],
    )
