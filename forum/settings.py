"""Frontline settings: one file, every external value from an environment variable.

With DEBUG unset the site runs in production mode and refuses to start without a
SECRET_KEY. `make run` sets DEBUG=1, which turns on the embedded defaults: SQLite,
a filesystem Celery broker and email written to files under var/.
"""

import os
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("FRONTLINE_VAR_DIR", BASE_DIR / "var"))


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def env_bool(name: str, default: bool = False) -> bool:
    """A yes/no variable. A value that is neither (DEBUG=ture) stops the start: read as
    false it would quietly turn a setting off."""
    value = env(name).lower()
    if not value:
        return default
    if value in {"1", "true", "yes", "on"}:
        return True
    if value not in {"0", "false", "no", "off"}:
        raise ImproperlyConfigured(
            f"{name}={env(name)!r} is not a yes or no: use 1/0, true/false, yes/no, on/off, "
            "or leave it empty."
        )
    return False


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


def email_from_url(url: str) -> dict:
    """Turn EMAIL_URL (smtp://, smtp+tls://, smtp+ssl://, file://, console://,
    locmem://) into a MAILERS entry."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    backends = "django.core.mail.backends."
    if scheme == "file":
        path = unquote(parts.path) or str(VAR_DIR / "mail")
        return {"BACKEND": FILE_EMAIL_BACKEND, "OPTIONS": {"file_path": path}}
    if scheme in {"console", "locmem", "dummy"}:
        return {"BACKEND": backends + f"{scheme}.EmailBackend"}
    if scheme not in {"smtp", "smtp+tls", "smtp+ssl", "smtps"}:
        raise ImproperlyConfigured(f"EMAIL_URL has an unknown scheme: {scheme!r}")
    query = parse_qs(parts.query)
    options = {
        "host": parts.hostname or "localhost",
        "port": parts.port or (465 if scheme in {"smtp+ssl", "smtps"} else 25),
        "username": unquote(parts.username or ""),
        "password": unquote(parts.password or ""),
        "use_tls": scheme == "smtp+tls" or query.get("tls") == ["1"],
        "use_ssl": scheme in {"smtp+ssl", "smtps"},
        "timeout": SMTP_TIMEOUT,
    }
    return {"BACKEND": backends + "smtp.EmailBackend", "OPTIONS": options}


def email_from_parts() -> dict:
    """The usual EMAIL_HOST/EMAIL_PORT/... variables, read from the environment."""
    return {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": env("EMAIL_HOST", "localhost"),
            "port": int(env("EMAIL_PORT", "25")),
            "username": env("EMAIL_HOST_USER"),
            "password": env("EMAIL_HOST_PASSWORD"),
            "use_tls": env_bool("EMAIL_USE_TLS"),
            "use_ssl": env_bool("EMAIL_USE_SSL"),
            "timeout": SMTP_TIMEOUT,
        },
    }


def sqlite_database(config: dict) -> None:
    """Give a SQLite database (embedded or from DATABASE_URL) the options the site
    needs: WAL lets the web server and the Celery worker write at once; IMMEDIATE
    transactions take the write lock when they begin, so concurrent writers wait
    their turn (up to the busy timeout) instead of failing with "database is
    locked". Tests use a file too (pytest-django adds the xdist worker's suffix):
    Django's default in-memory test database locks whole tables and ignores the
    busy timeout, a locking model the site never runs."""
    config.setdefault("OPTIONS", {}).update(
        init_command="PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        transaction_mode="IMMEDIATE",
        timeout=20,
    )
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    name = Path(config["NAME"]).name
    config.setdefault("TEST", {}).setdefault("NAME", str(VAR_DIR / f"test_{name}"))


# --- Core -------------------------------------------------------------------

DEBUG = env_bool("DEBUG")
SECRET_KEY = env("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set: set SECRET_KEY (or DEBUG=1 for local development)."
        )
    SECRET_KEY = "insecure-development-key-only-used-when-DEBUG-is-set"

SITE_NAME = env("SITE_NAME", "Frontline")
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = [SITE_URL] if SITE_URL.startswith("https://") else []

INSTALLED_APPS = [
    "forum.admin_site.FrontlineAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django_htmx",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "allauth.socialaccount.providers.saml",
    "forum",
    "accounts",
    "ideas",
    "notifications",
    "insights",
    "moderation",
    "bench",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before anything reads the session or a form: a NUL never reaches a query.
    "forum.middleware.RefuseNulBytesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "forum.middleware.PrivateWhenSignedInMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.middleware.UserTimezoneMiddleware",
]

ROOT_URLCONF = "forum.urls"
# The benchmark's floor views (bench/floor.py) are mounted only when this is set, by
# `make bench`; never in a real deployment.
BENCH_FLOOR = env_bool("BENCH_FLOOR")
WSGI_APPLICATION = "forum.wsgi.application"
ASGI_APPLICATION = "forum.asgi.application"
SITE_ID = 1

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "OPTIONS": {
            # The project's templates without their indentation (forum/template_loaders.py),
            # then the apps'; compiled once per process, as Django's default does.
            "loaders": [
                (
                    "django.template.loaders.cached.Loader",
                    [
                        "forum.template_loaders.Loader",
                        "django.template.loaders.app_directories.Loader",
                    ],
                )
            ],
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "forum.context_processors.site",
                "notifications.context_processors.unread_count",
            ],
        },
    },
]

# --- Data -------------------------------------------------------------------

DATABASE_URL = env("DATABASE_URL")
PLAN_CACHE_MODES = ("auto", "force_generic_plan", "force_custom_plan")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
    if DATABASES["default"]["ENGINE"].endswith("postgresql"):
        options = DATABASES["default"].setdefault("OPTIONS", {})
        # Fail fast rather than hang when the database host is unreachable.
        options.setdefault("connect_timeout", 5)
        # Server-side binding lets psycopg prepare a statement run five times on a
        # connection (kept for CONN_MAX_AGE): the list pages' queries take longer to
        # plan than to run (bench/RESULTS.md). Behind PgBouncer in transaction mode
        # older than 1.21, set DATABASE_PREPARE_THRESHOLD=0 (README, "Scaling out").
        threshold = int(env("DATABASE_PREPARE_THRESHOLD", "5"))
        if threshold:
            options.setdefault("server_side_binding", True)
            options.setdefault("prepare_threshold", threshold)
            if plan_cache_mode := env("DATABASE_PLAN_CACHE_MODE", ""):
                if plan_cache_mode not in PLAN_CACHE_MODES:
                    raise ImproperlyConfigured(
                        f"DATABASE_PLAN_CACHE_MODE must be one of {', '.join(PLAN_CACHE_MODES)}"
                        f", not {plan_cache_mode!r}."
                    )
                options.setdefault("options", f"-c plan_cache_mode={plan_cache_mode}")
else:
    DATABASES = {
        "default": {"ENGINE": "django.db.backends.sqlite3", "NAME": VAR_DIR / "frontline.sqlite3"}
    }
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    sqlite_database(DATABASES["default"])
IS_POSTGRES = DATABASES["default"]["ENGINE"].endswith("postgresql")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            # Shares the broker's Redis database; its clear() only deletes "cache:" keys.
            "BACKEND": "forum.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "cache",
            # A stopped Redis must not hang the pages that use the cache.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 2},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Accounts ---------------------------------------------------------------

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
    # Gives CX leads the model permissions they need in the admin (authenticates nobody).
    "accounts.backends.CXLeadBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"

ALLOWED_SIGNUP_DOMAINS = [d.lower() for d in env_list("ALLOWED_SIGNUP_DOMAINS", "example.com")]

ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"
SOCIALACCOUNT_ADAPTER = "accounts.adapters.SocialAccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
# Sign-up adds the person's name and team; both speak the product's words.
ACCOUNT_FORMS = {"login": "accounts.forms.LoginForm", "signup": "accounts.forms.SignupForm"}
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
# Sign-up is gated by the address's domain, so confirming an address must take a
# person: mail scanners that open links (GET) would otherwise confirm an address for
# whoever signed it up. The link's page is one button (account/email_confirm.html).
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
# Subjects name the product themselves (templates/account/email/*_subject.txt).
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if SITE_URL.startswith("https://") else "http"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = SITE_NAME
SOCIALACCOUNT_ONLY = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
# Identity providers are configured in the admin (Social applications) or here.
SOCIALACCOUNT_PROVIDERS = {"openid_connect": {"OAUTH_PKCE_ENABLED": True}, "saml": {}}

# --- Email ------------------------------------------------------------------

# Emails written to files are plain UTF-8: Django's own file backend writes
# quoted-printable, whose soft line breaks split long links.
FILE_EMAIL_BACKEND = "notifications.backends.FileEmailBackend"
# Seconds an SMTP connection waits for the server at each step; far below the
# outbox tasks' time limits (notifications.models.SEND_TIME_LIMIT).
SMTP_TIMEOUT = 10
# The outbox (notifications.models): beat sweeps up pending rows every
# OUTBOX_SWEEP_SECONDS; after a failed attempt the sweep waits as long as the row is
# old, from OUTBOX_RETRY_MIN_SECONDS to OUTBOX_RETRY_MAX_SECONDS.
OUTBOX_SWEEP_SECONDS = float(env("OUTBOX_SWEEP_SECONDS", "60"))
OUTBOX_RETRY_MIN_SECONDS = float(env("OUTBOX_RETRY_MIN_SECONDS", "60"))
OUTBOX_RETRY_MAX_SECONDS = float(env("OUTBOX_RETRY_MAX_SECONDS", "300"))
if not 0 < OUTBOX_RETRY_MIN_SECONDS <= OUTBOX_RETRY_MAX_SECONDS:
    raise ImproperlyConfigured(
        "OUTBOX_RETRY_MIN_SECONDS must be above 0 and at most OUTBOX_RETRY_MAX_SECONDS."
    )
# Digests (notifications.digests): a worker builds and sends DIGEST_CHUNK_SIZE per task;
# a pending digest whose task was lost (broker down, worker killed mid-build) is
# queued again by the first plan tick DIGEST_REQUEUE_SECONDS after it was planned.
DIGEST_CHUNK_SIZE = int(env("DIGEST_CHUNK_SIZE", "200"))
DIGEST_REQUEUE_SECONDS = float(env("DIGEST_REQUEUE_SECONDS", "600"))
if DIGEST_CHUNK_SIZE < 1 or DIGEST_REQUEUE_SECONDS <= 0:
    raise ImproperlyConfigured(
        "DIGEST_CHUNK_SIZE must be at least 1 and DIGEST_REQUEUE_SECONDS above 0."
    )
# Rate limits (ideas.rate_limits), per person, counted from the database: at most N
# posts (observations and ideas together) or N comments in a window, as "N/10m" or
# "N/1h"; "off" turns a limit off.
POST_RATE_LIMIT = env("POST_RATE_LIMIT", "10/10m")
COMMENT_RATE_LIMIT = env("COMMENT_RATE_LIMIT", "30/10m")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", f"{SITE_NAME} <frontline@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_DIR = VAR_DIR / "mail"
if env("EMAIL_URL"):
    _mailer = email_from_url(env("EMAIL_URL"))
elif env("EMAIL_HOST"):
    _mailer = email_from_parts()
elif DEBUG:
    _mailer = {"BACKEND": FILE_EMAIL_BACKEND, "OPTIONS": {"file_path": str(EMAIL_DIR)}}
else:
    _mailer = email_from_parts()
MAILERS = {"default": _mailer}

# --- Celery -----------------------------------------------------------------

if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": 3600,
        # A request that queues email tries the broker once (notifications.dispatch);
        # an unreachable host must not hold it for the operating system's timeout.
        "socket_connect_timeout": 1,
    }
else:
    # A broker that needs no server: messages are files in var/broker.
    _broker = VAR_DIR / "broker"
    for _sub in ("out", "processed", "control"):
        (_broker / _sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker / "out"),
        "data_folder_out": str(_broker / "out"),
        "processed_folder": str(_broker / "processed"),
        "control_folder": str(_broker / "control"),
        "store_processed": False,
    }
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER")
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = env("TIME_ZONE", "UTC")
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
# Sites that share one Redis database give each its own queue.
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_QUEUE", "celery")
CELERY_BEAT_SCHEDULE = {
    "worker-heartbeat": {"task": "forum.heartbeat", "schedule": 30.0},
    "send-pending-emails": {"task": "notifications.sweep_outbox", "schedule": OUTBOX_SWEEP_SECONDS},
    "escalate": {
        "task": "ideas.escalate",
        "schedule": float(env("ESCALATION_SCAN_SECONDS", "300")),
    },
    "plan-digests": {"task": "notifications.plan_digests", "schedule": 15 * 60.0},
}
# A worker whose heartbeat is older than this is reported down by /healthz.
WORKER_HEARTBEAT_MAX_AGE = int(env("WORKER_HEARTBEAT_MAX_AGE", "90"))

# --- Internationalisation ---------------------------------------------------

LANGUAGE_CODE = "en-gb"
TIME_ZONE = env("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

# --- Static files -----------------------------------------------------------

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# --- Security ---------------------------------------------------------------

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the page, not the cookie
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
}
