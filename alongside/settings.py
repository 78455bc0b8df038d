"""Alongside settings: environment variables only (12-factor).

Embedded defaults (SQLite, in-memory channel layer, in-process tasks, console e-mail) need no
services. Production mode (`alongside serve`) refuses unsafe settings: see `alongside.checks`.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit

import environ
from csp.constants import NONE, SELF

from alongside import crypto
from alongside.core import logs

env = environ.Env()

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(env.str("ALONGSIDE_DATA_DIR", default=str(Path.cwd() / ".alongside"))).resolve()

# Used when SECRET_KEY is unset, for tests and local development only; `serve` refuses it.
DEFAULT_SECRET_KEY = "alongside-insecure-development-key-do-not-use-in-production"
SECRET_KEY = env.str("SECRET_KEY", default=DEFAULT_SECRET_KEY)
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# Field encryption keys: comma-separated Fernet keys, newest first (rotation: see crypto.py).
ENCRYPTION_KEYS: list[str] = env.list("ALONGSIDE_ENCRYPTION_KEY", default=[])
if not ENCRYPTION_KEYS:
    ENCRYPTION_KEYS = [crypto.development_key(SECRET_KEY)]
    ENCRYPTION_KEY_IS_DEFAULT = True
else:
    ENCRYPTION_KEY_IS_DEFAULT = False

# `alongside demo` sets this; demo data and relaxed staff-MFA live only there.
DEMO_MODE = env.bool("ALONGSIDE_DEMO", default=False)
# Staff (facilitators, moderators, admins) must enrol TOTP before using staff pages.
STAFF_MFA_REQUIRED = env.bool("ALONGSIDE_STAFF_MFA_REQUIRED", default=not DEMO_MODE)

INSTALLED_APPS = [
    "alongside.admin_site.AlongsideAdminConfig",  # django.contrib.admin, two-factor for staff
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "channels",
    "django_htmx",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_tasks",
    "django_rq",
    "django_tasks_rq",
    "alongside.core",
    "alongside.accounts",
    "alongside.groups",
    "alongside.notifications",
    "alongside.meetings",
    "alongside.rooms",
    "alongside.safety",
    "alongside.outcomes",
    "alongside.journal",
    "alongside.resources",
    "alongside.outreach",
    "alongside.media",
    "alongside.api",
]

MIDDLEWARE = [
    # First: every log line of the request carries its id (X-Request-ID in and out).
    "alongside.core.logs.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Bad text (NUL, unpaired surrogates, deep JSON) is refused before any view; storage trouble
    # (database locked, read-only, no free connection) is answered 503 "try again".
    "alongside.core.middleware.TextHygieneMiddleware",
    "alongside.core.middleware.StorageTroubleMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "alongside.accounts.middleware.UserLanguageMiddleware",
    "alongside.accounts.middleware.StaffMFAMiddleware",
]

ROOT_URLCONF = "alongside.urls"
ASGI_APPLICATION = "alongside.asgi.application"

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
                "django.template.context_processors.i18n",
                "alongside.context_processors.site",
            ],
        },
    },
]

# Database: SQLite in the data dir unless DATABASE_URL says otherwise.
DATABASE_URL = env.str("DATABASE_URL", default="") or f"sqlite:///{DATA_DIR / 'alongside.sqlite3'}"
DATABASES = {"default": environ.Env.db_url_config(DATABASE_URL)}
# How long a request waits for SQLite's write lock before it is answered "busy, try again" (503).
SQLITE_BUSY_TIMEOUT = env.float("ALONGSIDE_SQLITE_BUSY_TIMEOUT", default=5.0)
# PostgreSQL connections per server process (a psycopg pool; 0: no pool, each request's
# connection is closed when it ends) and how long a request waits for a free one (then 503).
DB_POOL_MAX = env.int("ALONGSIDE_DB_POOL_MAX", default=10)
DB_POOL_TIMEOUT = env.float("ALONGSIDE_DB_POOL_TIMEOUT", default=10.0)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers proceed while a writer commits; IMMEDIATE avoids lock upgrades failing.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": SQLITE_BUSY_TIMEOUT,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
            f"PRAGMA busy_timeout={int(SQLITE_BUSY_TIMEOUT * 1000)};"
        ),
    }
    # Tests use a file, not shared-cache memory, so a live server thread sees the same data.
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / f"test-{os.getpid()}.sqlite3")}
else:
    # Persistent per-thread connections pile up under ASGI (each request may run on a new thread),
    # so connections are borrowed from a bounded pool and given back when the request ends.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    if DB_POOL_MAX > 0:
        DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
            "min_size": min(2, DB_POOL_MAX),
            "max_size": DB_POOL_MAX,
            "timeout": DB_POOL_TIMEOUT,
        }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": [REDIS_URL], "capacity": 5000, "expiry": 60},
        }
    }
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    CHANNEL_LAYERS = {
        "default": {"BACKEND": "channels.layers.InMemoryChannelLayer", "CONFIG": {"capacity": 5000}}
    }
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Background tasks (Django's tasks interface via django-tasks): in-process in the embedded mode,
# an RQ queue on Redis with separate `alongside worker` processes when ALONGSIDE_TASK_QUEUE=redis
# (the default when REDIS_URL is set).
TASK_QUEUE = env.str("ALONGSIDE_TASK_QUEUE", default="redis" if REDIS_URL else "in-process")
# django-rq's admin dashboard runs inline scripts our Content Security Policy blocks: the admin
# has its own "Background work" page instead (alongside.admin_site).
RQ_SHOW_ADMIN_LINK = False
RQ_QUEUES = {
    "default": {
        "URL": env.str("ALONGSIDE_TASK_REDIS_URL", default=REDIS_URL or "redis://127.0.0.1:6379/0"),
        "DEFAULT_TIMEOUT": 300,
    }
}
# An `alongside worker` heartbeats every WORKER_TTL - 15 seconds while idle; /healthz fails when
# the newest heartbeat is older than WORKER_HEARTBEAT_MAX_AGE.
WORKER_TTL = env.int("ALONGSIDE_WORKER_TTL", default=60)
WORKER_HEARTBEAT_MAX_AGE = env.float("ALONGSIDE_WORKER_HEARTBEAT_MAX_AGE", default=WORKER_TTL * 2)
if TASK_QUEUE == "redis":
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
else:
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# Safety second look (alongside/safety/second_look.py): a sentence-embedding classifier reads
# messages the inline screen passed, seconds after posting. "background": on an RQ worker when
# TASK_QUEUE is redis, else on one in-process background thread; "now": in the posting request
# (tests); "off".
SECOND_LOOK = env.str("ALONGSIDE_SECOND_LOOK", default="background")
# Periodic jobs (alongside.core.periodic) each run at their own interval; set this (seconds) to
# run them all that often instead, to try things out.
PERIODIC_EVERY = env.float("ALONGSIDE_PERIODIC_EVERY", default=0.0) or None
# Absolute links in e-mails (reminders, notices), e.g. https://groups.example.org
ALONGSIDE_SITE_URL = env.str("ALONGSIDE_SITE_URL", default="")
# The organisation that runs this Alongside (a charity, a clinic, a university): every e-mail
# names it (subject, greeting, signature, sender), never the host name.
ALONGSIDE_ORGANISATION_NAME = env.str("ALONGSIDE_ORGANISATION_NAME", default="Alongside")
# Live rooms: messages per person per room ("count/seconds"); hours before an unanswered
# first post is surfaced to facilitators.
ROOM_RATE_LIMIT = env.str("ALONGSIDE_ROOM_RATE_LIMIT", default="10/10")
FIRST_POST_REPLY_HOURS = env.float("ALONGSIDE_FIRST_POST_REPLY_HOURS", default=2.0)
# Authors may edit their own room messages and thread posts for this many minutes after posting
# (0: never); removing is allowed at any time.
EDIT_MINUTES = env.int("ALONGSIDE_EDIT_MINUTES", default=15)

# Voice and video in meetings (alongside/media; README, "Voice and video"): the Janus WebRTC
# Server. Empty JANUS_URL: meetings have no call, and the meeting page says how to set it up.
JANUS_URL = env.str(
    "ALONGSIDE_JANUS_URL", default=""
)  # what this server calls, e.g. http://127.0.0.1:8088/janus
JANUS_PUBLIC_URL = (
    env.str("ALONGSIDE_JANUS_PUBLIC_URL", default="") or JANUS_URL
)  # what browsers call
JANUS_ADMIN_KEY = env.str(
    "ALONGSIDE_JANUS_ADMIN_KEY", default=""
)  # the VideoRoom plugin's admin_key
JANUS_API_SECRET = env.str("ALONGSIDE_JANUS_API_SECRET", default="")  # Janus's api_secret, if set
# TURN (coturn) for members behind strict NATs: its URLs and its static-auth-secret, from which
# each call gets credentials valid for a few hours (coturn's "TURN REST API").
TURN_URLS = env.list("ALONGSIDE_TURN_URLS", default=[])
TURN_SECRET = env.str("ALONGSIDE_TURN_SECRET", default="")
TURN_RELAY_ONLY = env.bool(
    "ALONGSIDE_TURN_RELAY_ONLY", default=False
)  # browsers send media only through TURN

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# django-allauth: e-mail login, mandatory verification, throttled logins, TOTP.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "alongside.accounts.forms.SignupExtraForm"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_RATE_LIMITS = {
    "login_failed": "5/5m/ip,5/5m/key",
    "signup": "20/h/ip",
    "reset_password": "5/h/ip,3/h/key",
    "confirm_email": "1/3m/key",
}
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{ALONGSIDE_ORGANISATION_NAME}] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = env.str("ALONGSIDE_HTTP_PROTOCOL", default="https")
ACCOUNT_ADAPTER = "alongside.accounts.adapter.AccountAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = ALONGSIDE_ORGANISATION_NAME

# E-mail: console by default (the demo writes to a folder), SMTP with EMAIL_URL=smtp://...
if "EMAIL_URL" in os.environ:
    vars().update(env.email_url("EMAIL_URL"))
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL", default=f'"{ALONGSIDE_ORGANISATION_NAME}" <no-reply@alongside.invalid>'
)
if env.str("ALONGSIDE_EMAIL_DIR", default=""):
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = env.str("ALONGSIDE_EMAIL_DIR")

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("es", "Español")]
# Alongside's own strings, then its Spanish for third-party screens (allauth, Django's password
# rules) in the register the rest of the interface uses: both before any app's own catalogue.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_overrides"]
# One clock per language (alongside/formats): 24-hour in English too, as the rest of the pages write it.
FORMAT_MODULE_PATH = ["alongside.formats"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise warns when it is missing
STATICFILES_DIRS = [BASE_DIR / "static"]
# Serve straight from the app folders so neither the demo nor tests need collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# Content Security Policy: only our own scripts and styles, no inline code, no third parties.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
if JANUS_PUBLIC_URL:  # meeting calls' pages talk to the media server
    _janus = urlsplit(JANUS_PUBLIC_URL)
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["connect-src"].append(
        f"{_janus.scheme}://{_janus.netloc}"
    )

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Behind an HTTPS proxy (production): secure cookies and HSTS.
if env.bool("ALONGSIDE_HTTPS", default=False):
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = 31536000

# Logs: one JSON object a line (ALONGSIDE_LOG_FORMAT=text for people reading a terminal), each
# with the request id (alongside/core/logs.py); ALONGSIDE_ACCESS_LOG=0 drops the line per request.
LOG_FORMAT = env.str("ALONGSIDE_LOG_FORMAT", default="json")
LOGGING = logs.logging_config(
    LOG_FORMAT,
    env.str("LOG_LEVEL", default="WARNING").upper(),
    env.bool("ALONGSIDE_ACCESS_LOG", default=True),
)

# Prometheus metrics at /metrics for scrapers presenting this bearer token; off (404) when unset.
METRICS_TOKEN = env.str("ALONGSIDE_METRICS_TOKEN", default="")
# Error reporting and tracing (alongside/core/telemetry.py): off unless set, never with member text.
SENTRY_DSN = env.str("SENTRY_DSN", default="")
OTEL_ENABLED = bool(env.str("OTEL_EXPORTER_OTLP_ENDPOINT", default=""))
