"""Talent pool (join, match, notify), exit interviews with themes through disclosure control,
and the learning questionnaire made with the surveys app."""

from datetime import date, timedelta
from unittest import mock

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from ccpl.models import Email
from recruitment import selectors, services
from recruitment.models import ExitInterview, TalentPoolMember
from surveys.models import Invitation, Survey
from tests.factories import PlaceFactory, ProfessionalGroupFactory, UserFactory
from tests.roles.factories import AppointmentFactory, JobDescriptionFactory, RoleFactory

from .factories import ApplicationFactory, CampaignFactory, RequestToRecruitFactory

pytestmark = pytest.mark.django_db
TODAY = date.today()


def _member(group, place=None, email=None):
    return services.talent_pool_join(
        given_name="Sam",
        family_name="Aspire",
        email=email or f"sam{TalentPoolMember.objects.count()}@nhs.net",
        professional_group=group,
        place=place,
        consent=True,
    )


def test_talent_pool_join_page(client):
    group = ProfessionalGroupFactory()
    url = reverse("recruitment:talent_pool_join")
    response = client.post(url, {})
    assert "Confirm that we may contact you about roles" in response.content.decode()
    data = {
        "given_name": "Sam",
        "family_name": "Aspire",
        "email": "sam@nhs.net",
        "professional_group": group.pk,
        "wants_shadowing": "on",
        "consent": "on",
    }
    response = client.post(url, data)
    assert "You have joined the talent pool" in response.content.decode()
    # Joining again updates rather than duplicating.
    client.post(url, data | {"email": "SAM@nhs.net", "interests": "Frailty"})
    member = TalentPoolMember.objects.get()
    assert member.wants_shadowing and member.interests == "Frailty"


def test_matching_by_profession_family_and_place(django_capture_on_commit_callbacks, eager_celery):
    nursing = ProfessionalGroupFactory(name="Nursing")
    midwives = ProfessionalGroupFactory(name="Midwives", parent=nursing)
    pharmacy = ProfessionalGroupFactory(name="Pharmacy")
    place, elsewhere = PlaceFactory(), PlaceFactory()
    role = RoleFactory(level="place", place=place)
    role.eligible_groups.set([nursing])
    campaign = CampaignFactory(request=RequestToRecruitFactory(role=role))
    anywhere = _member(midwives)
    here = _member(nursing, place=place)
    _member(nursing, place=elsewhere)
    _member(pharmacy)
    assert set(services.talent_pool_matches(campaign)) == {anywhere, here}
    with django_capture_on_commit_callbacks(execute=True):
        notified = services.talent_pool_notify(campaign=campaign, base_url="https://ccpl.example/")
    assert notified == 2
    # Each a recorded e-mail (ccpl.Email), sent by the worker.
    assert set(Email.objects.filter(status="sent").values_list("to", flat=True)) == {
        anywhere.email,
        here.email,
    }
    assert {m.to[0] for m in mail.outbox} == {anywhere.email, here.email}
    assert f"https://ccpl.example/vacancies/{campaign.pk}/" in mail.outbox[0].body


def test_advertising_enqueues_the_notification_after_commit(django_capture_on_commit_callbacks):
    request = RequestToRecruitFactory()
    JobDescriptionFactory(role=request.role)
    with (
        mock.patch("ccpl.queue.send") as send,
        django_capture_on_commit_callbacks(execute=True),
    ):
        campaign = services.campaign_create(
            user=UserFactory(),
            request=request,
            opens_on=TODAY,
            closes_on=TODAY + timedelta(days=7),
            base_url="https://ccpl.example/",
        )
    send.assert_called_once_with(
        "recruitment.tasks.notify_talent_pool", campaign.pk, "https://ccpl.example/"
    )


def test_an_advert_saved_with_a_later_opening_date_is_announced_when_it_opens(
    django_capture_on_commit_callbacks, eager_celery, settings
):
    settings.CCPL_SITE_URL = "https://ccpl.example"
    group = ProfessionalGroupFactory(name="Nursing")
    role = RoleFactory()
    role.eligible_groups.set([group])
    member = _member(group)
    later = CampaignFactory(
        request=RequestToRecruitFactory(role=role),
        opens_on=TODAY + timedelta(days=3),
        closes_on=TODAY + timedelta(days=20),
    )
    # Saved before it opens: nobody can be told yet.
    assert services.talent_pool_notify(campaign=later) == 0
    assert services.adverts_opening_announce() == 0
    # Its opening day comes (as if three days passed): announced once, however often it runs.
    type(later).objects.filter(pk=later.pk).update(opens_on=TODAY)
    old = CampaignFactory(
        request=RequestToRecruitFactory(role=RoleFactory()),
        opens_on=TODAY - timedelta(days=services.OPENING_CATCH_UP_DAYS),
        closes_on=TODAY + timedelta(days=5),
    )
    old.role.eligible_groups.set([group])
    with django_capture_on_commit_callbacks(execute=True):
        assert services.adverts_opening_announce() == 1
        assert services.adverts_opening_announce() == 0
    assert [m.to for m in mail.outbox] == [[member.email]]
    assert f"https://ccpl.example/vacancies/{later.pk}/" in mail.outbox[0].body


def test_exit_interview_and_themes():
    current = AppointmentFactory()
    with pytest.raises(ValidationError):
        services.exit_interview_record(
            user=UserFactory(), appointment=current, held_on=TODAY, reason="x"
        )
    leavers = [
        AppointmentFactory(ended_on=TODAY - timedelta(days=5), leaving_reason="resigned")
        for _ in range(10)
    ]
    assert set(selectors.exit_interviews_due()) == set(leavers)
    for i, appointment in enumerate(leavers):
        services.exit_interview_record(
            user=UserFactory(),
            appointment=appointment,
            held_on=TODAY,
            reason="Not enough time",
            themes=["time", "bogus"] + (["funding"] if i < 2 else []),
        )
    assert not selectors.exit_interviews_due().exists()
    leavers[0].refresh_from_db()
    assert leavers[0].exit_interview_on == TODAY
    assert ExitInterview.objects.get(appointment=leavers[0]).themes == ["time", "funding"]
    table = selectors.exit_interview_themes()
    assert table.cell("time", "interviews").display == "10"
    assert table.cell("funding", "interviews").display == "*"
    assert table.cell("career", "interviews").display == "0"


def test_exit_interview_pages(staff_client, exec_client):
    appointment = AppointmentFactory(ended_on=TODAY, leaving_reason="resigned")
    url = reverse("recruitment:exit_interview_record", args=[appointment.pk])
    response = staff_client.post(
        url,
        {
            "held_on_day": TODAY.day,
            "held_on_month": TODAY.month,
            "held_on_year": TODAY.year,
            "reason": "Moving away",
            "themes": ["personal"],
        },
    )
    assert response.status_code == 302
    listing = exec_client.get(reverse("recruitment:exit_interview_list")).content.decode()
    assert "Moving away" in listing and "Personal reasons" in listing


def test_learning_questionnaire_uses_the_surveys_app(staff_client):
    campaign = CampaignFactory(
        opens_on=TODAY - timedelta(days=30), closes_on=TODAY - timedelta(days=1)
    )
    ApplicationFactory(campaign=campaign, email="one@nhs.net")
    ApplicationFactory(campaign=campaign, email="two@nhs.net")
    response = staff_client.post(reverse("recruitment:learning_survey_create", args=[campaign.pk]))
    survey = Survey.objects.get()
    assert response.url == reverse("surveys:survey_detail", args=[survey.pk])
    assert survey.kind == Survey.Kind.RECRUITMENT_LEARNING
    assert survey.questions.filter(key="barriers").exists()
    assert set(Invitation.objects.values_list("email", flat=True)) == {
        "one@nhs.net",
        "two@nhs.net",
    }
    campaign.refresh_from_db()
    assert campaign.learning_survey == survey
    # Asking twice returns the same questionnaire.
    staff_client.post(reverse("recruitment:learning_survey_create", args=[campaign.pk]))
    assert Survey.objects.count() == 1


def test_learning_questionnaire_waits_for_the_closing_date():
    campaign = CampaignFactory()
    with pytest.raises(ValidationError):
        services.learning_survey_create(user=UserFactory(), campaign=campaign)


def test_notification_links_fall_back_to_the_site_address(
    settings, django_capture_on_commit_callbacks, eager_celery
):
    settings.CCPL_SITE_URL = "https://ccpl.example.nhs.uk"
    group = ProfessionalGroupFactory()
    campaign = CampaignFactory()
    _member(group)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.talent_pool_notify(campaign=campaign) == 1
    assert f"https://ccpl.example.nhs.uk/vacancies/{campaign.pk}/" in mail.outbox[0].body
