"""Plans: creating, changing and approving an action plan."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from ccpl.history import saved

from ..models import (
    Action,
    ActionPlan,
    band_dates,
)


def _rederive_dates(plan: ActionPlan, user) -> None:
    for action in plan.actions.filter(dates_overridden=False):
        action.plan = plan
        action.starts_on, action.due_on = band_dates(action.band, action.bands_count_from)
        saved(action, user)


@transaction.atomic
def plan_create(
    *,
    user,
    title: str,
    version: str,
    starts_on: datetime.date,
    overseeing_forum=None,
    previous_plan: ActionPlan | None = None,
) -> ActionPlan:
    """Create a draft plan (approve it with ``plan_approve``)."""
    plan = ActionPlan(
        title=title,
        version=version,
        starts_on=starts_on,
        overseeing_forum=overseeing_forum,
        previous_plan=previous_plan,
        status=ActionPlan.Status.DRAFT,
    )
    return saved(plan, user)


@transaction.atomic
def plan_update(*, user, plan: ActionPlan, **fields) -> ActionPlan:
    """Change a plan's details; a new start date moves every action not given its own dates."""
    allowed = {"title", "version", "starts_on", "overseeing_forum", "approved_on", "approved_by"}
    if unknown := set(fields) - allowed:
        raise TypeError(f"plan_update() got unexpected fields: {', '.join(sorted(unknown))}")
    start_moved = "starts_on" in fields and fields["starts_on"] != plan.starts_on
    for name, value in fields.items():
        setattr(plan, name, value)
    saved(plan, user)
    if start_moved:
        _rederive_dates(plan, user)
    return plan


@transaction.atomic
def plan_approve(
    *, user, plan: ActionPlan, approved_on: datetime.date, approved_by: str
) -> ActionPlan:
    """Make a draft plan the active one; the plan it replaces is archived.

    Actions of the archived plan that this plan carries over are marked as carried over.
    """
    if plan.status != ActionPlan.Status.DRAFT:
        raise ValidationError("Only a draft plan can be approved. This plan is already approved.")
    if not plan.actions.exists():
        raise ValidationError("Add at least one action before approving the plan.")
    if approved_on > timezone.localdate():
        raise ValidationError({"approved_on": "The date approved must be today or in the past."})
    for active in ActionPlan.objects.select_for_update().filter(status=ActionPlan.Status.ACTIVE):
        active.status = ActionPlan.Status.ARCHIVED
        saved(active, user)
    for origin in Action.objects.filter(carried_over_to__plan=plan).exclude(
        status=Action.Status.COMPLETE
    ):
        origin.status = Action.Status.CARRIED_OVER
        saved(origin, user)
    plan.status = ActionPlan.Status.ACTIVE
    plan.approved_on = approved_on
    plan.approved_by = approved_by
    return saved(plan, user)
