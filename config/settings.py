"""Django settings for Milestone Check.

Every setting that differs between a laptop and a clinic's server is read from the environment
here, and only here, with a default that is safe for local use.
"""

import importlib.util
import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from whitenoise.compress import Compressor

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return default if value is None or not value.strip() else int(value)


# Off unless asked for: `make run` turns it on for local development.
DEBUG = env_bool("DJANGO_DEBUG", False)

# The fallback is only for a laptop: with DEBUG off, the servers refuse it (config/secret_key.py),
# so a server must set DJANGO_SECRET_KEY (tests and management commands run without one).
SECRET_KEY = os.environ.get(
    "DJANGO_SECRET_KEY", "django-insecure-local-development-only-do-not-deploy"
)

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "")

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
    "bootstrap",
    # Per-IP limits on starting screenings and making PDFs; the CSP settings check (django-csp).
    "django_ratelimit",
    "csp",
    # Staff logins: lockout (axes) and two-factor codes (django_otp, its TOTP devices), under
    # names a clinic manager recognises in the admin.
    "screening.apps.LoginLockoutsConfig",
    "django_otp",
    "screening.apps.TwoFactorAppsConfig",
    "milestones",
    "screening",
    # Running the service (issue 11): /health/ (django-health-check), the access log, the SQLite
    # file kept private, the backup drill (config/operations).
    "health_check",
    "config.operations",
]

MIDDLEWARE = [
    # First, so every request gets its access log line, whatever answers it.
    "config.operations.access_log.AccessLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Headers on every response (static files too), and refusing odd methods and huge bodies
    # before anything reads them: screening/middleware.py says why, django-csp and
    # django-permissions-policy write their headers.
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "screening.middleware.PrivatePagesMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "screening.middleware.StaffPagesInEnglishMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "screening.staff_sessions.StaffSessionLimitsMiddleware",
    "screening.two_factor.StaffTwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: turns a lockout into the "account locked" page.
    "axes.middleware.AxesMiddleware",
    # Turns a rate limit hit into the "too many requests" page (RATELIMIT_VIEW).
    "django_ratelimit.middleware.RatelimitMiddleware",
]

ROOT_URLCONF = "config.urls"

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
            ],
            # The staff admin home's "screenings waiting" block and section order.
            "libraries": {"staff_home": "screening.admin.home"},
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
    )
}
# A worker keeps its database connection for DATABASE_CONN_MAX_AGE seconds instead of opening one
# per request, and checks it still works before reusing it after a database restart. A new
# connection per request cost the parents' pages about two thirds of their throughput on
# PostgreSQL, and a fifth to a quarter on SQLite (its connection runs the PRAGMAs below each
# time). The development server starts a thread per request, so a kept connection is never
# reused there: 0.
DATABASES["default"]["CONN_MAX_AGE"] = env_int("DATABASE_CONN_MAX_AGE", 0 if DEBUG else 60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = env_bool("DATABASE_CONN_HEALTH_CHECKS", True)

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several parents submitting at once: wait for the lock instead of failing, take the write
    # lock at the start of each transaction, and let readers work during writes.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        timeout=20,
        transaction_mode="IMMEDIATE",
        init_command="PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("es", "Español")]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["config.formats"]
TIME_ZONE = os.environ.get("DJANGO_TIME_ZONE", "America/New_York")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
# Static files (issue 11): `collectstatic` names each file after its contents' hash and
# compresses it, and WhiteNoise serves those names compressed and cached for a year. With DEBUG
# on, pages use the plain names, so `make run` needs no collected files; tests use plain storage
# (tests/conftest.py). Source maps are left uncompressed: only developer tools fetch them.
STORAGES: dict[str, dict[str, object]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Each submitted screening's PDFs, made once and kept (screening/pdf_store.py). By default in a
# folder on this server that no web server serves (readable by the app's user only); with
# DJANGO_PDF_STORAGE=s3, in an S3-compatible bucket every app server shares (django-storages:
# `pip install ".[s3]"`). The bucket must be private; boto3 reads the keys from
# AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or the server's role), never this file.
PDF_STORAGE = os.environ.get("DJANGO_PDF_STORAGE", "filesystem")
if PDF_STORAGE == "filesystem":
    STORAGES["pdfs"] = {
        "BACKEND": "screening.pdf_store.WholeFileStorage",
        "OPTIONS": {
            "location": Path(
                os.environ.get("DJANGO_PDF_STORAGE_DIR", BASE_DIR / "private" / "pdfs")
            ),
            "directory_permissions_mode": 0o700,
            "file_permissions_mode": 0o600,
        },
    }
elif PDF_STORAGE == "s3":
    if not os.environ.get("AWS_STORAGE_BUCKET_NAME"):
        raise ImproperlyConfigured("DJANGO_PDF_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME.")
    # Found out at start-up, not when a family presses Delete (deleting removes stored PDFs).
    if importlib.util.find_spec("storages") is None:
        raise ImproperlyConfigured(
            'DJANGO_PDF_STORAGE=s3 needs django-storages: pip install ".[s3]".'
        )
    STORAGES["pdfs"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["AWS_STORAGE_BUCKET_NAME"],
            # For a store other than Amazon's (MinIO, Ceph, R2...): its address.
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "location": os.environ.get("DJANGO_PDF_STORAGE_PREFIX", "pdfs"),
            "default_acl": "private",
            "file_overwrite": True,  # one name is always the same PDF
        },
    }
else:
    raise ImproperlyConfigured(
        f"DJANGO_PDF_STORAGE must be 'filesystem' or 's3', not {PDF_STORAGE!r}."
    )
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = [*Compressor.SKIP_COMPRESS_EXTENSIONS, "map"]

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Data retention (purge_screenings): submitted screenings are kept this many days after submission
# unless a clinic sets its own period; drafts untouched this many days are deleted.
SCREENING_RETENTION_DAYS = env_int("DJANGO_RETENTION_DAYS", 730)
SCREENING_DRAFT_DAYS = env_int("DJANGO_DRAFT_DAYS", 30)

# Where `load_milestones` reads the human-edited YAML content from.
MILESTONES_FIXTURES_DIR = Path(os.environ.get("MILESTONES_FIXTURES_DIR", BASE_DIR / "fixtures"))

# Cookies go over HTTPS only, unless running locally with DEBUG on (or told otherwise).
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
# Screening links carry a private UUID: never pass them on to other sites.
SECURE_REFERRER_POLICY = "same-origin"

# HTTPS behind a TLS proxy (issue 11), all off unless set, so `make run` works over plain HTTP.
# DJANGO_SECURE_PROXY_SSL_HEADER=HTTP_X_FORWARDED_PROTO,https trusts the proxy's header, so links
# built from the request (the parent's private link) start with https://. README "Running in
# production" lists the whole production environment.
_proxy_ssl_header = env_list("DJANGO_SECURE_PROXY_SSL_HEADER", "")
if _proxy_ssl_header and len(_proxy_ssl_header) != 2:
    raise ImproperlyConfigured(
        "DJANGO_SECURE_PROXY_SSL_HEADER is a header name and its value, separated by a comma: "
        "HTTP_X_FORWARDED_PROTO,https"
    )
SECURE_PROXY_SSL_HEADER = (
    (_proxy_ssl_header[0], _proxy_ssl_header[1]) if _proxy_ssl_header else None
)
USE_X_FORWARDED_HOST = env_bool("DJANGO_USE_X_FORWARDED_HOST", False)
SECURE_SSL_REDIRECT = env_bool("DJANGO_SSL_REDIRECT", False)
SECURE_REDIRECT_EXEMPT = [r"^health/$"]  # a load balancer may probe over plain HTTP
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", False)

# Staff logins (issue 11): lockout after repeated failures, two-factor codes, session limits.
# django-axes refuses a locked-out user or address before the password is even checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("DJANGO_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("DJANGO_LOGIN_COOLOFF_MINUTES", 30))
# Either one locks: too many failures for one username (from anywhere), or from one address.
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
# Not axes' own reset: it clears every failure from the address too, so anyone with a login could
# wipe the failures of guesses at a colleague's account from the same computer. A login clears only
# that username's failures (screening.staff_logins.forget_own_failures).
AXES_RESET_ON_SUCCESS = False
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_LOCKOUT_CALLABLE = "screening.staff_logins.locked_out_page"
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "code"]
# The client's address is REMOTE_ADDR unless a proxy header is named, e.g.
# DJANGO_CLIENT_IP_HEADER=HTTP_X_FORWARDED_FOR behind DJANGO_PROXY_COUNT (default 1) proxies: then
# the address the outermost proxy saw, which it appended to the header, and which a client cannot
# forge (what a client puts before it is skipped). ipware counts only the proxies listed in the
# header, not the one Django talks to, hence the "- 1"; non-strict so a forged prefix is skipped.
_CLIENT_IP_HEADER = os.environ.get("DJANGO_CLIENT_IP_HEADER", "").strip()
AXES_IPWARE_META_PRECEDENCE_ORDER = (_CLIENT_IP_HEADER or "REMOTE_ADDR",)
AXES_IPWARE_PROXY_ORDER = "left-most"
AXES_IPWARE_PROXY_COUNT = (
    max(env_int("DJANGO_PROXY_COUNT", 1), 1) - 1 if _CLIENT_IP_HEADER else None
)
IPWARE_STRICT = False
# Two-factor codes: off unless asked for, so `make run` needs no authenticator app.
STAFF_REQUIRE_2FA = env_bool("DJANGO_REQUIRE_2FA", False)
OTP_TOTP_ISSUER = "Milestone Check"
OTP_ADMIN_HIDE_SENSITIVE_DATA = True  # managers see who set up 2FA, never the secret
STAFF_SESSION_IDLE_MINUTES = env_int("DJANGO_SESSION_IDLE_MINUTES", 30)
STAFF_SESSION_MAX_HOURS = env_int("DJANGO_SESSION_MAX_HOURS", 12)

# Parents' pages (issue 11): abuse limits, request size, link expiry, CSP and Permissions-Policy.
# Per-IP rates ("count/period", period s, m, h or d) for starting a screening and making its PDF,
# counted in Django's cache (screening/views.py); a hit gets the "too many requests" page.
SCREENING_RATE_NEW = os.environ.get("DJANGO_RATE_NEW_SCREENING", "20/h")
SCREENING_RATE_PDF = os.environ.get("DJANGO_RATE_PDF", "30/h")
RATELIMIT_VIEW = "screening.views.too_many_requests"
# The same client address as staff lockouts use, when a proxy header is named (see above).
RATELIMIT_IP_META_KEY = "config.client_address.client_address"
# Each process's memory by default, so with several gunicorn workers each counts on its own (a
# limit of 20/h lets up to 20 per worker through). For one count, share a cache between workers:
# DJANGO_CACHE_BACKEND=django.core.cache.backends.db.DatabaseCache with
# DJANGO_CACHE_LOCATION=milestone_check_cache (then `manage.py createcachetable`), or Django's
# RedisCache with a redis:// location. django-ratelimit's checks call both "unsupported" because
# their counts can drift a little under races; for abuse limits that is fine.
CACHES = {
    "default": {
        "BACKEND": os.environ.get(
            "DJANGO_CACHE_BACKEND", "django.core.cache.backends.locmem.LocMemCache"
        ),
        "LOCATION": os.environ.get("DJANGO_CACHE_LOCATION", ""),
    }
}
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.E003", "django_ratelimit.W001"]
RATELIMIT_FAIL_OPEN = True  # a cache that is down must not turn every parent away
# No page takes files, and the largest form a parent sends is a 2,000-character note: a bigger
# body is refused (413) before it is read (screening.middleware.PrivatePagesMiddleware).
DATA_UPLOAD_MAX_MEMORY_SIZE = 256 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = DATA_UPLOAD_MAX_MEMORY_SIZE
DATA_UPLOAD_MAX_NUMBER_FIELDS = 500  # a staff page with every inline open stays far below
# A submitted screening's private link stops working this many days after submitting
# (screening/links.py); the clinic keeps the answers for its retention period.
SCREENING_LINK_DAYS = env_int("DJANGO_LINK_DAYS", 180)
# The parts of a submitted screening's result page that can't change are kept in the cache this
# many seconds once drawn (screening/kept_results.py); 0 draws them on every view.
KEPT_RESULT_SECONDS = env_int("DJANGO_KEPT_RESULT_SECONDS", 15 * 60)
# A family link (/f/<uuid>/, every screening of one child) works until this many days after the
# family's newest screening was submitted, and always while one is being filled in. Longer than
# the 12 months between the preschool checks, so a family that checks every year keeps its link.
FAMILY_LINK_DAYS = env_int("DJANGO_FAMILY_LINK_DAYS", 400)
# Scripts and styles only from this site (no inline ones; staff pages may add inline styles);
# images may be data: URIs, which Bootstrap's checkboxes use. Nothing may frame the pages.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# Browser features no page uses are off; the clipboard stays on for the "Copy link" button.
PERMISSIONS_POLICY: dict[str, list[str]] = {
    feature: []
    for feature in [
        "accelerometer",
        "autoplay",
        "bluetooth",
        "browsing-topics",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "hid",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "serial",
        "usb",
        "xr-spatial-tracking",
    ]
}

# "Send me my link" (issue 12): the email with a parent's private link (screening/link_email.py).
# Locally the console backend prints it; a server sets its SMTP server here. Limits per address
# and per screening, like the limits above; the 429 page says to wait.
EMAIL_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("DJANGO_EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = 20  # seconds: a parent waits on the page while it sends
DEFAULT_FROM_EMAIL = os.environ.get(
    "DJANGO_DEFAULT_FROM_EMAIL", "Milestone Check <no-reply@localhost>"
)
SCREENING_RATE_SEND_LINK = os.environ.get("DJANGO_RATE_SEND_LINK", "5/h")
SCREENING_RATE_SEND_LINK_PER_SCREENING = os.environ.get(
    "DJANGO_RATE_SEND_LINK_PER_SCREENING", "10/d"
)
# Reminder emails for the next check (issue 13, screening/reminders.py) are sent by a daily
# command with no request to build links from: the address parents open the site at.
SITE_URL = os.environ.get("DJANGO_SITE_URL", "http://localhost:8000")

# Request paths contain a screening's private link: the request loggers stay quiet about
# everything short of a server error, and the links are blanked out of every log line.
# Lines carry their time and level; DJANGO_LOG_JSON=true writes JSON lines instead (issue 11).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"private_links": {"()": "config.log_filters.RedactPrivateLinks"}},
    "formatters": {
        "plain": {
            "format": "%(asctime)s %(levelname)s %(name)s %(message)s",
            "datefmt": "%Y-%m-%dT%H:%M:%S%z",
        },
        "json": {"()": "config.operations.log_formats.JsonLinesFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["private_links"],
            "formatter": "json" if env_bool("DJANGO_LOG_JSON", False) else "plain",
        },
    },
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        # One line per request: method, path (private link blanked), status, milliseconds.
        "milestone_check.access": {
            "handlers": ["console"],
            "level": "INFO" if env_bool("DJANGO_ACCESS_LOG", True) else "WARNING",
            "propagate": False,
        },
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        "django.server": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        # A request for another host name (a scanner) is answered 400; no traceback per request.
        "django.security.DisallowedHost": {"handlers": [], "propagate": False},
        # purge_screenings' daily summary line (counts only).
        "screening.retention": {"handlers": ["console"], "level": "INFO", "propagate": False},
        # send_reminders' daily summary line (counts only).
        "screening.reminders": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "milestone_check.staff_logins": {
            "handlers": ["console"],
            "level": "INFO",
            "propagate": False,
        },
    },
}
