"""Recruitment workflows: approval before advertising, closing date, equality stored apart,
appointment into roles."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

from ccpl.models import Email, EqualityProfile
from recruitment import services
from recruitment.models import Application, RequestToRecruit
from roles.models import Appointment
from roles.selectors import role_register
from tests.factories import PersonFactory, ProfessionalGroupFactory, UserFactory
from tests.roles.factories import JobDescriptionFactory, RoleFactory

from .factories import PDF_BYTES, ApplicationFactory, CampaignFactory, RequestToRecruitFactory

pytestmark = pytest.mark.django_db

TODAY = date.today()


def _advertise(request, **extra):
    return services.campaign_create(
        user=UserFactory(),
        request=request,
        opens_on=TODAY,
        closes_on=TODAY + timedelta(days=14),
        **extra,
    )


def test_request_then_approval_then_advert_with_current_jd():
    role = RoleFactory()
    JobDescriptionFactory(role=role, version=1)
    current = JobDescriptionFactory(role=role, version=2)
    staff, executive = UserFactory(), UserFactory()
    request = services.request_to_recruit_create(
        user=staff, role=role, reason="Term ends", proposed_funding="ICB", proposed_sessions=2
    )
    assert request.status == RequestToRecruit.Status.PENDING
    with pytest.raises(ValidationError, match="approved"):
        _advertise(request)
    services.request_to_recruit_decide(user=executive, request=request, approve=True)
    request.refresh_from_db()
    assert request.decided_by == executive and request.decided_on == TODAY
    campaign = _advertise(request, communicated_to=[ProfessionalGroupFactory()])
    assert campaign.job_description == current
    assert campaign.role == role


def test_declined_request_cannot_be_advertised_and_needs_a_reason():
    request = RequestToRecruitFactory(status=RequestToRecruit.Status.PENDING, decided_on=None)
    with pytest.raises(ValidationError):
        services.request_to_recruit_decide(user=UserFactory(), request=request, approve=False)
    services.request_to_recruit_decide(
        user=UserFactory(), request=request, approve=False, reason="No funding this year"
    )
    with pytest.raises(ValidationError, match="approved"):
        JobDescriptionFactory(role=request.role)
        _advertise(request)
    with pytest.raises(ValidationError, match="already been decided"):
        services.request_to_recruit_decide(user=UserFactory(), request=request, approve=True)


def test_one_campaign_per_request_and_jd_required():
    request = RequestToRecruitFactory()
    with pytest.raises(ValidationError, match="job description"):
        _advertise(request)
    JobDescriptionFactory(role=request.role)
    _advertise(request)
    with pytest.raises(ValidationError, match="already has a campaign"):
        _advertise(request)


def _submit(campaign, **extra):
    data = dict(
        campaign=campaign,
        given_name="Grace",
        family_name="Hopper",
        email="grace@nhs.net",
        professional_group=ProfessionalGroupFactory(),
        organisation="A trust",
        supporting_statement="Statement",
        cv=ContentFile(PDF_BYTES, name="cv.pdf"),
        consent=True,
    )
    return services.application_submit(**(data | extra))


def test_application_numbers_and_confirmation_email(
    django_capture_on_commit_callbacks, eager_celery
):
    campaign = CampaignFactory()
    with django_capture_on_commit_callbacks(execute=True):
        first = _submit(campaign)
    second = _submit(campaign, email="other@nhs.net")
    assert (first.candidate_number, second.candidate_number) == (1, 2)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["grace@nhs.net"]
    assert "candidate number 1" in mail.outbox[0].body
    # Both recorded; the second still waits for its commit (the worker sends after it).
    assert list(Email.objects.order_by("pk").values_list("to", "status")) == [
        ("grace@nhs.net", "sent"),
        ("other@nhs.net", "queued"),
    ]
    # The stored file name does not carry the applicant's own name.
    assert "cv.pdf" not in first.cv.name and first.cv_filename == "cv.pdf"


@pytest.mark.parametrize(
    ("opens", "closes"),
    [(-20, -1), (1, 20)],
    ids=["closed yesterday", "not open yet"],
)
def test_closing_date_enforced(opens, closes):
    campaign = CampaignFactory(
        opens_on=TODAY + timedelta(days=opens), closes_on=TODAY + timedelta(days=closes)
    )
    with pytest.raises(ValidationError):
        _submit(campaign)
    assert not Application.objects.exists()


def test_closing_day_itself_is_open():
    campaign = CampaignFactory(opens_on=TODAY - timedelta(days=5), closes_on=TODAY)
    assert _submit(campaign).pk


def test_equality_answers_go_to_the_core_profile_without_a_person():
    application = ApplicationFactory()
    services.application_equality_save(
        application=application, answers={"ethnicity": "black_african", "sex": "female"}
    )
    application.refresh_from_db()
    profile = EqualityProfile.objects.get()
    # Stored under the application's pseudonym, with nothing in the application (or its
    # audit history) pointing at it.
    assert profile.subject == EqualityProfile.subject_for(application)
    assert (profile.ethnicity, profile.sex, profile.religion) == ("black_african", "female", "")
    assert not any("equality" in f.name for f in application._meta.get_fields())
    assert not any("equality" in f.name for f in application.history.model._meta.get_fields())


def test_stages_and_shortlisted_date():
    application = ApplicationFactory(campaign__closed=True)
    services.application_move(user=UserFactory(), application=application, stage="shortlisted")
    application.refresh_from_db()
    assert application.shortlisted_on == TODAY
    services.application_move(user=UserFactory(), application=application, stage="interviewed")
    application.refresh_from_db()
    assert application.shortlisted_on == TODAY
    with pytest.raises(ValidationError):
        services.application_move(user=UserFactory(), application=application, stage="appointed")


def test_appoint_creates_the_appointment_and_fills_the_register():
    application = ApplicationFactory(shortlisted_on=TODAY, stage="interviewed")
    role = application.campaign.role
    assert not role_register().get(pk=role.pk).is_filled
    services.application_appoint(user=UserFactory(), application=application, starts_on=TODAY)
    application.refresh_from_db()
    appointment = Appointment.objects.get()
    assert application.stage == "appointed" and application.appointment == appointment
    assert appointment.role == role
    assert appointment.person.email == application.email
    assert appointment.person.professional_group == application.professional_group
    assert role_register().get(pk=role.pk).is_filled


def test_appoint_reuses_an_existing_person_and_needs_a_shortlist():
    person = PersonFactory(email="known@nhs.net")
    not_shortlisted = ApplicationFactory(email="known@nhs.net")
    with pytest.raises(ValidationError, match="shortlisted"):
        services.application_appoint(
            user=UserFactory(), application=not_shortlisted, starts_on=TODAY
        )
    application = ApplicationFactory(email="KNOWN@nhs.net", shortlisted_on=TODAY)
    services.application_appoint(user=UserFactory(), application=application, starts_on=TODAY)
    assert Appointment.objects.get().person == person


def test_shortlist_lock_and_scores():
    application = ApplicationFactory(campaign__closed=True)
    campaign = application.campaign
    panel = UserFactory()
    with pytest.raises(ValidationError):
        services.shortlist_lock(user=UserFactory(), campaign=campaign)
    services.panel_score_save(user=panel, application=application, step="shortlisting", score=4)
    services.panel_score_save(user=panel, application=application, step="shortlisting", score=5)
    assert application.scores.get().score == 5
    with pytest.raises(ValidationError):
        services.panel_score_save(user=panel, application=application, step="interview", score=3)
    services.application_move(user=UserFactory(), application=application, stage="shortlisted")
    services.shortlist_lock(user=UserFactory(), campaign=campaign)
    campaign.refresh_from_db()
    assert campaign.shortlist_locked
    application.refresh_from_db()
    services.panel_score_save(user=panel, application=application, step="interview", score=3)
    with pytest.raises(ValidationError):
        services.panel_score_save(user=panel, application=application, step="shortlisting", score=1)


def test_blank_equality_form_stores_nothing():
    application = ApplicationFactory()
    services.application_equality_save(application=application, answers={"sex": ""})
    assert not EqualityProfile.objects.exists()
