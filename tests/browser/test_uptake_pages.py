"""The uptake of the development offer in a real browser, with figures and when empty, for
an executive (who reads it) and on the dashboard: axe and the HTML checker pass."""

from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from ccpl import publications
from ccpl.services import equality_answers_save
from development import uptake
from development.models import CohortApplication
from tests.development.factories import CohortApplicationFactory, CohortFactory
from tests.factories import ProfessionalGroupFactory


def _figures():
    today = timezone.localdate()
    cohort = CohortFactory(
        offer__title="Incubator for new leaders",
        starts_on=today - timedelta(days=20),
        ends_on=today + timedelta(days=60),
    )
    group = ProfessionalGroupFactory(name="Allied health professions")
    for i in range(24):
        application = CohortApplicationFactory(cohort=cohort, professional_group=group)
        if i < 20:
            application.status = CohortApplication.Status.SELECTED
            application.decision_reason = "Chosen."
            application.decided_on = cohort.starts_on
            application.save()
            equality_answers_save(owner=application, answers={"sex": ("female", "male")[i % 2]})
    publications.publication_make(
        population=uptake.PARTICIPANTS, on=today - timedelta(days=1), force=True
    )


def test_uptake_page_passes_axe(
    page, live_server, exec_user, sign_in_as, axe_check, screenshot_dir
):
    sign_in_as(page, exec_user)
    page.goto(f"{live_server.url}/development/manage/uptake/")
    expect(page.get_by_text("has had any applications yet")).to_be_visible()
    axe_check(page)
    _figures()
    page.goto(f"{live_server.url}/development/manage/uptake/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Uptake of the development offer")
    expect(page.get_by_role("rowheader", name="Incubator for new leaders")).to_be_visible()
    expect(page.get_by_text("Participants by sex, compared with role holders")).to_be_visible()
    page.screenshot(path=screenshot_dir / "development-uptake.png", full_page=True)
    axe_check(page)
    page.get_by_label("Financial year").select_option(index=0)
    page.get_by_role("button", name="Show this year").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    axe_check(page)
    page.goto(f"{live_server.url}/dashboard/")
    expect(page.get_by_role("heading", name="Development offer")).to_be_visible()
    axe_check(page)
