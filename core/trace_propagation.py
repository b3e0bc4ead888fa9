"""The trace of a request travels into the Celery tasks it starts (connected in CoreConfig.ready).

The publisher puts the current operation's `traceparent` in the message headers; the worker makes
the task a child operation of it, so audit rows written by the task carry the originating trace.
In eager mode (the embedded default) the task runs in the caller's context and needs neither.
"""

from __future__ import annotations

from typing import Any

from core import tracing

_CONTEXT_ATTRIBUTE = "_doorbraak_trace_context"


def on_before_task_publish(headers: dict[str, Any] | None = None, **kwargs: Any) -> None:
    if headers is not None and tracing.HEADER not in headers:
        headers[tracing.HEADER] = tracing.outgoing_traceparent()


def on_task_prerun(task: Any = None, **kwargs: Any) -> None:
    if task is None or task.request.is_eager:
        return
    incoming = getattr(task.request, tracing.HEADER, None)
    if incoming is None and isinstance(task.request.headers, dict):
        incoming = task.request.headers.get(tracing.HEADER)
    token = tracing.activate(tracing.continue_or_start(incoming))
    setattr(task.request, _CONTEXT_ATTRIBUTE, token)


def on_task_postrun(task: Any = None, **kwargs: Any) -> None:
    token = getattr(task.request, _CONTEXT_ATTRIBUTE, None) if task is not None else None
    if token is not None:
        tracing.deactivate(token)
        setattr(task.request, _CONTEXT_ATTRIBUTE, None)
