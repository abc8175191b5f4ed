"""Annual refresh: a new version of the plan carrying forward what is not complete."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from ..models import (
    Action,
    ActionPlan,
)
from ._common import _day
from .action import action_create
from .dependencies import action_dependencies_set
from .plans import plan_create


@transaction.atomic
def plan_refresh(
    *, user, plan: ActionPlan, title: str, version: str, starts_on: datetime.date
) -> ActionPlan:
    """Start next year's draft plan: every incomplete action carried over, linked to its origin.

    Carried-over actions keep their code, text, band and owner, with dates from the new
    start; dependencies between carried-over actions are kept (completed ones are met).
    Completed actions stay behind, closed with the old plan when the new one is approved.
    """
    plan = ActionPlan.objects.select_for_update().get(pk=plan.pk)
    if plan.status == ActionPlan.Status.DRAFT:
        raise ValidationError("Approve this plan before refreshing it.")
    if following := plan.next_plans.first():
        raise ValidationError(
            f"This plan has already been refreshed: {following} was made from it."
        )
    if starts_on <= plan.starts_on:
        raise ValidationError(
            {"starts_on": f"The new plan must start after {_day(plan.starts_on)}"}
        )
    if ActionPlan.objects.filter(title=title, version=version).exists():
        raise ValidationError({"version": f"A plan called {title} ({version}) already exists"})
    new_plan = plan_create(
        user=user,
        title=title,
        version=version,
        starts_on=starts_on,
        overseeing_forum=plan.overseeing_forum,
        previous_plan=plan,
    )
    incomplete = list(
        plan.actions.exclude(status=Action.Status.COMPLETE)
        .select_related("priority")
        .prefetch_related("depends_on")
        .in_code_order()
    )
    copies = {}
    for origin in incomplete:
        copies[origin.pk] = action_create(
            user=user,
            plan=new_plan,
            code=origin.code,
            priority=origin.priority,
            title=origin.title,
            text=origin.text,
            band=origin.band,
            owner=origin.owner,
            owner_executive=origin.owner_executive,
            owner_forum=origin.owner_forum,
            owner_role=origin.owner_role,
            overseeing_forum=origin.overseeing_forum,
            decision=origin.decision,
            carried_over_from=origin,
        )
    for origin in incomplete:
        kept = [copies[d.pk] for d in origin.depends_on.all() if d.pk in copies]
        if kept:
            action_dependencies_set(user=user, action=copies[origin.pk], depends_on=kept)
    return new_plan
