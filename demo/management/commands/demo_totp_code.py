import time

from allauth.mfa import app_settings
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from ccpl.demo import DEMO_TOTP_SECRET


class Command(BaseCommand):
    help = "Print the demo staff accounts' current MFA code (the embedded default only)."

    def handle(self, *args, **options):
        if not settings.DEMO_DATA_ALLOWED:
            raise CommandError("Demo accounts exist only where demo data is allowed.")
        now = int(time.time())
        counter = now // app_settings.TOTP_PERIOD
        left = app_settings.TOTP_PERIOD - now % app_settings.TOTP_PERIOD
        code = format_hotp_value(hotp_value(DEMO_TOTP_SECRET, counter))
        self.stdout.write(
            f"{code}  (for the demo staff, exec, board and admin accounts; {left}s left)"
        )
