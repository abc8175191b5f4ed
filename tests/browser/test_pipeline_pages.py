"""The pipeline in a real browser: the CCPL team's pipeline page (a term ending, a vacancy
with a planned advert, and who fits each) and an alumnus turning vacancy e-mails on and off
on their development page, each page passing axe and the HTML checker."""

from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from development import pipeline_services
from development.models import CohortApplication, VacancyAlerts
from recruitment import services as recruitment_services
from tests.development.factories import CohortApplicationFactory, CohortFactory
from tests.factories import PersonFactory, ProfessionalGroupFactory
from tests.recruitment.factories import CampaignFactory, RequestToRecruitFactory
from tests.roles.factories import AppointmentFactory, RoleFactory

TODAY = timezone.localdate()


def _alumnus(person):
    CohortApplicationFactory(
        cohort=CohortFactory(
            name="Autumn 2025 cohort",
            starts_on=TODAY - timedelta(days=200),
            ends_on=TODAY - timedelta(days=10),
            applications_open_on=TODAY - timedelta(days=260),
            applications_close_on=TODAY - timedelta(days=230),
        ),
        person=person,
        email=person.email,
        status=CohortApplication.Status.SELECTED,
        decision_reason="New to a Place role.",
    )
    return person


def test_pipeline_page_passes_axe(page, live_server, staff_user, sign_in_as, axe_check):
    nursing = ProfessionalGroupFactory(name="Nursing")
    ending = AppointmentFactory(
        role=RoleFactory(title="Frailty lead"), planned_end_on=TODAY + timedelta(days=90)
    )
    ending.role.eligible_groups.set([nursing])
    vacant = RoleFactory(title="Clinical lead for diabetes")
    CampaignFactory(
        request=RequestToRecruitFactory(role=vacant),
        opens_on=TODAY + timedelta(days=3),
        closes_on=TODAY + timedelta(days=30),
    )
    alumnus = _alumnus(PersonFactory(given_name="Ada", family_name="Alumna"))
    alumnus.professional_group = nursing
    alumnus.save()
    pipeline_services.vacancy_alerts_set(person=alumnus, opted_in=True)
    recruitment_services.talent_pool_join(
        given_name="Sam",
        family_name="Aspire",
        email="sam.aspire@nhs.net",
        professional_group=nursing,
        consent=True,
    )
    sign_in_as(page, staff_user)
    page.goto(f"{live_server.url}/development/manage/")
    page.get_by_role("link", name="Leadership pipeline").click()
    expect(page.get_by_role("heading", name="Frailty lead")).to_be_visible()
    expect(page.get_by_role("table", name="Who in the pipeline fits Frailty lead")).to_be_visible()
    expect(page.get_by_text("Ada Alumna").first).to_be_visible()
    expect(page.get_by_text("Opens ").first).to_be_visible()
    axe_check(page)


def test_alumnus_opts_in_and_out_on_their_page_passes_axe(
    page, live_server, leader_user, sign_in_as, axe_check
):
    _alumnus(leader_user.person)
    sign_in_as(page, leader_user)
    page.goto(f"{live_server.url}/profile/development/")
    expect(page.get_by_label("No")).to_be_checked()
    axe_check(page)
    page.get_by_label("Yes, email me about leadership vacancies").check()
    page.get_by_role("button", name="Save your choice").click()
    expect(page.get_by_text("We will email you about leadership vacancies")).to_be_visible()
    assert VacancyAlerts.objects.get(person=leader_user.person).opted_in
    axe_check(page)
    page.get_by_label("No").check()
    page.get_by_role("button", name="Save your choice").click()
    expect(page.get_by_text("We will not email you about leadership vacancies.")).to_be_visible()
    assert not VacancyAlerts.objects.get(person=leader_user.person).opted_in
