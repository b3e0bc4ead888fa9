"""API rate limits. Each class reads its rate from the settings when a request comes in.

DRF's throttles copy DEFAULT_THROTTLE_RATES once, at import; these follow the settings, so an
environment variable or a test's override applies.
"""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured

from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle


class _SettingsRate:
    scope: str

    def get_rate(self) -> str | None:
        rates = api_settings.DEFAULT_THROTTLE_RATES
        if self.scope not in rates:
            raise ImproperlyConfigured(f"No default throttle rate set for '{self.scope}' scope")
        return rates[self.scope]


class AnonThrottle(_SettingsRate, AnonRateThrottle):
    """Anonymous clients, per address (REST_FRAMEWORK["NUM_PROXIES"] decides which one)."""


class UserThrottle(_SettingsRate, UserRateThrottle):
    """Signed-in clients, per user, session and token alike."""


class RevealBsnThrottle(_SettingsRate, UserRateThrottle):
    """Full BSNs shown per user, API and web together: a deliberate act, never a bulk export."""

    scope = "reveal-bsn"
