"""Writes of the signal domain. Import from this package, not from its modules.

`signals` curates knelpunten, `reports` generates, approves, sends and revises the periodic
reports, `delivery` makes one delivery attempt (called by the task).
"""

from signals.services.delivery import backoff_seconds, report_deliver_once
from signals.services.reads import record_breakthroughs_shown, record_report_read
from signals.services.reports import (
    REPORT_QUEUED,
    breakthrough_facts,
    non_take_up_facts,
    report_approve,
    report_generate,
    report_queue_delivery,
    report_revise,
    signal_facts,
)
from signals.services.signals import (
    SIGNAL_FIELDS,
    SIGNAL_TEXT_FIELDS,
    signal_create,
    signal_link,
    signal_move,
    signal_propose_simulation,
    signal_unlink,
    signal_update,
)

__all__ = [
    "REPORT_QUEUED",
    "SIGNAL_FIELDS",
    "SIGNAL_TEXT_FIELDS",
    "backoff_seconds",
    "breakthrough_facts",
    "non_take_up_facts",
    "record_breakthroughs_shown",
    "record_report_read",
    "report_approve",
    "report_deliver_once",
    "report_generate",
    "report_queue_delivery",
    "report_revise",
    "signal_create",
    "signal_facts",
    "signal_link",
    "signal_move",
    "signal_propose_simulation",
    "signal_unlink",
    "signal_update",
]
