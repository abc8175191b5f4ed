"""MFA: the CCPL team, executives, board members and the administrator need a second factor to sign in
with a password; leaders and panel members do not; single sign-on is exempt.

These tests sign in through allauth's real forms (``real_mfa``: ``force_login`` is left
as Django has it), with codes computed from the authenticator's secret.
"""

import time

import pytest
from allauth.account.internal.flows.login import (
    _AUTHENTICATION_METHODS_USER_SESSION_KEY,
    AUTHENTICATION_METHODS_SESSION_KEY,
)
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY
from django.contrib.admin.models import DELETION, LogEntry
from django.test import Client

from ccpl import services
from tests.factories import TEST_PASSWORD
from tests.mfa import TEST_TOTP_SECRET, record_mfa_passed, totp_code, totp_for

pytestmark = [pytest.mark.django_db, pytest.mark.real_mfa]

MFA_INDEX = "/accounts/2fa/"
MFA_STEP = "/accounts/2fa/authenticate/"
# A page each kind may open once signed in.
PAGE_FOR = {
    "staff_user": "/manage/people/",
    "exec_user": "/manage/people/",
    "sysadmin_user": "/admin/",
    "leader_user": "/profile/",
    "panel_user": "/",
    "board_user": "/reports/board/",
}


def password_sign_in(user) -> Client:
    client = Client()
    response = client.post("/accounts/login/", {"login": user.username, "password": TEST_PASSWORD})
    assert response.status_code == 302, response.content.decode()[:500]
    return client


def confirm_password(client) -> None:
    """allauth asks for the password again before anyone changes how they sign in."""
    response = client.post("/accounts/reauthenticate/", {"password": TEST_PASSWORD})
    assert response.status_code == 302, response.content.decode()[:500]


def signed_in_as(client, user) -> bool:
    return client.session.get("_auth_user_id") == str(user.pk)


@pytest.mark.parametrize("kind", ["staff_user", "exec_user", "sysadmin_user", "board_user"])
def test_staff_with_a_password_only_must_set_up_mfa_first(request, kind):
    user = request.getfixturevalue(kind)
    client = password_sign_in(user)
    assert signed_in_as(client, user)
    # Pages open before set-up (here the set-up page and a static file, as a browser asks
    # for first) must not count as having passed the rule.
    assert client.get(MFA_INDEX).status_code == 200
    client.get("/static/js/mfa-errors.js")

    for path in (PAGE_FOR[kind], "/", "/accounts/password/change/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"] == MFA_INDEX, path
    # A form post is refused the same way: nothing is done before MFA is set up.
    assert client.post("/manage/benchmarks/import/", {})["Location"] == MFA_INDEX

    page = client.get(MFA_INDEX)
    assert page.status_code == 200
    assert "Set up two-factor authentication to carry on" in page.content.decode()
    # Setting up starts by confirming the password, which is allowed too.
    activate = client.get("/accounts/2fa/totp/activate/")
    assert activate["Location"].startswith("/accounts/reauthenticate/")
    assert "Confirm it is you" in client.get(activate["Location"]).content.decode()
    confirm_password(client)
    assert client.get("/accounts/2fa/totp/activate/").status_code == 200
    assert client.get("/accounts/2fa/webauthn/add/").status_code == 200
    assert client.get("/healthz").status_code in (200, 503)
    assert client.get(PAGE_FOR[kind])["Location"] == MFA_INDEX
    # Signing out is always possible.
    client.post("/accounts/logout/")
    assert not signed_in_as(client, user)


def test_an_unverified_email_address_does_not_trap_staff_on_the_set_up_page(staff_user):
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(user=staff_user, email=staff_user.email, verified=False)
    client = password_sign_in(staff_user)
    confirm_password(client)
    assert client.get("/accounts/2fa/totp/activate/").status_code == 200
    assert client.get("/accounts/2fa/webauthn/add/").status_code == 200


@pytest.mark.parametrize("kind", ["leader_user", "panel_user"])
def test_leaders_and_panel_members_are_not_asked_for_mfa(request, kind):
    user = request.getfixturevalue(kind)
    client = password_sign_in(user)
    response = client.get(PAGE_FOR[kind])
    assert response.status_code == 200
    page = client.get(MFA_INDEX).content.decode()
    assert "Set up two-factor authentication to carry on" not in page
    assert "You can protect your account" in page


# Setting up an app announces it once the transaction commits (allauth's on_commit), which
# a test inside one transaction never does: these tests commit, as the site does.
@pytest.mark.django_db(transaction=True)
def test_totp_set_up_then_sign_in_needs_the_code(staff_user):
    client = password_sign_in(staff_user)
    confirm_password(client)
    page = client.get("/accounts/2fa/totp/activate/")
    assert page.status_code == 200
    secret = client.session[SECRET_SESSION_KEY]
    html = page.content.decode()
    assert secret in html  # the set-up key, for typing in by hand
    assert '<svg role="img" aria-label="QR code' in html  # drawn inline: CSP has no data:

    wrong = client.post("/accounts/2fa/totp/activate/", {"code": "000000"})
    assert wrong.status_code == 200
    assert not Authenticator.objects.filter(user=staff_user).exists()

    done = client.post("/accounts/2fa/totp/activate/", {"code": totp_code(secret)})
    assert done["Location"] == "/accounts/2fa/recovery-codes/"
    # Recovery codes: shown once, with a download link; not again.
    codes = RecoveryCodes(
        Authenticator.objects.get(user=staff_user, type=Authenticator.Type.RECOVERY_CODES)
    ).get_unused_codes()
    assert len(codes) == 10
    shown = client.get("/accounts/2fa/recovery-codes/").content.decode()
    assert all(code in shown for code in codes)
    assert 'download="ccpl-manager-recovery-codes.txt"' in shown
    again = client.get("/accounts/2fa/recovery-codes/").content.decode()
    assert not any(code in again for code in codes)
    assert client.get("/accounts/2fa/recovery-codes/download/").status_code == 403
    # Setting up counted as the second step for this session: the staff pages open.
    assert client.get("/manage/people/").status_code == 200

    client.post("/accounts/logout/")
    client = Client()
    response = client.post("/accounts/login/", {"login": "staff-user", "password": TEST_PASSWORD})
    assert response["Location"] == MFA_STEP
    assert not signed_in_as(client, staff_user)
    assert client.get("/manage/people/")["Location"].startswith("/accounts/login/")

    refused = client.post(MFA_STEP, {"code": "123456"})
    assert refused.status_code == 200
    assert "The security code is not correct" in refused.content.decode()
    assert "nhsuk-error-summary" in refused.content.decode()
    assert not signed_in_as(client, staff_user)

    response = client.post(MFA_STEP, {"code": totp_code(secret, steps_ahead=1)})
    assert response.status_code == 302
    assert signed_in_as(client, staff_user)
    assert client.get("/manage/people/").status_code == 200


def test_a_recovery_code_signs_in_once_only(exec_user):
    totp_for(exec_user)
    codes = RecoveryCodes.activate(exec_user).get_unused_codes()

    client = password_sign_in(exec_user)
    client.post(MFA_STEP, {"code": codes[0]})
    assert signed_in_as(client, exec_user)
    assert client.get("/manage/people/").status_code == 200

    again = password_sign_in(exec_user)
    response = again.post(MFA_STEP, {"code": codes[0]})
    assert response.status_code == 200
    assert "The security code is not correct" in response.content.decode()
    assert not signed_in_as(again, exec_user)


def test_wrong_codes_are_rate_limited(staff_user):
    totp_for(staff_user)
    client = password_sign_in(staff_user)
    for n in range(5):
        client.post(MFA_STEP, {"code": f"{n:06d}"})
    # Even the right code is refused now: guessing is capped per account and address.
    response = client.post(MFA_STEP, {"code": totp_code()})
    assert "Too many failed sign-in attempts" in response.content.decode()
    assert not signed_in_as(client, staff_user)


def test_the_admin_login_cannot_skip_the_second_step(sysadmin_user):
    totp_for(sysadmin_user)
    client = Client()
    # The admin's own form is allauth's (secure_admin_login): a password alone signs no one in.
    assert client.get("/admin/login/")["Location"].startswith("/accounts/login/")
    client.post(
        "/admin/login/?next=/admin/",
        {"username": "sysadmin-user", "password": TEST_PASSWORD, "next": "/admin/"},
    )
    assert not signed_in_as(client, sysadmin_user)
    assert client.get("/admin/")["Location"].startswith("/admin/login/")

    # A session signed in some other way, with no second step on record, is signed out.
    sneaky = Client()
    sneaky.force_login(sysadmin_user)
    response = sneaky.get("/admin/")
    assert response["Location"] == "/accounts/login/"
    assert not signed_in_as(sneaky, sysadmin_user)


def test_single_sign_on_sessions_are_exempt(staff_user):
    def session_with(record):
        client = Client()
        client.force_login(staff_user)
        session = client.session
        session[AUTHENTICATION_METHODS_SESSION_KEY] = [record]
        session[_AUTHENTICATION_METHODS_USER_SESSION_KEY] = str(staff_user.pk)
        session.save()
        return client

    now = time.time()
    sso = session_with(
        {"method": "socialaccount", "at": now, "provider": "openid_connect", "uid": "oid-1"}
    )
    assert sso.get("/manage/people/").status_code == 200
    password_only = session_with({"method": "password", "at": now, "username": "staff-user"})
    assert password_only.get("/manage/people/")["Location"] == MFA_INDEX


def test_removing_the_only_authenticator_sends_staff_back_to_set_up(staff_user):
    totp_for(staff_user)
    client = password_sign_in(staff_user)
    client.post(MFA_STEP, {"code": totp_code()})
    assert client.get("/manage/people/").status_code == 200
    confirm_password(client)
    response = client.post("/accounts/2fa/totp/deactivate/", {})
    assert response.status_code == 302
    assert not Authenticator.objects.filter(user=staff_user).exists()
    assert client.get("/manage/people/")["Location"] == MFA_INDEX


@pytest.mark.django_db(transaction=True)
def test_the_administrator_resets_a_lost_authenticator_and_it_is_logged(staff_user, sysadmin_user):
    totp_for(staff_user)
    RecoveryCodes.activate(staff_user)
    lost = password_sign_in(staff_user)
    lost.post(MFA_STEP, {"code": totp_code()})
    assert lost.get("/manage/people/").status_code == 200

    admin = password_sign_in(sysadmin_user)
    confirm_password(admin)
    admin.get("/accounts/2fa/totp/activate/")
    secret = admin.session[SECRET_SESSION_KEY]
    admin.post("/accounts/2fa/totp/activate/", {"code": totp_code(secret)})
    listing = admin.get("/admin/mfa/authenticator/")
    assert listing.status_code == 200
    assert TEST_TOTP_SECRET not in listing.content.decode()
    ids = Authenticator.objects.filter(user=staff_user).values_list("pk", flat=True)
    response = admin.post(
        "/admin/mfa/authenticator/",
        {"action": "reset_mfa", "_selected_action": [str(ids[0])]},
    )
    assert response.status_code == 302
    assert not Authenticator.objects.filter(user=staff_user).exists()
    # Signed out everywhere; at the next sign-in, set-up again.
    assert not signed_in_as(lost, staff_user)
    again = password_sign_in(staff_user)
    assert again.get("/manage/people/")["Location"] == MFA_INDEX
    logged = LogEntry.objects.filter(user=sysadmin_user, action_flag=DELETION)
    assert logged.count() == 2  # the app and the recovery codes


def test_mfa_reset_service_only_touches_that_person(staff_user, exec_user):
    totp_for(staff_user)
    totp_for(exec_user)
    assert services.mfa_reset(user=staff_user) == 1
    assert Authenticator.objects.filter(user=exec_user).count() == 1


def test_both_confirm_it_is_you_pages_say_what_to_enter_and_post_to_themselves(
    staff_client, staff_user
):
    by_password = staff_client.get("/accounts/reauthenticate/").content.decode()
    assert "enter your password again" in by_password
    assert 'action="/accounts/reauthenticate/"' in by_password
    # The code page is offered to someone who signed in with their authenticator app.
    record_mfa_passed(staff_client, staff_user)
    response = staff_client.get("/accounts/2fa/reauthenticate/")
    assert response.status_code == 200, (response.status_code, response.get("Location"))
    by_code = response.content.decode()
    assert "enter the code from your authenticator app" in by_code
    assert 'action="/accounts/2fa/reauthenticate/"' in by_code
