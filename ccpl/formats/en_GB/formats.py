"""The NHS.UK content style for Django's own date output (``{{ a_date }}``, ``|date``).

Django's en_GB defaults give "25 Oct 2006" and "25/10/2006"; the NHS.UK guide spells
months out: "25 October 2006". Django has no format characters for "2:30pm" or "midday"
(its "P" gives "2:30 p.m."), so pages show times with ``|nhs_time`` and ``|nhs_datetime``
(``ccpl.formatting``), never with a bare ``{{ a_datetime }}`` or a ``|date`` time format. Anything not set here falls back to Django's
en_GB module (input formats, first day of week, separators).
"""

DATE_FORMAT = "j F Y"  # 22 December 2026
SHORT_DATE_FORMAT = "j F Y"  # months in full: screen readers misread "Dec"
YEAR_MONTH_FORMAT = "F Y"  # December 2026
MONTH_DAY_FORMAT = "j F"  # 22 December
DATETIME_FORMAT = "j F Y, P"  # a fallback only: templates use |nhs_datetime
SHORT_DATETIME_FORMAT = "j F Y, P"
