"""The development offer in a real browser: the public catalogue and an offer's page,
applying to a cohort (with an error, the equality questions and the confirmation), the staff
list, offer page and forms (with an error), selection, and a leader's own applications, each
passing axe and the HTML checker."""

from playwright.sync_api import expect

from tests.development.factories import CohortApplicationFactory, CohortFactory
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


def test_applying_to_a_cohort_passes_axe(page, live_server, db, axe_check, screenshot_dir):
    cohort = _offer()
    page.goto(f"{live_server.url}/development/{cohort.offer.pk}/")
    page.get_by_role("link", name="Apply for 2027 intake").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Apply for 2027 intake")
    axe_check(page)
    # Sending nothing shows the error summary, which must pass axe too.
    page.get_by_role("button", name="Send application").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    axe_check(page)
    page.get_by_label("First name").fill("Grace")
    page.get_by_label("Last name").fill("Mensah")
    page.get_by_label("Email address").fill("grace@care.example.org")
    page.get_by_label("Your profession").select_option(label="Nursing and midwifery")
    page.get_by_label("Organisation you work for").fill("Hillview Care Homes")
    page.get_by_label("Social care, including independent care providers").check()
    page.get_by_label("Why do you want to join?").fill("To bring social care into the system.")
    page.get_by_label("I agree that the ICB").check()
    page.screenshot(path=screenshot_dir / "development-apply.png", full_page=True)
    page.get_by_role("button", name="Send application").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Equality monitoring")
    axe_check(page)
    page.get_by_label("Female").check()
    page.get_by_role("button", name="Send answers").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Application sent")
    axe_check(page)


def test_selection_pages_pass_axe(page, live_server, staff_user, sign_in_as, axe_check):
    cohort = _offer()
    CohortApplicationFactory(cohort=cohort, given_name="Grace", family_name="Mensah")
    sign_in_as(page, staff_user)
    page.goto(f"{live_server.url}/development/manage/cohorts/{cohort.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("2027 intake")
    axe_check(page)
    page.get_by_role("link", name="Grace Mensah").click()
    expect(page.get_by_role("heading", name="Why they want to join")).to_be_visible()
    axe_check(page)
    page.get_by_role("link", name="Record a decision").click()
    page.get_by_label("Yes, selected").check()
    page.get_by_role("button", name="Record decision").click()
    expect(page.get_by_role("link", name="Enter reason for the decision")).to_be_visible()
    axe_check(page)
    page.get_by_label("Reason for the decision").fill("Brings a social care perspective.")
    page.get_by_role("button", name="Record decision").click()
    expect(page.get_by_text("The decision on Grace Mensah is recorded")).to_be_visible()
    axe_check(page)


def test_a_leaders_applications_pass_axe(page, live_server, leader_user, sign_in_as, axe_check):
    cohort = _offer()
    CohortApplicationFactory(cohort=cohort, person=leader_user.person)
    sign_in_as(page, leader_user)
    page.goto(f"{live_server.url}/profile/")
    page.get_by_role("link", name="Your applications to development offers").click()
    expect(page.get_by_role("heading", name="Growing system leaders: 2027 intake")).to_be_visible()
    axe_check(page)
