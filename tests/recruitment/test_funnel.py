"""Funnel arithmetic, the relative likelihood of appointment from shortlisting, and
disclosure control on every published figure."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from ccpl.models import EqualityProfile
from recruitment import selectors
from tests.factories import ProfessionalGroupFactory

from .factories import ApplicationFactory, CampaignFactory

pytestmark = pytest.mark.django_db
TODAY = date.today()


def _applicants(campaign, group, *, applied, shortlisted, appointed, ethnicity=""):
    """``applied`` applications, of which ``shortlisted`` shortlisted and ``appointed`` appointed."""
    for i in range(applied):
        stage = "received"
        if i < appointed:
            stage = "appointed"
        elif i < shortlisted:
            stage = "interviewed"
        application = ApplicationFactory(
            campaign=campaign,
            professional_group=group,
            stage=stage,
            shortlisted_on=TODAY if i < shortlisted else None,
        )
        if ethnicity:
            EqualityProfile.objects.create(
                subject=EqualityProfile.subject_for(application), ethnicity=ethnicity
            )


def test_relative_likelihood_arithmetic():
    # WRES indicator 2: (appointed/shortlisted of reference) ÷ (same of the other group).
    assert selectors.relative_likelihood((10, 20), (5, 20)) == Decimal("2.00")
    assert selectors.relative_likelihood((3, 9), (2, 4)) == Decimal("0.67")
    assert selectors.relative_likelihood((1, 0), (1, 2)) is None
    assert selectors.relative_likelihood((1, 2), (0, 5)) is None


def test_funnel_counts_by_professional_family_and_stage():
    medical = ProfessionalGroupFactory(name="Medical")
    gp = ProfessionalGroupFactory(name="General practitioners", parent=medical)
    nursing = ProfessionalGroupFactory(name="Nursing and midwifery")
    campaign = CampaignFactory()
    _applicants(campaign, gp, applied=30, shortlisted=20, appointed=10)
    _applicants(campaign, nursing, applied=12, shortlisted=10, appointed=1)
    ApplicationFactory(campaign=campaign, professional_group=nursing, stage="withdrawn")
    counts = selectors.funnel_counts_by_professional_group()
    assert counts == {
        "Medical": {"applied": 30, "shortlisted": 20, "appointed": 10},
        "Nursing and midwifery": {"applied": 13, "shortlisted": 10, "appointed": 1},
    }


def test_funnel_publishes_through_disclosure_control():
    counts = {
        "Medical": {"applied": 30, "shortlisted": 25, "appointed": 10},
        "Nursing": {"applied": 40, "shortlisted": 20, "appointed": 5},
        "Pharmacy": {"applied": 12, "shortlisted": 3, "appointed": 1},
    }
    funnel = selectors.funnel(counts, title="Professional group", reference="Medical")
    rows = {row.label: row for row in funnel.rows}
    assert funnel.rows[0].label == "Medical" and funnel.rows[0].is_reference
    assert [c.display for c in rows["Medical"].cells] == ["30", "25", "10"]
    assert rows["Medical"].appointed_from_shortlist.display == "40%"
    # Pharmacy's 3 shortlisted is hidden, so (secondary suppression) is Nursing's 20.
    assert rows["Nursing"].cells[1].display == "*"
    # Nursing: 5 appointed is 1–7, so hidden; its ratio uses a hidden figure and is hidden.
    assert rows["Nursing"].cells[2].display == "*"
    assert rows["Nursing"].relative_likelihood == "*"
    assert rows["Nursing"].appointed_from_shortlist.display == "*"
    # Pharmacy: small numbers hidden, and no raw figure anywhere in the published rows.
    assert [c.display for c in rows["Pharmacy"].cells][1:] == ["*", "*"]
    assert rows["Pharmacy"].relative_likelihood == "*"
    csv_text = "\n".join(",".join(line) for line in funnel.csv_rows())
    assert ",3," not in csv_text and ",1," not in csv_text


def test_ratio_shown_when_every_input_is_published():
    counts = {
        "white": {"applied": 60, "shortlisted": 40, "appointed": 20},
        "asian": {"applied": 50, "shortlisted": 40, "appointed": 10},
    }
    funnel = selectors.funnel(counts, title="Ethnic group", reference="white")
    rows = {row.label: row for row in funnel.rows}
    # (20/40) ÷ (10/40) = 2.00 — worked out from raw counts, not the rounded ones.
    assert rows["asian"].relative_likelihood == "2.00"
    assert rows["asian"].appointed_from_shortlist.display == "25%"
    assert [c.display for c in funnel.totals] == ["110", "80", "30"]


def test_every_category_is_listed_even_when_nobody_gave_it():
    funnel = selectors.funnel(
        {"a": {"applied": 10, "shortlisted": 10, "appointed": 10}},
        title="X",
        reference="a",
        categories=["a", "b", "c"],
    )
    assert [row.label for row in funnel.rows] == ["a", "b", "c"]
    assert [c.display for c in funnel.rows[2].cells] == ["0", "0", "0"]
    assert funnel.rows[2].relative_likelihood == "–"


def test_ethnicity_funnel_by_broad_group_with_white_reference():
    group = ProfessionalGroupFactory()
    campaign = CampaignFactory()
    _applicants(campaign, group, applied=20, shortlisted=20, appointed=10, ethnicity="white_irish")
    _applicants(campaign, group, applied=20, shortlisted=20, appointed=10, ethnicity="asian_indian")
    ApplicationFactory(campaign=campaign, professional_group=group)  # no equality form
    counts = selectors.funnel_counts_by_equality(dimension="ethnicity")
    assert counts["white"] == {"applied": 20, "shortlisted": 20, "appointed": 10}
    assert counts["asian"] == {"applied": 20, "shortlisted": 20, "appointed": 10}
    assert counts["not_stated"]["applied"] == 1
    ethnicity = next(f for f in selectors.funnels() if f.title == "Ethnic group")
    assert ethnicity.reference_label == "White"
    rows = {row.label: row for row in ethnicity.rows}
    assert rows["Asian, Asian British or Asian Welsh"].relative_likelihood == "1.00"


def test_funnel_page_and_csv(staff_client):
    medical = ProfessionalGroupFactory(name="Medical")
    _applicants(CampaignFactory(), medical, applied=9, shortlisted=8, appointed=2)
    response = staff_client.get(reverse("recruitment:funnel"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "reference group: Medical" in page
    assert "Relative likelihood" in page
    csv_response = staff_client.get(reverse("recruitment:funnel"), {"_export": "csv"})
    body = b"".join(csv_response.streaming_content).decode("utf-8-sig")
    assert "Medical,10,10,*" in body


def test_applicants_are_a_snapshot_population():
    from ccpl import snapshots

    group = ProfessionalGroupFactory()
    campaign = CampaignFactory()
    _applicants(campaign, group, applied=9, shortlisted=0, appointed=0, ethnicity="black_african")
    snapshot = snapshots.snapshot_take(population=selectors.APPLICANTS)
    assert snapshot.total == 9
    counts = {(c.dimension, c.category): c.count for c in snapshot.counts.all()}
    assert counts[("ethnic_group", "black")] == 9


def test_reference_compared_with_everyone_else_and_chosen_reference(staff_client):
    counts = {
        "Medical": {"applied": 60, "shortlisted": 40, "appointed": 20},
        "Nursing": {"applied": 30, "shortlisted": 20, "appointed": 5},
        "Pharmacy": {"applied": 30, "shortlisted": 20, "appointed": 5},
    }
    funnel = selectors.funnel(counts, title="Professional group", reference="Medical")
    # (20/40) ÷ (10/40) = 2.00; the rest's figures are 40 and 10, both publishable.
    assert funnel.compared_with_rest == "2.00"
    small = selectors.funnel(
        {
            "Medical": {"applied": 60, "shortlisted": 40, "appointed": 20},
            "Nursing": {"applied": 10, "shortlisted": 5, "appointed": 1},
        },
        title="Professional group",
        reference="Medical",
    )
    assert small.compared_with_rest == "*"
    ProfessionalGroupFactory(name="Medical")
    nursing = ProfessionalGroupFactory(name="Nursing")
    chosen = selectors.funnels(references={"professional_group": nursing.name, "sex": "bogus"})
    assert chosen[0].reference_label == "Nursing"
    assert next(f for f in chosen if f.key == "sex").reference == "male"
    page = staff_client.get(reverse("recruitment:funnel"), {"ref_professional_group": "Nursing"})
    assert "reference group: Nursing" in page.content.decode()


def test_cached_funnel_shows_a_write_at_once(staff_client):
    """The tables are kept in the cache (ccpl.fragments) until the next write."""
    medical = ProfessionalGroupFactory(name="Medical")
    _applicants(CampaignFactory(), medical, applied=9, shortlisted=8, appointed=2)
    url = reverse("recruitment:funnel")
    assert "Dental" not in staff_client.get(url).content.decode()
    assert "Dental" not in staff_client.get(url).content.decode()  # from the cache
    ProfessionalGroupFactory(name="Dental")
    assert '<th scope="row" class="nhsuk-table__header">Dental</th>' in (
        staff_client.get(url).content.decode()
    )
    # Each choice of reference group is kept apart.
    chosen = staff_client.get(url, {"ref_professional_group": "Dental"}).content.decode()
    assert "reference group: Dental" in chosen
    assert "reference group: Medical" in staff_client.get(url).content.decode()
