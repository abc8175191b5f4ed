"""Reporting periods every app counts by."""

from datetime import date


def financial_year(on: date) -> tuple[date, date]:
    """The NHS financial year (1 April to 31 March) that ``on`` falls in."""
    start = date(on.year if on.month >= 4 else on.year - 1, 4, 1)
    return start, date(start.year + 1, 3, 31)


def financial_year_label(start_year: int) -> str:
    """``2025`` → "April 2025 to March 2026"."""
    return f"April {start_year} to March {start_year + 1}"
