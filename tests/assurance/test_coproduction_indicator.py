"""Principle 2's "Co-production reviews held": the forums' reviews in the assessment's
financial year up to its date, the same count as the reviews list for that year."""

from datetime import date

import pytest
from django.urls import reverse

from assurance import indicators, selectors
from assurance.models import IndicatorValue
from tests.forums.factories import CoproductionReviewFactory, ForumFactory

from .conftest import AS_OF, sign_off

KEY = "coproduction_reviews"


def _list_count(client, year):
    response = client.get(reverse("forums:coproduction_list"), {"year": year})
    assert response.status_code == 200
    return response.context["table"].paginator.count


def test_it_is_a_principle_2_indicator_linking_to_the_years_list():
    indicator = indicators.get(KEY)
    assert indicator.principle == 2
    assert indicator.title == "Co-production reviews held"
    assert indicator.url_for(AS_OF) == reverse("forums:coproduction_list") + "?year=2025"
    # The lived-experience members indicator was already there, under the same principle.
    assert indicators.get("lived_experience").principle == 2


def test_nothing_recorded_is_not_a_figure(db):
    assert indicators.get(KEY).compute(AS_OF) is None


def test_it_equals_the_lists_count_for_the_year(staff_client):
    forum = ForumFactory()
    for held_on in (date(2025, 4, 1), date(2025, 9, 30), date(2025, 12, 31)):
        CoproductionReviewFactory(forum=forum, held_on=held_on, participants=4)
    CoproductionReviewFactory(forum=None, programme_group="MNVP", held_on=date(2025, 6, 1))
    CoproductionReviewFactory(held_on=date(2025, 3, 31))  # the year before
    figure = indicators.get(KEY).compute(AS_OF)
    assert figure["number"] == 4.0 == _list_count(staff_client, 2025)
    assert figure["headline"] == "4 reviews"
    # 18 people: rounded to the nearest 5 by disclosure control.
    assert ["People with lived experience or the public who took part", "20"] in figure["rows"]


def test_a_review_held_after_the_assessment_date_does_not_count(staff_client):
    CoproductionReviewFactory(held_on=date(2025, 12, 31))
    CoproductionReviewFactory(held_on=date(2026, 1, 1))  # same financial year, after AS_OF
    figure = indicators.get(KEY).compute(AS_OF)
    assert figure["number"] == 1.0
    assert figure["headline"] == "1 review"
    assert _list_count(staff_client, 2025) == 2  # the list shows the whole year


def test_few_participants_are_hidden(db):
    CoproductionReviewFactory(held_on=date(2025, 5, 1), participants=3)
    figure = indicators.get(KEY).compute(AS_OF)
    assert ["People with lived experience or the public who took part", "*"] in figure["rows"]


def test_sign_off_stores_it_and_later_reviews_do_not_change_it(
    draft, staff_user, exec_user, council, staff_client
):
    CoproductionReviewFactory(forum=council, held_on=date(2025, 10, 1))
    assessment = sign_off(draft, staff=staff_user, executive=exec_user, forum=council)
    stored = IndicatorValue.objects.get(assessment=assessment, key=KEY)
    assert stored.principle.priority.number == 2
    assert stored.figure["headline"] == "1 review"

    CoproductionReviewFactory(forum=council, held_on=date(2025, 11, 1))  # entered late
    assert indicators.get(KEY).compute(AS_OF)["headline"] == "2 reviews"
    rows = {row.key: row for rows in selectors.indicator_rows(assessment).values() for row in rows}
    assert rows[KEY].figure["headline"] == "1 review"
    assert rows[KEY].url == reverse("forums:coproduction_list") + "?year=2025"
    page = staff_client.get(reverse("assurance:assessment_detail", args=[assessment.pk]))
    assert reverse("forums:coproduction_list") + "?year=2025" in page.content.decode()


@pytest.fixture
def principles_and_council(principles, council):
    return council


def test_the_draft_page_shows_it_live(principles_and_council, draft, staff_client):
    CoproductionReviewFactory(forum=principles_and_council, held_on=date(2025, 10, 1))
    html = staff_client.get(reverse("assurance:assessment_detail", args=[draft.pk])).content
    assert b"Co-production reviews held" in html
    assert b"1 review" in html
