"""The uptake of the development offer (CCPL team and executives): applications and
participants by offer, professional group and Place for a financial year, the participants'
published diversity beside the leaders', and mentoring pairs. Every count of people goes
through disclosure control (``development.uptake``)."""

from datetime import date

from django.shortcuts import render
from django.utils import timezone

from ccpl import disclosure
from ccpl.access import permission_required
from ccpl.exports import csv_response
from ccpl.periods import financial_year, financial_year_label

from .. import uptake
from . import VIEW, manage_crumbs


def _year_choices(today: date) -> list[int]:
    first = uptake.first_cohort_year()
    current = financial_year(today)[0].year
    return list(range(current, min(first or current, current) - 1, -1))


@permission_required(VIEW)
def uptake_page(request):
    today = timezone.localdate()
    years = _year_choices(today)
    try:
        year = int(request.GET.get("year", years[0]))
    except ValueError:
        year = years[0]
    if year not in years:
        year = years[0]
    starts_on, ends_on = financial_year(date(year, 4, 1))
    on = min(ends_on, today)
    figures = uptake.uptake(starts_on=starts_on, on=on)
    if request.GET.get("format") == "csv":
        rows = []
        for table in figures.tables:
            rows.append([table.title])
            rows.extend(table.csv_rows())
            rows.append([])
        return csv_response(rows=rows, filename=f"development-uptake-{year}-{year + 1}.csv")
    return render(
        request,
        "development/uptake.html",
        {
            "figures": figures,
            "diversity": uptake.participant_diversity(on=on),
            "mentoring": uptake.mentoring_uptake(starts_on=starts_on, on=on),
            "year": year,
            "years": [(y, financial_year_label(y)) for y in years],
            "period_label": financial_year_label(year),
            "on": on,
            "footnote": disclosure.PEOPLE_FOOTNOTE,
            "breadcrumbs": manage_crumbs(),
        },
    )
