"""Progress: updates on an action, with evidence, moving its status."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from ccpl.history import saved

from ..models import (
    Action,
    ProgressStatus,
    ProgressUpdate,
)
from ._common import _codes
from .action import _check_plan_open


@transaction.atomic
def progress_update_add(
    *,
    user,
    action: Action,
    on: datetime.date,
    status: str,
    narrative: str,
    evidence_url: str = "",
    evidence_file=None,
    is_public: bool = False,
) -> ProgressUpdate:
    """Record progress. The latest update sets the action's status, so an action cannot
    become complete before everything it depends on, nor reopen while an action that
    depends on it is complete. An update is internal unless ``is_public``."""
    given = action
    action = Action.objects.select_for_update().select_related("plan").get(pk=action.pk)
    _check_plan_open(action.plan)
    if status not in ProgressStatus.values:
        raise ValidationError({"status": "Select the status of the action"})
    if on > timezone.localdate():
        raise ValidationError({"on": "The date of the update must be today or in the past"})
    if not (narrative or "").strip():
        raise ValidationError({"narrative": "Enter the progress made"})
    latest = action.updates.order_by("-on", "-pk").first()
    becomes_latest = latest is None or on >= latest.on
    if becomes_latest:
        completing = status == ProgressStatus.COMPLETE
        if completing:
            waiting_for = [d for d in action.depends_on.all() if d.status != Action.Status.COMPLETE]
            if waiting_for:
                raise ValidationError(
                    {
                        "status": f"{action.code} cannot be marked complete until "
                        f"{_codes(waiting_for)} {'is' if len(waiting_for) == 1 else 'are'} "
                        "complete, because it depends on "
                        f"{'it' if len(waiting_for) == 1 else 'them'}"
                    },
                    code="dependency_incomplete",
                )
        elif action.status == Action.Status.COMPLETE:
            done = [d for d in action.dependents.all() if d.status == Action.Status.COMPLETE]
            if done:
                raise ValidationError(
                    {
                        "status": f"{action.code} cannot be reopened while {_codes(done)}, which "
                        f"{'depends' if len(done) == 1 else 'depend'} on it, "
                        f"{'is' if len(done) == 1 else 'are'} complete"
                    },
                    code="dependent_complete",
                )
    update = ProgressUpdate(
        action=action,
        on=on,
        status=status,
        narrative=narrative.strip(),
        evidence_url=evidence_url or "",
        evidence_file=evidence_file or "",
        author=user if user is not None and user.is_authenticated else None,
        is_public=bool(is_public),
    )
    saved(update, user)
    if becomes_latest and action.status != Action.Status.CARRIED_OVER:
        new_status = (
            Action.Status.COMPLETE if status == ProgressStatus.COMPLETE else Action.Status.OPEN
        )
        if new_status != action.status:
            action.status = new_status
            saved(action, user)
    given.status = action.status
    return update
