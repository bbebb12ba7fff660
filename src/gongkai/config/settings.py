"""Django settings. The environment is read here, and only here.

With nothing set you get a development setup on SQLite under ``var/``. Production
(``GONGKAI_ENV=production``) refuses to start with the development secret key, turns on secure
cookies, HSTS and the HTTPS redirect, and logs JSON lines. ``gongkai selfcheck`` runs Django's
deployment check (and the platform's own) against the environment it is given.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent  # src/gongkai
PROJECT_DIR = Path(os.environ.get("GONGKAI_HOME", BASE_DIR.parent.parent)).resolve()
VAR_DIR = Path(os.environ.get("GONGKAI_VAR_DIR", PROJECT_DIR / "var"))

DEV_SECRET_KEY = "dev-insecure-gongkai-secret-key-do-not-use-in-production"


def _bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


ENVIRONMENT = os.environ.get("GONGKAI_ENV", "development").strip().lower()
PRODUCTION = ENVIRONMENT == "production"

#: Where ``gongkai secretkey`` (run by ``make run``) keeps a generated key; read when present.
SECRET_KEY_FILE = Path(os.environ.get("SECRET_KEY_FILE", VAR_DIR / "secret_key"))
MIN_SECRET_KEY_LENGTH = 50  # what Django's deployment check asks for


def _secret_key() -> str:
    """``SECRET_KEY``, else the key file (``SECRET_KEY_FILE``, default ``var/secret_key``), else
    — in development only — the development key."""
    value = os.environ.get("SECRET_KEY", "").strip()
    if value:
        return value
    try:
        value = SECRET_KEY_FILE.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        value = ""
    except OSError as exc:
        raise ImproperlyConfigured(f"cannot read SECRET_KEY_FILE {SECRET_KEY_FILE}: {exc}") from exc
    return value or DEV_SECRET_KEY


SECRET_KEY = _secret_key()
USING_DEV_SECRET_KEY = SECRET_KEY == DEV_SECRET_KEY
if PRODUCTION and (USING_DEV_SECRET_KEY or len(SECRET_KEY) < MIN_SECRET_KEY_LENGTH):
    raise ImproperlyConfigured(
        "GONGKAI_ENV=production needs SECRET_KEY (or SECRET_KEY_FILE) set to a random value of "
        f"at least {MIN_SECRET_KEY_LENGTH} characters (the development secret is refused); "
        "`gongkai secretkey FILE` writes one."
    )

DEBUG = _bool("DEBUG", default=not PRODUCTION)
ALLOWED_HOSTS = _list("ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "[::1]"])
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("GONGKAI_ENV=production needs ALLOWED_HOSTS (comma-separated).")
CSRF_TRUSTED_ORIGINS = _list("CSRF_TRUSTED_ORIGINS", [])
#: How many reverse proxies (nginx, a load balancer) stand in front of the application: the
#: client's address is then read from X-Forwarded-For (gongkai.core.requestctx.client_ip).
#: Production runs behind one proxy (deploy/nginx.conf); development is reached directly.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "1" if PRODUCTION else "0"))

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    # before the platform's apps: their signal receivers (login audit) run after axes' own
    "gongkai.core.apps.LockoutConfig",  # django-axes
    "django_otp",
    "gongkai.core.apps.TwoFactorDevicesConfig",  # django_otp.plugins.otp_totp
    "csp",
    "gongkai.core",
    "gongkai.calendars",
    "gongkai.agencies",
    "gongkai.catalogue",
    "gongkai.applications",
    "gongkai.appeals",
    "gongkai.reports",
    "gongkai.api",
    "gongkai.portal",
    "django_tasks",
    "gongkai.core.apps.TaskResultsConfig",  # django_tasks_db
]

MIDDLEWARE = [
    # request id and client address for every log line and audit row; replica reads
    "gongkai.core.middleware.RequestContextMiddleware",
    # /healthz, before host validation and the HTTPS redirect
    "gongkai.core.middleware.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "gongkai.core.middleware.UrlLengthMiddleware",
    # a NUL character in the address: 400 (PostgreSQL cannot look up such a value)
    "gongkai.core.middleware.NulCharacterMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # session lifetime, and the second factor for staff who have (or must have) one
    "gongkai.agencies.middleware.StaffSessionMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Chinese pages for the empty 405 answers
    "gongkai.core.middleware.ErrorPageMiddleware",
    # login lockout (django-axes): must be last
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "gongkai.config.urls"

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
            ],
        },
    },
]

WSGI_APPLICATION = "gongkai.config.wsgi.application"

_default_db = f"sqlite:///{VAR_DIR / 'gongkai.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", _default_db), conn_max_age=60 if PRODUCTION else 0
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {"timeout": 20, "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"}
    )
#: PostgreSQL streaming replicas (comma-separated URLs): the public portal, search and API read
#: from them (gongkai.core.dbrouter); tests mirror them onto the default database.
for _number, _url in enumerate(_list("DATABASE_REPLICA_URLS", []), start=1):
    DATABASES[f"replica{_number}"] = {
        **dj_database_url.parse(_url, conn_max_age=60 if PRODUCTION else 0),
        "TEST": {"MIRROR": "default"},
    }
DATABASE_ROUTERS = ["gongkai.core.dbrouter.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

#: Redis as the shared cache of several application servers (sessions are cached there too).
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "gongkai"),
            "TIMEOUT": 300,
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
#: How long a rendered public page is kept for anonymous readers (gongkai.portal.pagecache);
#: every change to what the portal shows renews the pages at once. 0: no page cache.
PORTAL_PAGE_CACHE_SECONDS = int(os.environ.get("PORTAL_PAGE_CACHE_SECONDS", "300"))

# --- accounts: password policy, lockout, sessions, second factor -----------------------------
#: 等保 practice: at least 10 characters from three of the four classes (lower case, upper
#: case, digits, other), not like the account name, not a common password.
PASSWORD_MIN_LENGTH = int(os.environ.get("PASSWORD_MIN_LENGTH", "10"))
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "gongkai.core.passwords.MinimumLengthValidator",
        "OPTIONS": {"min_length": PASSWORD_MIN_LENGTH},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {
        "NAME": "gongkai.core.passwords.CharacterClassesValidator",
        "OPTIONS": {"min_classes": 3},
    },
]
AUTHENTICATION_BACKENDS = [
    # refuses a locked-out login before the password is checked (django-axes)
    "gongkai.core.lockout.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "staff:login"
LOGIN_REDIRECT_URL = "staff:dashboard"
LOGOUT_REDIRECT_URL = "portal:home"

# Lockout after repeated failures, at /staff/login/ and /admin/login/ alike (django-axes). An
# account is locked after LOGIN_FAILURE_LIMIT failures from anywhere, and an address after as
# many failures for any accounts, for LOGIN_LOCKOUT_MINUTES; a success resets the count.
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("LOGIN_LOCKOUT_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "gongkai.core.lockout.lockout_response"
AXES_CLIENT_IP_CALLABLE = "gongkai.core.requestctx.client_ip"
AXES_USERNAME_CALLABLE = "gongkai.core.lockout.attempted_username"
AXES_ENABLE_ADMIN = False  # the platform's admin registers the lockout tables itself
AXES_VERBOSE = False  # the audit trail records logins, failures and lockouts
AXES_DISABLE_ACCESS_LOG = True  # (so axes' own log of successful logins is not kept twice)
AXES_SENSITIVE_PARAMETERS = ["password"]

#: A session ends after SESSION_IDLE_MINUTES without a request, and in any case
#: SESSION_MAX_HOURS after the login; closing the browser ends it too.
SESSION_COOKIE_AGE = 60 * int(os.environ.get("SESSION_IDLE_MINUTES", "120"))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
GONGKAI_SESSION_MAX_AGE = timedelta(hours=int(os.environ.get("SESSION_MAX_HOURS", "12")))

#: Second factor (TOTP, django-otp): "" lets each agency decide (its 管理员 may require it for
#: its staff), "superusers" requires it of platform administrators, "all" of every account
#: that signs in to /staff/ or /admin/.
TWO_FACTOR_REQUIRED = os.environ.get("TWO_FACTOR_REQUIRED", "").strip().lower()
if TWO_FACTOR_REQUIRED not in {"", "superusers", "all"}:
    raise ImproperlyConfigured("TWO_FACTOR_REQUIRED must be empty, 'superusers' or 'all'.")
OTP_TOTP_ISSUER = os.environ.get("OTP_TOTP_ISSUER", "政务公开工作平台")

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Statutory dates are dates; datetimes are stored in UTC and shown in Asia/Shanghai.
TIME_ZONE = os.environ.get("TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", PROJECT_DIR / "staticfiles"))
#: Files served at the site's root (favicon.ico) by WhiteNoise.
WHITENOISE_ROOT = BASE_DIR / "static" / "root"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/media/"  # never served as such: files go out through views that check access

#: Uploaded files: on local disk under MEDIA_ROOT (default), or in an S3-compatible bucket
#: (MEDIA_STORAGE=s3: Amazon S3, MinIO, Ceph, 阿里云 OSS, 腾讯云 COS …). The bucket stays private:
#: files are served through the application, which checks who may read them.
MEDIA_STORAGE = os.environ.get("MEDIA_STORAGE", "local").strip().lower()
if MEDIA_STORAGE == "local":
    _media_storage: dict[str, object] = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
elif MEDIA_STORAGE == "s3":
    _media_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ.get("S3_BUCKET", ""),
            "endpoint_url": os.environ.get("S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("S3_REGION") or None,
            "access_key": os.environ.get("S3_ACCESS_KEY_ID") or None,
            "secret_key": os.environ.get("S3_SECRET_ACCESS_KEY") or None,
            "location": os.environ.get("S3_PREFIX", ""),
            "addressing_style": os.environ.get("S3_ADDRESSING_STYLE") or None,
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
    if not _media_storage["OPTIONS"]["bucket_name"]:  # type: ignore[index]
        raise ImproperlyConfigured("MEDIA_STORAGE=s3 needs S3_BUCKET.")
else:
    raise ImproperlyConfigured("MEDIA_STORAGE must be 'local' or 's3'.")
STORAGES = {
    "default": _media_storage,
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

#: Largest accepted upload (attachments, applicants' files), in MB; checked by content too.
GONGKAI_UPLOAD_MAX_BYTES = int(os.environ.get("GONGKAI_UPLOAD_MAX_MB", "20")) * 1024 * 1024

#: The full-text index of published records (gongkai.catalogue.search): a tantivy index on local
#: disk, rebuilt by `gongkai reindex`. GONGKAI_SEARCH_ENGINE names another engine's factory.
GONGKAI_SEARCH_DIR = Path(os.environ.get("GONGKAI_SEARCH_DIR", VAR_DIR / "search"))
GONGKAI_SEARCH_ENGINE = os.environ.get(
    "GONGKAI_SEARCH_ENGINE", "gongkai.catalogue.search.engine.engine"
)

#: The public lists' 发布机关 filter is a drop-down of every agency up to this many public
#: agencies; above it, a text field for an agency's name or code (a county's thousands of
#: agencies make a drop-down no one can use, and every page heavy).
PORTAL_AGENCY_SELECT_MAX = int(os.environ.get("PORTAL_AGENCY_SELECT_MAX", "100"))

# --- personal data at rest ---------------------------------------------------------------------
#: Keys for the encrypted model fields (gongkai.core.fields: applicants' ID numbers and phone
#: numbers): comma-separated Fernet keys, the first encrypts, all decrypt (key rotation:
#: put the new key first, run `gongkai rekey`, then remove the old key). Without it the key
#: is derived from SECRET_KEY, so changing SECRET_KEY then makes stored values unreadable;
#: `gongkai selfcheck` refuses production without it (gongkai.E002).
GONGKAI_FIELD_KEYS = _list("GONGKAI_FIELD_KEYS", [])
#: Applications (依申请公开): whether the time from a fee notice to payment is excluded from the
#: reply period (DOMAIN.md U2: not settled; default yes). A setting because it is a reading
#: of the law the whole platform shares, not an agency's choice.
GONGKAI_FEE_PAUSES_CLOCK = _bool("GONGKAI_FEE_PAUSES_CLOCK", True)

# --- request limits ----------------------------------------------------------------------------


def _rate_limits(name: str) -> dict[str, tuple[int, int]]:
    """``apply_ip=30/3600,track_ip=20/900`` → {name: (hits, seconds)}."""
    limits: dict[str, tuple[int, int]] = {}
    for item in _list(name, []):
        key, _sep, value = item.partition("=")
        hits, _slash, seconds = value.partition("/")
        if not (key.strip() and hits.strip().isdigit() and seconds.strip().isdigit()):
            raise ImproperlyConfigured(f"{name}: expected name=hits/seconds, got {item!r}")
        limits[key.strip()] = (int(hits), int(seconds))
    return limits


#: Rate limits of the public application form and the status page (names and defaults in
#: gongkai.applications.public_limits.DEFAULT_LIMITS). Unset: the defaults, in production too.
#: Set only for a load test from one address (bench/load_soak.py); `gongkai selfcheck` warns
#: when production loosens a limit.
GONGKAI_PUBLIC_LIMITS = _rate_limits("GONGKAI_PUBLIC_LIMITS")
#: A form post without files (files are limited by their own checks, gongkai.core.uploads).
DATA_UPLOAD_MAX_MEMORY_SIZE = int(os.environ.get("DATA_UPLOAD_MAX_MEMORY_SIZE", str(2_621_440)))
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000
#: Longer addresses get a Chinese 414 page; keep below the proxy's limit (deploy/nginx.conf).
GONGKAI_MAX_URL_LENGTH = 4096

# Background work (text extraction, search indexing, reminders) goes through Django's task
# framework (the django-tasks backport) with its database backend: nothing else has to run.
# GONGKAI_TASKS=immediate runs tasks inline, at enqueue time (tests, single-process setups).
TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend"
        if os.environ.get("GONGKAI_TASKS", "database") == "immediate"
        else "django_tasks_db.DatabaseBackend"
    }
}

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "gongkai@localhost")

# --- HTTP security ------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
CSRF_FAILURE_VIEW = "gongkai.core.errors.csrf_failure"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if PRODUCTION:
    SESSION_COOKIE_SECURE = _bool("SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = _bool("SECURE_COOKIES", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = _bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = _bool("HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = _bool("HSTS_PRELOAD", False)
    if not SECURE_HSTS_PRELOAD:
        # Joining the browsers' preload list is the domain owner's decision (HSTS_PRELOAD=1).
        SILENCED_SYSTEM_CHECKS = ["security.W021"]

#: Content-Security-Policy (django-csp): no inline scripts or styles anywhere, no framing, forms
#: post only to this site. Templates put scripts and styles in static files.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# --- logging -----------------------------------------------------------------------------------
#: One "gongkai.access" line per request (method, path, status, duration, request id, user id).
GONGKAI_ACCESS_LOG = _bool("ACCESS_LOG", True)
#: "json" (one object per line, the default in production) or "text".
LOG_FORMAT = os.environ.get("LOG_FORMAT", "json" if PRODUCTION else "text").strip().lower()
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_context": {"()": "gongkai.core.logging.RequestContextFilter"},
        "refusals": {"()": "gongkai.core.logging.RefusalFilter"},
    },
    "formatters": {
        "json": {"()": "gongkai.core.logging.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_context", "refusals"],
            "formatter": "json" if LOG_FORMAT == "json" else "text",
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # Django's own handlers would print some records twice; everything goes through the root.
    "loggers": {
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        # the audit trail records logins and failures; axes' own lines are noise at INFO
        "axes": {"level": "WARNING"},
    },
}

# --- annual reports (条例第四十九、五十条) ---------------------------------------------------
# Which 行政复议/行政诉讼 cases table 四 counts for a year (DOMAIN.md U5: no official rule;
# docs/reports.md): ``filed_or_concluded`` (filed in the year, plus earlier cases concluded in
# it), ``filed`` (filed in the year only) or ``active`` (every case open at some time in the
# year). A case still open on 31 December is 尚未审结.
APPEALS_COUNTING_WINDOW = os.environ.get("APPEALS_COUNTING_WINDOW", "filed_or_concluded")
