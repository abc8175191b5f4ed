"""The audit trail (django-simple-history): who changed what, and what was true on a day.

Writing: every service saves through :func:`saved` (or calls :func:`attribute` before a
delete or a bare save), so each history row names the signed-in user who made the change.
Without a user (public pages, the demo, scheduled tasks) the row names nobody, or whoever the
request belongs to when simple-history's middleware knows one.

Reading the past: what django-simple-history recorded about objects by the end of a day.

Reports for a past period describe the state on the period's last day. Dated rows
(appointments, memberships, progress updates) answer that by their dates; everything else
is read from its history with these helpers. History starts when an object was first saved
in CCPL Manager: an object with no record by a day was either added later or entered later,
and either way its state on that day is **not recorded** (never today's state instead).
"""

from __future__ import annotations

from datetime import date, datetime, time

from django.db.models import Min, QuerySet
from django.utils import timezone


def attribute(instance, user, *, reason: str = "") -> None:
    """Name ``user`` (when signed in) and ``reason`` on the history row the next save or
    delete of ``instance`` writes."""
    if user is not None and user.is_authenticated:
        instance._history_user = user
    if reason:
        instance._change_reason = reason


def saved(instance, user=None, *, reason: str = ""):
    """Validate ``instance`` (``full_clean``), save it with its history row attributed to
    ``user``, and return it."""
    instance.full_clean()
    attribute(instance, user, reason=reason)
    instance.save()
    return instance


def end_of_day(on: date) -> datetime:
    """The last moment of ``on`` in the local time zone (Europe/London)."""
    return timezone.make_aware(datetime.combine(on, time.max))


def as_of(model, on: date) -> QuerySet:
    """``model``'s historical records as they stood at the end of ``on``: the latest record
    of each object saved by then, leaving out those deleted by then. Filter and read it
    like a queryset of the model (``values_list("id", "status")``)."""
    return model.history.as_of(end_of_day(on))


def ids_recorded_by(model, on: date) -> QuerySet:
    """Ids (a subquery) of ``model``'s objects that existed in CCPL Manager at the end of
    ``on``."""
    return as_of(model, on).values("id")


def first_recorded_on(model) -> date | None:
    """The day anything of ``model`` was first recorded (None: never)."""
    first = model.history.aggregate(first=Min("history_date"))["first"]
    return timezone.localdate(first) if first else None
