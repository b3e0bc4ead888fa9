"""W3C Trace Context (https://www.w3.org/TR/trace-context/) for the audit log.

Logboek Dataverwerkingen asks every logged processing to carry the trace it belongs to
(`trace_id`, 16 bytes) and its own operation (`operation_id`, a span id of 8 bytes), so that one
citizen's request can be followed through the web request, the Celery tasks it starts and the
hub that receives a report. The current trace lives in a context variable: the request
middleware sets it, Celery's publish and prerun signals carry it into a task, and outgoing HTTP
calls send it on as a `traceparent` header.
"""

from __future__ import annotations

import contextvars
import re
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

HEADER = "traceparent"
_TRACEPARENT = re.compile(r"^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$")
_ZERO_TRACE = "0" * 32
_ZERO_SPAN = "0" * 16


@dataclass(frozen=True)
class TraceContext:
    trace_id: str  # 32 lowercase hex digits
    span_id: str  # 16 lowercase hex digits: this operation
    parent_span_id: str = ""  # the calling operation, when there is one

    @property
    def traceparent(self) -> str:
        """The header value that makes the receiver's operation a child of this one (sampled)."""
        return f"00-{self.trace_id}-{self.span_id}-01"


_current: contextvars.ContextVar[TraceContext | None] = contextvars.ContextVar(
    "doorbraak_trace", default=None
)


def _new_span_id() -> str:
    while (span := secrets.token_hex(8)) == _ZERO_SPAN:
        pass
    return span


def new_trace() -> TraceContext:
    while (trace := secrets.token_hex(16)) == _ZERO_TRACE:
        pass
    return TraceContext(trace, _new_span_id())


def parse_traceparent(value: str | None) -> tuple[str, str] | None:
    """(trace_id, parent span id) of a valid header, else None (the spec says: start anew)."""
    if not value:
        return None
    match = _TRACEPARENT.match(value.strip().lower())
    if match is None:
        return None
    version, trace_id, parent_id, _flags = match.groups()
    if version == "ff" or trace_id == _ZERO_TRACE or parent_id == _ZERO_SPAN:
        return None
    # Version 00 has exactly four fields; a later version may add more, which the regex refuses.
    return trace_id, parent_id


def continue_or_start(traceparent: str | None) -> TraceContext:
    """This process's operation: a child of the incoming one, or the root of a new trace."""
    parsed = parse_traceparent(traceparent)
    if parsed is None:
        return new_trace()
    trace_id, parent_id = parsed
    return TraceContext(trace_id, _new_span_id(), parent_id)


def current() -> TraceContext | None:
    return _current.get()


def activate(context: TraceContext | None) -> contextvars.Token:
    return _current.set(context)


def deactivate(token: contextvars.Token) -> None:
    _current.reset(token)


@contextmanager
def use(context: TraceContext) -> Iterator[TraceContext]:
    token = activate(context)
    try:
        yield context
    finally:
        deactivate(token)


def outgoing_traceparent() -> str:
    """The header for a call made now: the receiver's operation becomes a child of the current
    one (outside any request or task, the call starts a trace of its own)."""
    context = current()
    return (context if context is not None else new_trace()).traceparent
