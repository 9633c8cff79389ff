"""The one settings module, driven by environment variables (see README)."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

from verbinding.config import (
    ConfigError,
    data_dir,
    database_from_url,
    env_bool,
    env_int,
    env_list,
    instruments_dir,
    secret_key,
)
from verbinding.web.clientip import parse_proxies

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = data_dir()
# Instrument versions a clinic installed (e.g. written by `verbinding calibrate`); the
# newest version of an id is used for new self-tests (docs/measurement.md).
INSTRUMENTS_DIR = instruments_dir()

DEBUG = env_bool("VERBINDING_DEBUG", False)
SECRET_KEY = secret_key()
ALLOWED_HOSTS = env_list("VERBINDING_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "verbinding.web.reading",
    "verbinding.web.assessments",
    "verbinding.web.accounts",
    "verbinding.web.practice",
    "verbinding.web.journal",
    "verbinding.web.reminders",
    "verbinding.web.clinic",
    "verbinding.web.logins",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    # Last, so its login signal handlers see the apps above.
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "verbinding.web.security.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After authentication: a person with an account keeps their language everywhere.
    "verbinding.web.language.LanguageMiddleware",
    # Marks a user verified once they gave a one-time code this session; therapists and
    # clinic administrators (and clients who turned it on) are held at their code page
    # until then (verbinding.web.accounts.otp).
    "django_otp.middleware.OTPMiddleware",
    "verbinding.web.accounts.otp.RequireTwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Notes where a session is used from and ends a clinic account's session after
    # idle time or a long day (after messages: it tells the person why).
    "verbinding.web.logins.middleware.SessionLifetimeMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into its lockout response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "verbinding.web.urls"
WSGI_APPLICATION = "verbinding.web.wsgi.application"

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
                "verbinding.web.frame.site",
            ],
            # Every page writes numbers and dates the one way (interpret.numbers).
            "builtins": ["verbinding.web.assessments.templatetags.verbinding_extras"],
        },
    },
]

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": DATA_DIR / "verbinding.sqlite3",
        "OPTIONS": {
            # WAL lets readers and the writer work at once; IMMEDIATE avoids the
            # "database is locked" upgrade failure when two requests write together.
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        },
        # Keep connections open between requests: opening one runs the PRAGMAs above,
        # which would otherwise cost every request a fraction of a millisecond.
        "CONN_MAX_AGE": 600,
        "CONN_HEALTH_CHECKS": True,
    }
}
# A clinic that outgrows one machine sets DATABASE_URL=postgres://… (psycopg 3).
if os.environ.get("DATABASE_URL", "").strip():
    DATABASES = {"default": database_from_url(os.environ["DATABASE_URL"].strip())}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # Axes first: it refuses a locked-out login before the password is even checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "verbinding.web.accounts.validators.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
OTP_TOTP_ISSUER = "Verbindingsstijlen"
LOGIN_REDIRECT_URL = "accounts:overview"
LOGOUT_REDIRECT_URL = "reading:home"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24  # one day

# Lockout after repeated failed logins: per e-mail address and IP together, so one
# person's typos do not lock out a whole household, and guessing one account is slowed.
AXES_FAILURE_LIMIT = env_int("VERBINDING_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("VERBINDING_LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# One counter per account, however the address is spelled (case, spaces) ...
AXES_USERNAME_CALLABLE = "verbinding.web.accounts.lockout.login_name"
# ... and per real client address: behind a trusted proxy, from X-Forwarded-For.
AXES_CLIENT_IP_CALLABLE = "verbinding.web.clientip.client_ip"
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_FORM_FIELD = "username"
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"

# How long the clinic keeps a client file (the therapist's notes and the audit trail)
# after the last sharing ended: the WGBO's 20 years by default. Only
# `verbinding purge-clinic-files` removes files older than this.
CLINIC_FILE_RETENTION_YEARS = env_int("VERBINDING_RETENTION_YEARS", 20)
if CLINIC_FILE_RETENTION_YEARS < 1:
    raise ConfigError("VERBINDING_RETENTION_YEARS moet minstens 1 zijn")
AXES_VERBOSE = False
# Axes logs every successful login by default; we keep only what lockout needs.
AXES_DISABLE_ACCESS_LOG = True

# E-mail (password reset, reminders). Without VERBINDING_EMAIL_HOST, mail is written as
# files into the data dir's `mail/` folder, so a single-machine set-up still works.
EMAIL_HOST = os.environ.get("VERBINDING_EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("VERBINDING_EMAIL_PORT", 587)
    EMAIL_HOST_USER = os.environ.get("VERBINDING_EMAIL_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("VERBINDING_EMAIL_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("VERBINDING_EMAIL_TLS", EMAIL_PORT == 587)
    EMAIL_USE_SSL = env_bool("VERBINDING_EMAIL_SSL", EMAIL_PORT == 465)
    EMAIL_TIMEOUT = 20
else:
    # Files 0600 in a 0700 folder: they hold reset links (verbinding.web.mailfiles).
    EMAIL_BACKEND = "verbinding.web.mailfiles.PrivateFileBackend"
    EMAIL_FILE_PATH = DATA_DIR / "mail"
DEFAULT_FROM_EMAIL = os.environ.get(
    "VERBINDING_EMAIL_FROM", "Verbindingsstijlen <noreply@localhost>"
)
# The site's public address, for links in e-mails and the calendar feed. `serve` sets it to
# the address it listens on when the operator did not (verbinding.cli.serve).
SITE_URL = os.environ.get("VERBINDING_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

LANGUAGE_CODE = "nl"
# Dutch first; English when a person chooses it (verbinding.web.language). Translations
# of the interface live in each app's locale/ folder and in web/locale/.
LANGUAGES = [("nl", "Nederlands"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "taal"
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Sessions live on the server (verbinding.web.logins.store), so logging out, a new
# password and "overal uitloggen" end every copy of a cookie at once. The database holds
# only a hash of the cookie's key and data encrypted with a key derived from the cookie.
SESSION_ENGINE = "verbinding.web.logins.store"
SESSION_COOKIE_AGE = 60 * 60 * 24 * 90
# Therapists and clinic administrators see other people's health data: their sessions
# end after this much idle time, and after this many hours whatever happens.
STAFF_SESSION_IDLE_MINUTES = env_int("VERBINDING_STAFF_IDLE_MINUTES", 30)
STAFF_SESSION_MAX_HOURS = env_int("VERBINDING_STAFF_MAX_HOURS", 12)
if STAFF_SESSION_IDLE_MINUTES < 1 or STAFF_SESSION_MAX_HOURS < 1:
    raise ConfigError(
        "VERBINDING_STAFF_IDLE_MINUTES en VERBINDING_STAFF_MAX_HOURS moeten minstens 1 zijn"
    )
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "verbinding.web.reading.views.csrf_failure"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Production behind TLS (see docs/deployment.md): VERBINDING_HTTPS=true makes cookies
# secure, redirects plain HTTP (but the health check) and sends HSTS. Behind a reverse
# proxy that terminates TLS, VERBINDING_BEHIND_PROXY=true trusts its X-Forwarded-Proto.
HTTPS = env_bool("VERBINDING_HTTPS", False)
# The reverse proxies (addresses or networks) whose X-Forwarded-For is believed, e.g.
# 127.0.0.1 for nginx on the same machine. Empty: the connecting address is the client.
VERBINDING_TRUSTED_PROXIES = env_list("VERBINDING_TRUSTED_PROXIES", [])
parse_proxies(VERBINDING_TRUSTED_PROXIES)  # a typo stops the app at start-up
if env_bool("VERBINDING_BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    USE_X_FORWARDED_HOST = env_bool("VERBINDING_FORWARDED_HOST", False)
CSRF_TRUSTED_ORIGINS = env_list(
    "VERBINDING_CSRF_TRUSTED_ORIGINS", [SITE_URL] if SITE_URL.startswith("https://") else []
)
if HTTPS:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = True
    SECURE_REDIRECT_EXEMPT = [r"^health/$"]
    SECURE_HSTS_SECONDS = env_int("VERBINDING_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("VERBINDING_HSTS_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("VERBINDING_HSTS_PRELOAD", True)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact": {"()": "verbinding.web.logfilters.RedactTokens"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["redact"]}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    # Request loggers print paths; resume links carry a token in theirs.
    "loggers": {
        name: {"filters": ["redact"], "level": "WARNING"}
        for name in ("django.request", "django.server", "django.security.csrf", "gunicorn.error")
    },
}
