"""OpenID Connect login with the municipality's identity provider (mozilla-django-oidc)."""

from __future__ import annotations

from typing import Any

from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from core.models import User


class NoRightsUntilGrantedBackend(OIDCAuthenticationBackend):
    """Creates a user on first login without any membership: an admin grants rights later."""

    def create_user(self, claims: dict[str, Any]) -> User:
        user = super().create_user(claims)
        user.first_name = claims.get("given_name", "")[:150]
        user.last_name = claims.get("family_name", "")[:150]
        user.is_staff = False
        user.is_superuser = False
        user.save(update_fields=["first_name", "last_name", "is_staff", "is_superuser"])
        return user

    def update_user(self, user: User, claims: dict[str, Any]) -> User:
        # Never derive rights from claims; memberships are granted in Doorbraak itself.
        return user
