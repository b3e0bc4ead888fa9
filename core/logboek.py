"""The audit log exported as Logboek Dataverwerkingen log records (Logius, version 1.0.0).

The audit table stays compact: one row per event, which may name several data subjects (every
member of a household) and shares its `span_id` with every other row of the same request or
Celery task. The standard asks otherwise: a log record names 0 or 1 data subjects, and each
action has a span id of its own. So the export derives conforming records from each row:

- the row's *action record*: a span id of its own, derived from the row's pk, under the stored
  span of the request or task it ran in (`parent_span_id`);
- with one data subject, the action record carries it; with none, it carries no subject;
- with several, the action record carries none and gets one child record per data subject
  (span id derived from the pk and the pseudonym, `parent_span_id` = the action record's span),
  as the standard prescribes for a processing with several data subjects.

Derived span ids are deterministic (exporting twice gives the same lines, so a receiving Logboek
can deduplicate) and unique per row and subject. `dpl.core.data_subject_id` is the pseudonym the
row stores (core.audit.subject_pseudonym), never a BSN; its type `DATA_SUBJECT_ID_TYPE` names that
scheme. Rows from before tracing have no trace id: they are exported with `trace_id` null rather
than left out (an export that silently drops processings would misstate what happened) or given
an invented trace (which would claim a relation between events that nobody recorded).
"""

from __future__ import annotations

import hashlib
import json
import tomllib
from collections.abc import Iterable, Iterator
from datetime import UTC
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.urls import reverse

from core.models import AuditLog, AuditResult

# The pseudonym scheme of `dpl.core.data_subject_id`: "ds-" + the first 32 hex digits of
# HMAC-SHA256(AUDIT_SUBJECT_KEY, "person:<person id>"). A change of scheme gets a new version.
DATA_SUBJECT_ID_TYPE = "doorbraak-pseudoniem-v1"
RESOURCE_NAME = "doorbraak"
CONTENT_TYPE = "application/x-ndjson; charset=utf-8"
# Rows fetched per round trip: memory and query count stay flat however long the log is.
CHUNK_SIZE = 2000
# Only what a log record needs: no actor, IP address or details leave the application.
EXPORT_FIELDS = (
    "id",
    "timestamp",
    "action",
    "result",
    "trace_id",
    "span_id",
    "processing_activity",
    "data_subjects",
)
_ZERO_SPAN = "0" * 16
# Fixed prefixes keep the derived span ids apart from any other use of the same hash.
_ACTION_PREFIX = "doorbraak:logboek:actie:"
_SUBJECT_PREFIX = "doorbraak:logboek:betrokkene:"


def register_uri() -> str:
    """Where the register of processing activities is published (else this app's page)."""
    return settings.PROCESSING_REGISTER_URI or reverse("core:processing-register")


def activity_uri(code: str, *, register: str | None = None) -> str:
    """The activity's URI (Logboek Dataverwerkingen: `dpl.core.processing_activity_id`).

    `register` is `register_uri()` when the caller has it already (an export: once, not per row).
    """
    return f"{register or register_uri()}#{code}"


@cache
def app_version() -> str | None:
    """The version in pyproject.toml (the image ships it), or None when it cannot be read."""
    path = Path(settings.BASE_DIR) / "pyproject.toml"
    try:
        version = tomllib.loads(path.read_text(encoding="utf-8"))["project"]["version"]
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        return None
    return str(version)


def _derived_span_id(text: str) -> str:
    """16 hex digits from SHA-256; the next window in the unlikely case of all zeros (invalid in
    W3C Trace Context)."""
    digest = hashlib.sha256(text.encode()).hexdigest()
    for start in range(0, len(digest), 16):
        if (span := digest[start : start + 16]) != _ZERO_SPAN:
            return span
    raise AssertionError("a SHA-256 digest of zeros only")  # pragma: no cover


def action_span_id(row_pk: int) -> str:
    return _derived_span_id(f"{_ACTION_PREFIX}{row_pk}")


def subject_span_id(row_pk: int, subject: str) -> str:
    return _derived_span_id(f"{_SUBJECT_PREFIX}{row_pk}:{subject}")


def _iso_utc(row: AuditLog) -> str:
    return row.timestamp.astimezone(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


def _resource() -> dict[str, str]:
    version = app_version()
    return {"name": RESOURCE_NAME, **({"version": version} if version else {})}


def _subject_attributes(subject: str) -> dict[str, str]:
    return {
        "dpl.core.data_subject_id": subject,
        "dpl.core.data_subject_id_type": DATA_SUBJECT_ID_TYPE,
    }


def logboek_records(row: AuditLog, *, register: str | None = None) -> list[dict[str, Any]]:
    """The log records of one audit row: its action record, plus one child record per data
    subject when it names more than one. `register` as for `activity_uri`."""
    span_id = action_span_id(row.pk)
    subjects: list[str] = list(row.data_subjects or [])
    attributes: dict[str, str] = {}
    if row.processing_activity:
        attributes["dpl.core.processing_activity_id"] = activity_uri(
            row.processing_activity, register=register
        )
    timestamp = _iso_utc(row)
    common = {
        # Null for rows from before tracing: see the module docstring.
        "trace_id": row.trace_id or None,
        "name": row.action,
        "start_time": timestamp,
        "end_time": timestamp,
        "status": "Ok" if row.result == AuditResult.SUCCESS else "Error",
        "resource": _resource(),
    }
    action = {
        **common,
        "span_id": span_id,
        # The request or task the row was written in; blank on rows from before tracing.
        "parent_span_id": row.span_id or None,
        "attributes": {
            **attributes,
            **(_subject_attributes(subjects[0]) if len(subjects) == 1 else {}),
        },
    }
    if len(subjects) <= 1:
        return [action]
    children = [
        {
            **common,
            "span_id": subject_span_id(row.pk, subject),
            "parent_span_id": span_id,
            "attributes": {**attributes, **_subject_attributes(subject)},
        }
        for subject in subjects
    ]
    return [action, *children]


def export_rows(entries: QuerySet[AuditLog]) -> Iterator[AuditLog]:
    """The rows of a (filtered, scoped) audit queryset in time order, streamed in chunks."""
    return (
        entries.select_related(None)
        .only(*EXPORT_FIELDS)
        .order_by("timestamp", "id")
        .iterator(chunk_size=CHUNK_SIZE)
    )


def logboek_lines(rows: Iterable[AuditLog]) -> Iterator[str]:
    """JSON Lines, one log record per line with its keys in a fixed order; the lines of one row
    come as one piece."""
    register = register_uri()  # a URL reversal per row cost a quarter of an export's time
    for row in rows:
        yield "".join(
            json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n"
            for record in logboek_records(row, register=register)
        )
