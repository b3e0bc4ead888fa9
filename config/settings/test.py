"""Test settings: real PostgreSQL and real Redis, never SQLite, never a silent skip."""

import os
import warnings

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env

DEBUG = False
SECRET_KEY = "test-only-secret-key"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]

DATABASES = {
    "default": env.db("DATABASE_URL", default="postgres://postgres@127.0.0.1:5432/doorbraak")
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# The suite opens a connection per request (Django's default); benchmarks/load.py serves with
# production's persistent connections and shared Redis cache, set through these two variables.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=0)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = DATABASES["default"]["CONN_MAX_AGE"] > 0
if env("CACHE_URL", default=""):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": env("CACHE_URL"),
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"  # as in production
if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured("De tests draaien alleen op PostgreSQL (DATABASE_URL).")

CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="redis://127.0.0.1:6379/15")
# Under pytest-xdist every worker has its own database (pytest-django) and its own Redis database,
# so one worker's Celery worker never takes another's tasks: gw0 keeps the configured one, gw1 the
# one below it, and so on.
_XDIST_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
if _XDIST_WORKER.startswith("gw") and _XDIST_WORKER[2:].isdigit():
    _base, _, _db = CELERY_BROKER_URL.rpartition("/")
    if _db.isdigit():
        CELERY_BROKER_URL = f"{_base}/{(int(_db) - int(_XDIST_WORKER[2:])) % 16}"
CELERY_RESULT_BACKEND = CELERY_BROKER_URL
if not CELERY_BROKER_URL.startswith("redis://"):
    raise ImproperlyConfigured("De tests gebruiken een echte Redis-broker (CELERY_BROKER_URL).")
CELERY_TASK_ALWAYS_EAGER = False
# Fail fast when Redis is gone instead of hanging the suite.
CELERY_BROKER_TRANSPORT_OPTIONS = {"max_retries": 0}

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
BSN_ENCRYPTION_KEYS = ["dGVzdC1vbmx5LWJzbi1rZXktMzItYnl0ZXMtbG9uZyE="]
BSN_HASH_KEY = "test-only-bsn-hash-key"
AUDIT_SUBJECT_KEY = "test-only-audit-subject-key"
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
LANGUAGE_CODE = "nl"
HUB_ENABLED = True
# Off for the tests that log in with force_login; the MFA tests switch it on (tests/core/test_mfa.py).
MFA_REQUIRED = False
SIGNAL_DELIVERY_TIMEOUT_SECONDS = 2.0

# Naive datetimes are bugs.
warnings.filterwarnings(
    "error", r"DateTimeField .* received a naive datetime", RuntimeWarning, r"django\.db\.models"
)
