"""The one function every app calls to record an audit event (BIO 8.15.01).

Call it inside the transaction of the change it records, so the change and its record commit or
roll back together. Never pass personal data in `data`: name objects by type and id.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.http import HttpRequest

from core.models import AuditLog, AuditResult, User


def client_ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    # Behind the reverse proxy (production) the proxy sets X-Forwarded-For; its first entry is the
    # client. Locally REMOTE_ADDR is the client.
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if forwarded:
        return forwarded.split(",")[0].strip() or None
    return request.META.get("REMOTE_ADDR") or None


def audit_record(
    *,
    actor: User | None,
    action: str,
    obj: models.Model | None = None,
    request: HttpRequest | None = None,
    result: str = AuditResult.SUCCESS,
    purpose: str = "",
    household_id: int | None = None,
    municipality_code: str = "",
    data: dict[str, Any] | None = None,
) -> AuditLog:
    """Append one audit row. `action` is `<object>.<verb>`, e.g. `household.read`."""
    authenticated = actor is not None and actor.is_authenticated
    return AuditLog.objects.create(
        actor=actor if authenticated else None,
        actor_username=actor.get_username() if authenticated else "",
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        household_id=household_id,
        municipality_code=municipality_code,
        result=result,
        purpose=purpose,
        ip_address=client_ip(request),
        request_id=(request.headers.get("X-Request-ID", "")[:64] if request is not None else ""),
        data=data or {},
    )
