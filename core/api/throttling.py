"""API rate limits. Each class reads its rate from the settings when a request comes in.

DRF's throttles copy DEFAULT_THROTTLE_RATES once, at import; these follow the settings, so an
environment variable or a test's override applies.
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import ImproperlyConfigured

from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError
from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

logger = logging.getLogger(__name__)


class _SettingsRate:
    scope: str

    def get_rate(self) -> str | None:
        rates = api_settings.DEFAULT_THROTTLE_RATES
        if self.scope not in rates:
            raise ImproperlyConfigured(f"No default throttle rate set for '{self.scope}' scope")
        return rates[self.scope]


class _OpenWhileCacheDown:
    """The general limits count in the cache, which in production is the broker's Redis. While
    Redis is away they let requests through (logged), so the API keeps working and a save still
    records its tasks in the outbox; the limit applies again as soon as Redis is back."""

    def allow_request(self, request: Any, view: Any) -> bool:
        try:
            return super().allow_request(request, view)  # type: ignore[misc]
        except (RedisConnectionError, RedisTimeoutError) as exc:
            logger.warning("rate limit not counted, cache unavailable: %s", exc.__class__.__name__)
            return True


class AnonThrottle(_OpenWhileCacheDown, _SettingsRate, AnonRateThrottle):
    """Anonymous clients, per address (REST_FRAMEWORK["NUM_PROXIES"] decides which one)."""


class UserThrottle(_OpenWhileCacheDown, _SettingsRate, UserRateThrottle):
    """Signed-in clients, per user, session and token alike."""


class RevealBsnThrottle(_SettingsRate, UserRateThrottle):
    """Full BSNs shown per user, API and web together: a deliberate act, never a bulk export."""

    scope = "reveal-bsn"
