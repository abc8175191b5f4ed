"""The embedded default: SQLite, filesystem Celery broker, demo data, DEBUG."""

from .base import *  # noqa: F403
from .environment import env

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env("SECRET_KEY", default="local-development-only-not-secret")
EQUALITY_LINK_KEY = env("EQUALITY_LINK_KEY", default="local-development-only-equality-link")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
DEMO_DATA_ALLOWED = True
CCPL_SITE_URL = env("CCPL_SITE_URL", default="http://127.0.0.1:8000")
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
CRISPY_FAIL_SILENTLY = False
