"""Publication: which progress updates the public plan page may show.

Updates are internal by default; a member of the CCPL team publishes one (when adding it,
or later) or withdraws it. Only published updates reach ``selectors.public_plan_progress``.
"""

from django.db import transaction

from ccpl.history import saved

from ..models import ActionPlan, ProgressUpdate
from .action import _check_plan_open


@transaction.atomic
def progress_update_publish(*, user, update: ProgressUpdate, is_public: bool) -> ProgressUpdate:
    """Publish (or withdraw) ``update`` on the public plan page; audited like every change.
    Updates in an archived plan stay as they are."""
    update = (
        ProgressUpdate.objects.select_for_update().select_related("action__plan").get(pk=update.pk)
    )
    plan: ActionPlan = update.action.plan
    _check_plan_open(plan)
    if update.is_public != bool(is_public):
        update.is_public = bool(is_public)
        saved(update, user, reason="Published" if is_public else "Withdrawn from the public page")
    return update
