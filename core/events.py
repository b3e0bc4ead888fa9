"""A small event hook: a service announces what it committed, the app's tasks react.

Services must not import their app's Celery tasks (the tasks import the services: that would be a
cycle). So a service publishes a named event after the commit, and the app's `ready()` subscribes
the task that reacts. An event nobody subscribed to raises: a lost e-mail or delivery must not go
unnoticed.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import Any

from django.db import transaction

Handler = Callable[..., Any]

_subscribers: dict[str, list[Handler]] = defaultdict(list)


def subscribe(event: str, handler: Handler) -> None:
    """Call `handler(**payload)` for every `event` published (once per handler)."""
    if handler not in _subscribers[event]:
        _subscribers[event].append(handler)


def publish(event: str, **payload: Any) -> None:
    handlers = _subscribers.get(event)
    if not handlers:
        raise LookupError(f"Niemand luistert naar het event {event!r}.")
    for handler in handlers:
        handler(**payload)


def publish_on_commit(event: str, **payload: Any) -> None:
    """Publish once the current transaction commits (at once outside a transaction)."""
    if not _subscribers.get(event):
        raise LookupError(f"Niemand luistert naar het event {event!r}.")
    transaction.on_commit(lambda: publish(event, **payload))
