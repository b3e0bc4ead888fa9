"""Audited reads of breakthroughs, shared by the pages and the API (the casework `record_read`
pattern): one audit row per read of personal data, under the purpose of the breakthrough work."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest

from breakthroughs.services.common import PURPOSE
from casework.models import Household
from core.audit import audit_record, audit_record_many
from core.models import User


def _actor(user: User | AnonymousUser) -> User | None:
    return user if isinstance(user, User) else None


def record_read(
    *,
    actor: User | AnonymousUser,
    action: str,
    household_id: int,
    obj: Any = None,
    request: HttpRequest | None = None,
    data: Any = None,
) -> None:
    """One audit row for a read of `obj` (a breakthrough or a household), in its municipality.

    The municipality is the one the data belongs to, not one of the reader's memberships: a user
    with memberships in several municipalities reads each one's cases under that municipality.
    """
    municipality = getattr(obj, "municipality", None)
    if municipality is None:
        municipality = (
            Household.objects.select_related("municipality").get(pk=household_id).municipality
        )
    audit_record(
        actor=_actor(actor),
        action=action,
        obj=obj,
        household_id=household_id,
        municipality_code=municipality.cbs_code,
        request=request,
        purpose=PURPOSE,
        data=data,
    )


def record_list(
    *, actor: User | AnonymousUser, request: HttpRequest | None, filters: list[str]
) -> None:
    """Audit the breakthrough list (it shows household names): who looked, with which filters,
    never their values."""
    audit_record(
        actor=_actor(actor),
        action="breakthrough.list",
        request=request,
        purpose=PURPOSE,
        data={"filters": filters},
    )


def record_queue(
    *, actor: User | AnonymousUser, request: HttpRequest | None, queues: list[str]
) -> None:
    """Audit a look at the decision queues (they show household names): who, and which ones."""
    audit_record(
        actor=_actor(actor),
        action="breakthrough.queue",
        request=request,
        purpose=PURPOSE,
        data={"queues": queues},
    )


def record_queue_read(
    *, actor: User | AnonymousUser, items: list[Any], request: HttpRequest | None
) -> None:
    """One audit row per queued proposal shown with its need, in one INSERT (the queue page and
    the home page's worklist), so the page's query count stays fixed."""
    unique = {item.pk: item for item in items}.values()
    audit_record_many(
        actor=_actor(actor),
        action="breakthrough.queue.read",
        rows=[(item, item.household_id, item.municipality.cbs_code) for item in unique],
        request=request,
        purpose=PURPOSE,
    )
