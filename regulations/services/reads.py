"""Audited reads of screenings, Werken loont and the proactive-grant list, shared by the pages and
the API (the casework `record_read` pattern): the same action and purpose whichever way a user
looks."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest

from casework.models import Household
from core.audit import audit_record
from core.models import User

# The purpose of every audit row of the regulations app (screening and granting).
PURPOSE = "toetsing"


def _actor(user: User | AnonymousUser) -> User | None:
    return user if isinstance(user, User) else None


def record_read(
    *,
    actor: User | AnonymousUser,
    action: str,
    household: Household,
    obj: Any = None,
    request: HttpRequest | None = None,
    data: dict[str, Any] | None = None,
) -> None:
    """One audit row for a read about `household` (`obj`: the screening read, else the household),
    in the household's municipality."""
    audit_record(
        actor=_actor(actor),
        action=action,
        obj=obj if obj is not None else household,
        request=request,
        household_id=household.pk,
        municipality_code=household.municipality.cbs_code,
        purpose=PURPOSE,
        data=data,
    )


def record_grant_list(*, actor: User | AnonymousUser, request: HttpRequest | None) -> None:
    """The proactive-grant list names households: who looked (page and API alike)."""
    audit_record(
        actor=_actor(actor), action="proactivegrant.list", request=request, purpose=PURPOSE
    )
