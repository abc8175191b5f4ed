"""What the actions app asks of apps above it (see ``ccpl.hooks``).

``practitioner_items_for_action(action_id)``: the practitioner forum's items that led to the
action ("you said, we did"), as dicts with ``title``, ``kind``, ``status`` and ``url``, never
an author. Provided by communications (``CommunicationsConfig.ready``); without it, none.
"""

from typing import Any

from ccpl.hooks import Hook


def _no_practitioner_items(action_id: int) -> list[dict[str, Any]]:
    return []


practitioner_items_for_action: Hook[[int], list[dict[str, Any]]] = Hook(
    "actions.practitioner_items_for_action", _no_practitioner_items
)
