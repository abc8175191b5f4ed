"""SVG charts for report PDFs and the dashboard.

Each chart is an inline ``<svg role="img">`` whose ``<title>`` says what it shows (WeasyPrint
turns it into the PDF figure's alt text; screen readers read it on a page) and whose
``<desc>`` points to the data table that always sits beside it. The chart itself is a
picture of that table, nothing more: callers pass figures that have already been through
``ccpl.disclosure`` where they describe people, and a hidden figure (``None``) draws no bar
and shows its published text (``*``).

Colours are NHS.UK palette colours with at least 3:1 contrast against white, and every
series is named in a legend and in the table, so colour is never the only cue.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

FONT = "Arial, 'Liberation Sans', sans-serif"
TEXT = "#212b32"
GRID = "#d8dde0"
SECONDARY_TEXT = "#4c6272"

BLUE = "#005eb8"
DARK_BLUE = "#003087"
PURPLE = "#330072"
GREY = "#768692"
GREEN = "#007f3b"
RED = "#d5281b"
AMBER = "#ed8b00"  # a fill beside its label; text on it is dark
DARK_PINK = "#7c2855"

LABEL_WIDTH = 210
VALUE_WIDTH = 56
BAR_HEIGHT = 16
BAR_GAP = 4
GROUP_GAP = 14
LEGEND_ROW = 22
AXIS_HEIGHT = 22
LINE_HEIGHT = 14
LABEL_CHARS = 32


@dataclass(frozen=True)
class Series:
    """One set of bars: ``values`` in category order (``None`` for hidden or not available),
    with the text shown at the end of each bar (``"45%"``, ``"*"``, ``"–"``)."""

    name: str
    colour: str
    values: Sequence[float | int | None]
    texts: Sequence[str] | None = None

    def text(self, i: int) -> str:
        if self.texts is not None:
            return str(self.texts[i])
        value = self.values[i]
        return "–" if value is None else f"{value:g}"


def _label_lines(label: str) -> list[str]:
    lines = textwrap.wrap(str(label), LABEL_CHARS) or [""]
    if len(lines) > 2:
        lines = [lines[0], textwrap.shorten(" ".join(lines[1:]), LABEL_CHARS, placeholder="…")]
    return lines


def _open(chart_id: str, title: str, description: str, width: float, height: float):
    return [
        format_html(
            '<svg xmlns="http://www.w3.org/2000/svg" class="ccpl-chart" id="{}" role="img" '
            'aria-labelledby="{}-title {}-desc" viewBox="0 0 {} {}" width="{}" height="{}" '
            'font-family="{}" font-size="12">',
            chart_id,
            chart_id,
            chart_id,
            f"{width:.0f}",
            f"{height:.0f}",
            f"{width:.0f}",
            f"{height:.0f}",
            FONT,
        ),
        format_html('<title id="{}-title">{}</title>', chart_id, title),
        format_html('<desc id="{}-desc">{}</desc>', chart_id, description),
    ]


def _legend(series: Sequence[Series], width: float) -> tuple[list[SafeString], float]:
    """Legend keys in rows across the top; returns the parts and the height used."""
    if len(series) < 2:
        return [], 0
    parts, x, y = [], 0.0, 4.0
    for s in series:
        item_width = 22 + 7 * len(s.name) + 18
        if x and x + item_width > width:
            x, y = 0.0, y + LEGEND_ROW
        parts.append(
            format_html(
                '<rect x="{}" y="{}" width="14" height="14" fill="{}"/>'
                '<text x="{}" y="{}" fill="{}">{}</text>',
                f"{x:.0f}",
                f"{y:.0f}",
                s.colour,
                f"{x + 20:.0f}",
                f"{y + 11:.0f}",
                TEXT,
                s.name,
            )
        )
        x += item_width
    return [
        format_html(
            '<g class="ccpl-chart-legend" aria-hidden="true">{}</g>', mark_safe("".join(parts))
        )
    ], y + LEGEND_ROW + 6  # noqa: S308


def _axis(top: float, bottom: float, left: float, plot_width: float, max_value: float, suffix: str):
    """Vertical grid lines with their values under the plot at 0, ¼, ½, ¾ and the maximum."""
    parts = []
    for i in range(5):
        value = max_value * i / 4
        x = left + plot_width * i / 4
        label = f"{value:g}{suffix}" if value == int(value) else f"{value:.1f}{suffix}"
        parts.append(
            format_html(
                '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="1"/>'
                '<text x="{}" y="{}" text-anchor="middle" fill="{}" font-size="11">{}</text>',
                f"{x:.1f}",
                f"{top:.1f}",
                f"{x:.1f}",
                f"{bottom:.1f}",
                GRID,
                f"{x:.1f}",
                f"{bottom + 14:.1f}",
                SECONDARY_TEXT,
                label,
            )
        )
    return format_html(
        '<g class="ccpl-chart-axis" aria-hidden="true">{}</g>', mark_safe("".join(parts))
    )  # noqa: S308


def _category_label(label: str, y_middle: float) -> SafeString:
    lines = _label_lines(label)
    first_y = y_middle - (len(lines) - 1) * LINE_HEIGHT / 2 + 4
    return format_html(
        '<text x="0" fill="{}">{}</text>',
        TEXT,
        format_html_join(
            "",
            '<tspan x="0" y="{}">{}</tspan>',
            ((f"{first_y + i * LINE_HEIGHT:.1f}", line) for i, line in enumerate(lines)),
        ),
    )


def _nice_max(values) -> float:
    top = max([v for v in values if v is not None] or [0])
    if top <= 0:
        return 1
    for step in (1, 2, 4, 5, 10, 20, 25, 40, 50, 100, 200, 250, 400, 500, 1000):
        if top <= step * 4:
            return step * 4
    return top


def bar_chart(
    *,
    chart_id: str,
    title: str,
    categories: Sequence[str],
    series: Sequence[Series],
    description: str = "The same figures are in the table that follows the chart.",
    max_value: float | None = 100,
    suffix: str = "%",
    width: float = 640,
) -> SafeString:
    """Horizontal bars, one group per category and one bar per series in the group."""
    legend, legend_height = _legend(series, width)
    n = len(series)
    group_height = n * BAR_HEIGHT + (n - 1) * BAR_GAP
    group_height = max(group_height, 2 * LINE_HEIGHT)
    top = legend_height
    plot_left = LABEL_WIDTH
    plot_width = width - LABEL_WIDTH - VALUE_WIDTH
    bottom = top + len(categories) * (group_height + GROUP_GAP)
    height = bottom + AXIS_HEIGHT
    top_value = max_value or _nice_max(v for s in series for v in s.values)
    parts = _open(chart_id, title, description, width, height)
    parts += legend
    parts.append(_axis(top, bottom, plot_left, plot_width, top_value, suffix))
    for i, category in enumerate(categories):
        group_top = top + i * (group_height + GROUP_GAP) + GROUP_GAP / 2
        parts.append(_category_label(category, group_top + group_height / 2))
        for j, s in enumerate(series):
            y = group_top + j * (BAR_HEIGHT + BAR_GAP)
            value = s.values[i]
            bar_width = 0 if value is None else plot_width * min(value, top_value) / top_value
            if bar_width:
                parts.append(
                    format_html(
                        '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>',
                        plot_left,
                        f"{y:.1f}",
                        f"{bar_width:.1f}",
                        BAR_HEIGHT,
                        s.colour,
                    )
                )
            parts.append(
                format_html(
                    '<text x="{}" y="{}" fill="{}">{}</text>',
                    f"{plot_left + bar_width + 4:.1f}",
                    f"{y + BAR_HEIGHT - 4:.1f}",
                    TEXT,
                    s.text(i),
                )
            )
    parts.append(mark_safe("</svg>"))
    return mark_safe("".join(parts))  # noqa: S308 - every part is escaped above


def stacked_bar_chart(
    *,
    chart_id: str,
    title: str,
    categories: Sequence[str],
    segments: Sequence[Series],
    description: str = "The same figures are in the table that follows the chart.",
    width: float = 640,
) -> SafeString:
    """One horizontal bar per category, split into segments (counts), total at the end.

    Every bar is scaled to the largest total, so bars compare in length as well as mix.
    """
    legend, legend_height = _legend(segments, width)
    totals = [sum(s.values[i] or 0 for s in segments) for i in range(len(categories))]
    top_value = _nice_max(totals)
    row_height = max(BAR_HEIGHT + 6, 2 * LINE_HEIGHT)
    top = legend_height
    plot_left = LABEL_WIDTH
    plot_width = width - LABEL_WIDTH - VALUE_WIDTH
    bottom = top + len(categories) * (row_height + GROUP_GAP)
    height = bottom + AXIS_HEIGHT
    parts = _open(chart_id, title, description, width, height)
    parts += legend
    parts.append(_axis(top, bottom, plot_left, plot_width, top_value, ""))
    for i, category in enumerate(categories):
        row_top = top + i * (row_height + GROUP_GAP) + GROUP_GAP / 2
        y = row_top + (row_height - BAR_HEIGHT) / 2
        parts.append(_category_label(category, row_top + row_height / 2))
        x = plot_left
        for s in segments:
            value = s.values[i] or 0
            if not value:
                continue
            segment_width = plot_width * value / top_value
            parts.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="{}" stroke="#ffffff" '
                    'stroke-width="1"/>',
                    f"{x:.1f}",
                    f"{y:.1f}",
                    f"{segment_width:.1f}",
                    BAR_HEIGHT,
                    s.colour,
                )
            )
            x += segment_width
        parts.append(
            format_html(
                '<text x="{}" y="{}" fill="{}">{}</text>',
                f"{x + 4:.1f}",
                f"{y + BAR_HEIGHT - 4:.1f}",
                TEXT,
                f"{totals[i]:g}",
            )
        )
    parts.append(mark_safe("</svg>"))
    return mark_safe("".join(parts))  # noqa: S308 - every part is escaped above
