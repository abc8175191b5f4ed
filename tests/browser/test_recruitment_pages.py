"""Recruitment in a real browser: the vacancy list, the advert and the whole application
journey (with the separate equality form), and the panel's anonymised shortlisting view,
each passing axe."""

import pytest
from playwright.sync_api import expect

from tests.factories import ProfessionalGroupFactory
from tests.recruitment.factories import ApplicationFactory, CampaignFactory

PDF_BYTES = b"%PDF-1.4\n% a tiny test CV\n"


@pytest.fixture(autouse=True)
def recruitment_urls(settings, tmp_path):
    # Until the project mounts the recruitment URLs itself.
    settings.ROOT_URLCONF = "tests.recruitment.urls"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "private")},
        },
    }


@pytest.fixture
def campaign(db):
    ProfessionalGroupFactory(name="Nursing and midwifery")
    return CampaignFactory(request__role__title="Clinical lead for frailty")


def test_vacancy_list_passes_axe(page, live_server, campaign, axe_check, screenshot_dir):
    page.goto(f"{live_server.url}/vacancies/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Clinical and care leadership vacancies"
    )
    expect(page.get_by_role("link", name="Clinical lead for frailty")).to_be_visible()
    page.screenshot(path=screenshot_dir / "recruitment-vacancies.png", full_page=True)
    axe_check(page)


def test_advert_and_application_journey(page, live_server, campaign, axe_check, tmp_path):
    page.goto(f"{live_server.url}/vacancies/{campaign.pk}/")
    expect(page.get_by_role("heading", name="Person specification")).to_be_visible()
    # The feed link and the JobPosting data block are in the page the HTML checker reads.
    expect(page.locator('head link[rel="alternate"]')).to_have_attribute("href", "/vacancies/feed/")
    expect(page.locator('script[type="application/ld+json"]')).to_have_count(1)
    axe_check(page)
    page.get_by_role("link", name="Apply for this role").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Clinical lead for frailty")
    axe_check(page)
    # Sending nothing shows the error summary, which must pass axe too.
    page.get_by_role("button", name="Send application").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    axe_check(page)
    page.get_by_label("First name").fill("Grace")
    page.get_by_label("Last name").fill("Hopper")
    page.get_by_label("Email address").fill("grace@nhs.net")
    page.get_by_label("Professional group").select_option(label="Nursing and midwifery")
    page.get_by_label("Organisation you work for").fill("A community trust")
    page.get_by_label("Supporting statement").fill("I lead a nursing team across two sites.")
    cv = tmp_path / "cv.pdf"
    cv.write_bytes(PDF_BYTES)
    page.locator("input[type=file]").set_input_files(str(cv))
    page.get_by_label("I agree that the ICB").check()
    page.get_by_role("button", name="Send application").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Equality monitoring")
    axe_check(page)
    page.get_by_label("Female").check()
    page.get_by_role("button", name="Send answers").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Application sent")
    axe_check(page)


def test_shortlisting_view_passes_axe(
    page, live_server, panel_user, sign_in_as, axe_check, screenshot_dir
):
    # Closed yesterday: shortlisting starts after the closing date.
    campaign = CampaignFactory(panel=[panel_user], request__role__title="Place lead", closed=True)
    ApplicationFactory(
        campaign=campaign, given_name="Zebediah", supporting_statement="My statement."
    )
    sign_in_as(page, panel_user)
    page.goto(f"{live_server.url}/recruitment/manage/panel/{campaign.pk}/shortlist/")
    expect(page.get_by_text("My statement.")).to_be_visible()
    expect(page.get_by_text("Zebediah")).to_have_count(0)
    page.screenshot(path=screenshot_dir / "recruitment-shortlisting.png", full_page=True)
    axe_check(page)
    page.get_by_role("link", name="Score candidate").first.click()
    page.get_by_label("4").check()
    page.get_by_role("button", name="Save score").click()
    expect(page.get_by_text("4 out of 5")).to_be_visible()
    axe_check(page)


def test_staff_campaign_funnel_and_application_pass_axe(
    page, live_server, staff_user, sign_in_as, axe_check, screenshot_dir
):
    medical = ProfessionalGroupFactory(name="Medical")
    campaign = CampaignFactory(request__role__title="Frailty lead")
    application = ApplicationFactory(campaign=campaign, professional_group=medical)
    sign_in_as(page, staff_user)
    page.goto(f"{live_server.url}/recruitment/manage/campaigns/{campaign.pk}/")
    expect(page.get_by_text("did not reach every profession")).to_be_visible()
    axe_check(page)
    page.goto(f"{live_server.url}/recruitment/manage/funnel/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Recruitment funnel")
    page.screenshot(path=screenshot_dir / "recruitment-funnel.png", full_page=True)
    axe_check(page)
    page.goto(f"{live_server.url}/recruitment/manage/applications/{application.pk}/")
    axe_check(page)
    page.goto(f"{live_server.url}/recruitment/manage/")
    axe_check(page)


def test_appointee_copies_their_application_answers(
    page, live_server, staff_user, leader_user, sign_in_as, axe_check
):
    from ccpl.models import Person
    from ccpl.selectors import equality_answers_of
    from recruitment import services

    application = ApplicationFactory(campaign__closed=True)
    services.application_equality_save(
        application=application, answers={"ethnicity": "asian_indian", "sex": "female"}
    )
    services.application_move(user=staff_user, application=application, stage="interviewed")
    services.application_appoint(
        user=staff_user, application=application, starts_on=application.campaign.closes_on
    )
    application.refresh_from_db()
    person = application.appointment.person
    Person.objects.filter(user=leader_user).delete()
    Person.objects.filter(pk=person.pk).update(user=leader_user)
    sign_in_as(page, leader_user)
    page.goto(f"{live_server.url}/profile/equality/")
    expect(
        page.get_by_role("heading", name="Use the answers from your application")
    ).to_be_visible()
    axe_check(page)
    page.get_by_role("button", name="Copy these answers to my record").click()
    expect(page.get_by_text("have been copied to your record")).to_be_visible()
    expect(page.get_by_role("button", name="Copy these answers to my record")).to_have_count(0)
    axe_check(page)
    assert equality_answers_of(person)["ethnicity"] == "asian_indian"
