"""Dates, times and counts in the NHS.UK content style, in one place.

The NHS.UK content guide ("Numbers, measurements, dates and time") says:

- dates: ``22 December 2026``, or ``Tuesday 22 December 2026`` when the day helps;
  months spelt out in full (screen readers read "Dec" inconsistently);
- times: ``9am``, ``2:30pm``, ``midday`` and ``midnight`` — never ``09:00``, ``2.30pm``,
  ``12pm``, ``12am`` or ``1730hrs``;
- numbers over 999 with a comma: ``1,251``.

Templates use the same functions through the ``nhsuk`` filters (``|nhs_time``,
``|nhs_datetime``, ``|count``), and ``{{ a_date }}`` alone renders ``22 December 2026``
through the project's format module (``ccpl/formats/en_GB/formats.py``). Python code that
builds a label (presenters, selectors, report sections, e-mail subjects) calls these
functions instead of formatting by hand.

Counts only: years, ids, version numbers, CSV and JSON keep their plain digits (``2026``,
not ``2,026``), so nothing here is applied by default to every number.
"""

from __future__ import annotations

import datetime
import math
from decimal import Decimal

from django.utils import timezone
from django.utils.dateformat import format as date_format

DATE = "j F Y"
DATE_WITH_DAY = "l j F Y"


def _local(value):
    """An aware datetime in the site's time zone (naive ones are taken as already local)."""
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def nhs_time(value) -> str:
    """``9am``, ``2:30pm``, ``midday``, ``midnight``; ``""`` for ``None``."""
    if value is None or value == "":
        return ""
    value = _local(value)
    if not isinstance(value, (datetime.datetime, datetime.time)):
        return str(value)
    hour, minute = value.hour, value.minute
    if minute == 0 and hour == 0:
        return "midnight"
    if minute == 0 and hour == 12:
        return "midday"
    clock = str(hour % 12 or 12)
    if minute:
        clock += f":{minute:02d}"
    return clock + ("am" if hour < 12 else "pm")


def nhs_date(value, *, weekday: bool = False) -> str:
    """``22 December 2026`` (or ``Tuesday 22 December 2026``); ``""`` for ``None``."""
    if value is None or value == "":
        return ""
    value = _local(value)
    if not isinstance(value, datetime.date):
        return str(value)
    return date_format(value, DATE_WITH_DAY if weekday else DATE)


def nhs_datetime(value, *, weekday: bool = False) -> str:
    """``22 December 2026 at 2:30pm``; with ``weekday``, ``Tuesday 22 December 2026 at 2:30pm``."""
    if value is None or value == "":
        return ""
    value = _local(value)
    if not isinstance(value, datetime.datetime):
        return nhs_date(value, weekday=weekday)
    return f"{nhs_date(value, weekday=weekday)} at {nhs_time(value)}"


def nhs_count(value):
    """A count with thousands separators: ``1251`` → ``"1,251"``, ``-1000`` → ``"-1,000"``,
    ``Decimal("1234.50")`` → ``"1,234.50"``. ``None``, ``""``, booleans and anything that is
    not a number (``"*"`` for a hidden figure, a label) come back unchanged."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, Decimal):
        return f"{value:,}" if value.is_finite() else value
    if isinstance(value, float):
        return f"{value:,}" if math.isfinite(value) else value
    return value
