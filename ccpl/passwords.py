"""Password rules beyond Django's: nothing built from the username or the service's name."""

import re

from django.conf import settings
from django.core.exceptions import ValidationError

# Words anyone could guess for this service; the ICB's own name is added from the database
# by the caller's user attributes where relevant.
SERVICE_WORDS = ("ccpl", "ccplmanager", "manager", "password", "nhs", "icb")


def _letters(text: str) -> str:
    return re.sub(r"[^a-z]", "", text.lower())


class NotFromNameValidator:
    """Refuses a password whose letters are only the username (repeated), or that contains
    the username or the person's given or family name (four letters or more), or is made of the service's name and common words with digits and
    symbols around them (``staffstaff12``, ``CCPLmanager2026!``)."""

    def validate(self, password, user=None):
        letters = _letters(password)
        username = _letters(getattr(user, "username", "") or "")
        if username and len(username) >= 3 and username in letters:
            raise ValidationError(
                "Your password must not contain your username.", code="password_has_username"
            )
        for attribute in ("first_name", "last_name"):
            name = _letters(getattr(user, attribute, "") or "")
            if len(name) >= 4 and name in letters:
                raise ValidationError(
                    "Your password must not contain your name.", code="password_has_name"
                )
        service = _letters(getattr(settings, "SERVICE_NAME", ""))
        words = {w for w in (*SERVICE_WORDS, service) if w}
        remainder = letters
        for word in sorted(words, key=len, reverse=True):
            remainder = remainder.replace(word, "")
        if letters and len(remainder) < 4:
            raise ValidationError(
                "Your password must not be built from the name of the service. "
                "Use 3 random words instead.",
                code="password_from_service_name",
            )

    def get_help_text(self):
        return "Your password must not contain your username, your name or the name of the service."
