"""Shared pieces of the breakthrough services: the audit purpose, TransitionError, role checks."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from breakthroughs.models import Breakthrough
from core.audit import audit_record
from core.models import Role, User
from core.permissions import Access

PURPOSE = "doorbraak"


class TransitionError(Exception):
    """A step that is not allowed now, for this user, or on a stale view; nothing changed."""

    def __init__(self, message: str, *, code: str) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


def audit_change(
    *,
    actor: User | None,
    action: str,
    breakthrough: Breakthrough,
    request: HttpRequest | None = None,
    data: dict[str, Any] | None = None,
) -> None:
    audit_record(
        actor=actor,
        action=action,
        obj=breakthrough,
        household_id=breakthrough.household_id,
        municipality_code=breakthrough.municipality.cbs_code,
        request=request,
        purpose=PURPOSE,
        data=data,
    )


def may_act(*, access: Access, breakthrough: Breakthrough, roles: frozenset[str]) -> bool:
    for membership in access.memberships:
        if membership.role not in roles:
            continue
        if membership.role == Role.BOARD_MEMBER:
            if membership.municipality_id == breakthrough.municipality_id:
                return True
        elif membership.team_id == breakthrough.team_id:
            return True
    return False
