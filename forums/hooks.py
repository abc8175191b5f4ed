"""What the forums app asks of apps above it (see ``ccpl.hooks``).

Forum membership includes the holders of a forum's role seats, which the roles app owns.
The roles app provides both functions (``RolesConfig.ready``); without it a forum has
direct members only.

``seat_holders_by_forum(forum_ids, *, on=None, include_past=False)``: forum id → its seat
holders, each with ``forum_id``, ``capacity``, ``appointment``, ``person`` and ``label``.
``person_holds_seat(person_id, forum_id)``: whether the person holds one of its seats now.

``practitioner_items_for_meeting(meeting_id)``: the practitioner forum's items routed to the
meeting, as agenda items (dicts with ``title``, ``kind``, ``status``, ``url``; never an
author). Provided by communications (``CommunicationsConfig.ready``); without it, none.
"""

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from ccpl.hooks import Hook


def _no_seat_holders(
    forum_ids: Iterable[int], *, on: date | None = None, include_past: bool = False
) -> dict[int, Sequence[Any]]:
    return {}


def _holds_no_seat(person_id: int | None, forum_id: int) -> bool:
    return False


seat_holders_by_forum: Hook[..., dict[int, Sequence[Any]]] = Hook(
    "forums.seat_holders_by_forum", _no_seat_holders
)
person_holds_seat: Hook[[int | None, int], bool] = Hook("forums.person_holds_seat", _holds_no_seat)


def _no_practitioner_items(meeting_id: int) -> list[dict[str, Any]]:
    return []


practitioner_items_for_meeting: Hook[[int], list[dict[str, Any]]] = Hook(
    "forums.practitioner_items_for_meeting", _no_practitioner_items
)
