"""Indicator rules that a page alone would not show: the recruitment funnel pooled over
several years when one year is too small, and "too few to show" otherwise."""

from datetime import date, timedelta

import pytest

from assurance import indicators
from tests.factories import ProfessionalGroupFactory
from tests.recruitment.factories import ApplicationFactory, CampaignFactory

pytestmark = pytest.mark.django_db
TODAY = date.today()


def _applicants(campaign, group, *, applied, appointed):
    for i in range(applied):
        ApplicationFactory(
            campaign=campaign,
            professional_group=group,
            stage="appointed" if i < appointed else "interviewed",
            shortlisted_on=TODAY,
        )


def test_the_funnel_is_pooled_over_years_when_one_year_is_too_small():
    medical = ProfessionalGroupFactory(name="Medical")
    nursing = ProfessionalGroupFactory(name="Nursing and midwifery")
    this_year = CampaignFactory(
        opens_on=TODAY - timedelta(days=40), closes_on=TODAY - timedelta(days=10)
    )
    _applicants(this_year, medical, applied=2, appointed=1)
    _applicants(this_year, nursing, applied=2, appointed=1)
    funnel = indicators.get("funnel_likelihood")
    assert funnel.compute(TODAY)["headline"] == indicators.TOO_FEW

    earlier = CampaignFactory(
        opens_on=TODAY - timedelta(days=730), closes_on=TODAY - timedelta(days=700)
    )
    # Each figure 8 or more, so none is hidden (1 to 7 would be, and another beside it).
    _applicants(earlier, medical, applied=20, appointed=16)
    _applicants(earlier, nursing, applied=20, appointed=8)
    figure = funnel.compute(TODAY)
    assert figure["headline"] == (
        "Medical: 1.50 times as likely as everyone else (the last 3 years pooled)"
    )
    assert figure["number"] == 1.5
