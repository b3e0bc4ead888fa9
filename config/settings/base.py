"""Settings shared by every environment. Everything configurable comes from the environment.

The environment modules (dev, test, production) only decide defaults and what is mandatory.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from django.utils.translation import gettext_lazy as _

import environ
from celery.schedules import crontab

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()

SECRET_KEY = env("DJANGO_SECRET_KEY", default="")
# Earlier keys, while rotating: signed sessions and the recovery codes' hashes stay valid.
SECRET_KEY_FALLBACKS: list[str] = env.list("DJANGO_SECRET_KEY_FALLBACKS", default=[])
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS: list[str] = env.list("DJANGO_ALLOWED_HOSTS", default=[])
CSRF_TRUSTED_ORIGINS: list[str] = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_htmx",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "mozilla_django_oidc",
    "core",
    "casework",
    "regulations",
    "breakthroughs",
    "signals",
    "retention",
    "hub",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.middleware.TraceContextMiddleware",
    "core.middleware.LanguageFromChoiceMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "core.middleware.SessionLifetimeMiddleware",
    "core.middleware.SecondFactorRequiredMiddleware",
    "core.middleware.PrivateResponseMiddleware",
    "core.middleware.DeniedAccessAuditMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # AxesMiddleware must be last: it turns a lockout into the lockout response.
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
                "core.context_processors.navigation",
            ],
        },
    },
]
FORM_RENDERER = "core.form_rendering.FormRenderer"

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False  # services open their own transactions
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    # Axes first so that a locked-out account is refused before the password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "core:dashboard"
LOGOUT_REDIRECT_URL = "login"

# Sessions: 30 minutes idle, 10 hours at most (core.middleware.SessionLifetimeMiddleware keeps
# both clocks; the cookie's expiry is renewed whenever the session is saved).
SESSION_COOKIE_AGE = env.int("SESSION_IDLE_TIMEOUT_SECONDS", default=30 * 60)
SESSION_SAVE_EVERY_REQUEST = False
SESSION_ABSOLUTE_LIFETIME_SECONDS = env.int("SESSION_ABSOLUTE_LIFETIME_SECONDS", default=10 * 3600)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

# Brute-force protection: ten failed attempts get the normal error; the eleventh locks the
# account (axes locks on the attempt that reaches the limit).
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=11)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=30))
# Lock the combination of account and client address: locking by address alone lets one
# attacker lock out everyone who shares it (a proxy, an office NAT), and locking by username
# alone lets anyone lock out a known colleague. The address is the one the audit log uses
# (core.audit.client_ip): X-Forwarded-For only as far as our own proxies wrote it.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "core.audit.axes_client_ip"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False

# Two-step login (core.mfa): a TOTP app plus recovery codes for every local account with a role.
# Production always enforces it; only the embedded demo and the tests may switch it off.
MFA_REQUIRED = env.bool("MFA_REQUIRED", default=True)
# Wrong codes in one session before it ends (django-otp also slows each device down).
MFA_MAX_ATTEMPTS = env.int("MFA_MAX_ATTEMPTS", default=5)
OTP_TOTP_ISSUER = "Doorbraak"

# OpenID Connect with the municipality's identity provider, switched on by configuration.
OIDC_ENABLED = env.bool("OIDC_ENABLED", default=False)
OIDC_RP_CLIENT_ID = env("OIDC_RP_CLIENT_ID", default="")
OIDC_RP_CLIENT_SECRET = env("OIDC_RP_CLIENT_SECRET", default="")
OIDC_OP_AUTHORIZATION_ENDPOINT = env("OIDC_OP_AUTHORIZATION_ENDPOINT", default="")
OIDC_OP_TOKEN_ENDPOINT = env("OIDC_OP_TOKEN_ENDPOINT", default="")
OIDC_OP_USER_ENDPOINT = env("OIDC_OP_USER_ENDPOINT", default="")
OIDC_OP_JWKS_ENDPOINT = env("OIDC_OP_JWKS_ENDPOINT", default="")
OIDC_RP_SIGN_ALGO = env("OIDC_RP_SIGN_ALGO", default="RS256")
OIDC_RP_SCOPES = "openid email profile"
if OIDC_ENABLED:
    AUTHENTICATION_BACKENDS.append("core.oidc.NoRightsUntilGrantedBackend")

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands")), ("en", _("Engels"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# NL Design System CSS comes from npm (package.json + package-lock.json), never copied by hand.
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("nlds/utrecht", BASE_DIR / "node_modules/@utrecht/component-library-css/dist"),
    (
        "nlds/tokens",
        BASE_DIR / "node_modules/@nl-design-system-unstable/voorbeeld-design-tokens/dist",
    ),
    ("vendor/htmx", BASE_DIR / "node_modules/htmx.org/dist"),
    # The theme's fonts, self-hosted (the CSP allows fonts from 'self' only).
    ("fonts/noto-sans", BASE_DIR / "node_modules/@fontsource-variable/noto-sans"),
    ("fonts/noto-sans-mono", BASE_DIR / "node_modules/@fontsource-variable/noto-sans-mono"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Content Security Policy: no inline script, no third-party origins.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# BSN encryption at rest and the keyed hash for exact lookup (casework).
BSN_ENCRYPTION_KEYS: list[str] = env.list("BSN_ENCRYPTION_KEYS", default=[])
BSN_HASH_KEY = env("BSN_HASH_KEY", default="")

# How many reverse proxies in front of the app append to X-Forwarded-For. 0 (the default) trusts
# none: the audit log and the API's rate limits use the connection's own address, which a client
# cannot forge. Behind one proxy (production), set 1.
TRUSTED_PROXY_HOPS = env.int("TRUSTED_PROXY_HOPS", default=0)
AUDIT_TRUSTED_PROXY_HOPS = TRUSTED_PROXY_HOPS
# The key of the data-subject pseudonyms in the audit log (core.audit.subject_pseudonym). Changing
# it breaks the link between old and new rows about the same person: keep it like the BSN keys.
AUDIT_SUBJECT_KEY = env("AUDIT_SUBJECT_KEY", default="")
# Where the register of processing activities is published; the audit rows' activity codes are
# fragments of it (Logboek Dataverwerkingen: dpl.core.processing_activity_id is a URI).
PROCESSING_REGISTER_URI = env("PROCESSING_REGISTER_URI", default="")
# Networks whose anonymous requests to /health/ see which checks failed (monitoring).
HEALTH_DETAIL_NETWORKS: list[str] = env.list(
    "HEALTH_DETAIL_NETWORKS", default=["127.0.0.0/8", "::1/128"]
)

REST_FRAMEWORK = {
    "NUM_PROXIES": TRUSTED_PROXY_HOPS,
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first: its WWW-Authenticate makes a refused token a 401, not a 403.
        "core.api.authentication.HashedTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "core.api.pagination.PageNumberPagination",
    "PAGE_SIZE": 25,
    "EXCEPTION_HANDLER": "core.api.problems.problem_details_handler",
    "DEFAULT_PARSER_CLASSES": [
        "core.api.parsers.BoundedJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_THROTTLE_CLASSES": [
        "core.api.throttling.AnonThrottle",
        "core.api.throttling.UserThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env("API_ANON_THROTTLE_RATE", default="60/min"),
        "user": env("API_USER_THROTTLE_RATE", default="600/min"),
        # Showing a full BSN is a deliberate act per client, never a bulk operation.
        "reveal-bsn": env("REVEAL_BSN_THROTTLE_RATE", default="60/hour"),
        # The hub's receiving endpoint (ScopedRateThrottle, per client address).
        "hub": env("HUB_THROTTLE_RATE", default="120/minute"),
    },
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Doorbraak API",
    "DESCRIPTION": (
        "API van Doorbraak: huishoudens en hun dossier, toetsing op regelingen, doorbraken en "
        "signalen. Fouten volgen RFC 7807 (application/problem+json) met meldingen per veld."
    ),
    "VERSION": "1.0.0",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "SERVE_INCLUDE_SCHEMA": False,
    # The schema maps every endpoint and field: only for signed-in users.
    "SERVE_PUBLIC": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    # Swagger UI from our own static files (drf-spectacular-sidecar): the CSP allows no CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SORT_OPERATIONS": True,  # deterministic output, so the committed schema can be diffed
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums"],
    # One name for the scheme codes, used by received benefits and the create call.
    "ENUM_NAME_OVERRIDES": {"SchemeCodeEnum": "casework.constants.SchemeCode"},
}

# Personal API tokens (core.ApiToken): hashed, expiring, revocable (manage.py api_token).
API_TOKEN_LIFETIME_DAYS = env.int("API_TOKEN_LIFETIME_DAYS", default=30)
API_TOKEN_MAX_LIFETIME_DAYS = env.int("API_TOKEN_MAX_LIFETIME_DAYS", default=365)
# A token unused this long stops working, like an idle session.
API_TOKEN_IDLE_DAYS = env.int("API_TOKEN_IDLE_DAYS", default=14)

# Celery with Redis. Tasks take ids, are idempotent (acks_late) and never carry personal data.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="redis://127.0.0.1:6379/0")
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=CELERY_BROKER_URL)
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = 5 * 60
CELERY_TASK_TIME_LIMIT = 15 * 60
CELERY_RESULT_EXPIRES = 24 * 3600
CELERY_TIMEZONE = TIME_ZONE
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULE: dict[str, dict] = {
    # Tasks that waited in the outbox while the broker was away (core.outbox). Beat's own message
    # reaches a worker once the broker is back; `manage.py relay_outbox --loop` needs no broker.
    "outbox-relay": {"task": "core.tasks.relay_outbox", "schedule": 30.0},
    "core-heartbeat": {"task": "core.tasks.heartbeat", "schedule": crontab(minute="*/15")},
    "breakthrough-deadlines": {
        "task": "breakthroughs.tasks.process_deadlines",
        "schedule": crontab(minute="*/10"),
    },
    # Art. 4 Wgs limits are whole days: hourly is soon enough, and a run is idempotent.
    "wgs-deadlines": {
        "task": "casework.tasks.process_wgs_deadlines",
        "schedule": crontab(minute=5),
    },
    # Daily in the first days after a quarter closes; generation is idempotent.
    "signal-reports-after-quarter": {
        "task": "signals.tasks.generate_signal_reports",
        "schedule": crontab(minute=30, hour=2, day_of_month="1-7", month_of_year="1,4,7,10"),
    },
    # Weekly while any parameter value has ended without a successor or ends within 60 days.
    "parameter-currency-mail": {
        "task": "regulations.tasks.parameter_currency_mail",
        "schedule": crontab(minute=0, hour=7, day_of_week="mon"),
    },
    # The hub's national precedents and knelpunten, once a day (conditional GET, issue 14).
    "hub-feeds-daily": {
        "task": "breakthroughs.tasks.pull_hub_feeds",
        "schedule": crontab(minute=40, hour=3),
    },
    "lever-outcomes-daily": {
        "task": "signals.tasks.send_all_lever_outcomes",
        "schedule": crontab(minute=10, hour=3),
    },
    "signal-report-delivery-sweeper": {
        "task": "signals.tasks.deliver_due_reports",
        "schedule": crontab(minute="*/5"),
    },
    # Daily: a destruction list per municipality with something past its retention term; a list
    # in progress blocks a second one, so reruns are harmless.
    "retention-draft-destruction-lists": {
        "task": "retention.tasks.draft_destruction_lists",
        "schedule": crontab(minute=15, hour=3),
    },
}

# Installation-wide retention terms in years per record type ("household_dossier=15,audit_log=10")
# for municipalities without a decision of their own (recorded in the app, RetentionTermDecision);
# the defaults and their sources are in retention/constants.py.
RETENTION_TERM_YEARS: dict[str, int] = env.dict(
    "RETENTION_TERM_YEARS", cast={"value": int}, default={}
)
# Login data (audit rows "auth.*") in months, one term for the whole installation: Selectielijst
# 2020 category 19.1.24 gives 6 (the default when unset, None here). Never below 1.
_login_months = env.int("RETENTION_LOGIN_MONTHS", default=None)
RETENTION_LOGIN_MONTHS: int | None = None if _login_months is None else max(1, _login_months)

# Signal reports to the VNG: disclosure threshold (configurable upwards only), receiver, tokens.
SIGNAL_REPORT_MIN_CELL = max(10, env.int("SIGNAL_REPORT_MIN_CELL", default=10))
SIGNAL_RECEIVER_URL = env("SIGNAL_RECEIVER_URL", default="http://127.0.0.1:8000/hub/api/reports/")
# "GM0479=token,GM0363=token": one token per municipality, issued by the hub.
SIGNAL_RECEIVER_TOKENS: dict[str, str] = dict(
    item.split("=", 1) for item in env.list("SIGNAL_RECEIVER_TOKENS", default=[]) if "=" in item
)
SIGNAL_DELIVERY_TIMEOUT_SECONDS = env.float("SIGNAL_DELIVERY_TIMEOUT_SECONDS", default=10.0)
SIGNAL_DELIVERY_BACKOFF_BASE_SECONDS = env.int("SIGNAL_DELIVERY_BACKOFF_BASE_SECONDS", default=60)
SIGNAL_DELIVERY_BACKOFF_MAX_SECONDS = env.int("SIGNAL_DELIVERY_BACKOFF_MAX_SECONDS", default=3600)
# Keep retrying for three days (at least a day, as agreed with the receiver) before giving up.
SIGNAL_DELIVERY_GIVE_UP_SECONDS = env.int("SIGNAL_DELIVERY_GIVE_UP_SECONDS", default=3 * 86400)

# The VNG hub: the receiving side of the same product, switched on by configuration.
HUB_ENABLED = env.bool("HUB_ENABLED", default=False)
HUB_MAX_BODY_BYTES = env.int("HUB_MAX_BODY_BYTES", default=1_000_000)

# The hub's feeds a municipality pulls daily, and the retries while the hub is out.
HUB_FEEDS_URL = env("HUB_FEEDS_URL", default="http://127.0.0.1:8000/hub/api/feeds/")
# The hub's public page, where a local signal links to its national counterpart.
HUB_PUBLIC_URL = env("HUB_PUBLIC_URL", default="http://127.0.0.1:8000/hub/")
HUB_FEED_TIMEOUT_SECONDS = env.float("HUB_FEED_TIMEOUT_SECONDS", default=10.0)
HUB_FEED_RETRY_BASE_SECONDS = env.int("HUB_FEED_RETRY_BASE_SECONDS", default=300)
HUB_FEED_RETRY_MAX_SECONDS = env.int("HUB_FEED_RETRY_MAX_SECONDS", default=3 * 3600)
HUB_FEED_MAX_RETRIES = env.int("HUB_FEED_MAX_RETRIES", default=6)
# Where the municipality posts its lever outcomes (doorbraak.lever-outcomes/1), daily.
HUB_LEVER_OUTCOMES_URL = env(
    "HUB_LEVER_OUTCOMES_URL", default="http://127.0.0.1:8000/hub/api/lever-outcomes/"
)

# Time limits for a decision on a breakthrough, in Dutch working days.
BREAKTHROUGH_DUE_WORKING_DAYS = {
    "acute": env.int("BREAKTHROUGH_DUE_ACUTE_DAYS", default=2),
    "regular": env.int("BREAKTHROUGH_DUE_REGULAR_DAYS", default=10),
}

EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="doorbraak@gemeente.example")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}

# Worker processes of a reform simulation (read, parse and screen its chunks); 0: one per core,
# 1: in the task's own process. A Celery prefork child always runs it in-process (it may not fork).
SIMULATION_PROCESSES = env.int("SIMULATION_PROCESSES", default=0)
# A queue of its own for simulations, served by a worker that is not prefork (compose:
# `simulations`, `--pool threads`), so a run can use the worker processes above. Empty: the
# default queue (a run then stays in the prefork child's own process).
SIMULATION_QUEUE = env("SIMULATION_QUEUE", default="")
if SIMULATION_QUEUE:
    CELERY_TASK_ROUTES = {"regulations.tasks.run_simulation": {"queue": SIMULATION_QUEUE}}
