"""Role and team helpers. Every view and selector asks these, so scoping lives in one place."""

from __future__ import annotations

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
    """The cached Access of a request (or a fresh one for a bare user)."""
    request = request_or_user if hasattr(request_or_user, "user") else None
    if request is None:
        return Access(request_or_user)
    cached = getattr(request, "_doorbraak_access", None)
    if cached is None or cached.user is not request.user:
        cached = Access(request.user)
        request._doorbraak_access = cached
    return cached
