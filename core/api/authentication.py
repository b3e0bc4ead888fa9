"""Token authentication against hashed, expiring, revocable personal tokens (core.ApiToken).

The header is the one DRF's TokenAuthentication uses (`Authorization: Token <key>`), so clients
keep working; the key is looked up by its SHA-256 and refused once expired or revoked.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

from core.models import ApiToken, User

# Writing last_used_at on every call would cost a write per request; once a minute is enough.
LAST_USED_PRECISION = timedelta(minutes=1)


class HashedTokenAuthentication(TokenAuthentication):
    keyword = "Token"

    def authenticate_credentials(self, key: str) -> tuple[User, ApiToken]:
        token = (
            ApiToken.objects.select_related("user").filter(key_sha256=ApiToken.hash(key)).first()
        )
        if token is None or not token.is_usable:
            raise exceptions.AuthenticationFailed(_("Ongeldig, verlopen of ingetrokken token."))
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("Dit account is niet actief."))
        now = timezone.now()
        # Like a session's idle limit: a token left unused too long stops working.
        idle_since = token.last_used_at or token.created_at
        if now - idle_since > timedelta(days=settings.API_TOKEN_IDLE_DAYS):
            raise exceptions.AuthenticationFailed(_("Ongeldig, verlopen of ingetrokken token."))
        if token.last_used_at is None or now - token.last_used_at > LAST_USED_PRECISION:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user, token

    def authenticate_header(self, request: Any) -> str:
        return self.keyword
