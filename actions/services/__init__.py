"""Writes for the action plan. Every function is keyword-only and runs in one transaction.

History rows (django-simple-history) record who made each change: ``user`` becomes the
history user, so changes made outside a request are attributed too. Rule breaches raise
``ValidationError`` with a message a member of staff can act on.

One module per section (plans, owners, dependencies, action, progress, publication,
imports, refresh);
callers use ``actions.services.<function>`` as before.
"""

from ._common import CODE_PATTERN
from .action import ACTION_FIELDS, action_create, action_update
from .dependencies import action_dependencies_set, dependency_cycle
from .imports import (
    IMPORT_COLUMNS,
    IMPORT_OPTIONAL_COLUMNS,
    MAX_IMPORT_ROWS,
    import_rows_from_csv,
    plan_import,
    plan_import_csv,
)
from .owners import owner_links
from .plans import plan_approve, plan_create, plan_update
from .progress import progress_update_add
from .publication import progress_update_publish
from .refresh import plan_refresh

__all__ = [
    "ACTION_FIELDS",
    "CODE_PATTERN",
    "IMPORT_COLUMNS",
    "IMPORT_OPTIONAL_COLUMNS",
    "MAX_IMPORT_ROWS",
    "action_create",
    "action_dependencies_set",
    "action_update",
    "dependency_cycle",
    "import_rows_from_csv",
    "owner_links",
    "plan_approve",
    "plan_create",
    "plan_import",
    "plan_import_csv",
    "plan_refresh",
    "plan_update",
    "progress_update_add",
    "progress_update_publish",
]
