"""Writes for the practitioner forum: posting, commenting and supporting (leaders), and the
CCPL team's moderation and routing. Every change is saved through ``ccpl.history.saved``,
so its history row names who made it; each status change also records when and by whom
on the item itself. The author hears by e-mail (through the outbox) when their item is
answered or acted on, and from nothing else."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from ccpl.history import saved
from ccpl.services import email_queue, site_url

from .forum_models import PractitionerComment, PractitionerItem, PractitionerSupport

Item = PractitionerItem


def _person_of(user):
    person = getattr(user, "person", None)
    if person is None:
        raise ValidationError("Only people with a record in CCPL Manager can take part.")
    return person


@transaction.atomic
def item_post(
    *, user, kind: str, title: str, body: str, anonymous: bool, priority=None, place=None
) -> PractitionerItem:
    """A new item, waiting for moderation (seen only by its author and the moderators)."""
    item = Item(
        author=_person_of(user),
        kind=kind,
        title=title.strip(),
        body=body.strip(),
        anonymous=anonymous,
        priority=priority,
        place=place,
    )
    return saved(item, user)


def _locked(item) -> PractitionerItem:
    return Item.objects.select_for_update().get(pk=item.pk)


def _moderated(item, user, moderation, *, reason=""):
    item.moderation = moderation
    item.moderated_by = user if user is not None and user.is_authenticated else None
    item.moderated_at = timezone.now()
    return saved(item, user, reason=reason)


@transaction.atomic
def item_accept(*, user, item) -> PractitionerItem:
    """Show the item to every leader (from waiting, or back from hidden)."""
    item = _locked(item)
    if item.moderation not in (Item.Moderation.PENDING, Item.Moderation.HIDDEN):
        raise ValidationError("Only an item waiting for moderation or hidden can be accepted.")
    item.hidden_reason = ""
    return _moderated(item, user, Item.Moderation.ACCEPTED, reason="Accepted")


@transaction.atomic
def item_hide(*, user, item, reason: str) -> PractitionerItem:
    """Hide the item from everyone but its author (who sees the reason) and the moderators."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Enter why the item is hidden"})
    item = _locked(item)
    if item.moderation == Item.Moderation.MERGED:
        raise ValidationError("This item has been merged into another.")
    item.hidden_reason = reason[:300]
    return _moderated(item, user, Item.Moderation.HIDDEN, reason="Hidden")


@transaction.atomic
def item_merge(*, user, item, into) -> PractitionerItem:
    """Merge a duplicate into ``into``: its comments move there, its supports too (one per
    person), and its address points there."""
    if into is None:
        raise ValidationError({"into": "Choose the item to merge it into"})
    if into.pk == item.pk:
        raise ValidationError({"into": "Choose another item: an item cannot be merged into itself"})
    item, into = _locked(item), _locked(into)
    if item.moderation == Item.Moderation.MERGED:
        raise ValidationError("This item has been merged already.")
    if into.moderation != Item.Moderation.ACCEPTED:
        raise ValidationError({"into": "Choose an accepted item that has not been merged"})
    PractitionerComment.objects.filter(item=item).update(item=into)
    already = set(PractitionerSupport.objects.filter(item=into).values_list("person_id", flat=True))
    PractitionerSupport.objects.filter(item=item, person_id__in=already).delete()
    PractitionerSupport.objects.filter(item=item).update(item=into)
    item.merged_into = into
    item.hidden_reason = ""
    return _moderated(item, user, Item.Moderation.MERGED, reason=f"Merged into item {into.pk}")


def _status(item, user, status, reason):
    item.status = status
    item.status_changed_by = user if user is not None and user.is_authenticated else None
    item.status_changed_at = timezone.now()
    return saved(item, user, reason=reason)


def _accepted(item) -> PractitionerItem:
    item = _locked(item)
    if item.moderation != Item.Moderation.ACCEPTED:
        raise ValidationError("Accept the item before you route or answer it.")
    return item


@transaction.atomic
def item_route(*, user, item, forum, meeting=None) -> PractitionerItem:
    """Put the item on a forum's agenda (optionally an upcoming meeting's): considered."""
    if forum is None:
        raise ValidationError({"forum": "Choose the forum"})
    if meeting is not None:
        if meeting.forum_id != forum.pk:
            raise ValidationError({"meeting": "Choose a meeting of the forum you chose"})
        if meeting.starts_at < timezone.now() or meeting.status != "planned":
            raise ValidationError({"meeting": "Choose an upcoming meeting"})
    item = _accepted(item)
    item.forum, item.meeting = forum, meeting
    item.considered_at = timezone.now()
    status = item.status
    if status == Item.Status.RECEIVED:
        status = Item.Status.CONSIDERED
    return _status(item, user, status, f"Routed to {forum}")


@transaction.atomic
def item_answer(*, user, item, answer: str) -> PractitionerItem:
    """Record the answer (shown to every leader); the author hears by e-mail."""
    answer = (answer or "").strip()
    if not answer:
        raise ValidationError({"answer": "Enter the answer"})
    item = _accepted(item)
    item.answer = answer
    item.answered_at = timezone.now()
    status = Item.Status.ANSWERED if item.status != Item.Status.ACTED_ON else item.status
    item = _status(item, user, status, "Answered")
    _tell_author(item, "answered")
    return item


@transaction.atomic
def item_act(*, user, item, decision=None, action=None, answer: str = "") -> PractitionerItem:
    """Link the item to the decision or action it led to: acted on. The author hears."""
    if decision is None and action is None:
        raise ValidationError("Choose the decision or the action this item led to")
    item = _accepted(item)
    item.decision, item.action = decision, action
    if answer.strip():
        item.answer = answer.strip()
        item.answered_at = item.answered_at or timezone.now()
    item.acted_on_at = timezone.now()
    item = _status(item, user, Item.Status.ACTED_ON, "Acted on")
    _tell_author(item, "acted on")
    return item


def _tell_author(item, what: str) -> None:
    email = item.author.email
    if not email:
        return
    email_queue(
        to=email,
        subject=f"Your {item.get_kind_display().lower()} on the practitioner forum has been {what}",
        body=(
            f"Your {item.get_kind_display().lower()} \u201c{item.title}\u201d on the "
            f"practitioner forum has been {what}.\n\n"
            f"Read it: {site_url()}{item.get_absolute_url()}\n"
        ),
        kind="Practitioner forum",
        about=item.title[:100],
    )


@transaction.atomic
def comment_add(*, user, item, body: str, anonymous: bool) -> PractitionerComment:
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": "Enter your comment"})
    item = Item.objects.get(pk=item.pk)
    if item.moderation != Item.Moderation.ACCEPTED:
        raise ValidationError("You can comment only on items the moderators have accepted.")
    person = _person_of(user)
    # The author of an anonymous item stays anonymous under it: a named comment of theirs
    # would name the item's author too.
    if item.anonymous and item.author_id == person.pk:
        anonymous = True
    comment = PractitionerComment(item=item, author=person, body=body, anonymous=anonymous)
    return saved(comment, user)


@transaction.atomic
def comment_hide(*, user, comment, reason: str) -> PractitionerComment:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Enter why the comment is hidden"})
    comment = PractitionerComment.objects.select_for_update().get(pk=comment.pk)
    comment.hidden, comment.hidden_reason = True, reason[:300]
    return saved(comment, user, reason="Hidden")


@transaction.atomic
def support_toggle(*, user, item) -> bool:
    """Support the item, or withdraw one's support. Returns whether the person now supports it."""
    person = _person_of(user)
    item = Item.objects.get(pk=item.pk)
    if item.moderation != Item.Moderation.ACCEPTED:
        raise ValidationError("You can support only items the moderators have accepted.")
    deleted, _ = PractitionerSupport.objects.filter(item=item, person=person).delete()
    if deleted:
        return False
    try:
        with transaction.atomic():
            PractitionerSupport.objects.create(item=item, person=person)
    except IntegrityError:  # a double click: the first press counted
        pass
    return True
