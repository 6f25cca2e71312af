"""Settings shared by every profile.

Everything that differs between machines comes from environment variables
(see `.env.example`); the profile modules (local, test, production) only
change defaults that are safe for their purpose.
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent.parent.parent
PACKAGE_DIR = BASE_DIR / "followon"


def env(name: str, default: str | None = None) -> str | None:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value not in (None, "") else default


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = env("DJANGO_SECRET_KEY", "insecure-development-key-change-me")
DEBUG = env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

SERVICE_NAME = "FollowOn"

INSTALLED_APPS = [
    # The Django admin, for platform operators only and only after MFA (accounts/admin_site.py).
    "followon.accounts.admin_config.PlatformAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "followon.core",
    "followon.organisations",
    "followon.identity",
    "followon.accounts",
    "followon.notifications",
    "followon.safety",
    "followon.programmes",
    "followon.peergroups",
    "followon.meetings",
    "followon.outcomes",
    "followon.insights",
    "followon.selfcare",
    "followon.network",
    "followon.conversations",
    "followon.home",
    # At the top: reads every app above, nothing imports it (retention, the DPIA inventory).
    "followon.assurance",
]

MIDDLEWARE = [
    "followon.core.middleware.RequestIdMiddleware",
    # NUL, lone surrogates and non-characters removed from GET and POST data (core/input_boundary.py).
    "followon.core.input_boundary.InputBoundaryMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The page's language comes from its address: /cy/..., /ur/..., /pl/...; no prefix is English
    # (followon/config/urls.py, docs/adr/0027-languages.md).
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # Django's, with the user read in the same query as the session (accounts/sessions.py, ADR 0030).
    "followon.accounts.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "followon.peergroups.middleware.RemovedMemberMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "followon.accounts.middleware.SessionPolicyMiddleware",
    "followon.accounts.national.middleware.NationalSignOutCSPMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "followon.core.middleware.NoStoreForAuthenticatedMiddleware",
]
# Benchmark hooks (bench/README.md, followon/core/benchhooks.py): off unless `make bench` turns them on.
BENCH_FLOOR_ENABLED = env_bool("BENCH_FLOOR_ENABLED", False)
if env_bool("BENCH_COUNT_QUERIES", False):
    MIDDLEWARE.insert(0, "followon.core.benchhooks.QueryCountMiddleware")

ROOT_URLCONF = "followon.config.urls"
WSGI_APPLICATION = "followon.config.wsgi.application"

TEMPLATES = [
    {
        # Our pages: Jinja2 with the NHS.UK frontend macros.
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "environment": "followon.config.jinja2.environment",
            # csrf_input / csrf_token made once per request, not once per form (core/csrf_once.py); the
            # page's language and address settings read once per render for url() and _() (core/template_memo.py).
            "context_processors": [
                "followon.core.csrf_once.csrf_context",
                "followon.core.template_memo.url_settings_context",
            ],
        },
    },
    {
        # Only the Django admin (platform operators) uses Django templates.
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
# A read replica for research and insights reads (docs/deploy.md, "Growing past one machine"): only code
# inside followon.core.db_routers.replica_reads() reads from it; every write goes to default.
if env("DATABASE_REPLICA_URL", ""):
    DATABASES["replica"] = {
        **dj_database_url.parse(
            env("DATABASE_REPLICA_URL"),
            conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
            conn_health_checks=True,
        ),
        "TEST": {"MIRROR": "default"},
    }
# Django's own psycopg connection pool, one per process (DATABASE_POOL=true; docs/deploy.md "Growing past
# one machine"). A pooled connection goes back to the pool after each request, so it replaces persistent
# connections (Django refuses both at once): CONN_MAX_AGE is 0 for every pooled database. PostgreSQL only.
DATABASE_POOL = env_bool("DATABASE_POOL", False)
if DATABASE_POOL:
    for _database in DATABASES.values():
        if _database["ENGINE"] == "django.db.backends.postgresql":
            _database["CONN_MAX_AGE"] = 0
            _database.setdefault("OPTIONS", {})["pool"] = {
                "min_size": env_int("DATABASE_POOL_MIN_SIZE", 1),
                "max_size": env_int("DATABASE_POOL_MAX_SIZE", 4),
                "timeout": env_int("DATABASE_POOL_TIMEOUT", 10),
            }
# Reads whose SQL is built once per process (core/prepared.py) become prepared statements of their
# connection after `prepare_threshold` runs: PostgreSQL parses and plans them once per connection, not on
# every request (ADR 0035). Only those reads: every other query is sent as before (psycopg's client-side
# binding, which never prepares). Behind a transaction-pooling PgBouncer older than 1.21, or without its
# max_prepared_statements, set DATABASE_PREPARED_STATEMENTS=false (docs/deploy.md).
if env_bool("DATABASE_PREPARED_STATEMENTS", True):
    for _database in DATABASES.values():
        if _database["ENGINE"] == "django.db.backends.postgresql":
            _database.setdefault("OPTIONS", {})["prepare_threshold"] = env_int("DATABASE_PREPARE_THRESHOLD", 5)
DATABASE_ROUTERS = ["followon.core.db_routers.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_URL = "accounts:staff-sign-in"
LOGIN_REDIRECT_URL = "home:index"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Sign-in with django-allauth (docs/adr/ "sign-in with allauth"; followon/accounts/).
# Members: a one-time 6-digit code by SMS or email, no password. Staff: email,
# password and a mandatory authenticator app (TOTP) with recovery codes.
# Nobody signs up: members arrive by invitation, staff are added by a service admin.
ACCOUNT_ADAPTER = "followon.accounts.adapter.AccountAdapter"
MFA_ADAPTER = "followon.accounts.adapter.MFAAdapter"
ACCOUNT_LOGIN_METHODS = {"email", "phone"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_LOGIN_BY_CODE_TIMEOUT = 10 * 60
ACCOUNT_LOGIN_BY_CODE_MAX_ATTEMPTS = 3
ACCOUNT_LOGIN_BY_CODE_FORMAT = {"numeric": True, "length": 6, "dashed": False}
ACCOUNT_PHONE_VERIFICATION_CODE_FORMAT = {"numeric": True, "length": 6, "dashed": False}
ACCOUNT_REAUTHENTICATION_METHODS = ("password", "mfa")
ACCOUNT_REAUTHENTICATION_TIMEOUT = 5 * 60
ACCOUNT_RATE_LIMITS = {
    # Asking for a sign-in code: per IP, and per number or address (the lock-out
    # that stops a 6-digit code being guessed: at most 3 tries per code).
    "request_login_code": "30/h/ip,5/15m/key,10/d/key",
    # Wrong staff passwords and wrong authenticator codes.
    "login_failed": "20/m/ip,5/15m/key",
    "login": "60/m/ip",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "FollowOn"
MFA_TOTP_TOLERANCE = 1
MFA_ALLOW_UNVERIFIED_EMAIL = True
MFA_RECOVERY_CODE_COUNT = 10
# TOTP secrets are encrypted at rest with a key derived from this (keep it stable:
# changing it makes every authenticator app stop working).
MFA_ENCRYPTION_KEY = env("MFA_ENCRYPTION_KEY") or SECRET_KEY
# Rate limits and used TOTP codes live in the cache: it must be shared by every
# app process, so it is a database table (created by an accounts migration).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "followon_cache",
    }
}
# Sessions: members' last 30 days at most ("Remember this device"); staff
# sessions end after 30 minutes idle and 12 hours in all (accounts middleware).
# Database sessions with the signed-in user's id beside them: one query reads both (ADR 0030).
SESSION_ENGINE = "followon.accounts.sessions"
SESSION_COOKIE_AGE = 30 * 24 * 60 * 60
STAFF_SESSION_IDLE_SECONDS = 30 * 60
STAFF_SESSION_MAX_SECONDS = 12 * 60 * 60
MEMBER_SESSION_MAX_SECONDS = SESSION_COOKIE_AGE
# Links in invitations and messages are built from this address.
FOLLOWON_BASE_URL = env("FOLLOWON_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
# Links sent while serving a request use that request's scheme and host (checked against ALLOWED_HOSTS)
# instead, so the demo started on any port sends working links. Production keeps its one public address.
FOLLOWON_LINKS_FROM_REQUEST = env_bool("FOLLOWON_LINKS_FROM_REQUEST", False)
# A legal hold: while true the daily retention job deletes nothing (followon/assurance/retention.py).
RETENTION_HOLD = env_bool("RETENTION_HOLD", False)
# The figures the accessibility statement quotes (`make accessibility-statement` writes them).
ACCESSIBILITY_RESULTS = PACKAGE_DIR / "core" / "data" / "accessibility-results.json"

# National sign-in: NHS login for members, NHS CIS2 for staff (followon/identity/, accounts/national/,
# docs/adr/0022). Which routes each pain service offers is set by platform operators (ServiceSignInSettings).
# The client key signs private_key_jwt assertions; its public half is served at /.well-known/jwks.json.
NATIONAL_IDENTITY_SIGNING_KEY = env("NATIONAL_IDENTITY_SIGNING_KEY", "")
NATIONAL_IDENTITY_SIGNING_KEY_FILE = env("NATIONAL_IDENTITY_SIGNING_KEY_FILE", "")
# During a key roll-over: one more public key to publish (the next key, or the one just retired).
NATIONAL_IDENTITY_EXTRA_PUBLIC_KEY = env("NATIONAL_IDENTITY_EXTRA_PUBLIC_KEY", "")
NATIONAL_IDENTITY_EXTRA_PUBLIC_KEY_FILE = env("NATIONAL_IDENTITY_EXTRA_PUBLIC_KEY_FILE", "")
# Without a configured key, make one per process (the demo and tests only; production refuses).
NATIONAL_IDENTITY_EPHEMERAL_KEY_ALLOWED = False
# Encrypts NHS numbers kept for services that need them. Keep it stable.
NATIONAL_IDENTITY_ENCRYPTION_KEY = env("NATIONAL_IDENTITY_ENCRYPTION_KEY") or SECRET_KEY
NATIONAL_IDENTITY_TIMEOUT_SECONDS = env_int("NATIONAL_IDENTITY_TIMEOUT_SECONDS", 10)
# The local mock provider (identity/testing/mock_provider.py): `make run` starts it on port 8001.
NATIONAL_IDENTITY_MOCK_URL = env("NATIONAL_IDENTITY_MOCK_URL", "http://127.0.0.1:8001")
NATIONAL_IDENTITY_MOCK_ALLOWED = False

LANGUAGE_CODE = "en-gb"
# The languages FollowOn has catalogues for (followon/locale/, docs/adr/0027-languages.md). Names in their
# own language, as the toggle shows them. English is the default and keeps its unprefixed addresses.
# Urdu and Polish await a qualified translator's review (followon/core/languages.py says which are
# reviewed); a service cannot offer an unreviewed language to its members.
LANGUAGES = [
    ("en-gb", "English"),
    ("cy", "Cymraeg"),
    ("ur", "اردو"),
    ("pl", "Polski"),
]
LANGUAGES_BIDI = ["ur"]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
# Offer languages still awaiting review in the toggle (the demo and tests; never production by default).
SHOW_LANGUAGES_IN_REVIEW = env_bool("SHOW_LANGUAGES_IN_REVIEW", False)
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env("DJANGO_STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [
    ("nhsuk", BASE_DIR / "node_modules" / "nhsuk-frontend" / "dist" / "nhsuk"),
    PACKAGE_DIR / "static",
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Sessions and cookies: secure defaults everywhere; the local profile relaxes
# only what plain http://127.0.0.1 needs.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
CSRF_FAILURE_VIEW = "followon.core.views.csrf_failure"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Refuse oversized bodies before they reach a view (the error page says why).
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 2_621_440)
FILE_UPLOAD_MAX_MEMORY_SIZE = DATA_UPLOAD_MAX_MEMORY_SIZE
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000

# Content-Security-Policy: no inline script or style; the one inline script of
# the NHS.UK page template carries a per-request nonce.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default", "notifications"],
    }
}
# The worker writes a heartbeat this often; /healthz reports its age.
WORKER_HEARTBEAT_SECONDS = env_int("WORKER_HEARTBEAT_SECONDS", 30)

# Notifications (followon/notifications/, README "Configuration"). Channels: notify, smtp, console.
NOTIFY_API_KEY = env("NOTIFY_API_KEY", "")
NOTIFY_BASE_URL = env("NOTIFY_BASE_URL", "https://api.notifications.service.gov.uk")
NOTIFY_SMS_TEMPLATE_ID = env("NOTIFY_SMS_TEMPLATE_ID", "")
NOTIFY_EMAIL_TEMPLATE_ID = env("NOTIFY_EMAIL_TEMPLATE_ID", "")
NOTIFY_SMS_SENDER_ID = env("NOTIFY_SMS_SENDER_ID", "")
NOTIFY_TIMEOUT_SECONDS = env_int("NOTIFY_TIMEOUT_SECONDS", 10)
NOTIFY_DELIVERY_RECEIPT_TOKEN = env("NOTIFY_DELIVERY_RECEIPT_TOKEN", "")
NOTIFY_RECEIVED_TEXT_TOKEN = env("NOTIFY_RECEIVED_TEXT_TOKEN", "")
NOTIFY_RATE_LIMIT = env_int("NOTIFY_RATE_LIMIT", 1500)
NOTIFY_RATE_WINDOW_SECONDS = env_int("NOTIFY_RATE_WINDOW_SECONDS", 60)
NOTIFICATIONS_SMS_CHANNEL = env("NOTIFICATIONS_SMS_CHANNEL", "notify" if NOTIFY_API_KEY else "console")
NOTIFICATIONS_EMAIL_CHANNEL = env("NOTIFICATIONS_EMAIL_CHANNEL", "notify" if NOTIFY_API_KEY else "console")
NOTIFICATIONS_SMS_PER_NUMBER_PER_HOUR = env_int("NOTIFICATIONS_SMS_PER_NUMBER_PER_HOUR", 10)
NOTIFICATIONS_MAX_ATTEMPTS = env_int("NOTIFICATIONS_MAX_ATTEMPTS", 5)
NOTIFICATIONS_RETRY_BASE_SECONDS = env_int("NOTIFICATIONS_RETRY_BASE_SECONDS", 30)
NOTIFICATIONS_SEND_LEASE_SECONDS = env_int("NOTIFICATIONS_SEND_LEASE_SECONDS", 30)
NOTIFICATIONS_DIGEST_HOUR = env_int("NOTIFICATIONS_DIGEST_HOUR", 10)
# Price of one SMS part in pence (GOV.UK Notify, after the free allowance), for the text lengths page.
NOTIFICATIONS_SMS_PART_PENCE = env("NOTIFICATIONS_SMS_PART_PENCE", "")
SMTP_HOST = env("SMTP_HOST", "localhost")
SMTP_PORT = env_int("SMTP_PORT", 25)
SMTP_USERNAME = env("SMTP_USERNAME", "")
SMTP_PASSWORD = env("SMTP_PASSWORD", "")
SMTP_STARTTLS = env_bool("SMTP_STARTTLS", False)
EMAIL_FROM = env("EMAIL_FROM", "FollowOn <no-reply@followon.invalid>")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "followon.core.logging.RequestIdFilter"},
        # Bearer tokens in paths become [token] (core/log_redaction.py); on every handler.
        "redact_tokens": {"()": "followon.core.log_redaction.RedactTokensFilter"},
    },
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["request_id", "redact_tokens"]},
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# The demo phone (/demo/phone/): each demo member's texts as a phone shows them, and replying as them
# through the real received-text path. Only the demo profile (settings/local.py) turns it on; here and
# in production it is off and the address is a 404.
DEMO_PHONE_ENABLED = False
