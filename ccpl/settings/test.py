"""Test settings: whatever DATABASE_URL the test command exports (PostgreSQL)."""

from .base import *  # noqa: F403
from .environment import env

SECRET_KEY = env("SECRET_KEY", default="test-only-not-secret")
EQUALITY_LINK_KEY = env("EQUALITY_LINK_KEY", default="test-only-equality-link-key")
DEBUG = False
ALLOWED_HOSTS = ["*"]
DEMO_DATA_ALLOWED = True
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
CRISPY_FAIL_SILENTLY = False
# A pause in the middle of making a report, so a test can kill a real worker mid-job
# (tests/ccpl/test_outages_real.py sets it for the worker it starts).
REPORT_SLOW_STEP_SECONDS = env.float("REPORT_SLOW_STEP_SECONDS", default=0)
