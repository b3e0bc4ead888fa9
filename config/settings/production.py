"""Production: everything from the environment, no defaults for secrets, hosts or services."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import TRUSTED_PROXY_HOPS, env

DEBUG = False
SECRET_KEY = env("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS")
DATABASES = {"default": env.db("DATABASE_URL")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)

CELERY_BROKER_URL = env("CELERY_BROKER_URL")
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=CELERY_BROKER_URL)
CELERY_TASK_ALWAYS_EAGER = False

BSN_ENCRYPTION_KEYS = env.list("BSN_ENCRYPTION_KEYS")
BSN_HASH_KEY = env("BSN_HASH_KEY")
if not BSN_ENCRYPTION_KEYS or not BSN_HASH_KEY:
    raise ImproperlyConfigured("BSN_ENCRYPTION_KEYS en BSN_HASH_KEY zijn verplicht in productie.")
# Every local account with a role logs in with a second factor; not configurable here.
MFA_REQUIRED = True

AUDIT_SUBJECT_KEY = env("AUDIT_SUBJECT_KEY")
if not AUDIT_SUBJECT_KEY:
    raise ImproperlyConfigured("AUDIT_SUBJECT_KEY is verplicht in productie.")

# X-Forwarded-Proto only means something when our own proxy sets it; without one a client could
# send it and skip the HTTPS redirect and the secure-cookie checks.
if TRUSTED_PROXY_HOPS > 0:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken"

# Rate limits and lockouts must count across all gunicorn workers: a shared Redis cache.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": env("CACHE_URL", default=CELERY_BROKER_URL),
    }
}
# Sessions read from that shared cache and written through to the database: one query less on
# every request. Only with a cache all workers share (a per-process cache would serve a session
# another worker has since changed or ended).
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
