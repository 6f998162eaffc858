"""Settings for Profielwijzer: one file, read from the environment, failing loudly.

Every value that differs between machines comes from an environment variable (or a
`.env` file beside manage.py, see `.env.example`). A value that cannot be parsed stops
the process with `ImproperlyConfigured` rather than falling back silently.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from dotenv import load_dotenv

BASE_DIR = Path(__file__).resolve().parent.parent

# A .env file is a convenience for development; real environment variables win.
load_dotenv(BASE_DIR / ".env", override=False)

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean; use 1/0, true/false, yes/no or on/off.")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number.") from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [part.strip() for part in raw.split(",") if part.strip()]


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is required when DEBUG is off. Set it in the environment or in .env "
            "(see .env.example); for local development set DEBUG=1."
        )
    SECRET_KEY = "insecure-development-key-do-not-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "csp",
    "axes",
    "accounts",
    "catalog",
    "assessments",
    "teams",
    "feedback",
    "background",
    "functie",
    "cycle",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "profiel.middleware.RefuseNulBytesMiddleware",  # after the user and messages: its 400 page shows both
    "profiel.middleware.PrivatePagesMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks
]

ROOT_URLCONF = "profiel.urls"

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
            ],
        },
    },
]

WSGI_APPLICATION = "profiel.wsgi.application"

# The database: DATABASE_URL, or a SQLite file beside manage.py so nothing needs installing.
_database_url = os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
try:
    DATABASES = {"default": dj_database_url.parse(_database_url, conn_max_age=env_int("CONN_MAX_AGE", 60))}
except ValueError as error:
    raise ImproperlyConfigured(f"DATABASE_URL cannot be used: {error}") from None
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several workers on the embedded default: readers do not block the writer (WAL), a writer
    # takes the lock when its transaction starts (no "database is locked" halfway) and waits up
    # to 20 s for another one.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The cache holds the mail rate-limit counters (accounts/limits.py) and what the team matrix keeps
# (teams/selectors.py: the team's cells, and the sums per section of every shared assessment a
# manager looked at, one entry each). One process: memory. Several app servers must share one count:
# CACHE_URL=redis://host:6379/1 (Django's RedisCache).
# Memory holds 20,000 entries, not Django's 300: a team of 500 (250 shared) alone needs more than
# 300, and past the limit it drops a third of everything, so every view would add the team up again.
# An entry of sums is a few hundred bytes: 20,000 are some 10 MB per process at most.
_cache_url = os.environ.get("CACHE_URL", "").strip()
if not _cache_url:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 20_000},
        }
    }
elif _cache_url.startswith(("redis://", "rediss://", "unix://")):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": _cache_url}}
else:
    raise ImproperlyConfigured(f"CACHE_URL={_cache_url!r} is not a redis://, rediss:// or unix:// address.")

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses while an account is locked
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "cycle:home"  # what to do now (cycle.views.home)
LOGOUT_REDIRECT_URL = "home"
# Open sign-up lets a coordinator without an organisation start alone; an organisation
# that only invites can close it.
SIGNUP_OPEN = env_bool("SIGNUP_OPEN", True)
INVITATION_MAX_AGE_DAYS = env_int("INVITATION_MAX_AGE_DAYS", 14)
PASSWORD_RESET_TIMEOUT = env_int("PASSWORD_RESET_TIMEOUT", 60 * 60 * 24)
# How long the link that confirms an e-mail address works.
EMAIL_CONFIRMATION_MAX_AGE = env_int("EMAIL_CONFIRMATION_MAX_AGE", 60 * 60 * 24 * 3)
# Mails the app sends on someone's behalf: (how many, per how many seconds), per account or
# per recipient address. Over a limit nothing is sent and nothing is saved.
MAIL_LIMITS = {
    "invitation_per_account": (env_int("INVITATIONS_PER_ACCOUNT_PER_HOUR", 20), 60 * 60),
    "invitation_per_recipient": (env_int("INVITATIONS_PER_RECIPIENT_PER_DAY", 3), 60 * 60 * 24),
    "password_reset_per_recipient": (env_int("PASSWORD_RESETS_PER_ADDRESS_PER_HOUR", 3), 60 * 60),
    "confirmation_per_account": (env_int("CONFIRMATIONS_PER_ACCOUNT_PER_HOUR", 5), 60 * 60),
    "confirmation_per_recipient": (env_int("CONFIRMATIONS_PER_ADDRESS_PER_HOUR", 3), 60 * 60),
    "signup_per_client": (env_int("SIGNUPS_PER_IP_PER_HOUR", 10), 60 * 60),
    # not a mail: answers to one volunteer feedback link (its owner sees how many were refused)
    "volunteer_answers_per_link": (env_int("VOLUNTEER_ANSWERS_PER_LINK_PER_HOUR", 60), 60 * 60),
}
# Where the client's IP address is: REMOTE_ADDR, or the header a trusted proxy sets in front
# of the app (e.g. HTTP_X_REAL_IP). Behind a proxy REMOTE_ADDR is the proxy's own address,
# and a per-client limit would then count everybody together.
CLIENT_IP_HEADER = os.environ.get("CLIENT_IP_HEADER", "REMOTE_ADDR")
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 60 * 60 * 12)  # a working day, then log in again
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "accounts.validators.MinimumLengthValidator"},  # Django 5.2 lacks its Dutch message
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", "Nederlands"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Tests run without collectstatic; let whitenoise find files the way runserver does.
WHITENOISE_USE_FINDERS = env_bool("WHITENOISE_USE_FINDERS", DEBUG)

# Mail: the console by default, SMTP when EMAIL_HOST is set.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST else "django.core.mail.backends.console.EmailBackend"
)
# EMAIL_FILE_PATH: write each mail as a file in that folder instead (a test with a real worker
# reads them there).
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", "")
if EMAIL_FILE_PATH and not EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Profielwijzer <noreply@localhost>")
# Where the site lives (https://profielwijzer.example.org/), for the links in mails sent without a
# request: the scanronde mails of `manage.py round_mails`. With DEBUG, the development server.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000/" if DEBUG else "")

# --- Background work (Celery) ----------------------------------------------------------------
# With a broker (redis://127.0.0.1:6379/0, amqp://guest:guest@127.0.0.1:5672//) mail and the PDF
# of record are queued when the transaction commits and run by `celery -A profiel worker`.
# Without one they run in the web process (background/services.py): `make run` needs no broker.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "").strip()
CELERY_TASK_IGNORE_RESULT = True  # nothing waits for a result: no result backend
# A message is acknowledged after its task ran: a worker that dies mid-task leaves it to another
# one. The tasks are safe to run twice (a mail's claim, a PDF of record stored once).
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1  # PDF renders take a second: do not hoard them
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True

# --- Security -----------------------------------------------------------------------------
# Behind a TLS-terminating proxy set SECURE_PROXY_SSL_HEADER=1 (it then trusts X-Forwarded-Proto).
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
if env_bool("SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# No inline scripts or styles anywhere: everything comes from our own static files.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# Repeated failed logins lock the account (not the network) for a while.
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 15) / 60  # hours
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_USERNAME_FORM_FIELD = "username"
# Count failures per address as the login knows it (any spelling of its case is one address).
AXES_USERNAME_CALLABLE = "accounts.axes.username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked.html"
AXES_VERBOSE = False
# axes.W006 asks to lock per IP address too. We lock the account only: volunteers of one
# organisation often share one address, and one person's typos must not lock out the rest.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # WeasyPrint logs each step of every PDF at INFO.
    "loggers": {"weasyprint.progress": {"level": "WARNING"}},
}
