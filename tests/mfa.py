"""MFA for tests: authenticator apps with known secrets, and codes computed from them."""

import time

from allauth.account.internal.flows.login import (
    _AUTHENTICATION_METHODS_USER_SESSION_KEY,
    AUTHENTICATION_METHODS_SESSION_KEY,
)
from allauth.account.internal.userkit import user_id_to_str
from allauth.mfa import app_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.db import IntegrityError, transaction

from ccpl.middleware import MFA_PASSED

# A fixed secret, so a failing test can be replayed with any authenticator app.
TEST_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def totp_for(user, secret: str = TEST_TOTP_SECRET) -> Authenticator:
    """The user's authenticator app, set up with ``secret`` if they have none."""
    existing = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if existing:
        return existing
    try:
        # Its own savepoint: clients signed in from several threads at once (the concurrency
        # tests) race to make the same user's authenticator; the loser uses the winner's.
        with transaction.atomic():
            return TOTP.activate(user, secret).instance
    except IntegrityError:
        return Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)


def totp_code(secret: str = TEST_TOTP_SECRET, *, steps_ahead: int = 0) -> str:
    """The code an authenticator app shows now (or ``steps_ahead`` periods later, which
    allauth still accepts within its tolerance: a code is accepted only once)."""
    counter = int(time.time()) // app_settings.TOTP_PERIOD + steps_ahead
    return format_hotp_value(hotp_value(secret, counter))


def record_mfa_passed(client, user) -> None:
    """Mark ``client``'s session as signed in with a password and an authenticator app,
    in the record allauth itself keeps (``account_authentication_methods``)."""
    authenticator = totp_for(user)
    now = time.time()
    session = client.session
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [
        {"method": "password", "at": now, "username": user.get_username()},
        {"method": "mfa", "at": now, "id": authenticator.pk, "type": "totp"},
    ]
    session[_AUTHENTICATION_METHODS_USER_SESSION_KEY] = user_id_to_str(user)
    # As after the first request of a real sign-in, which checked the rule (and paid its
    # two queries) once for the session: page query counts measure the page alone.
    session[MFA_PASSED] = str(user.pk)
    session.save()
