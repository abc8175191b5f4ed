"""The uptake of the development offer: figures match a reference computation and go
through disclosure control; the participants' diversity is published, never live; who
reaches the page; the dashboard tile and the annual report section."""

import re
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from ccpl import disclosure, publications
from ccpl.periods import financial_year
from ccpl.services import equality_answers_save
from development import uptake
from development.models import CohortApplication
from reports.catalogue import sections_for
from reports.sections import ANNUAL_REPORT, ReportInputs
from tests.factories import PersonFactory, PlaceFactory, ProfessionalGroupFactory

from .factories import CohortApplicationFactory, CohortFactory, MatchFactory

pytestmark = pytest.mark.django_db

SELECTED = CohortApplication.Status.SELECTED


def _applications(cohort, n, *, selected=0, group=None, person_place=None, on=None):
    made = []
    for i in range(n):
        extra = {}
        if person_place is not None:
            extra["person"] = PersonFactory(place=person_place)
        application = CohortApplicationFactory(
            cohort=cohort, professional_group=group or ProfessionalGroupFactory(), **extra
        )
        if i < selected:
            application.status = SELECTED
            application.decision_reason = "Chosen for the mix of the cohort."
            application.decided_on = on or cohort.starts_on
            application.save()
        made.append(application)
    return made


@pytest.fixture
def year():
    today = timezone.localdate()
    starts_on, _ = financial_year(today)
    return starts_on, today


def test_financial_year_runs_april_to_march():
    assert financial_year(date(2026, 4, 1)) == (date(2026, 4, 1), date(2027, 3, 31))
    assert financial_year(date(2027, 3, 31)) == (date(2026, 4, 1), date(2027, 3, 31))
    assert financial_year(date(2026, 12, 3)) == (date(2026, 4, 1), date(2027, 3, 31))


def test_uptake_matches_a_reference_computation_through_disclosure_control(year):
    starts_on, today = year
    nursing = ProfessionalGroupFactory(name="Nursing")
    midwifery = ProfessionalGroupFactory(name="Midwifery", parent=nursing)
    pharmacy = ProfessionalGroupFactory(name="Pharmacy")
    north, south = PlaceFactory(name="Northshire"), PlaceFactory(name="Southvale")
    start = max(starts_on, today - timedelta(days=30))
    incubator = CohortFactory(
        offer__title="Incubator", starts_on=start, ends_on=start + timedelta(days=90)
    )
    programme = CohortFactory(
        offer__title="Growing system leaders", starts_on=start, ends_on=start + timedelta(days=180)
    )
    # Before the year and after today: never counted.
    CohortApplicationFactory(
        cohort=CohortFactory(
            starts_on=starts_on - timedelta(days=10), ends_on=starts_on + timedelta(days=60)
        )
    )
    _applications(incubator, 12, selected=9, group=nursing, person_place=north)
    _applications(incubator, 3, selected=2, group=midwifery, person_place=south)
    _applications(programme, 13, selected=5, group=pharmacy)

    figures = uptake.uptake(starts_on=starts_on, on=today)

    # The reference: raw counts worked out here from what was made, then the one rule.
    reference = {
        "by_offer": {
            "Growing system leaders": {"applied": 13, "selected": 5},
            "Incubator": {"applied": 15, "selected": 11},
        },
        "by_profession": {
            "Nursing": {"applied": 15, "selected": 11},
            "Pharmacy": {"applied": 13, "selected": 5},
        },
        "by_place": {
            "Northshire": {"applied": 12, "selected": 9},
            "Southvale": {"applied": 3, "selected": 2},
            uptake.NO_PLACE: {"applied": 13, "selected": 5},
        },
    }
    for name, counts in reference.items():
        table = getattr(figures, name).table
        expected = disclosure.people_count_table(
            counts, columns=list(uptake.STAGES), row_totals=False, column_totals=True
        )
        shown = {row.label: [c.display for c in row.cells] for row in table.rows()}
        # Every professional family is listed, with or without applicants (zeros).
        assert all(
            cells == ["0", "0", "0"] for label, cells in shown.items() if label not in counts
        )
        shown = {label: cells for label, cells in shown.items() if label in counts}
        assert shown == {row.label: [c.display for c in row.cells] for row in expected.rows()}
        assert [c.display for c in table.totals_row().cells] == ["30", "15", "0"]
    # Spelled out: 13 is published as 15, 5 is hidden, and so is what would give it away.
    offer = {row.label: [c.display for c in row.cells] for row in figures.by_offer.table.rows()}
    assert offer["Growing system leaders"][0] == "15"
    assert offer["Growing system leaders"][1] == "*"
    assert offer["Incubator"][1] == "*"  # 11, hidden so that 5 cannot be worked out from 16
    place = {row.label: [c.display for c in row.cells] for row in figures.by_place.table.rows()}
    assert place["Southvale"] == ["*", "*", "0"]
    assert "3" not in str(place) and "2" not in str(place)


def test_uptake_reads_a_fixed_number_of_queries(year, django_assert_num_queries):
    starts_on, today = year
    cohort = CohortFactory(starts_on=today, ends_on=today + timedelta(days=30))
    _applications(cohort, 3, selected=1)
    with django_assert_num_queries(4):
        uptake.uptake(starts_on=starts_on, on=today)
    _applications(CohortFactory(starts_on=today, ends_on=today + timedelta(days=30)), 9)
    with django_assert_num_queries(4):
        uptake.uptake(starts_on=starts_on, on=today)


def _diversity_text(client) -> str:
    page = client.get(reverse("development:uptake")).content.decode()
    return page[page.index('id="diversity"') : page.index('id="mentoring"')]


def test_participants_diversity_is_published_never_live(staff_client, year):
    """The attack: whoever selects decides on one applicant and watches the diversity
    tables. Nothing moves until the next publication point, which needs at least five
    people's changes (``ccpl.publications``)."""
    starts_on, today = year
    start = today - timedelta(days=20)
    cohort = CohortFactory(starts_on=start, ends_on=today + timedelta(days=60))
    nursing = ProfessionalGroupFactory(name="Nursing")
    others = _applications(cohort, 20, selected=20, group=nursing, on=start)
    for i, application in enumerate(others):
        equality_answers_save(
            owner=application,
            answers={
                "age_band": ("40-49", "50-59")[i % 2],
                "sex": ("female", "male")[i % 2],
                "ethnicity": "white_british",
            },
        )
    published_on = today - timedelta(days=1)
    publications.publication_make(population=uptake.PARTICIPANTS, on=published_on, force=True)
    before = _diversity_text(staff_client)
    assert "Participants by ethnic group" in before
    assert re.search(r">Female</th>\s*<td[^>]*>10</td>", before)  # 10 women

    victim = CohortApplicationFactory(cohort=cohort)
    equality_answers_save(
        owner=victim,
        answers={"age_band": "60+", "sex": "male", "ethnicity": "white_gypsy_traveller"},
    )
    victim.status, victim.decision_reason, victim.decided_on = SELECTED, "Chosen.", today
    victim.save()
    after = _diversity_text(staff_client)
    assert after == before
    assert "Gypsy" not in after or "Gypsy" in before


def test_who_reaches_the_uptake_page(
    client, staff_client, exec_client, leader_client, panel_client
):
    url = reverse("development:uptake")
    assert client.get(url).status_code == 302
    assert leader_client.get(url).status_code == 403
    assert panel_client.get(url).status_code == 403
    assert staff_client.get(url).status_code == 200
    assert exec_client.get(url).status_code == 200


def test_uptake_page_shows_the_year_chosen_and_a_csv(staff_client, year):
    starts_on, today = year
    cohort = CohortFactory(
        offer__title="Journal club", starts_on=today, ends_on=today + timedelta(days=30)
    )
    _applications(cohort, 10, selected=9)
    page = staff_client.get(reverse("development:uptake")).content.decode()
    assert "Journal club" in page and "Took part" in page
    empty = staff_client.get(reverse("development:uptake"), {"year": "nonsense"})
    assert empty.status_code == 200
    last = staff_client.get(reverse("development:uptake"), {"year": starts_on.year - 5})
    assert last.status_code == 200
    response = staff_client.get(reverse("development:uptake"), {"format": "csv"})
    body = b"".join(response.streaming_content).decode()
    assert "Offer,applied,selected,completed" in body.replace("\r", "")
    assert "Journal club,10,10,0" in body.replace("\r", "")


def test_an_empty_year_says_so(staff_client):
    page = staff_client.get(reverse("development:uptake")).content.decode()
    assert "has had any applications yet" in page
    assert "No figures about participants have been published yet" in page


def test_mentoring_pairs_are_people_counts(year):
    starts_on, today = year
    for _ in range(9):
        MatchFactory(confirmed_on=today - timedelta(days=3))
    MatchFactory(confirmed_on=today - timedelta(days=3), closed_on=today)
    figures = uptake.mentoring_uptake(starts_on=starts_on, on=today)
    assert figures.started.display == "10"
    assert figures.closed.display == "*"
    assert figures.active.display == "10"  # 9, rounded to the nearest 5


def test_dashboard_tile_and_annual_report_section(exec_client, year):
    starts_on, today = year
    cohort = CohortFactory(
        offer__title="Incubator", starts_on=today, ends_on=today + timedelta(days=30)
    )
    _applications(cohort, 11, selected=8)
    page = exec_client.get(reverse("dashboard:dashboard")).content.decode()
    assert "Development offer" in page
    assert reverse("development:uptake") in page
    inputs = ReportInputs(
        kind=ANNUAL_REPORT,
        starts_on=starts_on,
        ends_on=financial_year(today)[1],
        on=today,
        period_label="this year",
    )
    section = next(s for s in sections_for(ANNUAL_REPORT) if s.key == "development")
    data = section.build(inputs)
    assert data["figures"].by_offer.table.cell("Incubator", "applied").display == "10"
    assert data["figures"].by_offer.table.cell("Incubator", "selected").display == "10"


def test_completions_count_once_recorded_by_the_date(year):
    from development.models import Completion

    starts_on, today = year
    cohort = CohortFactory(
        offer__title="Incubator",
        starts_on=max(starts_on, today - timedelta(days=40)),
        ends_on=today + timedelta(days=10),
    )
    made = _applications(cohort, 12, selected=11)
    for application in made[:9]:
        Completion.objects.create(application=application, outcome="completed", completed_on=today)
    Completion.objects.create(
        application=made[9], outcome="did_not_complete", completed_on=today, reason="Left."
    )
    figures = uptake.uptake(starts_on=starts_on, on=today)
    assert figures.by_offer.table.cell("Incubator", "completed").display == "10"  # 9
    assert figures.completed.display == "10"
    # As on an earlier day, before any was recorded (and before these applications came).
    yesterday = uptake.uptake(starts_on=starts_on, on=today - timedelta(days=1))
    assert yesterday.completed.display == "0"


def test_the_annual_report_carries_each_offers_pooled_evaluation(year):
    from tests.development.test_evaluation import _evaluated

    starts_on, today = year
    offer = CohortFactory(starts_on=today, ends_on=today + timedelta(days=9)).offer
    _applications(offer.cohorts.get(), 1)
    _evaluated(offer, 6, rating="Excellent")
    _evaluated(offer, 5, rating="Poor")
    inputs = ReportInputs(
        kind=ANNUAL_REPORT,
        starts_on=starts_on,
        ends_on=financial_year(today)[1],
        on=today,
        period_label="this year",
    )
    section = next(s for s in sections_for(ANNUAL_REPORT) if s.key == "development")
    [(title, results)] = section.build(inputs)["evaluations"]
    assert title == offer.title and results.respondents == 11
    assert results.rating.favourable.display == "55%"  # 6 of 11
