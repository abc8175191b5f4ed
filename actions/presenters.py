"""Display logic for the action plan: the timeline's geometry."""

import datetime
from dataclasses import dataclass

from .models import Band, add_months

LABEL_WIDTH = 56
MONTH_WIDTH = 44
HEADER_HEIGHT = 44
ROW_HEIGHT = 26
BAR_HEIGHT = 16
# NHS.UK blues and purple: each at least 3:1 against white, none a RAG colour.
BAND_COLOURS = {Band.SHORT: "#005eb8", Band.MEDIUM: "#003087", Band.LONG: "#330072"}


@dataclass(frozen=True)
class TimelineMonth:
    x: float
    label: str
    year: str  # shown under January and the first month only


@dataclass(frozen=True)
class TimelineBar:
    action: object
    x: float
    width: float
    y: float
    text_y: float
    colour: str


@dataclass(frozen=True)
class Timeline:
    starts_on: datetime.date
    ends_on: datetime.date
    months: list[TimelineMonth]
    bars: list[TimelineBar]
    width: float
    height: float
    chart_top: float
    today_x: float | None
    legend: list[tuple[str, str]]
    label_width: int = LABEL_WIDTH
    bar_height: int = BAR_HEIGHT


def plan_timeline(*, plan, actions, today: datetime.date) -> Timeline:
    """Bars by month for each action (start to due), with a marker for today when in range."""
    actions = list(actions)
    first = min([plan.starts_on, *(a.starts_on for a in actions)])
    last = max([plan.ends_on, *(a.due_on for a in actions)])
    start = first.replace(day=1)
    end = add_months(last.replace(day=1), 1)
    months = []
    cursor = start
    while cursor < end:
        months.append(cursor)
        cursor = add_months(cursor, 1)
    total_days = (end - start).days
    chart_width = MONTH_WIDTH * len(months)

    def x_of(day: datetime.date) -> float:
        return round(LABEL_WIDTH + chart_width * (day - start).days / total_days, 1)

    bars = []
    for row, action in enumerate(actions):
        top = HEADER_HEIGHT + row * ROW_HEIGHT + (ROW_HEIGHT - BAR_HEIGHT) / 2
        left = x_of(action.starts_on)
        bars.append(
            TimelineBar(
                action=action,
                x=left,
                width=max(round(x_of(action.due_on) - left, 1), 2),
                y=top,
                text_y=top + BAR_HEIGHT - 4,
                colour=BAND_COLOURS[Band(action.band)],
            )
        )
    return Timeline(
        starts_on=start,
        ends_on=end,
        months=[
            TimelineMonth(
                x=x_of(month),
                label=f"{month:%b}",
                year=str(month.year) if month.month == 1 or index == 0 else "",
            )
            for index, month in enumerate(months)
        ],
        bars=bars,
        width=LABEL_WIDTH + chart_width + 8,
        height=HEADER_HEIGHT + ROW_HEIGHT * max(len(actions), 1) + 4,
        chart_top=HEADER_HEIGHT - 4,
        today_x=x_of(today) if start <= today < end else None,
        legend=[(Band(band).label, colour) for band, colour in BAND_COLOURS.items()],
    )


def import_header_aliases() -> list[tuple[str, str, list[str]]]:
    """For the import page: each field, whether it is required, and the headers it is
    recognised by (besides its own name)."""
    from .services import HEADER_ALIASES, IMPORT_COLUMNS, IMPORT_FIELD_LABELS

    return [
        (IMPORT_FIELD_LABELS[name], name in IMPORT_COLUMNS, list(aliases))
        for name, aliases in HEADER_ALIASES.items()
    ]
