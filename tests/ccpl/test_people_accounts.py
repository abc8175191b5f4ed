"""People and accounts without the admin (docs/security.md, "People and accounts").

The CCPL team adds and edits people, invites them (an e-mail with a one-time link that a GET
never uses up), changes what an account can do and deactivates it. Staff can never set the
account a person is linked to; a person with an account is never invited again; a change of
e-mail address needs the person's own, signed-in confirmation. Each promise is attacked here.
"""

import re
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ccpl import rules, services
from ccpl.models import AccountEvent, Email, EmailChange, Invitation, Person, token_digest
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

STRONG = "heron-lantern-quarry-57"
LINK = re.compile(r"https?://\S+")


@pytest.fixture(autouse=True)
def _site(settings, eager_celery):
    settings.CCPL_SITE_URL = "https://ccpl.example.nhs.uk"


def _path(url: str) -> str:
    return url.removeprefix("https://ccpl.example.nhs.uk")


def _links(message) -> list[str]:
    return [_path(link) for link in LINK.findall(message.body)]


def _invite(client, person, kinds=(rules.LEADER,), django_capture_on_commit_callbacks=None):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("ccpl:person_invite", args=[person.pk]), {"kinds": list(kinds)}
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    return response


def test_the_ccpl_team_adds_and_edits_a_person_with_history(staff_client, staff_user):
    response = staff_client.post(
        reverse("ccpl:person_add"),
        {"given_name": "Priya", "family_name": "Shah", "email": "priya.shah@nhs.net"},
    )
    person = Person.objects.get(email="priya.shah@nhs.net")
    assert response.status_code == 302 and response.url == f"/manage/people/{person.pk}/"
    staff_client.post(
        reverse("ccpl:person_edit", args=[person.pk]),
        {"given_name": "Priya", "family_name": "Shah-Patel", "email": "priya.shah@nhs.net"},
    )
    person.refresh_from_db()
    assert person.family_name == "Shah-Patel"
    who = [h.history_user for h in person.history.order_by("history_id")]
    assert who == [staff_user, staff_user]
    # A second person with the same address (any case) is refused with a clear message.
    response = staff_client.post(
        reverse("ccpl:person_add"),
        {"given_name": "P", "family_name": "S", "email": "PRIYA.SHAH@nhs.net"},
    )
    assert response.status_code == 200
    assert "A person with this email address already exists" in response.content.decode()


def test_an_invitation_link_works_once_and_a_get_never_uses_it_up(
    staff_client, django_capture_on_commit_callbacks
):
    person = PersonFactory(given_name="Ada", family_name="Okafor", email="ada.okafor@nhs.net")
    _invite(
        staff_client, person, django_capture_on_commit_callbacks=django_capture_on_commit_callbacks
    )
    (message,) = mail.outbox
    assert message.to == ["ada.okafor@nhs.net"]
    (link,) = _links(message)
    token = link.rstrip("/").rsplit("/", 1)[1]
    # The secret is nowhere in the database: not in the e-mail record, only its digest.
    email = Email.objects.get(kind="Account invitation")
    assert token not in email.body and "{link}" in email.body and email.status == "sent"
    invitation = Invitation.objects.get(person=person)
    assert invitation.token_hash == token_digest(token) and token not in invitation.token_hash

    anonymous = Client()
    for _ in range(3):  # mail scanners and the person's own clicks
        page = anonymous.get(link)
        assert page.status_code == 200 and "Set up your account" in page.content.decode()
        assert anonymous.head(link).status_code == 200
    invitation.refresh_from_db()
    assert invitation.used_at is None and person.__class__.objects.get(pk=person.pk).user is None

    # A password built from their name is refused; nothing is made.
    weak = anonymous.post(link, {"password1": "AdaOkafor2026!", "password2": "AdaOkafor2026!"})
    assert weak.status_code == 200 and not get_user_model().objects.filter(email=person.email)
    response = anonymous.post(link, {"password1": STRONG, "password2": STRONG})
    assert response.status_code == 302 and response.url == reverse("account_login")
    person.refresh_from_db()
    user = person.user
    assert user is not None and (user.first_name, user.last_name) == ("Ada", "Okafor")
    assert list(user.groups.values_list("name", flat=True)) == [rules.LEADER]
    assert EmailAddress.objects.get(user=user).verified
    # They sign in with their e-mail address and password.
    assert (
        anonymous.post(
            reverse("account_login"), {"login": "ada.okafor@nhs.net", "password": STRONG}
        ).status_code
        == 302
    )
    # The link is used up: a second account can never be made from it.
    other = Client()
    assert other.get(link).status_code == 404
    assert other.post(link, {"password1": STRONG, "password2": STRONG}).status_code == 404
    assert get_user_model().objects.filter(email="ada.okafor@nhs.net").count() == 1
    assert AccountEvent.objects.filter(person=person, kind="set_up_password").count() == 1


def test_sending_again_makes_a_new_link_and_the_old_one_stops_working(
    staff_client, django_capture_on_commit_callbacks
):
    person = PersonFactory()
    _invite(
        staff_client, person, django_capture_on_commit_callbacks=django_capture_on_commit_callbacks
    )
    (first,) = _links(mail.outbox[0])
    email = Email.objects.get(kind="Account invitation")
    Email.objects.filter(pk=email.pk).update(status="failed")  # e.g. the relay refused it
    email.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        services.email_send_again(email=email)
    (second,) = _links(mail.outbox[1])
    assert first != second
    assert Client().get(first).status_code == 404
    assert Client().get(second).status_code == 200


def test_cancelled_expired_and_replaced_invitations_do_not_work(
    staff_client, staff_user, django_capture_on_commit_callbacks
):
    person = PersonFactory()
    _invite(
        staff_client, person, django_capture_on_commit_callbacks=django_capture_on_commit_callbacks
    )
    (first,) = _links(mail.outbox[0])
    _invite(
        staff_client, person, django_capture_on_commit_callbacks=django_capture_on_commit_callbacks
    )
    (second,) = _links(mail.outbox[1])
    assert Client().get(first).status_code == 404  # replaced by the second invitation
    invitation = Invitation.objects.get(person=person, cancelled_at__isnull=True)
    Invitation.objects.filter(pk=invitation.pk).update(
        expires=timezone.now() - timedelta(minutes=1)
    )
    assert Client().get(second).status_code == 404
    Invitation.objects.filter(pk=invitation.pk).update(expires=timezone.now() + timedelta(days=1))
    assert Client().get(second).status_code == 200
    response = staff_client.post(reverse("ccpl:invitation_cancel", args=[person.pk, invitation.pk]))
    assert response.status_code == 302
    assert Client().get(second).status_code == 404
    # Rubbish tokens are simply not found.
    for token in ["x", "A" * 500, "%00", "../../admin"]:
        assert Client().get(f"/accounts/set-up/{token}/").status_code == 404


def test_a_person_who_has_an_account_cannot_be_invited_again(staff_client, leader_user):
    person = leader_user.person
    response = staff_client.post(
        reverse("ccpl:person_invite", args=[person.pk]), {"kinds": [rules.CCPL_TEAM]}
    )
    assert response.status_code == 302
    assert not Invitation.objects.filter(person=person).exists() and not mail.outbox
    with pytest.raises(services.ValidationError, match="already has an account"):
        services.person_invite(person=person, kinds=[rules.LEADER], by=None)
    # Nor can a stale invitation from before they had an account be used to take it over.
    other = PersonFactory()
    stale = Invitation.objects.create(
        person=person,
        email="attacker@example.com",
        kinds=[rules.CCPL_TEAM],
        token_hash=token_digest("stale"),
        expires=timezone.now() + timedelta(days=1),
    )
    assert other.user is None
    response = Client().post("/accounts/set-up/stale/", {"password1": STRONG, "password2": STRONG})
    assert response.status_code == 200 and "already has an account" in response.content.decode()
    person.refresh_from_db()
    assert person.user == leader_user
    assert not get_user_model().objects.filter(email="attacker@example.com").exists()
    stale.refresh_from_db()
    assert stale.used_at is None


def test_staff_can_never_set_the_account_a_person_is_linked_to(
    staff_client, staff_user, leader_user
):
    stranger = PersonFactory()
    # No form field for it; a forged field is ignored.
    response = staff_client.post(
        reverse("ccpl:person_edit", args=[stranger.pk]),
        {
            "given_name": stranger.given_name,
            "family_name": stranger.family_name,
            "email": stranger.email,
            "user": staff_user.pk,
        },
    )
    assert response.status_code == 302
    stranger.refresh_from_db()
    assert stranger.user is None
    # The address of someone with an account is not a field: a forged one changes nothing.
    person = leader_user.person
    before = person.email
    staff_client.post(
        reverse("ccpl:person_edit", args=[person.pk]),
        {"given_name": "Lee", "family_name": "Leader", "email": "takeover@example.com"},
    )
    person.refresh_from_db()
    assert person.email == before and person.user == leader_user


def test_an_email_change_needs_the_persons_own_signed_in_confirmation(
    staff_client, leader_user, leader_client, exec_client, django_capture_on_commit_callbacks
):
    person = leader_user.person
    person.email = "lee.leader@nhs.net"
    person.save()
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            reverse("ccpl:person_email_change", args=[person.pk]),
            {"new_email": "lee.leader@carehome.org.uk"},
        )
    assert response.status_code == 302
    to = {tuple(m.to): m for m in mail.outbox}
    assert set(to) == {("lee.leader@carehome.org.uk",), ("lee.leader@nhs.net",)}
    (link,) = _links(to[("lee.leader@carehome.org.uk",)])
    assert not _links(to[("lee.leader@nhs.net",)])  # the old address is told, with no link

    # Nobody else can confirm it: not the staff who asked, not another user, not anonymous.
    assert staff_client.post(link).status_code == 403
    assert exec_client.post(link).status_code == 403
    anonymous = Client().post(link)
    assert anonymous.status_code == 302 and anonymous.url.startswith(reverse("account_login"))
    # A GET (a mail scanner, or the person reading) changes nothing.
    assert leader_client.get(link).status_code == 200
    person.refresh_from_db()
    assert person.email == "lee.leader@nhs.net"

    assert leader_client.post(link).status_code == 302
    person.refresh_from_db()
    leader_user.refresh_from_db()
    assert person.email == leader_user.email == "lee.leader@carehome.org.uk"
    assert EmailAddress.objects.get(user=leader_user).email == "lee.leader@carehome.org.uk"
    assert leader_client.post(link).status_code == 404  # once only
    assert EmailChange.objects.get().used_at is not None


@pytest.mark.parametrize("kind", ["leader_client", "exec_client", "panel_client"])
def test_only_the_ccpl_team_manages_people(kind, request, leader_user):
    client = request.getfixturevalue(kind)
    person = PersonFactory()
    target = leader_user.person
    invitation = Invitation.objects.create(
        person=person,
        email=person.email,
        kinds=[rules.LEADER],
        token_hash=token_digest("t"),
        expires=timezone.now() + timedelta(days=1),
    )
    urls = [
        reverse("ccpl:person_add"),
        reverse("ccpl:person_edit", args=[person.pk]),
        reverse("ccpl:person_invite", args=[person.pk]),
        reverse("ccpl:invitation_cancel", args=[person.pk, invitation.pk]),
        reverse("ccpl:person_kinds", args=[target.pk]),
        reverse("ccpl:person_deactivate", args=[target.pk]),
        reverse("ccpl:person_reactivate", args=[target.pk]),
        reverse("ccpl:person_email_change", args=[target.pk]),
    ]
    for url in urls:
        assert client.get(url).status_code in (403, 405), url
        assert client.post(url, {"kinds": [rules.CCPL_TEAM], "given_name": "X"}).status_code == 403
    invitation.refresh_from_db()
    leader_user.refresh_from_db()
    assert invitation.cancelled_at is None and leader_user.is_active
    assert list(leader_user.groups.values_list("name", flat=True)) == [rules.LEADER]
    assert not mail.outbox


def test_the_ccpl_team_cannot_give_the_administrator_kind(staff_client, leader_user):
    person = leader_user.person
    url = reverse("ccpl:person_kinds", args=[person.pk])
    response = staff_client.post(url, {"kinds": [rules.SYSTEM_ADMINISTRATOR]})
    assert response.status_code == 200 and "is not one of the available choices" in (
        response.content.decode()
    )
    response = staff_client.post(url, {"kinds": [rules.LEADER, rules.EXECUTIVE]})
    assert response.status_code == 302
    assert sorted(leader_user.groups.values_list("name", flat=True)) == [
        rules.EXECUTIVE,
        rules.LEADER,
    ]
    leader_user.refresh_from_db()
    assert not leader_user.is_superuser and not leader_user.is_staff
    event = AccountEvent.objects.get(person=person, kind="kinds_changed")
    assert event.detail == "Leader → Executive, Leader"


def test_a_deactivated_account_stops_working_at_once_and_can_be_reactivated(
    staff_client, staff_user, leader_user, leader_client
):
    assert leader_client.get(reverse("profile:my_profile")).status_code == 200
    person = leader_user.person
    confirm = staff_client.get(reverse("ccpl:person_deactivate", args=[person.pk]))
    assert confirm.status_code == 200 and "Deactivate" in confirm.content.decode()
    assert staff_client.post(reverse("ccpl:person_deactivate", args=[person.pk])).status_code == 302
    leader_user.refresh_from_db()
    assert not leader_user.is_active
    # Their open session no longer works; nor does signing in again.
    response = leader_client.get(reverse("profile:my_profile"))
    assert response.status_code == 302 and response.url.startswith(reverse("account_login"))
    login = Client().post(
        reverse("account_login"), {"login": leader_user.username, "password": "x" * 12}
    )
    assert login.status_code == 200
    # Staff cannot lock themselves out.
    own = PersonFactory(user=staff_user)
    staff_client.post(reverse("ccpl:person_deactivate", args=[own.pk]))
    staff_user.refresh_from_db()
    assert staff_user.is_active
    assert staff_client.post(reverse("ccpl:person_reactivate", args=[person.pk])).status_code == 302
    leader_user.refresh_from_db()
    assert leader_user.is_active
    kinds = list(
        AccountEvent.objects.filter(person=person).order_by("pk").values_list("kind", "by")
    )
    assert kinds == [("deactivated", staff_user.pk), ("reactivated", staff_user.pk)]
    # The person's page names who did it, by name.
    page = staff_client.get(reverse("ccpl:person_detail", args=[person.pk])).content.decode()
    assert own.full_name in page and staff_user.username not in page


def test_invitations_are_refused_with_a_clear_message_until_the_site_address_is_set(
    settings, staff_client
):
    settings.CCPL_SITE_URL = ""
    person = PersonFactory()
    response = staff_client.post(
        reverse("ccpl:person_invite", args=[person.pk]), {"kinds": [rules.LEADER]}
    )
    assert response.status_code == 200
    assert "CCPL_SITE_URL" in response.content.decode()
    assert not Invitation.objects.exists() and not Email.objects.exists()


def test_the_admin_cannot_change_the_address_or_account_of_someone_with_an_account(
    sysadmin_client, leader_user, staff_user
):
    person = leader_user.person
    before = person.email
    response = sysadmin_client.post(
        f"/admin/ccpl/person/{person.pk}/change/",
        {
            "given_name": "Lee",
            "family_name": "Leader",
            "email": "takeover@example.com",
            "user": staff_user.pk,
        },
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert (person.email, person.user) == (before, leader_user)
