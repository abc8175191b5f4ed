"""Actions: adding and changing the actions of a plan, with their dates and codes."""

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from ccpl.history import saved
from ccpl.models import Priority

from ..models import (
    Action,
    ActionPlan,
    Band,
    band_dates,
)
from ._common import CODE_PATTERN, _day
from .dependencies import action_dependencies_set


def _set_dates(
    action: Action,
    *,
    starts_on: datetime.date | None,
    due_on: datetime.date | None,
    reason: str,
) -> None:
    """Dates from the band unless given; dates that differ from the band's need a reason."""
    derived_start, derived_due = band_dates(action.band, action.bands_count_from)
    start, due = starts_on or derived_start, due_on or derived_due
    overridden = (start, due) != (derived_start, derived_due)
    reason = (reason or "").strip()
    if overridden and not reason:
        raise ValidationError(
            {
                "date_override_reason": "Give a reason for changing the dates from the "
                f"timeframe's {_day(derived_start)} to {_day(derived_due)}"
            }
        )
    if due < start:
        raise ValidationError({"due_on": "The due date must be on or after the start date"})
    action.starts_on, action.due_on = start, due
    action.dates_overridden = overridden
    action.date_override_reason = reason if overridden else ""


def _check_code(action: Action) -> None:
    code = (action.code or "").strip()
    if not CODE_PATTERN.match(code):
        raise ValidationError(
            {"code": "Enter a code like 2.3: a priority number, a dot, then a number"}
        )
    if action.priority_id and int(code.split(".")[0]) != action.priority.number:
        raise ValidationError(
            {
                "code": f"Code {code} starts with {code.split('.')[0]}, so it belongs to priority "
                f"{code.split('.')[0]}. Change the code or the priority"
            }
        )
    taken = Action.objects.filter(plan_id=action.plan_id, code=code).exclude(pk=action.pk)
    if taken.exists():
        raise ValidationError({"code": f"Another action in this plan already has the code {code}"})
    action.code = code


def _check_plan_open(plan: ActionPlan) -> None:
    if plan.status == ActionPlan.Status.ARCHIVED:
        raise ValidationError(f"{plan} is archived. Change the action in the current plan instead.")


@transaction.atomic
def action_create(
    *,
    user,
    plan: ActionPlan,
    code: str,
    priority: Priority,
    text: str,
    band: str,
    owner: str,
    title: str = "",
    owner_executive: str = "",
    owner_forum=None,
    owner_role=None,
    overseeing_forum=None,
    decision=None,
    depends_on: Iterable[Action] = (),
    starts_on: datetime.date | None = None,
    due_on: datetime.date | None = None,
    date_override_reason: str = "",
    carried_over_from: Action | None = None,
) -> Action:
    """Add an action to a plan, with dates from its band unless given (with a reason).

    The band counts from the plan's start; for an action added to an approved plan after
    its start (from a decision, say), from the day it is added, so it is not born overdue.
    Actions of a draft plan (written, imported or carried over) belong to the plan as
    drafted and count from its start.
    """
    _check_plan_open(plan)
    today = timezone.localdate()
    added_late = plan.status == ActionPlan.Status.ACTIVE and today > plan.starts_on
    action = Action(
        plan=plan,
        code=code,
        priority=priority,
        title=title,
        text=text,
        band=band,
        owner=owner,
        owner_executive=owner_executive,
        owner_forum=owner_forum,
        owner_role=owner_role,
        overseeing_forum=overseeing_forum if overseeing_forum else plan.overseeing_forum,
        decision=decision,
        carried_over_from=carried_over_from,
        added_on=today,
        bands_from=today if added_late else None,
    )
    _check_code(action)
    if band not in Band.values:
        raise ValidationError({"band": "Select a timeframe"})
    _set_dates(action, starts_on=starts_on, due_on=due_on, reason=date_override_reason)
    saved(action, user)
    depends_on = list(depends_on)
    if depends_on:
        action_dependencies_set(user=user, action=action, depends_on=depends_on)
    return action


ACTION_FIELDS = {
    "code",
    "priority",
    "title",
    "text",
    "band",
    "owner",
    "owner_executive",
    "owner_forum",
    "owner_role",
    "overseeing_forum",
    "decision",
}
_DATE_FIELDS = {"starts_on", "due_on", "date_override_reason"}


@transaction.atomic
def action_update(*, user, action: Action, depends_on: Iterable[Action] | None = None, **fields):
    """Change an action. Dates follow a new band unless they were set by hand.

    Pass ``starts_on``/``due_on`` (``None`` for the band's date) with
    ``date_override_reason`` to set dates by hand; ``depends_on`` replaces the
    dependencies.
    """
    if unknown := set(fields) - ACTION_FIELDS - _DATE_FIELDS:
        raise TypeError(f"action_update() got unexpected fields: {', '.join(sorted(unknown))}")
    _check_plan_open(action.plan)
    for name in ACTION_FIELDS & set(fields):
        setattr(action, name, fields[name])
    _check_code(action)
    if _DATE_FIELDS & set(fields):
        _set_dates(
            action,
            starts_on=fields.get("starts_on"),
            due_on=fields.get("due_on"),
            reason=fields.get("date_override_reason", ""),
        )
    elif not action.dates_overridden:
        _set_dates(action, starts_on=None, due_on=None, reason="")
    saved(action, user)
    if depends_on is not None:
        action_dependencies_set(user=user, action=action, depends_on=depends_on)
    return action
