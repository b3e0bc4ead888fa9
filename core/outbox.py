"""The transactional outbox: a task asked for by a change is saved with that change, and sent.

A service calls `enqueue()` inside its transaction. The message row commits or rolls back with
the change, so a rolled-back change sends nothing and a committed one is never lost:

- right after the commit, `relay()` tries to send the new messages to the broker;
- when the broker is away that attempt fails quietly (the change is saved, the page answers) and
  the message stays pending, with the error and the number of attempts;
- pending messages are sent by the periodic `core.tasks.relay_outbox` (beat; its own message
  reaches a worker once the broker is back) and by `manage.py relay_outbox --loop`, which runs
  beside the web processes and does not need the broker to deliver anything to it.

Sending is at least once: a relay that sent a message but could not record it (the database went
away in between) sends it again. The tasks behind the outbox are idempotent for that reason.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from celery import current_app

from core.models import OutboxMessage

logger = logging.getLogger(__name__)

RELAY_BATCH = 500
RELAY_CONNECT_TIMEOUT = 2.0  # seconds; a broker that does not answer by then is away
KEEP_DISPATCHED = timedelta(days=7)


@dataclass(frozen=True)
class OutboxTask:
    task_name: str
    kwargs: dict[str, Any]
    dedupe_key: str


@dataclass
class RelayResult:
    sent: int = 0
    error: str = ""
    sent_keys: list[str] = field(default_factory=list)


def enqueue(task_name: str, kwargs: dict[str, Any], *, dedupe_key: str) -> None:
    """Record one task in the current transaction; it is sent after the commit."""
    enqueue_many([OutboxTask(task_name, kwargs, dedupe_key)])


def enqueue_many(tasks: Sequence[OutboxTask]) -> None:
    """Record tasks in the current transaction (one statement); they are sent after the commit.

    A task whose key is already pending is not added again; the pending row takes the newest
    arguments. The upsert also locks that row until this transaction ends, so a relay cannot send
    it in the meantime and have the task run before this change is visible.
    """
    if not tasks:
        return
    kwargs_field = OutboxMessage._meta.get_field("kwargs")
    now = timezone.now()
    rows, params = [], []
    for task in tasks:
        rows.append("(%s, %s, %s, %s, 0, '')")
        params += [
            task.task_name,
            kwargs_field.get_db_prep_save(task.kwargs, connection),
            task.dedupe_key,
            now,
        ]
    table = OutboxMessage._meta.db_table
    sql = (
        f"INSERT INTO {table} (task_name, kwargs, dedupe_key, created_at, attempts, last_error) "  # noqa: S608 - the table name is ours; values are parameters
        f"VALUES {', '.join(rows)} "
        "ON CONFLICT (dedupe_key) WHERE dispatched_at IS NULL "
        "DO UPDATE SET kwargs = EXCLUDED.kwargs, task_name = EXCLUDED.task_name"
    )
    with connection.cursor() as cursor:  # one statement: atomic without a savepoint
        cursor.execute(sql, params)
    keys = [task.dedupe_key for task in tasks]
    transaction.on_commit(lambda: relay_after_commit(keys))


def relay_after_commit(keys: list[str]) -> None:
    """The first attempt, right after the commit. It must not fail the request: the change is
    saved and the message waits for the next relay."""
    try:
        result = relay(keys=keys)
    except Exception:  # the database itself may be away; the periodic relay retries
        logger.exception("outbox: relay after commit failed")
        return
    if result.error:
        logger.warning("outbox: broker unavailable, %s task(s) wait: %s", len(keys), result.error)


def relay(*, keys: Iterable[str] | None = None, limit: int = RELAY_BATCH) -> RelayResult:
    """Send pending messages (all, or those with `keys`), oldest first, and mark them sent.

    Rows are locked while they are sent (SKIP LOCKED: two relays never send the same row, and a
    row that a running transaction is still writing waits for the next relay). The first send
    error stops the batch: the broker is away, the rest would fail the same way.
    """
    app = current_app
    if app.conf.task_always_eager:
        return _relay_eagerly(keys=keys, limit=limit)
    result = RelayResult()
    with transaction.atomic():
        rows = _lock_pending(keys=keys, limit=limit)
        if not rows:
            return result
        sent_ids: list[int] = []
        # One connection per batch that gives up at once: kombu's default keeps retrying a lost
        # broker for the connect timeout, and a save's request would wait that long.
        with app.connection_for_write(
            transport_options={"max_retries": 0}, connect_timeout=RELAY_CONNECT_TIMEOUT
        ) as broker:
            for row in rows:
                try:
                    # No retry here (the outbox retries) and no result: with a Redis result
                    # backend, asking for one subscribes to Redis and retries that for 20 s.
                    app.send_task(
                        row.task_name,
                        kwargs=row.kwargs,
                        task_id=f"outbox-{row.pk}",
                        retry=False,
                        ignore_result=True,
                        connection=broker,
                    )
                except Exception as exc:  # kombu raises many kinds when the broker is away
                    result.error = f"{exc.__class__.__name__}: {exc}"[:500]
                    OutboxMessage.objects.filter(pk=row.pk).update(
                        attempts=F("attempts") + 1, last_error=result.error
                    )
                    break
                sent_ids.append(row.pk)
                result.sent_keys.append(row.dedupe_key)
        if sent_ids:
            OutboxMessage.objects.filter(pk__in=sent_ids).update(
                dispatched_at=timezone.now(), attempts=F("attempts") + 1
            )
    result.sent = len(sent_ids)
    return result


def _lock_pending(*, keys: Iterable[str] | None, limit: int) -> list[OutboxMessage]:
    """The oldest undispatched rows (of `keys`, if given), locked; rows another relay holds are
    skipped. Inside the caller's transaction."""
    pending = OutboxMessage.objects.select_for_update(skip_locked=True).filter(
        dispatched_at__isnull=True
    )
    if keys is not None:
        pending = pending.filter(dedupe_key__in=list(keys))
    return list(pending.order_by("id")[:limit])


def _relay_eagerly(*, keys: Iterable[str] | None, limit: int) -> RelayResult:
    """Without a broker (CELERY_TASK_ALWAYS_EAGER, development): run the tasks here, after the
    rows are marked, outside the relay's transaction."""
    with transaction.atomic():
        rows = _lock_pending(keys=keys, limit=limit)
        OutboxMessage.objects.filter(pk__in=[row.pk for row in rows]).update(
            dispatched_at=timezone.now(), attempts=F("attempts") + 1
        )
    for row in rows:
        current_app.tasks[row.task_name].apply(kwargs=row.kwargs, task_id=f"outbox-{row.pk}")
    return RelayResult(sent=len(rows), sent_keys=[row.dedupe_key for row in rows])


def relay_all() -> RelayResult:
    """Send every pending message, batch after batch, until none is left or the broker fails."""
    total = RelayResult()
    while True:
        result = relay()
        total.sent += result.sent
        total.sent_keys += result.sent_keys
        if result.error:
            total.error = result.error
            return total
        if result.sent < RELAY_BATCH:
            return total


def pending_count() -> int:
    return OutboxMessage.objects.filter(dispatched_at__isnull=True).count()


def purge_dispatched(*, older_than: timedelta = KEEP_DISPATCHED) -> int:
    """Sent messages are kept a week for inspection, then removed."""
    cutoff = timezone.now() - older_than
    deleted, _ = OutboxMessage.objects.filter(dispatched_at__lt=cutoff).delete()
    return deleted
