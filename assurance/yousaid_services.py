"""Writes of "you said, we did": the CCPL team adds, changes, deletes and publishes entries.
Each write is transactional and audited; each refuses a source that does not fit, whoever
calls it (the views check permissions too)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from ccpl.history import attribute, saved
from communications.forum_models import PractitionerItem

from . import yousaid_selectors as selectors
from .yousaid_models import YouSaid

SOURCE_FIELDS = {
    YouSaid.Source.RECOMMENDATION: "recommendation",
    YouSaid.Source.COMMENT_THEME: "survey",
    YouSaid.Source.DECISION: "decision",
    YouSaid.Source.PRACTITIONER_ITEM: "practitioner_item",
}
EDIT_FIELDS = (
    "source_kind",
    "recommendation",
    "survey",
    "theme",
    "quote",
    "decision",
    "practitioner_item",
    "you_said",
    "we_did",
    "priority",
)


def _check_source(entry: YouSaid) -> None:
    kind = entry.source_kind
    if kind not in SOURCE_FIELDS:
        raise ValidationError({"source_kind": "Choose where it came from."})
    wanted = SOURCE_FIELDS[kind]
    errors = {}
    for field in SOURCE_FIELDS.values():
        if field != wanted:
            setattr(entry, field, None)
    if kind != YouSaid.Source.COMMENT_THEME:
        entry.theme = ""
        entry.quote = ""
    if getattr(entry, wanted) is None:
        errors[wanted] = "Choose the " + YouSaid.Source(kind).label.lower() + "."
    elif kind == YouSaid.Source.PRACTITIONER_ITEM and (
        entry.practitioner_item.moderation != PractitionerItem.Moderation.ACCEPTED
    ):
        errors[wanted] = "Only an accepted practitioner-forum item can be linked."
    elif kind == YouSaid.Source.RECOMMENDATION and not entry.recommendation.text.strip():
        errors[wanted] = "This recommendation has no text yet."
    elif kind == YouSaid.Source.COMMENT_THEME:
        if not entry.theme.strip():
            errors["theme"] = "Give the theme of the comments."
        entry.quote = entry.quote.strip()
        if entry.quote and entry.quote not in selectors.published_comments(entry.survey):
            errors["quote"] = "The quote must be one of this survey's published comments."
    if errors:
        raise ValidationError(errors)


def _check_public(entry: YouSaid) -> None:
    if entry.is_public:
        problem = selectors.public_problem(entry)
        if problem:
            raise ValidationError({"is_public": f"This entry cannot be made public. {problem}"})


def _save(entry: YouSaid, user, actions, *, reason: str = "") -> YouSaid:
    _check_source(entry)
    _check_public(entry)
    entry = saved(entry, user, reason=reason)
    if actions is not None:
        entry.actions.set(actions)
    return entry


@transaction.atomic
def entry_create(*, user, actions=(), is_public: bool = False, **fields) -> YouSaid:
    entry = YouSaid(created_by=user if user and user.is_authenticated else None)
    for name in EDIT_FIELDS:
        if name in fields:
            setattr(entry, name, fields[name] if fields[name] is not None else _blank(name))
    entry.is_public = is_public
    return _save(entry, user, list(actions))


def _blank(name):
    return "" if name in ("theme", "quote", "we_did", "you_said", "source_kind") else None


@transaction.atomic
def entry_update(*, user, entry: YouSaid, actions=None, **fields) -> YouSaid:
    entry = YouSaid.objects.select_for_update().get(pk=entry.pk)
    for name in EDIT_FIELDS:
        if name in fields:
            setattr(entry, name, fields[name] if fields[name] is not None else _blank(name))
    if "is_public" in fields:
        entry.is_public = fields["is_public"]
    return _save(entry, user, None if actions is None else list(actions))


@transaction.atomic
def entry_set_public(*, user, entry: YouSaid, is_public: bool) -> YouSaid:
    """Show the entry on the public page, or take it off. Refused when its source is
    leaders-only (``yousaid_selectors.public_problem``)."""
    entry = YouSaid.objects.select_for_update().get(pk=entry.pk)
    entry.is_public = is_public
    _check_public(entry)
    return saved(entry, user, reason="Made public" if is_public else "Taken off the public page")


@transaction.atomic
def entry_delete(*, user, entry: YouSaid) -> None:
    attribute(entry, user, reason="Deleted")
    entry.delete()
