"""Session limits: an idle time-out and an absolute limit on every signed-in session.

Staff, executives and the system administrator are signed out after
``SESSION_IDLE_TIMEOUT_STAFF`` seconds without a request (30 minutes); everyone else
after ``SESSION_IDLE_TIMEOUT`` (2 hours). Whoever they are, a session ends
``SESSION_ABSOLUTE_LIMIT`` seconds (12 hours) after sign-in. The last-seen time is
written at most once a minute, so a busy page does not write the session row on every
request.
"""

import time

import rules
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import reverse

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
    if rules.has_perm("ccpl.view_staff_area", user) or rules.has_perm("ccpl.use_admin", user):
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
