"""The pipeline: who fits a role (one rule, ``recruitment.fit``), programme alumni opting in
and out of vacancy e-mails, announcing an advert once per person across the talent pool and
the alumni, and the CCPL team's pipeline page."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ccpl.models import Email
from development import pipeline_selectors, pipeline_services
from development.models import Cohort, CohortApplication, VacancyAlerts
from recruitment import hooks as recruitment_hooks
from recruitment import services as recruitment_services
from recruitment import tasks as recruitment_tasks
from recruitment.fit import RoleFit
from recruitment.models import Announcement, TalentPoolMember
from tests.factories import PersonFactory, PlaceFactory, ProfessionalGroupFactory
from tests.recruitment.factories import CampaignFactory, RequestToRecruitFactory
from tests.roles.factories import AppointmentFactory, RoleFactory

from .factories import CohortApplicationFactory, CohortFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
PIPELINE = reverse("development:pipeline")
MINE = reverse("development_profile:my_applications")
ALERTS = reverse("development_profile:vacancy_alerts")


def _ended_cohort(**kwargs):
    return CohortFactory(
        starts_on=TODAY - timedelta(days=200),
        ends_on=TODAY - timedelta(days=10),
        applications_open_on=TODAY - timedelta(days=260),
        applications_close_on=TODAY - timedelta(days=230),
        **kwargs,
    )


def _alumnus(person=None, *, cohort=None, opted_in=None, **person_fields):
    person = person or PersonFactory(**person_fields)
    CohortApplicationFactory(
        cohort=cohort or _ended_cohort(),
        person=person,
        email=person.email,
        status=CohortApplication.Status.SELECTED,
        decision_reason="New to a Place role.",
    )
    if opted_in is not None:
        pipeline_services.vacancy_alerts_set(person=person, opted_in=opted_in)
    return person


def _pool(group, place=None, email=None):
    return recruitment_services.talent_pool_join(
        given_name="Sam",
        family_name="Aspire",
        email=email or f"sam{TalentPoolMember.objects.count()}@nhs.net",
        professional_group=group,
        place=place,
        consent=True,
    )


# --- Who fits ---------------------------------------------------------------------------------


def test_fit_rule_profession_family_place_and_level():
    nursing = ProfessionalGroupFactory(name="Nursing")
    midwives = ProfessionalGroupFactory(name="Midwives", parent=nursing)
    pharmacy = ProfessionalGroupFactory(name="Pharmacy")
    place, elsewhere = PlaceFactory(), PlaceFactory()
    role = RoleFactory(level="place", place=place)
    role.eligible_groups.set([nursing])
    fit = RoleFit.of(role)

    def fits(group, where):
        return fit.fits(
            group_id=group.pk if group else None,
            group_parent_id=group.parent_id if group else None,
            place_id=where.pk if where else None,
        )

    assert fits(nursing, place) and fits(midwives, place) and fits(nursing, None)
    assert not fits(nursing, elsewhere)
    assert not fits(pharmacy, place)
    assert not fits(None, place)
    # A system role fits every Place; a role naming no profession fits every profession.
    system = RoleFit.of(RoleFactory())
    assert system.fits(group_id=pharmacy.pk, group_parent_id=None, place_id=elsewhere.pk)
    assert system.fits(group_id=None, group_parent_id=None, place_id=None)


# --- Opting in and out ------------------------------------------------------------------------


def test_only_alumni_of_an_ended_cohort_may_opt_in_and_anyone_may_opt_out():
    stranger = PersonFactory()
    with pytest.raises(ValidationError):
        pipeline_services.vacancy_alerts_set(person=stranger, opted_in=True)
    current = PersonFactory()
    CohortApplicationFactory(
        person=current, status=CohortApplication.Status.SELECTED, decision_reason="Fits."
    )
    not_selected = PersonFactory()
    CohortApplicationFactory(
        cohort=_ended_cohort(),
        person=not_selected,
        status=CohortApplication.Status.NOT_SELECTED,
        decision_reason="Next time.",
    )
    cancelled = _alumnus(cohort=_ended_cohort(status=Cohort.Status.CANCELLED))
    for person in (current, not_selected, cancelled):
        with pytest.raises(ValidationError):
            pipeline_services.vacancy_alerts_set(person=person, opted_in=True)
    assert not VacancyAlerts.objects.filter(opted_in=True).exists()
    # Opting out needs nothing.
    assert not pipeline_services.vacancy_alerts_set(person=stranger, opted_in=False).opted_in

    alumnus = _alumnus()
    assert not pipeline_selectors.vacancy_alerts_opted_in(alumnus)  # off until chosen
    alerts = pipeline_services.vacancy_alerts_set(person=alumnus, opted_in=True)
    assert alerts.opted_in and alerts.changed_on == TODAY
    assert pipeline_services.vacancy_alerts_set(person=alumnus, opted_in=False).pk == alerts.pk
    assert not pipeline_selectors.vacancy_alerts_opted_in(alumnus)


def test_an_alumnus_opts_in_and_out_on_their_development_page(leader_client, leader_user):
    assert "hear about leadership vacancies" not in leader_client.get(MINE).content.decode()
    # Not an alumnus: the choice is refused with a message.
    response = leader_client.post(ALERTS, {"vacancy_alerts": "yes"}, follow=True)
    assert "Only people who have completed a development programme" in (response.content.decode())
    person = leader_user.person
    _alumnus(person)
    page = leader_client.get(MINE).content.decode()
    assert "Do you want to hear about leadership vacancies that fit you?" in page
    assert 'value="no" checked' in page  # off by default
    response = leader_client.post(ALERTS, {"vacancy_alerts": "yes"})
    assert response.status_code == 302 and response["Location"] == MINE
    assert VacancyAlerts.objects.get(person=person).opted_in
    assert 'value="yes" checked' in leader_client.get(MINE).content.decode()
    leader_client.post(ALERTS, {})  # nothing chosen is not consent
    assert not VacancyAlerts.objects.get(person=person).opted_in


def test_the_choice_is_each_persons_own(
    client, staff_client, exec_client, panel_client, sysadmin_client
):
    assert client.post(ALERTS, {"vacancy_alerts": "yes"}).status_code == 302
    assert client.get(ALERTS).status_code in (302, 405)
    for account in (staff_client, exec_client, panel_client, sysadmin_client):
        # Accounts without a person record are told so and nothing is stored.
        response = account.post(ALERTS, {"vacancy_alerts": "yes"})
        assert "not linked to a person record" in response.content.decode()
    assert not VacancyAlerts.objects.exists()


# --- Announcing an advert ------------------------------------------------------------------


def test_development_registers_the_alumni_audience():
    assert recruitment_hooks.advert_audiences.function is pipeline_selectors.alumni_audience


def test_one_email_per_person_per_advert_across_the_talent_pool_and_alumni(
    django_capture_on_commit_callbacks, eager_celery
):
    nursing = ProfessionalGroupFactory(name="Nursing")
    pharmacy = ProfessionalGroupFactory(name="Pharmacy")
    role = RoleFactory()
    role.eligible_groups.set([nursing])
    both = _alumnus(professional_group=nursing, email="Both.Ways@nhs.net", opted_in=True)
    _pool(nursing, email="both.ways@NHS.net")
    alumnus = _alumnus(professional_group=nursing, opted_in=True)
    _alumnus(professional_group=pharmacy, opted_in=True)  # does not fit
    pooled = _pool(nursing)
    campaign = CampaignFactory(request=RequestToRecruitFactory(role=role))
    with django_capture_on_commit_callbacks(execute=True):
        # The task the advert's opening queues, run by the worker after the commit.
        sent = recruitment_tasks.notify_talent_pool(campaign.pk, "https://ccpl.example/")
    assert sent == 3
    announced = dict(Announcement.objects.values_list("email", "audience"))
    assert announced == {
        "both.ways@NHS.net": "Talent pool",
        pooled.email: "Talent pool",
        alumnus.email: "Programme alumni",
    }
    sent_to = sorted(m.to[0].lower() for m in mail.outbox)
    assert sent_to == sorted([both.email.lower(), pooled.email, alumnus.email.lower()])
    assert Email.objects.filter(kind="Programme alumni: new vacancy", status="sent").count() == 1
    # A second run (a repeated message) sends nothing more.
    with django_capture_on_commit_callbacks(execute=True):
        assert recruitment_services.advert_announce(campaign=campaign) == 0
    assert len(mail.outbox) == 3


def test_an_alumnus_who_did_not_opt_in_or_opted_out_is_never_announced(
    django_capture_on_commit_callbacks, eager_celery
):
    """Attack: every alumnus fits this advert; only the one who said yes may hear of it."""
    never = _alumnus()
    said_no = _alumnus(opted_in=False)
    changed_mind = _alumnus(opted_in=True)
    pipeline_services.vacancy_alerts_set(person=changed_mind, opted_in=False)
    yes = _alumnus(opted_in=True)
    no_email = _alumnus(opted_in=True, email="")
    campaign = CampaignFactory()
    with django_capture_on_commit_callbacks(execute=True):
        recruitment_services.advert_announce(campaign=campaign)
    assert [m.to for m in mail.outbox] == [[yes.email]]
    quiet = {never.email, said_no.email, changed_mind.email}
    assert not Announcement.objects.filter(email__in=quiet).exists()
    assert not Email.objects.filter(to__in=quiet).exists()
    assert no_email.email == ""
    # Nor does the pipeline page offer them.
    rows = pipeline_selectors.pipeline_rows(pipeline_selectors.pipeline_roles())
    listed = {c.email for row in rows for c in row.candidates}
    assert listed == {yes.email}


# --- The pipeline page -----------------------------------------------------------------------


def test_pipeline_page_for_every_kind(
    client, staff_client, exec_client, leader_client, panel_client, sysadmin_client
):
    assert client.get(PIPELINE).status_code == 302
    for other in (leader_client, panel_client, sysadmin_client):
        assert other.get(PIPELINE).status_code == 403
    for reader in (staff_client, exec_client):
        assert reader.get(PIPELINE).status_code == 200


def _pipeline_data(n):
    nursing = ProfessionalGroupFactory()
    for _ in range(n):
        ending = AppointmentFactory(planned_end_on=TODAY + timedelta(days=60))
        ending.role.eligible_groups.set([nursing])
        CampaignFactory(request=RequestToRecruitFactory(role=RoleFactory()))
        RoleFactory(level="place", place=PlaceFactory())  # vacant
        _alumnus(professional_group=nursing, opted_in=True)
        _pool(nursing)


def test_pipeline_lists_term_ends_vacancies_and_adverts_with_who_fits(staff_client):
    nursing = ProfessionalGroupFactory(name="Nursing")
    place = PlaceFactory(name="Forest of Dean")
    ending = AppointmentFactory(
        role=RoleFactory(title="Frailty lead", level="place", place=place),
        planned_end_on=TODAY + timedelta(days=60),
    )
    ending.role.eligible_groups.set([nursing])
    AppointmentFactory(
        role=RoleFactory(title="Later lead"), planned_end_on=TODAY + timedelta(days=400)
    )
    RoleFactory(title="Vacant lead")
    advertised = AppointmentFactory(role=RoleFactory(title="Advertised lead"))
    CampaignFactory(
        request=RequestToRecruitFactory(role=advertised.role),
        opens_on=TODAY + timedelta(days=5),
        closes_on=TODAY + timedelta(days=30),
    )
    fits = _alumnus(professional_group=nursing, place=place, opted_in=True, given_name="Ada")
    # The holder whose term ends is an alumnus who fits, but not listed as their own successor.
    _alumnus(ending.person, opted_in=True)
    ending.person.professional_group = nursing
    ending.person.place = place
    ending.person.save()
    _alumnus(professional_group=nursing, place=PlaceFactory(), opted_in=True, given_name="Bo")
    titles = [r.title for r in pipeline_selectors.pipeline_roles()]
    assert titles == ["Frailty lead", "Advertised lead", "Vacant lead"]
    page = staff_client.get(PIPELINE).content.decode()
    assert "Later lead" not in page
    assert f"term ends {ending.planned_end_on:%-d %B %Y}" in page
    assert "Opens " in page and "Vacant" in page
    frailty = pipeline_selectors.pipeline_rows(pipeline_selectors.pipeline_roles())[0]
    assert [c.name for c in frailty.candidates] == [fits.full_name]
    assert frailty.candidates[0].sources == ["Programme alumni"]


def test_pipeline_page_queries_do_not_grow(staff_client):
    _pipeline_data(1)
    with CaptureQueriesContext(connection) as small:
        assert staff_client.get(PIPELINE).status_code == 200
    _pipeline_data(4)
    with CaptureQueriesContext(connection) as large:
        page = staff_client.get(PIPELINE).content.decode()
    assert page.count("Programme alumni") >= 5
    assert len(large.captured_queries) == len(small.captured_queries)


def test_demo_alumni_appear_against_term_ends_and_vacancies(demo_db, staff_client):
    alumni = list(pipeline_selectors.opted_in_alumni())
    assert len(alumni) >= 4
    assert all(p.completed for p in alumni)
    # One alumnus said no; the demo leader has not chosen yet and is offered the choice.
    assert VacancyAlerts.objects.filter(opted_in=False).count() == 1
    leader = VacancyAlerts.objects.filter(person__user__username="leader")
    assert not leader.exists()
    rows = pipeline_selectors.pipeline_rows(pipeline_selectors.pipeline_roles()[:20])
    fitted = [c for row in rows for c in row.candidates if "Programme alumni" in c.sources]
    assert len({c.email for c in fitted}) >= 4
    assert any(row.role.ending for row in rows) and any(not row.role.is_filled for row in rows)
    page = staff_client.get(PIPELINE).content.decode()
    assert "Completed Incubator for new leaders: Autumn 2025 cohort" in page
