"""The status machines of a signal and of a signal report, as data (like breakthroughs/workflow).

A signal moves forward along `SIGNAL_TRANSITIONS` only; its append-only history records each move.
A report moves by the steps of `REPORT_TRANSITIONS`: the policy officer approves and sends it, the
delivery task records what the receiver answered, and an approved correction supersedes every
earlier revision of its period. The services check a step here under a row lock; the pages and the
API ask the same map which buttons to offer, so the two can never disagree.
"""

from __future__ import annotations

from signals.constants import ReportStatus, SignalStatus

# Signal status -> the statuses it may move to.
SIGNAL_TRANSITIONS: dict[str, frozenset[str]] = {
    SignalStatus.DRAFT: frozenset({SignalStatus.REVIEWED, SignalStatus.REJECTED}),
    SignalStatus.REVIEWED: frozenset({SignalStatus.SENT, SignalStatus.REJECTED}),
    SignalStatus.SENT: frozenset({SignalStatus.ACKNOWLEDGED, SignalStatus.REJECTED}),
    SignalStatus.ACKNOWLEDGED: frozenset({SignalStatus.IN_POLICY_CYCLE, SignalStatus.REJECTED}),
    SignalStatus.IN_POLICY_CYCLE: frozenset({SignalStatus.RESOLVED, SignalStatus.REJECTED}),
    SignalStatus.RESOLVED: frozenset(),
    SignalStatus.REJECTED: frozenset(),
}


class ReportStep:
    APPROVE = "approve"  # the policy officer releases the report for publication
    SEND = "send"  # queued for delivery (again, after a failure)
    REVISE = "revise"  # a correction: the next revision is generated from this one
    DELIVERED = "delivered"  # the receiver stored it (200/201)
    CONFLICT = "conflict"  # the receiver holds another report under this id (409)
    REJECTED = "rejected"  # the receiver refused it (another 4xx)
    GAVE_UP = "gave_up"  # the receiver stayed unreachable past the give-up time
    SUPERSEDE = "supersede"  # an approved later revision of the same period replaces it


_ALL_REPORT_STATUSES = frozenset(ReportStatus.values)

# (step, current status) -> the status it leads to. REVISE leaves the status of the revision it
# starts from as it is (its value is that status): the correction is a new row.
REPORT_TRANSITIONS: dict[tuple[str, str], str] = {
    (ReportStep.APPROVE, ReportStatus.GENERATED): ReportStatus.APPROVED,
    (ReportStep.SEND, ReportStatus.APPROVED): ReportStatus.SENDING,
    (ReportStep.SEND, ReportStatus.FAILED): ReportStatus.SENDING,
    (ReportStep.DELIVERED, ReportStatus.SENDING): ReportStatus.SENT,
    (ReportStep.CONFLICT, ReportStatus.SENDING): ReportStatus.CONFLICT,
    (ReportStep.REJECTED, ReportStatus.SENDING): ReportStatus.FAILED,
    (ReportStep.GAVE_UP, ReportStatus.SENDING): ReportStatus.FAILED,
    # While a revision is on the wire, its correction would race the delivery.
    **{
        (ReportStep.REVISE, status): status
        for status in _ALL_REPORT_STATUSES - {ReportStatus.SENDING}
    },
    **{
        (ReportStep.SUPERSEDE, status): ReportStatus.SUPERSEDED
        for status in _ALL_REPORT_STATUSES - {ReportStatus.SUPERSEDED}
    },
}

# The officer's steps; only the newest revision of a period may take them.
NEWEST_REVISION_ONLY = frozenset({ReportStep.APPROVE, ReportStep.SEND, ReportStep.REVISE})


def report_target(step: str, status: str) -> str | None:
    """The status `step` leads to from `status`, or None when the step is not allowed there."""
    return REPORT_TRANSITIONS.get((step, status))


def report_steps(status: str, *, newest: bool) -> frozenset[str]:
    """The officer's steps a report in `status` offers (only the newest revision offers any)."""
    if not newest:
        return frozenset()
    return (
        frozenset(step for (step, from_status) in REPORT_TRANSITIONS if from_status == status)
        & NEWEST_REVISION_ONLY
    )
