"""Constants and wording shared by the action plan's services."""

import datetime
import re
from collections.abc import Iterable

from django.utils.formats import date_format

from ..models import (
    Action,
)

CODE_PATTERN = re.compile(r"^\d{1,2}\.\d{1,2}$")


def _day(value: datetime.date) -> str:
    return date_format(value, "j F Y")


def _codes(actions: Iterable[Action]) -> str:
    codes = sorted(a.code for a in actions)
    if len(codes) < 2:
        return "".join(codes)
    return ", ".join(codes[:-1]) + " and " + codes[-1]
