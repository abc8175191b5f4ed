from allauth.account.adapter import DefaultAccountAdapter

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
