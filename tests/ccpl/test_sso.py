"""Single sign-on with NHSmail (Microsoft Entra ID), against a real OpenID Connect provider.

`make test` (scripts/test.sh) runs scripts/oidc-test-provider.mjs, an npm oidc-provider shaped
like Entra (issuer http://127.0.0.1:<port>/<tenant>/v2.0, ID tokens with tid and oid), and
exports the SSO_* settings pointing at it. Each test tells the provider who signs in next, then
drives the whole journey with a real HTTP client through Django's live server: our pages, the
provider's authorisation, token and key endpoints, allauth's callback.

The promises attacked here (docs/security.md, "Single sign-on"): identities are matched on
tid + oid, never on e-mail; another tenant is refused; nobody signs up by SSO; an identity is
linked only through the person's own invitation, and only once; a GET never starts anything.
"""

import os
import re
import secrets
import uuid
from datetime import timedelta
from urllib.parse import urljoin

import pytest
import requests
from allauth.socialaccount.models import SocialAccount
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.db import SessionStore
from django.utils import timezone

from ccpl import rules, selectors, services
from ccpl.models import AccountEvent, Invitation, token_digest
from tests.factories import PersonFactory

PROVIDER = os.environ.get("SSO_TEST_PROVIDER_URL", "")

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _provider_running():
    # Not a skip: these promises must be checked, and `make test` always starts the provider.
    assert PROVIDER and selectors.sso_configured(), (
        "Run through `make test`: it starts the OpenID Connect test provider (scripts/test.sh)."
    )
    services.user_kinds_ensure()


def _identity(*, tid=None, oid=None, email="someone@nhs.net", name="Sam Someone"):
    given, _, family = name.partition(" ")
    return {
        "sub": secrets.token_hex(8),
        "tid": tid or settings.SSO_ENTRA_TENANT_ID,
        "oid": oid or str(uuid.uuid4()),
        "name": name,
        "given_name": given,
        "family_name": family,
        "email": email,
    }


def _next_login(claims):
    requests.post(f"{PROVIDER}/__test/next-login", json=claims, timeout=5).raise_for_status()


def _browser():
    return requests.Session()


def _csrf(browser, page_url):
    page = browser.get(page_url, timeout=10)
    assert page.status_code == 200, page.text[:500]
    return page, re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)


def _sign_in_with_nhsmail(browser, live_server, claims):
    """From the sign-in page: press "Sign in with NHSmail"; the provider signs ``claims`` in."""
    page, csrf = _csrf(browser, live_server.url + "/accounts/login/")
    action = re.search(r'<form method="post" action="([^"]*oidc/entra/login/[^"]*)"', page.text)
    assert action, "the sign-in page has no NHSmail button"
    _next_login(claims)
    return browser.post(
        urljoin(live_server.url, action.group(1).replace("&amp;", "&")),
        data={"csrfmiddlewaretoken": csrf},
        timeout=20,
    )


def _invitation(person, kinds=(rules.LEADER,)):
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        person=person,
        email=person.email,
        kinds=list(kinds),
        token_hash=token_digest(token),
        expires=timezone.now() + timedelta(days=14),
    )
    return invitation, token


def _set_up_with_nhsmail(browser, live_server, token, claims):
    """From the invitation's set-up page: press "Sign in with NHSmail"."""
    page, csrf = _csrf(browser, f"{live_server.url}/accounts/set-up/{token}/")
    assert f'action="/accounts/set-up/{token}/nhsmail/"' in page.text
    _next_login(claims)
    return browser.post(
        f"{live_server.url}/accounts/set-up/{token}/nhsmail/",
        data={"csrfmiddlewaretoken": csrf},
        timeout=20,
    )


def _signed_in_user(browser):
    key = browser.cookies.get("sessionid")
    if not key:
        return None, {}
    session = SessionStore(session_key=key).load()
    user_id = session.get("_auth_user_id")
    return (get_user_model().objects.filter(pk=user_id).first() if user_id else None), session


def test_an_invited_person_links_nhsmail_and_then_signs_in_with_it(live_server):
    person = PersonFactory(
        email="alex.jones@example.nhs.uk", given_name="Alex", family_name="Jones"
    )
    invitation, token = _invitation(person)
    claims = _identity(email="alex.jones99@nhs.net", name="Alexandra J")

    response = _set_up_with_nhsmail(_browser(), live_server, token, claims)
    assert response.status_code == 200 and response.url.rstrip("/") == live_server.url
    assert "Your account is set up" in response.text

    person.refresh_from_db()
    invitation.refresh_from_db()
    user = person.user
    assert user is not None and invitation.used_at is not None
    # Names from the person, address from the invitation: nothing taken from the token's claims.
    assert (user.first_name, user.last_name, user.email) == (
        "Alex",
        "Jones",
        "alex.jones@example.nhs.uk",
    )
    assert not user.has_usable_password()
    assert set(user.groups.values_list("name", flat=True)) == {rules.LEADER}
    account = SocialAccount.objects.get(user=user)
    assert (account.provider, account.uid) == (
        "entra",
        f"{settings.SSO_ENTRA_TENANT_ID}:{claims['oid']}",
    )
    assert AccountEvent.objects.filter(person=person, kind=AccountEvent.Kind.SET_UP_SSO).exists()

    # Later, in a fresh browser: the sign-in page's NHSmail button signs them in.
    browser = _browser()
    response = _sign_in_with_nhsmail(browser, live_server, claims)
    assert response.status_code == 200
    signed_in, session = _signed_in_user(browser)
    assert signed_in == user
    # The session records an SSO sign-in, which MFA (allauth.mfa) accepts without a second step.
    methods = session["account_authentication_methods"]
    assert methods[-1]["method"] == "socialaccount"
    assert methods[-1]["provider"] == "entra" and methods[-1]["uid"] == account.uid
    assert get_user_model().objects.count() == 1
    # The invitation stays used: its link shows "cannot be used".
    assert _browser().get(f"{live_server.url}/accounts/set-up/{token}/").status_code == 404


def test_an_unknown_identity_is_refused_with_a_clear_page_and_no_account(live_server):
    browser = _browser()
    response = _sign_in_with_nhsmail(browser, live_server, _identity())
    assert response.status_code == 403
    assert "Your NHSmail account is not linked to this service yet" in response.text
    assert "ask the clinical and care professional leadership team for an invitation" in (
        response.text.lower()
    )
    assert get_user_model().objects.count() == 0 and SocialAccount.objects.count() == 0
    assert _signed_in_user(browser)[0] is None


def test_a_token_from_another_tenant_is_refused_even_with_an_invitation(live_server):
    person = PersonFactory(email="pat@example.nhs.uk")
    invitation, token = _invitation(person)
    foreign = _identity(tid=str(uuid.uuid4()))

    browser = _browser()
    response = _set_up_with_nhsmail(browser, live_server, token, foreign)
    assert response.status_code == 403
    assert "another organisation" in response.text
    invitation.refresh_from_db()
    person.refresh_from_db()
    assert invitation.used_at is None and person.user is None
    assert get_user_model().objects.count() == 0 and SocialAccount.objects.count() == 0
    assert _signed_in_user(browser)[0] is None


def test_the_same_oid_in_another_tenant_is_not_the_linked_person(live_server):
    person = PersonFactory(email="lee@example.nhs.uk")
    _, token = _invitation(person)
    claims = _identity()
    assert _set_up_with_nhsmail(_browser(), live_server, token, claims).status_code == 200

    browser = _browser()
    response = _sign_in_with_nhsmail(browser, live_server, {**claims, "tid": str(uuid.uuid4())})
    assert response.status_code == 403
    assert _signed_in_user(browser)[0] is None


def test_an_identity_with_a_linked_persons_email_is_not_signed_in_as_them(live_server):
    person = PersonFactory(email="chris@example.nhs.uk")
    _, token = _invitation(person)
    owner = _identity(email="chris@nhs.net")
    assert _set_up_with_nhsmail(_browser(), live_server, token, owner).status_code == 200
    person.refresh_from_db()
    # The attacker's directory entry claims the same address (and the person's own address).
    for email in ("chris@nhs.net", "chris@example.nhs.uk"):
        browser = _browser()
        response = _sign_in_with_nhsmail(browser, live_server, _identity(email=email))
        assert response.status_code == 403
        assert "not linked to this service yet" in response.text
        assert _signed_in_user(browser)[0] is None
    assert list(SocialAccount.objects.values_list("user", flat=True)) == [person.user_id]


def test_an_identity_already_linked_cannot_accept_another_persons_invitation(live_server):
    first = PersonFactory(email="first@example.nhs.uk")
    _, first_token = _invitation(first)
    claims = _identity()
    assert _set_up_with_nhsmail(_browser(), live_server, first_token, claims).status_code == 200

    second = PersonFactory(email="second@example.nhs.uk")
    invitation, token = _invitation(second, kinds=(rules.CCPL_TEAM,))
    browser = _browser()
    response = _set_up_with_nhsmail(browser, live_server, token, claims)
    assert response.status_code == 409
    assert "already linked" in response.text
    invitation.refresh_from_db()
    second.refresh_from_db()
    assert invitation.used_at is None and second.user is None
    assert _signed_in_user(browser)[0] is None
    assert get_user_model().objects.count() == 1


def test_a_cancelled_sign_in_leaves_the_invitation_unused_and_forgotten(live_server):
    person = PersonFactory(email="robin@example.nhs.uk")
    invitation, token = _invitation(person)
    browser = _browser()
    response = _set_up_with_nhsmail(browser, live_server, token, {"cancel": True})
    assert response.status_code == 200 and "You did not sign in with NHSmail" in response.text
    invitation.refresh_from_db()
    assert invitation.used_at is None and get_user_model().objects.count() == 0
    _, session = _signed_in_user(browser)
    assert services.SSO_INVITATION_SESSION_KEY not in session

    # The same browser then signs in with an unknown identity: no stale invitation is applied.
    response = _sign_in_with_nhsmail(browser, live_server, _identity())
    assert response.status_code == 403 and get_user_model().objects.count() == 0


def test_a_get_to_the_nhsmail_link_does_nothing(live_server):
    person = PersonFactory(email="sky@example.nhs.uk")
    invitation, token = _invitation(person)
    browser = _browser()
    response = browser.get(
        f"{live_server.url}/accounts/set-up/{token}/nhsmail/", allow_redirects=False, timeout=10
    )
    assert response.status_code == 405
    _, session = _signed_in_user(browser)
    assert services.SSO_INVITATION_SESSION_KEY not in session
    invitation.refresh_from_db()
    assert invitation.used_at is None
    # A POST with a token that is not an invitation's goes nowhere either.
    page, csrf = _csrf(browser, f"{live_server.url}/accounts/set-up/{token}/")
    response = browser.post(
        f"{live_server.url}/accounts/set-up/not-a-token/nhsmail/",
        data={"csrfmiddlewaretoken": csrf},
        allow_redirects=False,
        timeout=10,
    )
    assert response.status_code == 404


def test_the_session_holds_the_invitation_id_never_its_token(live_server):
    person = PersonFactory(email="jo@example.nhs.uk")
    invitation, token = _invitation(person)
    browser = _browser()
    page, csrf = _csrf(browser, f"{live_server.url}/accounts/set-up/{token}/")
    response = browser.post(
        f"{live_server.url}/accounts/set-up/{token}/nhsmail/",
        data={"csrfmiddlewaretoken": csrf},
        allow_redirects=False,
        timeout=10,
    )
    assert response.status_code == 302
    assert response.headers["Location"].startswith(settings.SSO_OIDC_ISSUER + "/auth?")
    assert "code_challenge=" in response.headers["Location"]  # PKCE
    _, session = _signed_in_user(browser)
    assert session[services.SSO_INVITATION_SESSION_KEY] == invitation.pk
    assert token not in str(dict(session))


def test_connecting_another_identity_to_a_signed_in_account_is_not_offered(staff_client):
    # allauth's "connected accounts" pages would link an identity without an invitation.
    for path in ("/accounts/3rdparty/", "/accounts/3rdparty/signup/"):
        assert staff_client.get(path).status_code == 404
        assert staff_client.post(path, {"account": "1"}).status_code == 404
    assert SocialAccount.objects.count() == 0


def test_a_signed_in_person_cannot_connect_an_identity_through_the_provider_flow(live_server):
    # Even driving allauth's own connect process by hand: an unknown identity is refused.
    user = get_user_model().objects.create_user("someone", "someone@example.nhs.uk", "pw-Long-1!")
    browser = _browser()
    _, csrf = _csrf(browser, live_server.url + "/accounts/login/")
    browser.post(
        live_server.url + "/accounts/login/",
        data={"csrfmiddlewaretoken": csrf, "login": "someone", "password": "pw-Long-1!"},
        timeout=10,
    )
    assert _signed_in_user(browser)[0] == user
    _, csrf = _csrf(browser, live_server.url + "/accounts/login/")
    _next_login(_identity())
    response = browser.post(
        live_server.url + "/accounts/oidc/entra/login/?process=connect",
        data={"csrfmiddlewaretoken": csrf},
        timeout=20,
    )
    assert response.status_code == 403
    assert SocialAccount.objects.count() == 0


def test_a_deactivated_account_cannot_sign_in_with_nhsmail(live_server, staff_user):
    person = PersonFactory(email="max@example.nhs.uk")
    _, token = _invitation(person)
    claims = _identity()
    assert _set_up_with_nhsmail(_browser(), live_server, token, claims).status_code == 200
    person.refresh_from_db()
    services.account_deactivate(person=person, by=staff_user)

    browser = _browser()
    _sign_in_with_nhsmail(browser, live_server, claims)
    assert _signed_in_user(browser)[0] is None


def test_with_single_sign_on_off_nothing_offers_or_starts_it(client, settings):
    settings.SSO_ENTRA_CLIENT_ID = ""
    settings.SOCIALACCOUNT_PROVIDERS = {"openid_connect": {"APPS": []}}
    person = PersonFactory(email="kim@example.nhs.uk")
    invitation, token = _invitation(person)
    assert "NHSmail" not in client.get("/accounts/login/").content.decode()
    assert "NHSmail" not in client.get(f"/accounts/set-up/{token}/").content.decode()
    assert client.post(f"/accounts/set-up/{token}/nhsmail/").status_code == 404
    assert services.SSO_INVITATION_SESSION_KEY not in client.session
    assert client.post("/accounts/oidc/entra/login/").status_code == 404


def test_the_identity_is_tenant_and_object_id_from_the_configured_issuer_only(rf):
    from allauth.socialaccount.adapter import get_adapter

    from ccpl.adapters import EntraIDProvider, SsoRefused

    provider = get_adapter().get_provider(rf.get("/"), settings.SSO_PROVIDER_ID)
    assert isinstance(provider, EntraIDProvider)
    tid, oid = settings.SSO_ENTRA_TENANT_ID, str(uuid.uuid4())
    good = {"iss": settings.SSO_OIDC_ISSUER, "tid": tid, "oid": oid, "email": "a@nhs.net"}
    assert provider.extract_uid({"id_token": good}) == f"{tid}:{oid}"
    for bad in (
        {**good, "iss": "https://login.microsoftonline.com/common/v2.0"},
        {**good, "iss": settings.SSO_OIDC_ISSUER.replace(tid, str(uuid.uuid4()))},
        {**good, "tid": str(uuid.uuid4())},
        {**good, "tid": ""},
        {k: v for k, v in good.items() if k != "oid"},
        {k: v for k, v in good.items() if k != "tid"},
    ):
        with pytest.raises(SsoRefused):
            provider.extract_uid({"id_token": bad})
    # Claims only in userinfo (unsigned here) are never enough.
    with pytest.raises(SsoRefused):
        provider.extract_uid({"userinfo": good})
