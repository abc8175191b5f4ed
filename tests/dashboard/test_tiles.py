"""The tile registry on an empty database (kept apart from the demo-data tests: the demo is
loaded once per module)."""

import pytest
from django.utils import timezone

from dashboard import selectors as dashboard

pytestmark = pytest.mark.django_db


def test_every_tile_is_registered_and_none_shows_without_data(db):
    keys = sorted(dashboard._TILES, key=lambda key: dashboard._TILES[key].order)
    assert keys == [
        "action_plan",
        "roles",
        "diversity",
        "temperature_check",
        "forums",
        "development",
        "communications",
        "coming_up",
    ]
    # With no data at all, no tile has anything to show.
    assert dashboard.dashboard_tiles(on=timezone.localdate()) == []
