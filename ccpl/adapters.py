from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from django.utils.safestring import mark_safe

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


class AccountAdapter(DefaultAccountAdapter):
    """Accounts are created by the system administrator, never by self sign-up."""

    error_messages = {**DefaultAccountAdapter.error_messages, **_MESSAGES}

    def is_open_for_signup(self, request):
        return False


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
