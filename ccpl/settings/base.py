"""Settings shared by every environment. Configuration comes only from ``env``."""

from pathlib import Path

from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

from .environment import BASE_DIR, env

VAR_DIR = Path(env("CCPL_VAR_DIR", default=str(BASE_DIR / "var")))

SECRET_KEY = env("SECRET_KEY", default=None)
# The key of the pseudonymised link between equality answers and the person or application
# they describe (docs/adr/0002): kept outside the database, so that a dump or backup holds
# the answers without saying whose they are. Never rotate it without re-keying the links.
EQUALITY_LINK_KEY = env("EQUALITY_LINK_KEY", default=None)
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

SERVICE_NAME = "CCPL Manager"
# The service's own address, for links in emails sent without a request (Celery beat).
CCPL_SITE_URL = env("CCPL_SITE_URL", default="")
# The benchmark (make bench, docs/benchmarks.md) only: serves the bare view /bench/bare/.
BENCH = env.bool("CCPL_BENCH", default=False)
# Demo data (known passwords) may only be loaded where a settings module allows it.
DEMO_DATA_ALLOWED = False

INSTALLED_APPS = [
    "whitenoise.runserver_nostatic",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "crispy_forms",
    "django_tables2",
    "django_filters",
    "rules.apps.AutodiscoverRulesConfig",
    "simple_history",
    "ccpl",
    "forums",
    "roles",
    "actions",
    "surveys",
    "recruitment",
    "development",
    "communications",
    "assurance",
    "reports",
    "dashboard",
    "demo",
]

MIDDLEWARE = [
    "ccpl.middleware.RequestSizeLimitMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "ccpl.middleware.SessionLimitsMiddleware",
    "ccpl.middleware.MfaRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "ccpl.urls"
WSGI_APPLICATION = "ccpl.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "ccpl.context_processors.service",
            ],
            # The NHS.UK helpers (|nhs_time, |count, {% page_title %} …) in every template.
            "builtins": ["ccpl.templatetags.nhsuk"],
        },
    },
]

_default_sqlite = f"sqlite:///{VAR_DIR / 'db.sqlite3'}"
DATABASES = {"default": env.db("DATABASE_URL", default=_default_sqlite)}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
# A connection kept across requests is checked before use, so a database restart costs
# one reconnect rather than an error page.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web app read while the Celery worker writes; IMMEDIATE avoids
    # "database is locked" upgrades from read to write inside a transaction.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    # A Redis outage is a cache miss, never a server error (ccpl.cache); give up fast.
    CACHES["default"]["BACKEND"] = "ccpl.cache.FailOpenRedisCache"
    CACHES["default"].setdefault("OPTIONS", {}).update(
        {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}
    )

# Public pages for anonymous visitors from the cache (ccpl.pagecache, docs/adr/0009). Off only
# to measure pages without it (make bench) and in tests of their query counts.
PUBLIC_PAGE_CACHE = env.bool("PUBLIC_PAGE_CACHE", default=True)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "ccpl.passwords.NotFromNameValidator"},
]
# Sessions: signed out after 30 minutes idle (staff, executives, administrator) or
# 2 hours (everyone else), and 12 hours after sign-in whatever happens (ccpl.middleware).
SESSION_IDLE_TIMEOUT_STAFF = 30 * 60
SESSION_IDLE_TIMEOUT = 2 * 60 * 60
SESSION_ABSOLUTE_LIMIT = 12 * 60 * 60
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_LIMIT
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"

# django-allauth: local accounts, and NHSmail (Microsoft Entra ID) single sign-on below.
ACCOUNT_ADAPTER = "ccpl.adapters.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGOUT_REDIRECT_URL = "home"
# Subjects as written (no "[site name]" before them).
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_FORMS = {
    "login": "ccpl.forms.NhsLoginForm",
    "change_password": "ccpl.forms.NhsChangePasswordForm",
    "set_password": "ccpl.forms.NhsSetPasswordForm",
    "reset_password": "ccpl.forms.NhsResetPasswordForm",
    "reset_password_from_key": "ccpl.forms.NhsResetPasswordKeyForm",
}
# Failed sign-ins are throttled per client address and per account name, in the shared
# cache. Behind the reverse proxy the client address is the one the proxy adds to
# X-Forwarded-For: TRUSTED_PROXY_COUNT says how many proxies to trust (0: none, use the
# connection's own address). If the cache is down the limits fail open (ccpl.cache).
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "5/5m/ip,5/15m/key",
    "reset_password": "20/m/ip,5/m/key",
}
# MFA (allauth.mfa; docs/security.md): required of the CCPL team, executives and the system
# administrator when they sign in with a local password (ccpl.middleware.MfaRequiredMiddleware).
# An authenticator app (TOTP) or a security key (WebAuthn, as a second factor only: no
# passkey sign-in), with one-time recovery codes shown once. The WebAuthn relying party
# is the host the page was served from (allauth's default). A wrong code counts towards
# ACCOUNT_RATE_LIMITS["login_failed"], per client address and per account.
MFA_ADAPTER = "ccpl.adapters.MFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "webauthn", "recovery_codes"]
MFA_PASSKEY_LOGIN_ENABLED = False
MFA_PASSKEY_SIGNUP_ENABLED = False
# allauth refuses MFA set-up while an account has an unverified e-mail address (against
# someone signing up with another's address and locking them out). Nobody signs up here
# (accounts come from the CCPL team's invitations), and a refusal would trap staff, who
# can open nothing but the set-up page, on an address allauth listed unverified.
MFA_ALLOW_UNVERIFIED_EMAIL = True
MFA_RECOVERY_CODES_SHOW_ONCE = True
MFA_TOTP_ISSUER = SERVICE_NAME
MFA_TOTP_TOLERANCE = 1
MFA_FORMS = {
    "authenticate": "ccpl.forms.NhsMfaAuthenticateForm",
    "reauthenticate": "ccpl.forms.NhsMfaReauthenticateForm",
    "activate_totp": "ccpl.forms.NhsActivateTotpForm",
    "add_webauthn": "ccpl.forms.NhsAddWebAuthnForm",
}

# Single sign-on with NHSmail: Microsoft Entra ID through allauth's openid_connect provider
# (docs/security.md, "Single sign-on"). Off while SSO_ENTRA_CLIENT_ID is unset. One tenant;
# accounts are matched on its tid + oid claims, never on e-mail, and are only ever linked
# through the person's own invitation (ccpl.adapters.SocialAccountAdapter).
SSO_ENTRA_TENANT_ID = env("SSO_ENTRA_TENANT_ID", default="")
SSO_ENTRA_CLIENT_ID = env("SSO_ENTRA_CLIENT_ID", default="")
SSO_ENTRA_CLIENT_SECRET = env("SSO_ENTRA_CLIENT_SECRET", default="")
# The tenant's own v2.0 issuer; overridable only so the tests can use their own provider.
SSO_OIDC_ISSUER = (
    env("SSO_OIDC_ISSUER", default="")
    or f"https://login.microsoftonline.com/{SSO_ENTRA_TENANT_ID}/v2.0"
).rstrip("/")
if SSO_ENTRA_CLIENT_ID and not (SSO_ENTRA_TENANT_ID and SSO_ENTRA_CLIENT_SECRET):
    raise ImproperlyConfigured(
        "Single sign-on needs SSO_ENTRA_TENANT_ID and SSO_ENTRA_CLIENT_SECRET as well as "
        "SSO_ENTRA_CLIENT_ID (docs/security.md, 'Single sign-on')."
    )
SSO_PROVIDER_ID = "entra"
SOCIALACCOUNT_ADAPTER = "ccpl.adapters.SocialAccountAdapter"
SOCIALACCOUNT_AUTO_SIGNUP = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = False
SOCIALACCOUNT_EMAIL_VERIFICATION = "none"
SOCIALACCOUNT_QUERY_EMAIL = False
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_PROVIDERS = {
    "openid_connect": {
        "OAUTH_PKCE_ENABLED": True,
        "SCOPE": ["openid", "profile", "email"],
        "APPS": (
            [
                {
                    "provider_id": SSO_PROVIDER_ID,
                    "name": "NHSmail",
                    "client_id": SSO_ENTRA_CLIENT_ID,
                    "secret": SSO_ENTRA_CLIENT_SECRET,
                    "settings": {
                        "server_url": SSO_OIDC_ISSUER,
                        # Only the signed ID token is read (Entra's userinfo lacks tid/oid).
                        "fetch_userinfo": False,
                    },
                }
            ]
            if SSO_ENTRA_CLIENT_ID
            else []
        ),
    }
}

# Bulletin e-mails made per transaction by the worker (communications.services).
COMMUNICATIONS_DELIVERY_BATCH = env.int("COMMUNICATIONS_DELIVERY_BATCH", default=200)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="ccpl-manager@localhost")
# Every recorded e-mail carries a Message-ID at this domain; the mail relay reports bounces
# by it to /email/bounces/, signed with MAIL_RELAY_WEBHOOK_SECRET (HMAC-SHA256 of the body;
# unset: the address answers 404). docs/adr/0007-outbox-and-email.md.
EMAIL_MESSAGE_ID_DOMAIN = env(
    "EMAIL_MESSAGE_ID_DOMAIN", default=DEFAULT_FROM_EMAIL.rpartition("@")[2] or "localhost"
)
MAIL_RELAY_WEBHOOK_SECRET = env("MAIL_RELAY_WEBHOOK_SECRET", default="")
vars().update(env.email("EMAIL_URL", default="consolemail://"))
# A mail relay that hangs must not hold a worker: give up (and retry later) after this long.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=20)

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
# Dates in the NHS.UK style ("22 December 2026"): with USE_I18N the locale's formats win
# over DATE_FORMAT settings, so they live in a format module (see ccpl/formatting.py).
FORMAT_MODULE_PATH = ["ccpl.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploaded files (papers, CVs, generated reports) are private: never under
# STATIC or a public MEDIA URL; they are served only by permission-checked views.
PRIVATE_MEDIA_ROOT = Path(env("PRIVATE_MEDIA_ROOT", default=str(VAR_DIR / "private")))
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(PRIVATE_MEDIA_ROOT), "base_url": "/files/"},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Uploads (docs/security-uploads.md). A request announcing a body over this is refused
# (413) before its body is read; each form then has its own, smaller limit.
UPLOAD_MAX_REQUEST_BYTES = env.int("UPLOAD_MAX_REQUEST_BYTES", default=25 * 1024 * 1024)
# Form fields other than files, and the size above which an upload goes to a temp file.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# Office files (zip containers) refused when they would expand beyond these when opened.
UPLOAD_MAX_UNCOMPRESSED_BYTES = env.int("UPLOAD_MAX_UNCOMPRESSED_BYTES", default=100 * 1024 * 1024)
UPLOAD_MAX_COMPRESSION_RATIO = env.int("UPLOAD_MAX_COMPRESSION_RATIO", default=100)
# ClamAV's clamd: tcp://host:port or unix:///path/to/clamd.ctl. Empty: uploads are not
# scanned (the embedded default says so on each upload page). UPLOAD_SCAN_REQUIRED refuses
# every upload when clamd cannot be asked (production sets it).
CLAMD_URL = env("CLAMD_URL", default="")
CLAMD_TIMEOUT = env.float("CLAMD_TIMEOUT", default=30.0)
UPLOAD_SCAN_REQUIRED = env.bool("UPLOAD_SCAN_REQUIRED", default=False)

CRISPY_ALLOWED_TEMPLATE_PACKS = ("nhsuk",)
CRISPY_TEMPLATE_PACK = "nhsuk"
DJANGO_TABLES2_TEMPLATE = "tables/nhsuk_table.html"
DJANGO_TABLES2_PAGE_RANGE = 5

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Content-Security-Policy (django-csp; docs/security.md): our own scripts, styles,
# images and fonts only; no inline script, no inline style, no per-response nonce (pages
# may be cached). The one inline <style> allowed is the governance map's, by the hash of
# its fixed text (forums.presenters.SVG_STYLE; tests/test_security_headers.py checks it).
GOVERNANCE_MAP_STYLE_HASH = "'sha256-4OIURtWvwkgtAFKal1un51qyBOGSRBsZKI8W35vyvJg='"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", GOVERNANCE_MAP_STYLE_HASH],
        "img-src": ["'self'"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# Signing in with NHSmail posts a form whose answer redirects to the identity provider.
if SSO_ENTRA_CLIENT_ID:
    from urllib.parse import urlsplit

    _issuer = urlsplit(SSO_OIDC_ISSUER)
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["form-action"].append(
        f"{_issuer.scheme}://{_issuer.netloc}"
    )
# Permissions-Policy (django-permissions-policy): every powerful feature off.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "picture-in-picture",
        "screen-wake-lock",
        "serial",
        "usb",
        "web-share",
        "xr-spatial-tracking",
    )
}
# Security keys (WebAuthn, for MFA) may be asked for by this site only.
PERMISSIONS_POLICY["publickey-credentials-get"] = ["self"]
PERMISSIONS_POLICY["publickey-credentials-create"] = ["self"]

# Celery: JSON only, bounded run time, one broker URL for every environment.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="filesystem://")
if CELERY_BROKER_URL.startswith("filesystem://"):
    _broker_dir = VAR_DIR / "celery"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "queue"),
        "data_folder_out": str(_broker_dir / "queue"),
        "control_folder": str(_broker_dir / "control"),
        "store_processed": False,
    }
    for _folder in ("queue", "control"):
        (_broker_dir / _folder).mkdir(parents=True, exist_ok=True)
CELERY_RESULT_BACKEND = None
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_SOFT_TIME_LIMIT = 300
CELERY_TASK_TIME_LIMIT = 360
# The report task's own time limits in seconds (reports.tasks.render_report): past the soft
# one the job fails with a reason; past the hard one the worker is killed, and the sweeper
# (reports.services.report_jobs_sweep) then treats a job still "running" as lost.
REPORT_SOFT_TIME_LIMIT = env.int("REPORT_SOFT_TIME_LIMIT", default=300)
REPORT_TIME_LIMIT = env.int("REPORT_TIME_LIMIT", default=360)
# A worker making a report touches the job every REPORT_HEARTBEAT_SECONDS; a running job with
# no sign of life for REPORT_STALL_SECONDS has stalled (its worker died), and the sweeper, run
# every REPORT_SWEEP_SECONDS, sends it again. The progress page says so, and by when.
REPORT_HEARTBEAT_SECONDS = env.float("REPORT_HEARTBEAT_SECONDS", default=10)
REPORT_STALL_SECONDS = env.int("REPORT_STALL_SECONDS", default=60)
REPORT_SWEEP_SECONDS = env.int("REPORT_SWEEP_SECONDS", default=60)
# Test-only: a pause in the middle of making a report (ccpl.settings.test reads it), so a test
# can kill the worker mid-job. Always 0 outside tests.
REPORT_SLOW_STEP_SECONDS = 0
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
# The annual report is requested on this day each year (month-day, e.g. 05-31).
ANNUAL_REPORT_ON = env("ANNUAL_REPORT_ON", default="05-31")
_report_month, _report_day = (int(part) for part in ANNUAL_REPORT_ON.split("-"))
# Figures about people (the diversity analysis) change only on these dates each year
# (month-day), and only when at least PEOPLE_PUBLICATION_MIN_CHANGES people joined, left or
# changed their answers since the previous publication: see docs/adr/0004.
PEOPLE_PUBLICATION_DATES = tuple(
    env.list("PEOPLE_PUBLICATION_DATES", default=["03-31", "06-30", "09-30", "12-31"])
)
PEOPLE_PUBLICATION_MIN_CHANGES = 5
CELERY_BEAT_SCHEDULE = {
    # The outbox (docs/adr/0007): work saved while the broker was away is sent within a minute.
    "relay-outbox": {"task": "ccpl.relay_outbox", "schedule": 60.0},
    # E-mails a dead worker left "sending" become "unknown"; those the relay never took are
    # sent again when due (ccpl.services.emails_sweep).
    "sweep-emails": {"task": "ccpl.sweep_emails", "schedule": 60.0},
    # Bulletins scheduled for a time that has come; weekly digests on Friday mornings.
    "send-due-bulletins": {"task": "communications.send_due_bulletins", "schedule": 60.0},
    "send-weekly-digests": {
        "task": "communications.send_digests",
        "schedule": crontab(minute=0, hour=8, day_of_week="fri"),
    },
    # Adverts saved with a later opening date are announced on the day they open.
    "announce-opening-adverts": {
        "task": "recruitment.tasks.announce_opening_adverts",
        "schedule": crontab(minute=0, hour=7),
    },
    "publish-people-figures-daily": {
        "task": "ccpl.publish_people_figures",
        "schedule": crontab(minute=30, hour=2),
    },
    # Equality answers (docs/adr/0002): re-written in random order every night any changed.
    "mix-equality-answers-nightly": {
        "task": "ccpl.mix_equality_answers",
        "schedule": crontab(minute=15, hour=1),
    },
    # Cached public pages (docs/adr/0009): only the newest data-change row is needed.
    "prune-data-changes-nightly": {
        "task": "ccpl.prune_data_changes",
        "schedule": crontab(minute=45, hour=3),
    },
    "take-snapshots-yearly": {
        "task": "ccpl.take_snapshots",
        "schedule": crontab(minute=0, hour=2, day_of_month=1, month_of_year=4),
    },
    "request-annual-report": {
        "task": "ccpl.reports.request_annual_report",
        "schedule": crontab(
            minute=0, hour=3, day_of_month=_report_day, month_of_year=_report_month
        ),
    },
    "sweep-report-jobs": {
        "task": "ccpl.reports.sweep_report_jobs",
        "schedule": float(REPORT_SWEEP_SECONDS),
    },
    "send-reminders-weekly": {
        "task": "ccpl.reports.send_reminders",
        "schedule": crontab(minute=0, hour=7, day_of_week="mon"),
    },
    # Survey anonymity (docs/adr/0003): mix responses once 10 have arrived (or on closing);
    # delete abandoned respondent journeys.
    "mix-survey-responses": {"task": "surveys.tasks.mix_due_surveys", "schedule": 900.0},
    "expire-survey-journeys": {
        "task": "surveys.tasks.expire_journeys",
        "schedule": crontab(minute=30, hour=1),
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
}
