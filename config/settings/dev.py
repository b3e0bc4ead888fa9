"""The embedded default: SQLite and eager Celery unless a database or broker is configured.

`make run` uses this, so a newcomer needs nothing but Python and npm.
"""

import os

from .base import *  # noqa: F403
from .base import env

# Off by default, so `make run` shows the Dutch error pages a user would see; Django's debug
# pages (tracebacks, the URL list) only with DJANGO_DEBUG=true.
DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env("DJANGO_SECRET_KEY", default="dev-only-insecure-key-change-me")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The case page loads its sections in parallel; WAL and a busy timeout let SQLite cope.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }

# Without an explicit broker, run tasks in-process so no Redis is needed.
if "CELERY_BROKER_URL" not in os.environ:
    CELERY_TASK_ALWAYS_EAGER = True
    CELERY_BROKER_URL = "memory://localhost/"
    CELERY_RESULT_BACKEND = "cache+memory://"

# Development keys for BSN encryption; production refuses to start without real ones.
BSN_ENCRYPTION_KEYS = env.list(
    "BSN_ENCRYPTION_KEYS", default=["ZGV2LW9ubHktYnNuLWtleS0zMi1ieXRlcy1sb25nISE="]
)
BSN_HASH_KEY = env("BSN_HASH_KEY", default="dev-only-bsn-hash-key")
AUDIT_SUBJECT_KEY = env("AUDIT_SUBJECT_KEY", default="dev-only-audit-subject-key")

# Whitenoise serves the static files straight from the finders (static/, node_modules), also
# with DEBUG off, so the embedded default needs no collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STATIC_ROOT = None

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# SQLite cannot enforce NULLS NOT DISTINCT; PostgreSQL (tests, production) does.
SILENCED_SYSTEM_CHECKS = ["models.W047"]

# The demo municipality delivers its signal reports to the hub in this same app.
HUB_ENABLED = env.bool("HUB_ENABLED", default=True)

# The demo accounts of `make run` log in with their password only, and the login page says so.
# Set MFA_REQUIRED=true to try the two-step login here; production always enforces it.
MFA_REQUIRED = env.bool("MFA_REQUIRED", default=False)
