"""Shaping the assurance reads for pages: the detail page's sections, and the year-on-year
chart of levels (an inline SVG picture of the data table beside it; ``reports.charts`` sits
above this app, so this is its own small chart)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from . import selectors
from .models import Assessment, AssessmentEntry, Level

YEAR_COLOURS = ("#768692", "#005eb8", "#003087", "#330072", "#007f3b")


@dataclass
class Section:
    entry: AssessmentEntry
    level_description: str
    evidence: list[selectors.EvidenceRow]
    indicators: list[selectors.IndicatorRow]


def assessment_sections(assessment: Assessment) -> list[Section]:
    entry_list = selectors.entries(assessment)
    evidence = selectors.evidence_rows(entry_list)
    indicator_rows = selectors.indicator_rows(assessment)
    out = []
    for entry in entry_list:
        descriptions = {d.level: d.description for d in entry.principle.level_descriptions.all()}
        out.append(
            Section(
                entry=entry,
                level_description=descriptions.get(entry.level, ""),
                evidence=evidence.get(entry.pk, []),
                indicators=indicator_rows.get(entry.principle_id, []),
            )
        )
    return out


def levels_chart(comparison: selectors.Comparison) -> SafeString | None:
    """Each principle's level (0 not started … 3 embedded), one bar per year."""
    if not comparison.years or not comparison.levels:
        return None
    years = comparison.years[-len(YEAR_COLOURS) :]
    label_width, step, bar, gap = 260, 90, 12, 3
    group = len(years) * (bar + gap) + 10
    legend = 24
    width = label_width + step * 3 + 120
    height = legend + group * len(comparison.levels) + 24
    parts = [
        format_html(
            '<svg xmlns="http://www.w3.org/2000/svg" class="ccpl-chart" role="img" '
            'aria-labelledby="assurance-levels-title assurance-levels-desc" '
            'viewBox="0 0 {} {}" width="{}" height="{}" font-family="Arial, sans-serif" '
            'font-size="12">'
            '<title id="assurance-levels-title">Bar chart: maturity level of each principle '
            "by year, from 0 (not started) to 3 (embedded)</title>"
            '<desc id="assurance-levels-desc">The same levels are in the table that follows '
            "the chart.</desc>",
            width,
            height,
            width,
            height,
        )
    ]
    for i, year in enumerate(years):
        parts.append(
            format_html(
                '<rect x="{}" y="4" width="12" height="12" fill="{}"/>'
                '<text x="{}" y="14" fill="#212b32">{}</text>',
                label_width + i * 70,
                YEAR_COLOURS[i],
                label_width + i * 70 + 16,
                year,
            )
        )
    for level in Level:
        x = label_width + step * level.value
        parts.append(
            format_html(
                '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#d8dde0"/>'
                '<text x="{}" y="{}" fill="#4c6272">{}</text>',
                x,
                legend,
                x,
                height - 18,
                x,
                height - 4,
                level.label,
            )
        )
    for r, row in enumerate(comparison.levels):
        top = legend + r * group
        parts.append(
            format_html(
                '<text x="0" y="{}" fill="#212b32">{}</text>',
                top + group / 2,
                row.label[:42],
            )
        )
        for i, year in enumerate(years):
            value = row.numbers.get(year)
            if value is None:
                continue
            parts.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>',
                    label_width,
                    top + i * (bar + gap),
                    max(step * value, 3),
                    bar,
                    YEAR_COLOURS[i],
                )
            )
    parts.append(mark_safe("</svg>"))  # noqa: S308 - every part is escaped above
    return mark_safe("".join(parts))  # noqa: S308
