"""Dates, times and counts in the NHS.UK content style (ccpl.formatting and its filters)."""

import datetime
import re
import zoneinfo
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, Template
from django.urls import reverse

from ccpl.formatting import nhs_count, nhs_date, nhs_datetime, nhs_time

LONDON = zoneinfo.ZoneInfo("Europe/London")


@pytest.mark.parametrize(
    ("hour", "minute", "text"),
    [
        (9, 0, "9am"),
        (14, 30, "2:30pm"),
        (12, 0, "midday"),
        (0, 0, "midnight"),
        (12, 30, "12:30pm"),
        (0, 5, "12:05am"),
        (23, 59, "11:59pm"),
        (10, 0, "10am"),
    ],
)
def test_times_read_the_nhs_way(hour, minute, text):
    assert nhs_time(datetime.time(hour, minute)) == text
    assert nhs_time(datetime.datetime(2026, 12, 22, hour, minute, tzinfo=LONDON)) == text


def test_an_aware_time_is_shown_in_the_sites_time_zone():
    # 13:30 UTC in summer is 2:30pm in London; in winter it is 1:30pm.
    assert nhs_time(datetime.datetime(2026, 7, 1, 13, 30, tzinfo=datetime.UTC)) == "2:30pm"
    assert nhs_time(datetime.datetime(2026, 12, 1, 13, 30, tzinfo=datetime.UTC)) == "1:30pm"
    # 23:30 UTC on 30 June is already 1 July in London: the date moves with the time.
    late = datetime.datetime(2026, 6, 30, 23, 30, tzinfo=datetime.UTC)
    assert nhs_datetime(late) == "1 July 2026 at 12:30am"


def test_dates_and_date_times():
    day = datetime.date(2026, 12, 22)
    assert nhs_date(day) == "22 December 2026"
    assert nhs_date(day, weekday=True) == "Tuesday 22 December 2026"
    moment = datetime.datetime(2026, 12, 22, 9, 0, tzinfo=LONDON)
    assert nhs_datetime(moment) == "22 December 2026 at 9am"
    assert nhs_datetime(moment, weekday=True) == "Tuesday 22 December 2026 at 9am"
    assert nhs_datetime(day) == "22 December 2026"  # a plain date has no time to show
    for empty in (None, ""):
        assert nhs_time(empty) == nhs_date(empty) == nhs_datetime(empty) == ""


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (0, "0"),
        (999, "999"),
        (1000, "1,000"),
        (1251, "1,251"),
        (1000000, "1,000,000"),
        (-1234, "-1,234"),
        (Decimal("1234"), "1,234"),
        (Decimal("1234.50"), "1,234.50"),
        (1234.5, "1,234.5"),
    ],
)
def test_counts_get_thousands_separators(value, text):
    assert nhs_count(value) == text


@pytest.mark.parametrize("value", [None, "", "*", "–", "not known", True, Decimal("NaN")])
def test_count_leaves_what_is_not_a_number_alone(value):
    assert nhs_count(value) is value


def test_the_filters_and_djangos_own_date_output_use_the_same_style():
    moment = datetime.datetime(2026, 12, 22, 14, 30, tzinfo=datetime.UTC)  # 2:30pm in London
    rendered = Template(
        "{{ moment|nhs_time }}|{{ moment|nhs_datetime }}|{{ moment|nhs_datetime:'weekday' }}|"
        "{{ moment.date }}|{{ moment|date }}|{{ moment|date:'SHORT_DATE_FORMAT' }}|"
        "{{ n|count }}|{{ hidden|count }}|{{ year }}"
    ).render(Context({"moment": moment, "n": 1251, "hidden": "*", "year": 2026}))
    assert rendered.split("|") == [
        "2:30pm",
        "22 December 2026 at 2:30pm",
        "Tuesday 22 December 2026 at 2:30pm",
        "22 December 2026",
        "22 December 2026",
        "22 December 2026",
        "1,251",
        "*",
        "2026",  # years are never counts
    ]


# --- real pages -------------------------------------------------------------


@pytest.mark.django_db
def test_a_meeting_page_shows_its_times_the_nhs_way(staff_client):
    from tests.forums.factories import ForumFactory, MeetingFactory

    forum = ForumFactory(name="Clinical Council", slug="clinical-council", is_public=True)
    starts = datetime.datetime(2026, 12, 22, 14, 30, tzinfo=LONDON)
    meeting = MeetingFactory(
        forum=forum, starts_at=starts, ends_at=starts.replace(hour=16, minute=0)
    )
    page = staff_client.get(reverse("forums:meeting_detail", args=[meeting.pk]))
    assert page.status_code == 200
    text = " ".join(page.content.decode().split())
    assert "Tuesday 22 December 2026 at 2:30pm to 4pm" in text
    assert "p.m." not in text and "14:30" not in text


@pytest.mark.django_db
def test_a_survey_page_shows_counts_with_thousands_separators(staff_client):
    from surveys.models import Response
    from tests.surveys.factories import SurveyFactory

    survey = SurveyFactory(year=2026, opens_on=datetime.date(2026, 12, 1))
    Response.objects.bulk_create(Response(survey=survey) for _ in range(1251))
    page = staff_client.get(reverse("surveys:survey_detail", args=[survey.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert re.search(r">\s*1,251\s*<", text)
    assert "1251" not in text
    assert "1 December 2026" in text  # a bare {{ date }}: month in full, not "1 Dec 2026"
    assert "2,026" not in text  # the survey's year is not a count


# --- no template formats a date or time by hand -----------------------------

TEMPLATE_DIRS = [
    Path(settings.BASE_DIR) / "templates",
    *Path(settings.BASE_DIR).glob("*/templates"),
]
# A |date or |time format with a clock in it ("H:i", "g:ia", "P") or a numeric date
# ("d/m/Y") bypasses the NHS style: use |nhs_time, |nhs_datetime or the default |date.
HAND_FORMAT = re.compile(
    r"""\|\s*(?:date|time)\s*:\s*["'](?P<format>[^"']*)["']""",
)
CLOCK_OR_NUMERIC = re.compile(r"[aAfgGhHiPsu]|[dmny]\W+[dmnyY]|[dmnyY]\W+[dmny]")


def _template_files():
    for directory in TEMPLATE_DIRS:
        yield from (p for p in directory.rglob("*") if p.suffix in {".html", ".txt"})


def test_the_guard_finds_hand_made_formats():
    def bad(text):
        return [
            m["format"]
            for m in HAND_FORMAT.finditer(text)
            if m["format"] not in ALLOWED and CLOCK_OR_NUMERIC.search(m["format"])
        ]

    assert bad('{{ x|date:"d/m/Y" }} {{ x|time:"H:i" }} {{ x|date:"j F Y, g:ia" }}') == [
        "d/m/Y",
        "H:i",
        "j F Y, g:ia",
    ]
    assert bad('{{ x|date:"j F Y" }} {{ x|date:"l j F" }} {{ x|date:"F Y" }}') == []


# Machine-readable output (ISO 8601 for metadata), and Django's named formats.
ALLOWED = {"c", "Y-m-d", "SHORT_DATE_FORMAT", "DATE_FORMAT", "YEAR_MONTH_FORMAT"}


def test_no_template_formats_a_time_or_a_numeric_date_by_hand():
    found = []
    for path in _template_files():
        for match in HAND_FORMAT.finditer(path.read_text()):
            fmt = match["format"]
            if fmt not in ALLOWED and CLOCK_OR_NUMERIC.search(fmt):
                found.append(f"{path.relative_to(settings.BASE_DIR)}: {fmt}")
    assert len(list(_template_files())) > 100  # the walk really reads the templates
    assert found == []
