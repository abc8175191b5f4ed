"""Reads for "you said, we did": the list pages, the public page, the annual report and the
board pack all read entries through :func:`you_said_we_did`.

Two rules are written once, here:

* :func:`public_problem` says why an entry may not be public (``None`` when it may). The
  public page shows only the team's own "You said" and "We did", the priority, the status and
  links to public pages; even so, an entry whose source is leaders-only (a survey whose
  results are not published to everyone, a comment quote that is no longer a published
  comment, a decision of a private forum or with unpublished minutes) never goes public,
  and stops showing if its source stops being public.
* :func:`status_of` derives the status from the linked actions' own progress.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch, QuerySet
from django.urls import reverse

from actions.models import Action, ActionPlan, ProgressStatus
from communications.forum_models import PractitionerItem
from forums.models import Decision
from surveys.models import Answer, Recommendation, Survey

from .yousaid_models import YouSaid

NO_ACTION = "No action linked yet"
NOT_STARTED = "Not started"
IN_PROGRESS = "In progress"
DONE = "Done"
STATUSES = (NO_ACTION, NOT_STARTED, IN_PROGRESS, DONE)


def status_of(actions) -> str:
    """From actions annotated ``with_progress``: done when every linked action is complete
    (its latest update says so, or the action is marked complete), in progress when any has
    moved past "not started", not started otherwise; no action, nothing yet."""
    actions = list(actions)
    if not actions:
        return NO_ACTION
    complete = [
        a
        for a in actions
        if a.progress_status == ProgressStatus.COMPLETE or a.status == Action.Status.COMPLETE
    ]
    if len(complete) == len(actions):
        return DONE
    if complete or any(a.progress_status != ProgressStatus.NOT_STARTED for a in actions):
        return IN_PROGRESS
    return NOT_STARTED


def survey_is_public(survey: Survey) -> bool:
    return (
        survey.status == Survey.Status.PUBLISHED
        and survey.results_audience == Survey.Audience.PUBLIC
    )


def published_comments(survey: Survey) -> list[str]:
    """The survey's published comments' texts (what its results page shows): copies only."""
    return list(
        Answer.objects.filter(
            response__survey=survey,
            moderation=Answer.Moderation.PUBLISH,
        )
        .exclude(published_text="")
        .order_by("published_text")
        .values_list("published_text", flat=True)
        .distinct()
    )


def _published_by_survey(survey_ids) -> dict:
    found: dict = {pk: set() for pk in survey_ids}
    if survey_ids:
        for survey_id, text in (
            Answer.objects.filter(
                response__survey_id__in=survey_ids, moderation=Answer.Moderation.PUBLISH
            )
            .exclude(published_text="")
            .values_list("response__survey_id", "published_text")
        ):
            found[survey_id].add(text)
    return found


def decision_is_public(decision: Decision) -> bool:
    meeting = decision.meeting
    return meeting.forum.is_public and meeting.minutes_public


def public_problem(entry: YouSaid, published: dict | None = None) -> str | None:
    """Why ``entry`` may not be shown to everyone, or ``None``. ``published``: the published
    comments by survey id, when the caller read them for many entries at once."""
    kind = entry.source_kind
    if kind == YouSaid.Source.RECOMMENDATION:
        if not survey_is_public(entry.recommendation.survey):
            return (
                "This survey's results are not published to everyone: publish them to the "
                "public first."
            )
    elif kind == YouSaid.Source.COMMENT_THEME:
        if not survey_is_public(entry.survey):
            return (
                "This survey's results are not published to everyone: publish them to the "
                "public first."
            )
        comments = (
            published[entry.survey_id]
            if published is not None
            else published_comments(entry.survey)
        )
        if entry.quote and entry.quote not in comments:
            return "The quote is no longer one of the survey's published comments: remove it."
    elif kind == YouSaid.Source.DECISION:
        if not decision_is_public(entry.decision):
            return (
                "This decision was made by a forum that is not public, or its minutes are not "
                "published: it is for leaders only."
            )
    elif (
        kind == YouSaid.Source.PRACTITIONER_ITEM
        and entry.practitioner_item.moderation != PractitionerItem.Moderation.ACCEPTED
    ):
        return "This practitioner-forum item is no longer accepted."
    return None


def _entries(on: date | None = None) -> QuerySet:
    return YouSaid.objects.select_related(
        "priority",
        "recommendation__survey",
        "recommendation__priority",
        "survey",
        "decision__meeting__forum",
        "practitioner_item",
    ).prefetch_related(
        Prefetch(
            "actions",
            queryset=Action.objects.with_progress(on)
            .select_related("plan", "priority")
            .order_by("code"),
        )
    )


def entry_list(*, priority=None, source_kind: str = "", is_public: bool | None = None):
    """The staff list, filtered."""
    entries = _entries()
    if priority is not None:
        entries = entries.filter(priority=priority)
    if source_kind:
        entries = entries.filter(source_kind=source_kind)
    if is_public is not None:
        entries = entries.filter(is_public=is_public)
    return entries.order_by("priority__number", "-created_at", "-pk")


def entry_get(pk: int) -> YouSaid | None:
    return _entries().filter(pk=pk).first()


def with_status(entries) -> list[YouSaid]:
    entries = list(entries)
    for entry in entries:
        entry.status = status_of(entry.actions.all())
    return entries


@dataclass(frozen=True)
class PublicLink:
    label: str
    url: str


@dataclass(frozen=True)
class PublicEntry:
    """What may be shown to everyone: nothing from the source itself is copied here."""

    you_said: str
    we_did: str
    source: str
    status: str
    actions: list[PublicLink]


@dataclass(frozen=True)
class PriorityGroup:
    priority: object  # ccpl.Priority or None
    entries: list


def _public_entry(entry: YouSaid, public_plan_id) -> PublicEntry:
    links = []
    for action in entry.actions.all():
        if action.plan_id == public_plan_id:
            links.append(
                PublicLink(
                    f"{action.code} {action.display_title}",
                    reverse("actions:public_plan") + f"#priority-{action.priority.number}",
                )
            )
    return PublicEntry(
        you_said=entry.you_said,
        we_did=entry.we_did,
        source=entry.get_source_kind_display(),
        status=status_of(entry.actions.all()),
        actions=links,
    )


def you_said_we_did(*, public_only: bool, on: date | None = None) -> list[PriorityGroup]:
    """Entries grouped by priority (entries with none last), each with its status as of
    ``on`` (today). ``public_only``: only entries marked public whose source may still be
    shown (``public_problem``), as :class:`PublicEntry` — the team's words only."""
    entries = _entries(on)
    if on is not None:
        entries = entries.filter(created_at__date__lte=on)
    if public_only:
        entries = entries.filter(is_public=True)
    public_plan = ActionPlan.objects.filter(status=ActionPlan.Status.ACTIVE).first()
    plan_id = public_plan.pk if public_plan else None
    entries = list(entries.order_by("priority__number", "-created_at", "-pk"))
    published = _published_by_survey(
        {e.survey_id for e in entries if e.source_kind == YouSaid.Source.COMMENT_THEME}
    )
    groups: dict = {}
    for entry in entries:
        if public_only:
            if public_problem(entry, published) is not None:
                continue
            shown = _public_entry(entry, plan_id)
        else:
            entry.status = status_of(entry.actions.all())
            shown = entry
        groups.setdefault(entry.priority_id, PriorityGroup(entry.priority, [])).entries.append(
            shown
        )
    return sorted(
        groups.values(),
        key=lambda g: (g.priority is None, g.priority.number if g.priority else 0),
    )


# Choices for the forms: only valid sources.


def recommendation_choices() -> QuerySet:
    return (
        Recommendation.objects.exclude(text="")
        .select_related("survey", "priority")
        .order_by("-survey__year", "survey__title", "priority__number")
    )


def survey_choices() -> QuerySet:
    return Survey.objects.filter(
        status__in=[Survey.Status.CLOSED, Survey.Status.PUBLISHED]
    ).order_by("-year", "title")


def decision_choices() -> QuerySet:
    return Decision.objects.select_related("meeting__forum").order_by("-meeting__starts_at", "pk")


def practitioner_item_choices() -> QuerySet:
    return PractitionerItem.objects.filter(
        moderation=PractitionerItem.Moderation.ACCEPTED
    ).order_by("-created_at", "-pk")
