"""The indicators match the figures the apps' own pages show, on the demo ICB."""

import pytest
from django.urls import reverse
from django.utils import timezone

from assurance import indicators
from ccpl.periods import financial_year
from dashboard import selectors as dashboard_selectors
from development import uptake as development_uptake
from forums import selectors as forum_selectors
from surveys import selectors as survey_selectors

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(demo_module, db):
    pass


def test_indicators_match_the_apps_pages(demo, staff_client):
    today = timezone.localdate()

    # Vacancies: the dashboard's roles tile.
    tile = dashboard_selectors.roles(today)
    vacancies = indicators.get("vacancies").compute(today)
    assert vacancies["headline"].startswith(f"{tile['vacant']} of {tile['total']} roles")

    # Forums with every expected profession: the membership-mix page flags the others.
    figure = indicators.get("forum_professions").compute(today)
    page = staff_client.get(reverse("forums:membership_mix")).content.decode()
    for forum, text in figure["rows"]:
        assert forum in page
        if text.startswith("No one from"):
            for name in text.removeprefix("No one from ").split(", "):
                assert name in page
    mix = [m for m in forum_selectors.membership_mix(on=today) if m.expected_professions]
    flagged = sum(1 for m in mix if m.missing_professions)
    assert figure["headline"].startswith(f"{len(mix) - flagged} of {len(mix)} forums")

    # Development offer uptake: the uptake page's totals.
    starts_on, _ = financial_year(today)
    uptake = development_uptake.uptake(starts_on=starts_on, on=today)
    figure = indicators.get("offer_uptake").compute(today)
    assert dict(figure["rows"]) == {
        "Applied": uptake.applied.display,
        "Took part": uptake.took_part.display,
        "Completed": uptake.completed.display,
    }
    page = staff_client.get(reverse("development:uptake")).content.decode()
    assert uptake.applied.display in page

    # Temperature check: the trends page's row for each priority.
    trend = survey_selectors.favourable_trend()
    page = staff_client.get(reverse("surveys:trends")).content.decode()
    for row in trend.priorities:
        figure = indicators.get(f"temperature_check_{row.priority.number}").compute(today)
        assert figure is not None
        for year, share in row.by_year.items():
            assert [str(year), share.display] in figure["rows"]
            assert share.display in page

    # Talent pool: the recruitment talent-pool list (through disclosure control).
    figure = indicators.get("talent_pool").compute(today)
    page = staff_client.get(reverse("recruitment:talent_pool_list"))
    assert page.status_code == 200
    assert figure["headline"].endswith("people")

    # The demo's assessments: last year's signed off and published, this year's a draft.
    assert staff_client.get(reverse("assurance:summary")).status_code == 200
    page = staff_client.get(reverse("assurance:comparison")).content.decode()
    assert str(today.year - 1) in page and str(today.year) in page


def test_every_indicator_computes_on_the_demo(demo):
    today = timezone.localdate()
    for indicator in indicators.all_indicators():
        figure = indicator.compute(today)
        assert figure is None or isinstance(figure["headline"], str), indicator.key
        assert indicator.how
