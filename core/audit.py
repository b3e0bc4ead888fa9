"""The one function every app calls to record an audit event (BIO 8.15.01).

Call it inside the transaction of the change it records, so the change and its record commit or
roll back together. Never pass personal data in `data`: name objects by type and id.

Each row also carries what Logboek Dataverwerkingen asks of a processing: the trace and operation
it belongs to (W3C Trace Context, core.tracing), the processing activity from the register
(core.processing_register) and a pseudonym per data subject. A pseudonym is a keyed HMAC of the
person's id: stable, so an access request (AVG art. 15) finds every row about a person, and not
reversible without AUDIT_SUBJECT_KEY. Core knows no households; casework registers the function
that names a household's persons (`register_subject_resolver`).
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import json
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import connection, models
from django.http import HttpRequest
from django.utils import timezone

from core import tracing
from core.models import AuditLog, AuditResult, User
from core.processing_register import register

# household ids -> {household id: person ids}; one query for any number of households.
SubjectResolver = Callable[[Iterable[int]], dict[int, list[int]]]
_subject_resolver: SubjectResolver | None = None


def register_subject_resolver(resolver: SubjectResolver) -> None:
    global _subject_resolver
    _subject_resolver = resolver


def subject_pseudonym(person_id: int) -> str:
    """The stable pseudonym of a person (Logboek Dataverwerkingen `dpl.core.data_subject_id`)."""
    key = settings.AUDIT_SUBJECT_KEY.encode()
    digest = hmac.new(key, f"person:{person_id}".encode(), hashlib.sha256).hexdigest()
    return f"ds-{digest[:32]}"


def _subjects_of(household_ids: Iterable[int]) -> dict[int, list[str]]:
    wanted = sorted({pk for pk in household_ids if pk is not None})
    if not wanted or _subject_resolver is None:
        return {}
    return {
        household_id: sorted(subject_pseudonym(pk) for pk in person_ids)
        for household_id, person_ids in _subject_resolver(wanted).items()
    }


def _trace() -> tracing.TraceContext:
    # Outside a request or task (a management command, a shell) each row is a trace of its own.
    return tracing.current() or tracing.new_trace()


def client_ip(request: HttpRequest | None) -> str | None:
    """The client address for the audit row, which a client cannot forge.

    X-Forwarded-For is only trusted as far as our own proxies wrote it. Each proxy appends the
    address it received the request from, so with `AUDIT_TRUSTED_PROXY_HOPS = N` (the number of
    reverse proxies in front of the app) the N-th entry from the right is the address the
    outermost trusted proxy saw; anything to the left of it came from the client. With 0 (the
    default: no proxy, or one that is not trusted) the header is ignored and REMOTE_ADDR counts.
    """
    if request is None:
        return None
    remote = _valid_ip(request.META.get("REMOTE_ADDR", ""))
    hops = int(getattr(settings, "AUDIT_TRUSTED_PROXY_HOPS", 0) or 0)
    if hops <= 0:
        return remote
    entries = [e.strip() for e in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    entries = [e for e in entries if e]
    if len(entries) < hops:
        return remote
    return _valid_ip(entries[-hops]) or remote


def axes_client_ip(request: HttpRequest) -> str:
    """The address django-axes counts failed logins for: the same one the audit log records.

    Axes's own default takes REMOTE_ADDR, which behind a proxy is the proxy for every user.
    """
    return client_ip(request) or ""


def _valid_ip(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


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
    person_ids: Iterable[int] | None = None,
) -> AuditLog:
    """Append one audit row. `action` is `<object>.<verb>`, e.g. `household.read`.

    The data subjects are `person_ids` when given (an event about some members only), else all
    persons of `household_id`.
    """
    authenticated = actor is not None and actor.is_authenticated
    if person_ids is not None:
        subjects = sorted(subject_pseudonym(pk) for pk in person_ids)
    else:
        subjects = _subjects_of([household_id]).get(household_id, []) if household_id else []
    trace = _trace()
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
        trace_id=trace.trace_id,
        span_id=trace.span_id,
        parent_span_id=trace.parent_span_id,
        processing_activity=register().activity_for(action=action, purpose=purpose),
        data_subjects=subjects,
    )


def audit_record_many(
    *,
    actor: User | None,
    action: str,
    rows: list[tuple[models.Model, int | None, str]],
    request: HttpRequest | None = None,
    purpose: str = "",
) -> None:
    """One audit row per (object, household_id, municipality_code) in a single INSERT: for a list
    page that shows case content of several households, so its query count stays fixed."""
    if not rows:
        return
    authenticated = actor is not None and actor.is_authenticated
    ip_address = client_ip(request)
    request_id = request.headers.get("X-Request-ID", "")[:64] if request is not None else ""
    activity = register().activity_for(action=action, purpose=purpose)
    subjects = _subjects_of(household_id for _obj, household_id, _code in rows)
    trace = _trace()
    AuditLog.objects.bulk_create(
        AuditLog(
            actor=actor if authenticated else None,
            actor_username=actor.get_username() if authenticated else "",
            action=action,
            object_type=obj._meta.label_lower,
            object_id=str(obj.pk),
            household_id=household_id,
            municipality_code=municipality_code,
            result=AuditResult.SUCCESS,
            purpose=purpose,
            ip_address=ip_address,
            request_id=request_id,
            data={},
            trace_id=trace.trace_id,
            span_id=trace.span_id,
            parent_span_id=trace.parent_span_id,
            processing_activity=activity,
            data_subjects=subjects.get(household_id, []) if household_id else [],
        )
        for obj, household_id, municipality_code in rows
    )


def _pseudonymiser() -> Callable[[int], str]:
    """``subject_pseudonym`` for many persons: HMAC-SHA256 (RFC 2104) with the key's inner and
    outer hash states set up once and copied per person; the same digests, far less work."""
    key = settings.AUDIT_SUBJECT_KEY.encode()
    block = hashlib.sha256().block_size
    if len(key) > block:
        key = hashlib.sha256(key).digest()
    key = key.ljust(block, b"\0")
    inner = hashlib.sha256(bytes(byte ^ 0x36 for byte in key))
    outer = hashlib.sha256(bytes(byte ^ 0x5C for byte in key))

    def pseudonym(person_id: int) -> str:
        mac = inner.copy()
        mac.update(b"person:%d" % person_id)
        result = outer.copy()
        result.update(mac.digest())
        return "ds-" + result.hexdigest()[:32]

    return pseudonym


def audit_record_households(
    *,
    actor: User | None,
    action: str,
    obj: models.Model,
    rows: Iterable[tuple[int, str, Iterable[int]]],
    purpose: str = "",
) -> int:
    """One audit row per household read in bulk, outside a request (a simulation over a whole
    caseload): ``rows`` are ``(household_id, municipality_code, person ids)``, the caller having
    read the persons already. The rows are those of ``audit_record_many`` field for field; on
    PostgreSQL they go in with one COPY (in the caller's transaction), elsewhere with
    ``bulk_create``. Returns the number of rows written.
    """
    authenticated = actor is not None and actor.is_authenticated
    actor_id = actor.pk if authenticated else None
    username = actor.get_username() if authenticated else ""
    object_type, object_id = obj._meta.label_lower, str(obj.pk)
    activity = register().activity_for(action=action, purpose=purpose)
    trace = _trace()
    pseudonym = _pseudonymiser()
    records = [
        (household_id, code, sorted(pseudonym(pk) for pk in person_ids))
        for household_id, code, person_ids in rows
    ]
    if not records:
        return 0
    if connection.vendor != "postgresql":
        AuditLog.objects.bulk_create(
            AuditLog(
                actor_id=actor_id,
                actor_username=username,
                action=action,
                object_type=object_type,
                object_id=object_id,
                household_id=household_id,
                municipality_code=code,
                result=AuditResult.SUCCESS,
                purpose=purpose,
                ip_address=None,
                request_id="",
                data={},
                trace_id=trace.trace_id,
                span_id=trace.span_id,
                parent_span_id=trace.parent_span_id,
                processing_activity=activity,
                data_subjects=subjects,
            )
            for household_id, code, subjects in records
        )
        return len(records)
    now = timezone.now()
    columns = (
        "timestamp", "actor_id", "actor_username", "action", "object_type", "object_id",
        "household_id", "municipality_code", "result", "purpose", "ip_address", "request_id",
        "data", "trace_id", "span_id", "parent_span_id", "processing_activity", "data_subjects",
    )  # fmt: skip
    fixed_head = (now, actor_id, username, action, object_type, object_id)
    fixed_middle = (AuditResult.SUCCESS.value, purpose, None, "", "{}")
    fixed_tail = (trace.trace_id, trace.span_id, trace.parent_span_id, activity)
    dumps = json.dumps
    statement = f"COPY {AuditLog._meta.db_table} ({', '.join(columns)}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
        write = copy.write_row
        for household_id, code, subjects in records:
            write((*fixed_head, household_id, code, *fixed_middle, *fixed_tail, dumps(subjects)))
    return len(records)


# The fields of an audit row that are personal data; the event (what, which object, when,
# result, municipality) stays after its retention term.
AUDIT_PERSONAL_FIELDS = {
    "actor": None,
    "actor_username": "",
    "ip_address": None,
    "household_id": None,
    "request_id": "",
    "data": {},
    "data_subjects": [],  # the Logboek's pseudonyms are personal data as well
}


def audit_remove_personal_data(*, ids: list[int], cutoff: datetime) -> int:
    """Remove the personal data of these audit rows, if older than `cutoff`; the number changed.

    Only the retention app calls this, for an approved destruction list. On PostgreSQL it goes
    through the one database function the append-only trigger lets through.
    """
    if not ids:
        return 0
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT core_auditlog_remove_personal_data(%s::bigint[], %s)", [ids, cutoff]
            )
            return int(cursor.fetchone()[0])
    # The embedded SQLite default: the same change, past the model guard on purpose.
    rows = models.QuerySet(AuditLog).filter(
        pk__in=ids, timestamp__lt=cutoff, personal_data_removed_at__isnull=True
    )
    return rows.update(**AUDIT_PERSONAL_FIELDS, personal_data_removed_at=timezone.now())
