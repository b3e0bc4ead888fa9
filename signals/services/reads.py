"""Audit rows for what the signal pages show (AVG art. 5 lid 2, BIO 8.15.01).

The policy officer sees breakthroughs only pseudonymised, but each row is still derived from one
household's case: showing it is a read of that household's data, recorded like the other reads
(one row per breakthrough shown, in one INSERT, so a page's query count does not grow). The
reports are aggregates with a minimum cell size; opening or downloading one is recorded once.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest

from breakthroughs.models import Breakthrough
from core.audit import audit_record, audit_record_many
from core.models import Municipality, User
from signals.constants import PURPOSE
from signals.models import Signal, SignalReport
from signals.selectors import PseudonymisedRow


def record_breakthroughs_shown(
    *,
    actor: User | AnonymousUser,
    municipality: Municipality,
    rows: Iterable[PseudonymisedRow],
    request: HttpRequest | None,
    page: str,
    signal: Signal | None = None,
) -> None:
    """The page `page` (workspace, signal, new signal, api) showed these pseudonymised rows."""
    shown = list({row.pk: row for row in rows}.values())
    actor_user = actor if isinstance(actor, User) else None
    audit_record(
        actor=actor_user,
        action="signal.read" if signal is not None else "signal_workspace.read",
        obj=signal,
        request=request,
        municipality_code=municipality.cbs_code,
        purpose=PURPOSE,
        data={"page": page, "breakthroughs": len(shown)},
    )
    audit_record_many(
        actor=actor_user,
        action="breakthrough.signal_read",
        rows=[(Breakthrough(pk=row.pk), row.household_id, municipality.cbs_code) for row in shown],
        request=request,
        purpose=PURPOSE,
    )


def record_report_read(
    *,
    actor: User | AnonymousUser,
    report: SignalReport,
    request: HttpRequest | None,
    what: str,
) -> None:
    """A report was opened (`what` = page) or downloaded (csv table name, json)."""
    audit_record(
        actor=actor if isinstance(actor, User) else None,
        action="signal_report.read" if what == "page" else "signal_report.download",
        obj=report,
        request=request,
        municipality_code=report.municipality.cbs_code,
        purpose=PURPOSE,
        data={"what": what},
    )
