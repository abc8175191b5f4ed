"""Cohort evaluation in a real browser: drafting an ended cohort's questionnaire from the
cohort's page, and the offer's Evaluation section pooled and too few, each passing axe and
the HTML checker."""

from playwright.sync_api import expect

from surveys.models import Answer
from tests.development.factories import OfferFactory
from tests.development.test_evaluation import _ended_cohort, _evaluated


def test_evaluation_pages_pass_axe(page, live_server, staff_user, sign_in_as, axe_check):
    offer = OfferFactory(title="Incubator for new leaders")
    _evaluated(offer, 6, rating="Excellent", comment="The action learning sets")
    _evaluated(offer, 7, rating="Good")
    Answer.objects.filter(question__key="most-useful").update(
        moderation=Answer.Moderation.PUBLISH, published_text="The action learning sets."
    )
    cohort = _ended_cohort(offer, name="Spring 2026 cohort")
    sign_in_as(page, staff_user)
    page.goto(f"{live_server.url}/development/manage/{offer.pk}/")
    expect(page.get_by_role("heading", name="Evaluation")).to_be_visible()
    expect(page.get_by_text("Pooled across 2 cohorts")).to_be_visible()
    expect(page.get_by_text("13 people responded")).to_be_visible()
    axe_check(page)
    page.goto(f"{live_server.url}/development/manage/cohorts/{cohort.pk}/")
    page.get_by_role("button", name="Draft the evaluation questionnaire").click()
    expect(page.get_by_text("The evaluation questionnaire has been drafted")).to_be_visible()
    axe_check(page)
    page.goto(f"{live_server.url}/development/manage/cohorts/{cohort.pk}/")
    expect(page.get_by_role("link", name="Evaluation: Incubator for new leaders")).to_be_visible()
    axe_check(page)
    small = OfferFactory(title="Growing system leaders")
    _evaluated(small, 5)
    page.goto(f"{live_server.url}/development/manage/{small.pk}/")
    expect(page.get_by_text("Too few responses to show yet")).to_be_visible()
    axe_check(page)
