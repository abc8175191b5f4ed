"""Cohort applications and selection: the rules in the services, and the e-mails they queue."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from ccpl.models import Email, EqualityProfile
from development import application_selectors as selectors
from development import application_services as services
from development.models import Cohort, CohortApplication, Offer
from tests.factories import PersonFactory, ProfessionalGroupFactory, UserFactory

from .factories import CohortApplicationFactory, CohortFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _submit(cohort, **extra):
    data = {
        "cohort": cohort,
        "given_name": "Grace",
        "family_name": "Mensah",
        "email": "grace@care.example.org",
        "professional_group": ProfessionalGroupFactory(),
        "organisation": "Hillview Care Homes",
        "sector": Offer.Sector.SOCIAL_CARE,
        "why": "To lead across health and care.",
        "consent": True,
    }
    return services.cohort_application_submit(**(data | extra))


def _decide(application, status, reason="Meets the criteria.", user=None):
    return services.cohort_application_decide(
        user=user or UserFactory(), application=application, status=status, reason=reason
    )


def test_a_public_application_is_stored_and_acknowledged_after_the_commit(
    django_capture_on_commit_callbacks, eager_celery
):
    cohort = CohortFactory(offer__title="Growing system leaders", name="2027 intake")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        application = _submit(cohort)
        # Recorded in the transaction, sent only once it commits (ADR 7).
        assert mail.outbox == []
        assert Email.objects.get().status == Email.Status.QUEUED
    assert callbacks
    assert application.status == CohortApplication.Status.RECEIVED and application.person is None
    email = Email.objects.get()
    assert (email.to, email.kind, email.status) == (
        "grace@care.example.org",
        "Development application received",
        Email.Status.SENT,
    )
    assert "Growing system leaders, 2027 intake" in email.body
    assert [m.to for m in mail.outbox] == [["grace@care.example.org"]]


def test_a_leader_applies_as_their_person(django_capture_on_commit_callbacks):
    person = PersonFactory(given_name="Bethan", family_name="Price", email="bethan@nhs.net")
    cohort = CohortFactory()
    with django_capture_on_commit_callbacks():
        application = _submit(cohort, person=person, given_name="", family_name="", email="")
    assert (application.person, application.full_name, application.email) == (
        person,
        "Bethan Price",
        "bethan@nhs.net",
    )
    with pytest.raises(ValidationError, match="already applied"):
        _submit(cohort, person=person)


def test_one_application_per_email_address_per_cohort():
    cohort = CohortFactory()
    _submit(cohort)
    with pytest.raises(ValidationError) as error:
        _submit(cohort, email="GRACE@care.example.org")
    assert "already been made for this cohort" in str(error.value.message_dict["email"])
    _submit(CohortFactory())  # another cohort is another application
    # The database holds the rule too, whatever writes.
    with pytest.raises(IntegrityError), transaction.atomic():
        CohortApplicationFactory(cohort=cohort, email="Grace@Care.example.org")


@pytest.mark.parametrize(
    "cohort_fields, message",
    [
        ({"status": Cohort.Status.CANCELLED}, "This cohort has been cancelled"),
        ({"status": Cohort.Status.FULL}, "This cohort is full"),
        ({"offer__is_published": False}, "This offer is not taking applications"),
        (
            {
                "applications_open_on": TODAY + timedelta(days=3),
                "applications_close_on": TODAY + timedelta(days=9),
            },
            "Applications open on",
        ),
        (
            {
                "applications_open_on": TODAY - timedelta(days=9),
                "applications_close_on": TODAY - timedelta(days=1),
            },
            "Applications closed on",
        ),
    ],
)
def test_a_cohort_not_taking_applications_refuses_them_with_the_reason(cohort_fields, message):
    cohort = CohortFactory(**cohort_fields)
    with pytest.raises(ValidationError, match=message):
        _submit(cohort)
    assert not CohortApplication.objects.exists()
    assert not Email.objects.exists()
    # The same rule as the catalogue's.
    assert not Cohort.objects.open_on().filter(pk=cohort.pk).exists()


def test_the_refusal_rule_agrees_with_the_catalogue_on_the_window_edges():
    cohort = CohortFactory(applications_open_on=TODAY, applications_close_on=TODAY)
    assert selectors.cohort_closed_because(cohort) is None
    assert Cohort.objects.open_on().filter(pk=cohort.pk).exists()
    assert selectors.cohort_closed_because(cohort, TODAY + timedelta(days=1))
    assert not Cohort.objects.open_on(TODAY + timedelta(days=1)).filter(pk=cohort.pk).exists()


def test_consent_is_needed_and_a_retried_form_stores_once():
    cohort = CohortFactory()
    with pytest.raises(ValidationError, match="Confirm that we may use your application"):
        _submit(cohort, consent=False)
    key = "6f1c6a3e-7d0c-4a43-9a8c-0b8f3a1d2e4f"
    first = _submit(cohort, submission_key=key)
    assert _submit(cohort, submission_key=key) == first
    assert CohortApplication.objects.count() == 1 and Email.objects.count() == 1
    with pytest.raises(ValidationError, match="used already"):
        _submit(CohortFactory(), submission_key=key, email="other@nhs.net")


def test_equality_answers_go_under_the_applications_pseudonym_and_with_it():
    application = CohortApplicationFactory()
    services.cohort_application_equality_save(
        application=application, answers={"religion": "sikh", "sex": "male"}
    )
    profile = EqualityProfile.objects.get()
    assert profile.subject == EqualityProfile.subject_for(application)
    # The application has no equality field of its own.
    assert not {f.name for f in CohortApplication._meta.get_fields()} & {"religion", "sex"}
    application.delete()
    assert not EqualityProfile.objects.exists()


def test_selection_needs_a_reason_and_records_who_and_when(django_capture_on_commit_callbacks):
    application = CohortApplicationFactory()
    staff = UserFactory()
    with pytest.raises(ValidationError) as error:
        _decide(application, CohortApplication.Status.SELECTED, reason="  ", user=staff)
    assert "Enter the reason for the decision" in str(error.value.message_dict["reason"])
    with pytest.raises(ValidationError):
        _decide(application, CohortApplication.Status.WITHDRAWN)
    with django_capture_on_commit_callbacks():
        decided = _decide(
            application, CohortApplication.Status.SELECTED, reason=" Fits. ", user=staff
        )
    assert (decided.status, decided.decision_reason, decided.decided_by, decided.decided_on) == (
        CohortApplication.Status.SELECTED,
        "Fits.",
        staff,
        TODAY,
    )
    assert decided.history.first().history_user == staff
    # The database refuses a decision without a reason, whatever writes.
    with pytest.raises(IntegrityError), transaction.atomic():
        CohortApplication.objects.filter(pk=decided.pk).update(decision_reason="")


def test_no_more_selected_than_places():
    cohort = CohortFactory(places=2)
    first, second, third = CohortApplicationFactory.create_batch(3, cohort=cohort)
    _decide(first, CohortApplication.Status.SELECTED)
    _decide(second, CohortApplication.Status.SELECTED)
    with pytest.raises(ValidationError) as error:
        _decide(third, CohortApplication.Status.SELECTED)
    assert "All 2 places in this cohort are taken" in str(error.value.message_dict["status"])
    third.refresh_from_db()
    assert third.status == CohortApplication.Status.RECEIVED
    # Deciding again on someone already selected takes no new place.
    _decide(second, CohortApplication.Status.SELECTED, reason="Still fits.")
    # A place freed is a place to give.
    _decide(second, CohortApplication.Status.NOT_SELECTED, reason="Could not get the time.")
    _decide(third, CohortApplication.Status.SELECTED)
    assert selectors.selected_count(cohort) == 2


def test_a_withdrawn_application_and_a_cancelled_cohort_take_no_decision():
    application = CohortApplicationFactory(status=CohortApplication.Status.WITHDRAWN)
    with pytest.raises(ValidationError, match="withdrawn"):
        _decide(application, CohortApplication.Status.SELECTED)
    cancelled = CohortApplicationFactory(cohort__status=Cohort.Status.CANCELLED)
    with pytest.raises(ValidationError, match="cancelled"):
        _decide(cancelled, CohortApplication.Status.NOT_SELECTED)


def test_the_outcome_is_emailed_when_it_changes_only(django_capture_on_commit_callbacks):
    application = CohortApplicationFactory(email="lee@nhs.net")
    with django_capture_on_commit_callbacks() as callbacks:
        _decide(application, CohortApplication.Status.SELECTED)
    assert callbacks and mail.outbox == []  # the outbox relay runs after the commit
    outcome = Email.objects.get(kind="Development application outcome")
    assert outcome.to == "lee@nhs.net" and "offer you a place" in outcome.body
    assert "Meets the criteria" not in outcome.body  # the reason stays with the team
    _decide(application, CohortApplication.Status.SELECTED, reason="Meets it well.")
    assert Email.objects.filter(kind="Development application outcome").count() == 1
    _decide(application, CohortApplication.Status.NOT_SELECTED, reason="Time not released.")
    assert Email.objects.filter(kind="Development application outcome").count() == 2


def test_only_the_applicant_withdraws_and_a_place_is_freed():
    person = PersonFactory(user=UserFactory())
    application = CohortApplicationFactory(cohort__places=1, person=person)
    _decide(application, CohortApplication.Status.SELECTED)
    with pytest.raises(PermissionDenied):
        services.cohort_application_withdraw(user=UserFactory(), application=application)
    services.cohort_application_withdraw(user=person.user, application=application)
    application.refresh_from_db()
    assert application.status == CohortApplication.Status.WITHDRAWN
    assert selectors.selected_count(application.cohort) == 0
