"""Role and team helpers. Every view and selector asks these, so scoping lives in one place."""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from functools import cached_property

from django.contrib.auth.models import AnonymousUser

from core.models import CASE_ROLES, Membership, Role, User


class Access:
    """What one user may do, read once per request from their memberships."""

    def __init__(self, user: User | AnonymousUser) -> None:
        self.user = user

    @cached_property
    def memberships(self) -> list[Membership]:
        if not self.user.is_authenticated or not self.user.is_active:
            return []
        return list(
            Membership.objects.filter(user=self.user).select_related("team", "municipality")
        )

    @cached_property
    def roles(self) -> frozenset[str]:
        return frozenset(m.role for m in self.memberships)

    def has_role(self, *roles: str) -> bool:
        return bool(self.roles.intersection(roles))

    def team_ids(self, roles: Iterable[str] = CASE_ROLES) -> frozenset[int]:
        """Teams in which the user holds one of `roles` (by default: may see cases)."""
        wanted = frozenset(roles)
        return frozenset(m.team_id for m in self.memberships if m.team_id and m.role in wanted)

    def municipality_ids(self, roles: Iterable[str] | None = None) -> frozenset[int]:
        wanted = frozenset(roles) if roles is not None else None
        return frozenset(
            m.municipality_id for m in self.memberships if wanted is None or m.role in wanted
        )

    @property
    def can_see_cases(self) -> bool:
        return bool(self.team_ids())

    @property
    def is_team_lead(self) -> bool:
        return Role.TEAM_LEAD in self.roles

    @property
    def is_auditor(self) -> bool:
        return Role.AUDITOR in self.roles


def access_for(request_or_user) -> Access:  # type: ignore[no-untyped-def]
    """The Access of a request's user (or a bare user), cached on the user object.

    Views and selectors ask for it several times per request; the memberships are read once.
    """
    user = request_or_user.user if hasattr(request_or_user, "user") else request_or_user
    cached = getattr(user, "_doorbraak_access", None)
    if cached is None:
        cached = Access(user)
        # AnonymousUser and friends may refuse attributes; then it is simply not cached.
        with contextlib.suppress(AttributeError):
            user._doorbraak_access = cached
    return cached
