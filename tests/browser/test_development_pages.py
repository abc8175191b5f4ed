"""The development offer in a real browser: the public catalogue and an offer's page, and
the staff list, offer page and forms (with an error), each passing axe and the HTML checker."""

from playwright.sync_api import expect

from tests.development.factories import CohortFactory
from tests.factories import PriorityFactory, ProfessionalGroupFactory


def _offer():
    cohort = CohortFactory(offer__title="Growing system leaders", name="2027 intake")
    cohort.offer.professions.add(ProfessionalGroupFactory(name="Nursing and midwifery"))
    cohort.offer.principles.add(PriorityFactory(number=4, short_title="Training and development"))
    return cohort


def test_catalogue_and_offer_pass_axe(page, live_server, db, axe_check, screenshot_dir):
    offer = _offer().offer
    page.goto(f"{live_server.url}/development/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Development offers for leaders")
    expect(page.get_by_role("link", name="Growing system leaders", exact=True)).to_be_visible()
    page.screenshot(path=screenshot_dir / "development-catalogue.png", full_page=True)
    axe_check(page)
    page.get_by_label("Type of offer").select_option("mentoring")
    page.get_by_role("button", name="Show offers").click()
    expect(page.get_by_text("No offers taking applications match these filters")).to_be_visible()
    axe_check(page)
    page.goto(f"{live_server.url}/development/{offer.pk}/")
    expect(page.get_by_role("heading", name="How to apply")).to_be_visible()
    axe_check(page)


def test_staff_pages_pass_axe(page, live_server, staff_user, sign_in_as, axe_check):
    cohort = _offer()
    sign_in_as(page, staff_user)
    page.goto(f"{live_server.url}/development/manage/")
    expect(page.get_by_role("link", name="Growing system leaders", exact=True)).to_be_visible()
    axe_check(page)
    page.goto(f"{live_server.url}/development/manage/cohorts/")
    axe_check(page)
    page.goto(f"{live_server.url}/development/manage/{cohort.offer.pk}/")
    expect(page.get_by_role("link", name="View change history")).to_be_visible()
    axe_check(page)
    page.goto(f"{live_server.url}/development/manage/new/")
    axe_check(page)
    page.goto(f"{live_server.url}/development/manage/cohorts/{cohort.pk}/edit/")
    page.get_by_label("Number of places").fill("0")
    page.get_by_role("button", name="Save cohort").click()
    expect(page.get_by_role("link", name="The number of places must be 1 or more")).to_be_visible()
    axe_check(page)
