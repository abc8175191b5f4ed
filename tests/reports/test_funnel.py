"""The recruitment funnel's relative likelihood: one string, worked out once, shown as it is
on the page, in the CSV and in the report PDF. Where nobody in the reference group was
shortlisted there is no likelihood to compare with, so every ratio (the reference's own
too) is "–", never "1.00"."""

import datetime as dt
import re

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from recruitment import selectors as recruitment_selectors
from recruitment.models import Application
from reports import rendering
from tests.factories import ProfessionalGroupFactory
from tests.recruitment.factories import ApplicationFactory, CampaignFactory
from tests.reports.pdf import pdf_text, squashed

pytestmark = pytest.mark.django_db


def d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def test_the_funnel_shows_a_dash_where_nobody_in_the_reference_was_shortlisted(
    staff_client,
):
    medical = ProfessionalGroupFactory(name="Medical")
    nursing = ProfessionalGroupFactory(name="Nursing")
    campaign = CampaignFactory()
    for _ in range(10):
        ApplicationFactory(campaign=campaign, professional_group=medical)
        ApplicationFactory(
            campaign=campaign,
            professional_group=nursing,
            shortlisted_on=d("2026-01-01"),
            stage=Application.Stage.APPOINTED,
        )
    funnel = recruitment_selectors.funnels()[0]
    rows = {row.label: row for row in funnel.rows}
    assert rows["Medical"].is_reference
    assert rows["Medical"].relative_likelihood == "–"
    assert rows["Nursing"].relative_likelihood == "–"
    csv_reference = next(line for line in funnel.csv_rows() if line[0] == "Medical")
    assert csv_reference[-1] == "–"
    page = staff_client.get(reverse("recruitment:funnel")).content.decode()
    cells = re.search(r"Medical \(reference\)</th>(.*?)</tr>", page, re.S).group(1)
    assert cells.strip().endswith("–</td>") and "1.00" not in cells
    # With someone shortlisted in the reference, it compares with itself: 1.00.
    ApplicationFactory(
        campaign=campaign, professional_group=medical, shortlisted_on=d("2026-01-01")
    )
    rows = {row.label: row for row in recruitment_selectors.funnels()[0].rows}
    assert rows["Medical"].relative_likelihood == "1.00"
    # The report's PDF shows the same string (the funnel from before, with the dash).
    section = render_to_string(
        "reports/pdf/sections/recruitment.html",
        {"data": {"campaigns": [], "requests": [], "funnels": [funnel], "themes": []}},
    )
    pdf = rendering.html_to_pdf(
        f'<!DOCTYPE html><html lang="en-GB"><head><title>Funnel</title></head>'
        f"<body><main>{section}</main></body></html>"
    )
    line = next(line for line in pdf_text(pdf).splitlines() if line.strip().startswith("Medical"))
    assert squashed(line).strip().endswith("–") and "1.00" not in line
