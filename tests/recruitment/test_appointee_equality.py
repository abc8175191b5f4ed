"""An appointee's equality answers from their application (issue 14): offered to them alone,
on their own equality page once they sign in, and copied only when they choose. No staff
action copies equality data, and nobody else can trigger the copy."""

from datetime import date

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from ccpl import rules
from ccpl.models import Person
from ccpl.selectors import equality_answers_of
from recruitment import services
from tests.factories import PersonFactory, UserFactory

from .factories import ApplicationFactory

pytestmark = pytest.mark.django_db
TODAY = date.today()
ANSWERS = {"ethnicity": "asian_bangladeshi", "religion": "buddhist", "sex": "female"}
OFFER = "Use the answers from your application"
COPY = "/profile/equality/from-application/"
EQUALITY_PAGE = "/profile/equality/"


def test_the_addresses():
    assert reverse("recruitment:appointee_equality_copy") == COPY
    assert reverse("ccpl:my_equality_profile") == EQUALITY_PAGE


@pytest.fixture
def appointed(user_kinds, staff_user):
    """An application with equality answers, appointed by staff; the appointee then signs in."""
    application = ApplicationFactory(campaign__closed=True, email="appointee@nhs.net")
    services.application_equality_save(application=application, answers=ANSWERS)
    services.application_move(user=staff_user, application=application, stage="interviewed")
    services.application_appoint(user=staff_user, application=application, starts_on=TODAY)
    application.refresh_from_db()
    person = application.appointment.person
    return application, person


def _sign_in(person):
    user = UserFactory()
    user.groups.add(Group.objects.get(name=rules.LEADER))
    Person.objects.filter(pk=person.pk).update(user=user)
    client = Client()
    client.force_login(user)
    return user, client


def test_appointing_copies_nothing_and_the_appointee_chooses_to_copy(appointed):
    application, person = appointed
    # The staff action that appointed them carried no equality data to the person.
    assert equality_answers_of(person) == {}
    user, client = _sign_in(person)
    profile = client.get(reverse("profile:my_profile")).text
    assert "You can choose to copy those answers" in profile
    page = client.get(EQUALITY_PAGE).text
    assert f"Use the answers from your application for {application.campaign.role.title}" in page
    for answer in ("Bangladeshi", "Buddhist", "Female"):
        assert f'<dd class="nhsuk-summary-list__value">{answer}</dd>' in page
    assert "Copy these answers to my record" in page
    assert equality_answers_of(person) == {}  # looking copies nothing
    response = client.post(COPY, {"offer": application.pk})
    assert response.status_code == 302 and response.url == EQUALITY_PAGE
    copied = equality_answers_of(person)
    assert {q: copied[q] for q in ANSWERS} == ANSWERS
    # Once their record holds those answers the offer is not repeated.
    assert "Copy these answers" not in client.get(EQUALITY_PAGE).text
    assert "You can choose to copy" not in client.get(reverse("profile:my_profile")).text


def test_copying_keeps_the_persons_own_answers_to_other_questions(appointed):
    application, person = appointed
    from ccpl.services import equality_answers_save

    equality_answers_save(owner=person, answers={"age_band": "40-49", "sex": "male"})
    _user, client = _sign_in(person)
    client.post(COPY, {"offer": application.pk})
    answers = equality_answers_of(person)
    assert answers["age_band"] == "40-49" and answers["sex"] == "female"


def test_staff_cannot_trigger_the_copy(appointed, staff_user, staff_client, exec_client):
    application, person = appointed
    _sign_in(person)
    # Staff with a person record of their own: the copy is only ever to the signed-in
    # person, from an application that appointed them, so the appointee's offer is not found.
    PersonFactory(user=staff_user)
    for client in (staff_client, exec_client):
        assert client.post(COPY, {"offer": application.pk}).status_code in (403, 404)
    with pytest.raises(PermissionDenied):
        services.appointee_equality_copy(user=staff_user, application_id=application.pk)
    assert equality_answers_of(person) == {}
    assert equality_answers_of(staff_user.person) == {}


def test_another_user_cannot_see_or_trigger_the_copy(appointed, leader_user, leader_client):
    application, person = appointed
    _sign_in(person)
    page = leader_client.get(EQUALITY_PAGE).text
    assert "Use the answers from" not in page and "Copy these answers" not in page
    assert "You can choose to copy" not in leader_client.get(reverse("profile:my_profile")).text
    assert '<dd class="nhsuk-summary-list__value">Bangladeshi</dd>' not in page
    for offer in (application.pk, "", "x", "9" * 30, "-1"):
        assert leader_client.post(COPY, {"offer": offer}).status_code == 404
    assert equality_answers_of(person) == {}
    assert equality_answers_of(leader_user.person) == {}
    # Not signed in: sent to sign in; and a GET (a link scanner) never copies.
    anonymous = Client().post(COPY, {"offer": application.pk})
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous.url
    _user, own = _sign_in(person)
    assert own.get(COPY).status_code == 405
    assert equality_answers_of(person) == {}


def test_no_offer_without_answers_or_without_an_appointment(user_kinds, staff_user):
    unanswered = ApplicationFactory(campaign__closed=True)
    services.application_move(user=staff_user, application=unanswered, stage="interviewed")
    services.application_appoint(user=staff_user, application=unanswered, starts_on=TODAY)
    unanswered.refresh_from_db()
    _user, client = _sign_in(unanswered.appointment.person)
    assert "Copy these answers" not in client.get(EQUALITY_PAGE).text
    assert client.post(COPY, {"offer": unanswered.pk}).status_code == 302
    assert equality_answers_of(unanswered.appointment.person) == {}
    # An applicant who was not appointed, with the same address as a person: no offer.
    not_appointed = ApplicationFactory(email="someone@nhs.net")
    services.application_equality_save(application=not_appointed, answers=ANSWERS)
    person = PersonFactory(email="someone@nhs.net")
    _user, client = _sign_in(person)
    assert "Copy these answers" not in client.get(EQUALITY_PAGE).text
    assert client.post(COPY, {"offer": not_appointed.pk}).status_code == 404
    assert equality_answers_of(person) == {}
