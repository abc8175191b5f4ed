"""Who fits a leadership role: the one rule the talent pool's announcements and the
development pipeline both use (``development.pipeline``).

A person fits a role when their professional group may apply (the role names none, or names
their group or the family it belongs to: midwives fit a role open to nursing) and the role's
level allows where they work: a system role fits anyone; a Place or neighbourhood role fits
people of that Place and people who gave no Place (they asked for roles anywhere).

The rule is in Python, over ids loaded once, so that one page can match many roles against
many people with a fixed number of queries.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RoleFit:
    """What a role asks of a person: the groups that may apply (empty: any) and its Place
    (None for a system role)."""

    eligible_group_ids: frozenset[int]
    place_id: int | None

    @classmethod
    def of(cls, role) -> RoleFit:
        """Read from ``role`` (prefetch ``eligible_groups`` when reading many roles)."""
        return cls(
            eligible_group_ids=frozenset(group.pk for group in role.eligible_groups.all()),
            place_id=role.place_id if role.level != "system" else None,
        )

    def fits(self, *, group_id: int | None, group_parent_id: int | None, place_id: int | None):
        """Whether someone of this professional group (and its parent) and Place fits."""
        if self.eligible_group_ids and not (
            group_id in self.eligible_group_ids or group_parent_id in self.eligible_group_ids
        ):
            return False
        return self.place_id is None or place_id is None or place_id == self.place_id
