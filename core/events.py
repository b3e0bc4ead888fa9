"""A small event hook: a service announces what it committed, the app's tasks react.

Services must not import their app's Celery tasks (the tasks import the services: that would be a
cycle). So a service publishes a named event, and the app's `ready()` subscribes what reacts: a
Celery task by name (`subscribe_task`: recorded in the outbox within the service's transaction,
sent after the commit, kept while the broker is away) or a plain function (`subscribe`: called
after the commit). An event nobody subscribed to raises: a lost e-mail or delivery must not go
unnoticed.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from django.db import transaction

from core import outbox

Handler = Callable[..., Any]

_subscribers: dict[str, list[Handler]] = defaultdict(list)
_task_subscribers: dict[str, list[str]] = defaultdict(list)


def subscribe(event: str, handler: Handler) -> None:
    """Call `handler(**payload)` for every `event` published (once per handler)."""
    if handler not in _subscribers[event]:
        _subscribers[event].append(handler)


def subscribe_task(event: str, task_name: str) -> None:
    """Run the Celery task `task_name(**payload)` for every `event` published, through the
    outbox (the payload must be JSON: ids, never personal data)."""
    if task_name not in _task_subscribers[event]:
        _task_subscribers[event].append(task_name)


def _require_listeners(event: str) -> None:
    if not _subscribers.get(event) and not _task_subscribers.get(event):
        raise LookupError(f"Niemand luistert naar het event {event!r}.")


def _enqueue_tasks(event: str, payload: dict[str, Any]) -> None:
    tasks = _task_subscribers.get(event, [])
    if not tasks:
        return
    # The same event with the same payload while one is still waiting: one task is enough.
    digest = hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()[:40]
    outbox.enqueue_many(
        [
            outbox.OutboxTask(task_name, payload, dedupe_key=f"{event}:{task_name}:{digest}")
            for task_name in tasks
        ]
    )


def publish(event: str, **payload: Any) -> None:
    _require_listeners(event)
    _enqueue_tasks(event, payload)
    for handler in _subscribers.get(event, []):
        handler(**payload)


def publish_on_commit(event: str, **payload: Any) -> None:
    """Record the subscribed tasks in the current transaction and call the subscribed functions
    once it commits (at once outside a transaction)."""
    _require_listeners(event)
    _enqueue_tasks(event, payload)
    handlers = list(_subscribers.get(event, []))
    if handlers:

        def call() -> None:
            for handler in handlers:
                handler(**payload)

        transaction.on_commit(call)
