"""Session limits (an idle time-out and an absolute limit on every signed-in session) and
the second-factor rule for staff.

Staff, executives, board members and the system administrator (the kinds who must use
a second factor, ``ccpl.access.mfa_required``) are signed out after
``SESSION_IDLE_TIMEOUT_STAFF`` seconds without a request (30 minutes); everyone else
after ``SESSION_IDLE_TIMEOUT`` (2 hours). Whoever they are, a session ends
``SESSION_ABSOLUTE_LIMIT`` seconds (12 hours) after sign-in. The last-seen time is
written at most once a minute, so a busy page does not write the session row on every
request.
"""

import time

from allauth.account.internal.flows.login import (
    get_authentication_records,
    record_authentication,
)
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import reverse

from .access import mfa_required

SIGNED_IN_AT = "_ccpl_signed_in_at"
LAST_SEEN = "_ccpl_last_seen"
_WRITE_EVERY_SECONDS = 60


def session_start(sender, request, user, **kwargs):
    """On sign-in: start both clocks (saved with the new session, no extra write later)."""
    if request is not None and hasattr(request, "session"):
        now = int(time.time())
        request.session[SIGNED_IN_AT] = now
        request.session[LAST_SEEN] = now


def idle_limit_for(user) -> int:
    # The kinds who must pass a second factor (they see people's records, run the service
    # or read unpublished governance material) are the kinds signed out soonest.
    if mfa_required(user):
        return settings.SESSION_IDLE_TIMEOUT_STAFF
    return settings.SESSION_IDLE_TIMEOUT


class SessionLimitsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            session = request.session
            signed_in_at = session.get(SIGNED_IN_AT)
            last_seen = session.get(LAST_SEEN)
            if signed_in_at is None:
                session[SIGNED_IN_AT] = now
                session[LAST_SEEN] = now
            elif now - signed_in_at > settings.SESSION_ABSOLUTE_LIMIT:
                return self._sign_out(
                    request,
                    "You have been signed out because you signed in "
                    f"more than {settings.SESSION_ABSOLUTE_LIMIT // 3600} hours ago.",
                )
            elif last_seen is not None and now - last_seen > idle_limit_for(user):
                minutes = idle_limit_for(user) // 60
                return self._sign_out(
                    request,
                    f"You have been signed out because you did nothing for {minutes} minutes.",
                )
            elif last_seen is None or now - last_seen >= _WRITE_EVERY_SECONDS:
                session[LAST_SEEN] = now
        return self.get_response(request)

    @staticmethod
    def _sign_out(request, message: str):
        next_url = request.get_full_path() if request.method == "GET" else "/"
        logout(request)
        messages.info(request, f"{message} Sign in again to carry on.")
        return redirect(f"{reverse('account_login')}?next={next_url}")


# The second factors a person can sign in with (recovery codes only back them up).
_SECOND_FACTORS = (Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN)
# This session passed the rule for this user id: later requests cost no query.
MFA_PASSED = "_ccpl_mfa_passed"


def _session_methods(request) -> set[str]:
    # allauth's record of how this session signed in (password, mfa, socialaccount...).
    return {record.get("method") for record in get_authentication_records(request, request.user)}


def _mfa_free_path(path: str) -> bool:
    """Pages a person who must still set up MFA may open: set-up itself, sign-out,
    confirming their password for set-up, static files and the health check."""
    allowed = (
        reverse("mfa_index"),
        reverse("account_logout"),
        reverse("account_reauthenticate"),
        reverse("healthz"),
        settings.STATIC_URL,
    )
    return path.startswith(allowed)


class MfaRequiredMiddleware:
    """The one place the second-factor rule is enforced (who: ``ccpl.access.mfa_required``).

    A person who must use MFA and signed in with a local password:

    * with no authenticator app or security key yet, is sent to set one up and can open
      nothing else but sign-out (and static files) until they have;
    * with one, has been asked for it by allauth at sign-in; a session that shows no
      second step (allauth records each step in ``account_authentication_methods``) was
      signed in some other way, and is signed out.

    A session signed in through single sign-on (a ``socialaccount`` record) is exempt:
    the identity provider (NHSmail / Entra ID) enforces its own MFA.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and request.session.get(MFA_PASSED) != str(user.pk)
            and mfa_required(user)
        ):
            verdict = self._verdict(request, user)
            if verdict == "passed":
                request.session[MFA_PASSED] = str(user.pk)
            elif verdict == "set up" and not _mfa_free_path(request.path):
                return redirect("mfa_index")
            elif verdict == "sign out":
                logout(request)
                messages.info(
                    request,
                    "Sign in again: your account needs the code from your authenticator app "
                    "or your security key as well as your password.",
                )
                return redirect("account_login")
        return self.get_response(request)

    @staticmethod
    def _verdict(request, user) -> str:
        """ "passed", "set up" (no second factor yet) or "sign out" (one exists, but this
        session never used it)."""
        methods = _session_methods(request)
        if "socialaccount" in methods:
            return "passed"
        if not Authenticator.objects.filter(user=user, type__in=_SECOND_FACTORS).exists():
            return "set up"
        if "mfa" not in methods:
            return "sign out"
        return "passed"


def mfa_enrolled(sender, request, user, authenticator, **kwargs):
    """Setting up an authenticator app or a key proves it is in the person's hands (allauth
    checked a code from it, or the key's signature): record that step for this session,
    as allauth records the second step at sign-in."""
    if request is None or authenticator.type not in _SECOND_FACTORS:
        return
    record_authentication(
        request, user, "mfa", id=authenticator.pk, type=authenticator.type, enrolled=True
    )


def mfa_removed(sender, request, user, **kwargs):
    """Removing an authenticator: check the rule again on the next request."""
    if request is not None:
        request.session.pop(MFA_PASSED, None)


class RequestSizeLimitMiddleware:
    """Refuse a request whose announced body is over ``UPLOAD_MAX_REQUEST_BYTES`` (413).

    It runs first and looks only at ``CONTENT_LENGTH``, so a 1 GB upload is refused
    before a byte of its body is read (Django's own limits apply only once the body is
    being parsed). The limit is the largest upload a form takes plus room for the other
    fields; each form then checks its own smaller limit with a clear message.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.UPLOAD_MAX_REQUEST_BYTES:
            # No request context: the session and user middleware have not run.
            page = render_to_string(
                "413.html", {"limit_mb": settings.UPLOAD_MAX_REQUEST_BYTES // (1024 * 1024)}
            )
            return HttpResponse(page, status=413)
        return self.get_response(request)
