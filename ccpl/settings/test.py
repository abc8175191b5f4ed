"""Test settings: whatever DATABASE_URL the test command exports (PostgreSQL).

Under pytest-xdist (``make test`` runs ``pytest -n 2``) every worker gets Redis databases of
its own, chosen here from PYTEST_XDIST_WORKER before the base settings read the addresses:
one worker's ``cache.clear()`` or in-process Celery worker never touches another's. A new
test that uses the cache or Celery needs to know nothing about it. pytest-django gives each
worker its own test database (``test_ccpl_gw0``, ...) in the same way.
"""

import os
import re

from .redis_per_worker import redis_url_for_worker

_worker = re.fullmatch(r"gw(\d+)", os.environ.get("PYTEST_XDIST_WORKER", ""))
if _worker:
    # gw0: cache in Redis database 1, broker in 2; gw1: 3 and 4; ... (0 stays unused). Written
    # back to the environment: Celery reads CELERY_BROKER_URL from it before the settings.
    for _name, _offset in (("CACHE_URL", 1), ("CELERY_BROKER_URL", 2)):
        if os.environ.get(_name, "").startswith("redis://"):
            os.environ[_name] = redis_url_for_worker(
                os.environ[_name], 2 * int(_worker[1]) + _offset
            )

from .base import *  # noqa: E402, F403
from .environment import env  # noqa: E402

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
