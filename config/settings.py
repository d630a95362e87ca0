"""GridCare settings: one file, every deployment difference read from the environment.

Production is the default: DEBUG is off unless DEBUG=1, and then DJANGO_SECRET_KEY is
required. The README lists every variable.
"""

from __future__ import annotations

import os
import sys
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    return int(value) if value.strip() else default


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG")
# The test runner imports pytest before these settings; tests then run with safe defaults.
TESTING = env_bool("GRIDCARE_TESTING") or "pytest" in sys.modules
# Test settings turn production's protections off (secure cookies, HTTPS, HSTS), so a
# stray GRIDCARE_TESTING or a dependency that imports pytest must not switch a production
# process to them: with DEBUG off they are taken only inside a pytest run (pytest sets
# PYTEST_VERSION for its session and its workers).
if TESTING and not DEBUG and not ("pytest" in sys.modules and "PYTEST_VERSION" in os.environ):
    raise ImproperlyConfigured(
        "Test settings (GRIDCARE_TESTING, or pytest imported) are refused outside the test "
        "runner when DEBUG is off."
    )

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if DEBUG or TESTING:
        # Local demo and tests only: a key that is obviously not for production.
        SECRET_KEY = "insecure-local-development-key-" + "x" * 40
    else:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DEBUG is off.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG or TESTING else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # Django's admin with a site closed to all but deployment administrators, except the
    # pages scoped to a company (gridcare.core.adminsite).
    "gridcare.core.adminsite.GridCareAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_htmx",
    "huey.contrib.djhuey",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "gridcare.core",
    "gridcare.org",
    "gridcare.workdays",
    "gridcare.rules",
    "gridcare.assessments",
    "gridcare.dashboard",
    "gridcare.field",
    "gridcare.frontoffice",
    "gridcare.customers",
    "gridcare.applications",
    "gridcare.keyaccounts",
    "gridcare.portal",
    "gridcare.surveys",
    "gridcare.followups",
    "gridcare.reports",
    "gridcare.mfa",
    "gridcare.integrations",
]

MIDDLEWARE = [
    # First: every later step (and DRF's throttles) sees the client's address, not the
    # proxy's (PROXY_COUNT).
    "gridcare.core.client_address.ClientAddressMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "gridcare.core.middleware.NulInQueryMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before the session: a database that refuses connections while the session loads or
    # saves still gets the 503 page.
    "gridcare.core.middleware.DatabaseUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "gridcare.core.middleware.SessionLifetimeMiddleware",
    "gridcare.core.middleware.LoginRequiredMiddleware",
    # After login: users the two-step policy covers pass their second step first.
    "gridcare.mfa.middleware.SecondStepRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "gridcare.core.middleware.SecurityHeadersMiddleware",
    # Axes last, as its documentation requires, so it sees every authentication result.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "gridcare.core.context_processors.navigation",
            ],
        },
    },
]

# Database: SQLite by default (WAL, IMMEDIATE transactions so that two writers queue
# instead of failing half-way); PostgreSQL through DATABASE_URL.
VAR_DIR = Path(os.environ.get("GRIDCARE_VAR_DIR", str(BASE_DIR / "var")))
# The local SQLite files (database, task queue) live here; Huey opens its file on import.
VAR_DIR.mkdir(parents=True, exist_ok=True)

DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
    DATABASES["default"].setdefault("OPTIONS", {})
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ.get("SQLITE_PATH", str(VAR_DIR / "gridcare.sqlite3")),
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
                ),
            },
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")

if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "gridcare",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Background work: Huey. SQLite storage beside the database by default; Redis when
# REDIS_URL is set so that several consumers on several machines share one queue.
HUEY_IMMEDIATE = env_bool("HUEY_IMMEDIATE", default=TESTING)
if REDIS_URL:
    HUEY = {
        "huey_class": "huey.RedisHuey",
        "name": os.environ.get("HUEY_NAME", "gridcare"),
        "url": REDIS_URL,
        "immediate": HUEY_IMMEDIATE,
        "consumer": {"workers": env_int("HUEY_WORKERS", 2), "worker_type": "thread"},
    }
else:
    HUEY = {
        "huey_class": "huey.SqliteHuey",
        "name": os.environ.get("HUEY_NAME", "gridcare"),
        "filename": os.environ.get("HUEY_SQLITE_PATH", str(VAR_DIR / "huey.sqlite3")),
        "immediate": HUEY_IMMEDIATE,
        "consumer": {"workers": env_int("HUEY_WORKERS", 2), "worker_type": "thread"},
    }

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Lockout after repeated failures, keyed on username + IP, with a cool-off.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# Reverse proxies in front of GridCare that append to X-Forwarded-For (0: none). One
# function reads the client address for the lockout, the API throttles and the portal.
PROXY_COUNT = env_int("PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "gridcare.core.client_address.client_address"
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
# API paths answer a lockout in JSON (the API's error shape); pages keep the template.
AXES_LOCKOUT_CALLABLE = "gridcare.core.api.lockout.lockout_response"

# Sessions: an inactivity timeout and an absolute lifetime, both enforced by
# gridcare.core.middleware.SessionLifetimeMiddleware.
SESSION_INACTIVITY_SECONDS = env_int("SESSION_INACTIVITY_MINUTES", 30) * 60
SESSION_ABSOLUTE_SECONDS = env_int("SESSION_ABSOLUTE_HOURS", 12) * 3600
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_SECONDS
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SECURE_COOKIES = env_bool("SECURE_COOKIES", default=not DEBUG and not TESTING)
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_HTTPONLY = True

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=not DEBUG and not TESTING)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG or TESTING else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
if env_bool("BEHIND_TLS_PROXY"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
X_FRAME_OPTIONS = "DENY"

LANGUAGE_CODE = "zh-hant"
LANGUAGES = [("zh-hant", "繁體中文"), ("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Local runs serve static files straight from the app folders; production from
# collectstatic's output (compressed, with hashed names).
WHITENOISE_USE_FINDERS = DEBUG or TESTING
WHITENOISE_AUTOREFRESH = DEBUG or TESTING
# Uploaded evidence lives outside the web root and is served only through views that
# check permissions.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", str(VAR_DIR / "media")))

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG or TESTING
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "gridcare@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# A filter's empty choice means "any": it says so in the page's language (django-filter's
# default is a row of dashes).
FILTERS_EMPTY_CHOICE_LABEL = gettext_lazy("All")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "gridcare.integrations.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "gridcare.core.api.pagination.CursorPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "EXCEPTION_HANDLER": "gridcare.core.api.errors.exception_handler",
    "DATETIME_FORMAT": "iso-8601",
    "UNAUTHENTICATED_USER": None,
    # JSON nested past the recursion limit is a 400, not a server error.
    "DEFAULT_PARSER_CLASSES": [
        "gridcare.core.api.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    # Throttles count REMOTE_ADDR, which ClientAddressMiddleware has set from PROXY_COUNT;
    # X-Forwarded-For as such is never a throttle's key (a client could rotate it).
    "NUM_PROXIES": 0,
}

# API tokens (integration accounts and staff) expire this many days after they are made.
API_TOKEN_DAYS = env_int("API_TOKEN_DAYS", 90)

SPECTACULAR_SETTINGS = {
    "TITLE": "GridCare integration API",
    "DESCRIPTION": "Service-quality management: calendar, customers, applications, calls, "
    "compliance. Authenticate with POST /api/v1/auth/token/ and send "
    "`Authorization: Token <token>`.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # The schema describes every endpoint: only signed-in staff and token holders read it.
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    # Choice sets used by several fields get one name each in the schema.
    # Every operation also documents the error answers of the project-wide handlers.
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "gridcare.core.api.schema.add_error_answers",
    ],
    "ENUM_NAME_OVERRIDES": {
        "ApplicationStatusEnum": "gridcare.applications.models.Application.Status",
        "ApplicationKindEnum": "gridcare.applications.models.Application.Kind",
    },
}

# The console channel's messages (gridcare.field.channels.ConsoleAdapter: SMS and email
# before a gateway is configured) go to this file, not the terminal: a demo sends
# hundreds of outage notices that would bury everything else.
FIELD_CONSOLE_OUTBOX = Path(os.environ.get("FIELD_CONSOLE_OUTBOX", str(VAR_DIR / "outbox.log")))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    # A refused request (403) is expected traffic: one line, not a traceback.
    "filters": {"forbidden_one_line": {"()": "config.log_filters.ForbiddenOneLine"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["forbidden_one_line"],
        },
        "outbox": {
            "class": "logging.FileHandler",
            "filename": str(FIELD_CONSOLE_OUTBOX),
            "encoding": "utf-8",
            "delay": True,
            "formatter": "plain",
        },
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "huey": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
        "gridcare.field.channels": {"handlers": ["outbox"], "propagate": False},
    },
}

# How often the task consumer proves it is alive (see /healthz).
HEARTBEAT_STALE_SECONDS = env_int("HEARTBEAT_STALE_SECONDS", 180)

# Upload limits (gridcare.core.uploads, docs/security.md V5): import files (CSV, .xlsx),
# what an .xlsx may unpack to, and photos.
UPLOAD_MAX_BYTES = env_int("UPLOAD_MAX_BYTES", 256 * 1024 * 1024)
UPLOAD_ARCHIVE_MAX_MEMBER_BYTES = env_int("UPLOAD_ARCHIVE_MAX_MEMBER_BYTES", 512 * 1024 * 1024)
UPLOAD_ARCHIVE_MAX_BYTES = env_int("UPLOAD_ARCHIVE_MAX_BYTES", 1024 * 1024 * 1024)
UPLOAD_ARCHIVE_MAX_RATIO = env_int("UPLOAD_ARCHIVE_MAX_RATIO", 100)
UPLOAD_PHOTO_MAX_BYTES = env_int("UPLOAD_PHOTO_MAX_BYTES", 10 * 1024 * 1024)
UPLOAD_PHOTO_MAX_PIXELS = env_int("UPLOAD_PHOTO_MAX_PIXELS", 40_000_000)

# Imports (customers, call records): a running import silent this long is taken as
# interrupted by the reaper, which resumes it this many times before marking it failed.
IMPORT_STALE_SECONDS = env_int("IMPORT_STALE_SECONDS", 300)
IMPORT_AUTO_RESUMES = env_int("IMPORT_AUTO_RESUMES", 2)
