"""Reporting periods: NHS financial years (1 April to 31 March)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

FIRST_YEAR = 2021  # NHS England's CCPL guidance dates from 2021


@dataclass(frozen=True)
class FinancialYear:
    start_year: int

    @property
    def starts_on(self) -> date:
        return date(self.start_year, 4, 1)

    @property
    def ends_on(self) -> date:
        return date(self.start_year + 1, 3, 31)

    @property
    def label(self) -> str:
        return f"{self.start_year} to {self.start_year + 1}"

    @property
    def key(self) -> str:
        """Short form for file names and the job's period: ``2026-27``."""
        return f"{self.start_year}-{(self.start_year + 1) % 100:02d}"

    def as_of(self, today: date) -> date:
        """The figures' date: the year's last day, or today while the year is running."""
        return min(self.ends_on, today)


def financial_year_of(day: date) -> FinancialYear:
    return FinancialYear(day.year if day.month >= 4 else day.year - 1)


def financial_year_from_key(key: str) -> FinancialYear:
    """``2026-27`` → the financial year starting in April 2026."""
    start, _, end = key.partition("-")
    if not (start.isdigit() and end.isdigit() and len(start) == 4):
        raise ValueError(f"Not a financial year: {key!r}")
    year = FinancialYear(int(start))
    if year.key != key:
        raise ValueError(f"Not a financial year: {key!r}")
    return year


def financial_years(today: date) -> list[FinancialYear]:
    """Every year that can be reported on, newest first."""
    current = financial_year_of(today).start_year
    return [FinancialYear(y) for y in range(current, FIRST_YEAR - 1, -1)]
