"""Production: behind the organisation's TLS-terminating proxy. Refuses unsafe config."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import ALLOWED_HOSTS, DEBUG, EQUALITY_LINK_KEY, SECRET_KEY
from .environment import env

if not SECRET_KEY or len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("SECRET_KEY must be set to a random value of 50 or more characters.")
if not EQUALITY_LINK_KEY or len(EQUALITY_LINK_KEY) < 50 or EQUALITY_LINK_KEY == SECRET_KEY:
    raise ImproperlyConfigured(
        "EQUALITY_LINK_KEY must be set to a random value of 50 or more characters, "
        "different from SECRET_KEY, and kept outside the database and its backups."
    )
if DEBUG:
    raise ImproperlyConfigured("DEBUG must be off in production.")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must name the host names the service answers to.")

DEMO_DATA_ALLOWED = False
# Keep each worker's database connection for a minute: opening one per request cost more
# than serving a cached page (docs/benchmarks.md). Checked before use (CONN_HEALTH_CHECKS).
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)  # noqa: F405
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
# Absolute links allauth makes (the NHSmail redirect URI among them) are always https.
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https"
# Uploads are refused, not stored unscanned, when clamd cannot be asked (fail closed).
UPLOAD_SCAN_REQUIRED = env.bool("UPLOAD_SCAN_REQUIRED", default=True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
