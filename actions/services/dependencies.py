"""Dependencies between actions: no loops, nothing complete before what it waits for."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction

from ccpl import graphs
from ccpl.history import attribute

from ..models import (
    Action,
    ActionPlan,
)
from ._common import _codes


def dependency_cycle(*, action_id, depends_on_ids: Iterable, edges: Iterable[tuple]) -> list | None:
    """The loop that ``action`` depending on ``depends_on_ids`` would close, or None.

    ``edges`` are (action, depends on) pairs already in the plan. A loop appears exactly
    when ``action`` can be reached by following dependencies from one of its new ones.
    Returns ``[action, dependency, …, action]``.
    """
    return graphs.cycle_closed_by(action_id, depends_on_ids, edges)


def _check_dependencies(action: Action, depends_on: list[Action]) -> None:
    errors = []
    if any(d.pk == action.pk for d in depends_on):
        errors.append(f"{action.code} cannot depend on itself.")
    elsewhere = [d for d in depends_on if d.plan_id != action.plan_id]
    if elsewhere:
        errors.append(
            f"{action.code} can only depend on actions in the same plan "
            f"({_codes(elsewhere)} {'is' if len(elsewhere) == 1 else 'are'} in another plan)."
        )
    if errors:
        raise ValidationError({"depends_on": errors})
    edges = Action.depends_on.through.objects.filter(from_action__plan_id=action.plan_id)
    path = dependency_cycle(
        action_id=action.pk,
        depends_on_ids=[d.pk for d in depends_on],
        edges=edges.values_list("from_action_id", "to_action_id"),
    )
    if path is not None:
        codes = dict(Action.objects.filter(pk__in=path).values_list("pk", "code"))
        route = " → ".join(codes[pk] for pk in path)
        raise ValidationError(
            {
                "depends_on": f"This would make a loop of actions waiting for each other: {route}. "
                "Remove one of these dependencies."
            },
            code="dependency_cycle",
        )
    if action.status == Action.Status.COMPLETE:
        incomplete = [d for d in depends_on if d.status != Action.Status.COMPLETE]
        if incomplete:
            raise ValidationError(
                {
                    "depends_on": f"{action.code} is complete, so it cannot depend on "
                    f"{_codes(incomplete)}, which {'is' if len(incomplete) == 1 else 'are'} "
                    "not complete."
                }
            )


@transaction.atomic
def action_dependencies_set(*, user, action: Action, depends_on: Iterable[Action]) -> Action:
    """Replace what ``action`` depends on: same plan only, never itself, never a loop."""
    depends_on = list(depends_on)
    # Lock the plan so that two changes at once cannot close a loop between them.
    ActionPlan.objects.select_for_update().filter(pk=action.plan_id).first()
    if action.pk is not None:
        action.status = Action.objects.values_list("status", flat=True).get(pk=action.pk)
    _check_dependencies(action, depends_on)
    attribute(action, user)
    action.depends_on.set(depends_on)
    return action
