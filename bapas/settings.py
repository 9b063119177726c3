"""Settings for Bapas: one module, every value from the environment.

Defaults are the safe production values; `make run` turns on DEBUG for a local
demo. See README.md for the variables.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from lib.env import envbool, envdatabase, envint, envlist, envsecret, envstr, with_timeouts

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(envstr("VAR_DIR", str(BASE_DIR / "var")))

DEBUG = envbool("DEBUG", False)

SECRET_KEY = envsecret("SECRET_KEY")
if not SECRET_KEY and (VAR_DIR / "secret_key").is_file():
    # `make run` generates this file (mode 0600, git-ignored), so management commands in a
    # checkout that has been run work without exporting anything.
    SECRET_KEY = (VAR_DIR / "secret_key").read_text(encoding="utf-8").strip()
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("Set SECRET_KEY or SECRET_KEY_FILE (or DEBUG=1 for a local demo).")
    SECRET_KEY = "insecure-local-demo-key-never-use-in-production"

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "bapas.admin.BapasAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "regions",
    "organizations",
    "partners",
    "accounts",
    "audit",
    "clients",
    "supervision",
    "fieldwork",
    "board",
    "assessment",
    "violations",
    "litmas",
    "movements",
    "guidance",
    "referrals",
    "reports",
    "allocation",
    "dashboard",
    "demo",
    "ops",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # The user's saved language, never Accept-Language (see accounts/language.py).
    "accounts.language.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Axes must come last so it sees the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "bapas.urls"
WSGI_APPLICATION = "bapas.wsgi.application"

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
                "dashboard.context_processors.navigation",
            ],
            # Display filters shared by every app: {% load display %} (dates, rupiah).
            "libraries": {"display": "lib.templatetags.display"},
        },
    },
]

# --- Database -----------------------------------------------------------------
# SQLite under var/ is the embedded default; production sets DATABASE_URL=postgres://…
DATABASES = {"default": envdatabase("DATABASE_URL", f"sqlite:///{VAR_DIR / 'bapas.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    if DATABASES["default"]["NAME"] != ":memory:":
        Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers work while one writer writes; IMMEDIATE takes the write
        # lock at BEGIN so two edits of one row serialise instead of deadlocking.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
# A frozen or overloaded PostgreSQL must not hold every worker: give up connecting after
# DB_CONNECT_TIMEOUT seconds and cancel a statement after DB_STATEMENT_TIMEOUT seconds.
# /healthz answers within HEALTHZ_TIMEOUT_MS whatever the database does (dashboard/health.py).
DATABASES["default"] = with_timeouts(
    DATABASES["default"],
    connect_seconds=envint("DB_CONNECT_TIMEOUT", 5, minimum=1),
    statement_ms=envint("DB_STATEMENT_TIMEOUT", 30, minimum=1) * 1000,
)
HEALTHZ_TIMEOUT_MS = envint("HEALTHZ_TIMEOUT_MS", 1500, minimum=100)
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = envint("DB_CONN_MAX_AGE", 60, minimum=0)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Authentication -----------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "accounts.backends.NipOrUsernameBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "dashboard:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Throttling of failed logins (django-axes): lock a username from one address
# after AXES_FAILURE_LIMIT failures, for AXES_COOLOFF_MINUTES.
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=envint("AXES_COOLOFF_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.views.lockout"
AXES_VERBOSE = False
AXES_IPWARE_PROXY_COUNT = envint("PROXY_COUNT", 0, minimum=0) or None
AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]

OTP_TOTP_ISSUER = envstr("OTP_ISSUER", "Bapas")

# Sessions end after a working day, and when the browser closes.
SESSION_COOKIE_AGE = envint("SESSION_AGE_SECONDS", 8 * 3600, minimum=300)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# --- Transport security (safe defaults; a local demo with DEBUG=1 relaxes them) --
HTTPS = envbool("HTTPS", not DEBUG)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", HTTPS)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 31536000 if HTTPS else 0, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "dashboard.views.csrf_failure"
if envbool("BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# --- Language and time -----------------------------------------------------------
LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_SECURE = HTTPS
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = envstr("TIME_ZONE", "Asia/Jakarta")
USE_I18N = True
USE_TZ = True
# One date format and one date-time format for the whole site, in every language (bapas/formats).
FORMAT_MODULE_PATH = ["bapas.formats"]

# --- Static and private files -----------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    # Installed from the npm registry by `make` (package.json); never copied into git.
    ("vendor/htmx", BASE_DIR / "node_modules" / "htmx.org" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if envbool("STATIC_MANIFEST", not DEBUG)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Uploaded documents live outside static and media URLs and are served only by
# access-checked views.
PRIVATE_FILES_ROOT = Path(envstr("PRIVATE_FILES_ROOT", str(VAR_DIR / "private")))
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Background jobs (batch imports): django-tasks with its database backend (django-tasks-db), so
# the queue lives in the same SQLite or PostgreSQL database and needs no other service. A worker,
# `manage.py db_worker`, runs next to the web server (`make run` starts one). TASKS_BACKEND=immediate
# runs each job inside the request that enqueues it (tests, or a one-process trial; never in production).
TASKS_BACKEND = envstr("TASKS_BACKEND", "database")
if TASKS_BACKEND not in ("database", "immediate"):
    raise ImproperlyConfigured("TASKS_BACKEND must be 'database' or 'immediate'.")
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend"
        if TASKS_BACKEND == "database"
        else "django_tasks.backends.immediate.ImmediateBackend",
        "QUEUES": ["default"],
    }
}

# Region data: the idn-area-data npm package (ODbL), installed by `make`.
REGION_DATA_DIR = Path(envstr("REGION_DATA_DIR", str(BASE_DIR / "node_modules" / "idn-area-data" / "data")))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": envstr("LOG_LEVEL", "INFO")},
    # WeasyPrint logs every rendering step at INFO ("Step 5 - Creating layout"): a line per PDF page is noise.
    "loggers": {"axes": {"level": "WARNING"}, "weasyprint": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}},
}

# --- Browser hardening: Content-Security-Policy and one-time form tokens (one block) ---------------
# django-csp 4 (`csp`): no inline script, style or event handler anywhere; page scripts are static
# files (static/js/), htmx runs with its indicator <style> and eval turned off (templates/base.html).
# The header goes on every response but PDFs (lib/csp.py says why).
INSTALLED_APPS += ["csp", "submissions"]
MIDDLEWARE.insert(MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1, "lib.csp.CSPMiddleware")
# A create form carries a one-time token (`{% once_field %}`); the view runs in one transaction with
# the token's claim, so a second post of the same form changes nothing (submissions/middleware.py).
# After CSRF, authentication and messages, so it sees only requests that would reach the view.
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.messages.middleware.MessageMiddleware") + 1,
    "submissions.middleware.OneTimeFormMiddleware",
)
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}
