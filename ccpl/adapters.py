import logging

import rules
from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.providers.openid_connect.provider import OpenIDConnectProvider
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.shortcuts import render
from django.urls import reverse
from django.utils.safestring import mark_safe

from . import services
from .models import Invitation

logger = logging.getLogger(__name__)

# Plain NHS-style wording for the messages people meet most often.
_MESSAGES = {
    "too_many_login_attempts": "Too many failed sign-in attempts. Wait 5 minutes, then try again.",
    "username_password_mismatch": "Enter a correct username and password",
    "email_password_mismatch": "Enter a correct email address and password",
    "enter_current_password": "Enter your current password",
    "incorrect_password": "The current password is not correct",
    "invalid_password_reset": "This password reset link has expired or has already been used",
    "rate_limited": "Too many requests. Wait a few minutes, then try again.",
}


# Context that makes an allauth e-mail carry a secret of its own (a confirmation key, a
# sign-in code): such an e-mail could not be stored, so allauth sends it as it always does.
# None of them is used by this service (no sign-up, no e-mail verification, no code sign-in).
_SECRET_CONTEXT = ("activate_url", "code", "key")


class AccountAdapter(DefaultAccountAdapter):
    """Accounts come from the CCPL team's invitations, never by self sign-up. allauth's
    e-mails go through the outbox and are sent by the worker (``ccpl.services.email_queue``),
    never inside the request; the password reset link, a secret, is made by the worker as it
    sends (``ONE_TIME_LINKS["password_reset"]``), so it is stored nowhere."""

    error_messages = {**DefaultAccountAdapter.error_messages, **_MESSAGES}

    def is_open_for_signup(self, request):
        return False

    def get_login_redirect_url(self, request):
        # Everyone lands on the home page, which lists what they can use; a board member
        # (not also staff) has one page beyond the public ones, so lands on it.
        user = request.user
        if rules.has_perm("reports.view_board_packs", user) and not rules.has_perm(
            "ccpl.view_staff_area", user
        ):
            return reverse("reports:board_pack_list")
        return super().get_login_redirect_url(request)

    def _context(self, email: str, context: dict) -> dict:
        from allauth.core import context as allauth_context

        return {
            "request": allauth_context.request,
            "email": email,
            "service_name": settings.SERVICE_NAME,
            **context,
        }

    def send_password_reset_mail(self, user, email, context):
        if not services.site_url():
            logger.warning("CCPL_SITE_URL is not set: the password reset e-mail is sent now.")
            return super().send_password_reset_mail(user, email, context)
        # The link, the key and the username (internal: people sign in with their address)
        # stay out of what is stored.
        safe = {k: v for k, v in context.items() if k not in ("key", "uid", "username")}
        safe["password_reset_url"] = "{link}"
        safe["reset_days"] = max(1, settings.PASSWORD_RESET_TIMEOUT // 86400)
        message = self.render_mail(
            "account/email/password_reset_key", email, self._context(email, safe)
        )
        services.email_queue(
            to=email,
            subject=message.subject,
            body=message.body,
            kind="Password reset",
            link_kind="password_reset",
            link_id=user.pk,
        )

    def send_mail(self, template_prefix, email, context):
        if any(context.get(name) for name in _SECRET_CONTEXT):
            return super().send_mail(template_prefix, email, context)
        message = self.render_mail(template_prefix, email, self._context(email, context))
        services.email_queue(
            to=email, subject=message.subject, body=message.body, kind="Account notice"
        )


class MFAAdapter(DefaultMFAAdapter):
    """allauth's MFA with plain wording (the rest of the rule: ccpl.middleware)."""

    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "incorrect_code": (
            "The security code is not correct. Enter the 6-digit code your authenticator "
            "app shows now, or one of your recovery codes"
        ),
    }

    def build_totp_svg(self, url: str) -> str:
        # Drawn inline on the set-up page (a data: image would need img-src data: in the
        # Content-Security-Policy). Our own drawing of our own address: marked safe here so
        # no template needs |safe.
        svg = super().build_totp_svg(url)
        svg = svg[svg.index("<svg") :].replace(
            "<svg ",
            '<svg role="img" aria-label="QR code to scan with your authenticator app" ',
            1,
        )
        return mark_safe(svg)  # noqa: S308


# --- Single sign-on with NHSmail (Microsoft Entra ID); docs/security.md -------------------


class SsoRefused(PermissionDenied):
    """An ID token this service does not accept (another tenant or issuer, claims missing)."""


class EntraIDProvider(OpenIDConnectProvider):
    """allauth's OpenID Connect provider, reading Entra's ID token: the identity is the
    tenant id and the object id ("tid:oid"), which Entra never reuses or lets a person change.
    ``sub`` is pairwise per application and the e-mail claim is not verified (nOAuth), so
    neither is used to find an account. A token from another tenant or issuer is refused."""

    def extract_uid(self, data):
        claims = data.get("id_token") or {}
        if claims.get("iss", "").rstrip("/") != settings.SSO_OIDC_ISSUER:
            raise SsoRefused("The ID token is not from the configured issuer.")
        tid, oid = claims.get("tid"), claims.get("oid")
        if not tid or tid != settings.SSO_ENTRA_TENANT_ID:
            raise SsoRefused("The ID token is not from the configured tenant.")
        if not oid or not isinstance(oid, str):
            raise SsoRefused("The ID token has no object id (oid).")
        return f"{tid}:{oid}"


def _refusal(request, reason: str, *, status: int = 403):
    return ImmediateHttpResponse(
        render(request, "ccpl/sso_refused.html", {"reason": reason}, status=status)
    )


NOT_LINKED = "not_linked"
OTHER_ORGANISATION = "other_organisation"
ALREADY_LINKED = "already_linked"
INVITATION_GONE = "invitation_gone"
FAILED = "failed"
CANCELLED = "cancelled"


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    """Single sign-on signs in only the account an identity was linked to, and links an
    identity only through the person's own invitation: never a sign-up, never an e-mail match."""

    def get_provider(self, request, provider, client_id=None):
        found = super().get_provider(request, provider, client_id=client_id)
        if isinstance(found, OpenIDConnectProvider) and found.app.provider_id == (
            settings.SSO_PROVIDER_ID
        ):
            return EntraIDProvider(request, app=found.app)
        return found

    def is_open_for_signup(self, request, sociallogin):
        return False

    def is_auto_signup_allowed(self, request, sociallogin):
        return False

    def can_authenticate_by_email(self, login, email):
        return False

    def pre_social_login(self, request, sociallogin):
        invitation_id = request.session.pop(services.SSO_INVITATION_SESSION_KEY, None)
        account = sociallogin.account
        if sociallogin.is_existing:
            if invitation_id is not None:
                # An identity already linked cannot take another person's invitation (nor a
                # second one of its own): the invitation stays unused.
                raise _refusal(request, ALREADY_LINKED, status=409)
            return  # a known identity signs in as the account it is linked to
        if invitation_id is None:
            raise _refusal(request, NOT_LINKED)
        invitation = Invitation.objects.filter(pk=invitation_id).first()
        if invitation is None or not invitation.is_usable:
            raise _refusal(request, INVITATION_GONE, status=410)
        try:
            linked = services.account_set_up_with_sso(
                invitation=invitation,
                provider=account.provider,
                uid=account.uid,
                extra_data=account.extra_data,
            )
        except IntegrityError:
            # The same identity linked by a simultaneous sign-in a moment ago.
            raise _refusal(request, ALREADY_LINKED, status=409) from None
        except ValidationError:
            raise _refusal(request, INVITATION_GONE, status=409) from None
        # Sign in as the account just made (allauth's lookup now finds it).
        sociallogin.account = linked
        sociallogin.user = linked.user
        messages.success(request, "Your account is set up. You are signed in with NHSmail.")

    def on_authentication_error(
        self, request, provider, error=None, exception=None, extra_context=None
    ):
        # A failed or cancelled sign-in leaves any invitation unused and forgets it.
        request.session.pop(services.SSO_INVITATION_SESSION_KEY, None)
        if isinstance(exception, SsoRefused):
            logger.warning("Single sign-on refused: %s", exception)
            raise _refusal(request, OTHER_ORGANISATION)
        if error == "cancelled":
            raise _refusal(request, CANCELLED, status=200)
        logger.warning("Single sign-on failed: %s %s", error, exception)
        raise _refusal(request, FAILED, status=400)
