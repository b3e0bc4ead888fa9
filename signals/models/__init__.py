from signals.models.report import DeliveryAttempt, SignalReport
from signals.models.signal import Signal, SignalLink, SignalStatusChange

__all__ = [
    "DeliveryAttempt",
    "Signal",
    "SignalLink",
    "SignalReport",
    "SignalStatusChange",
]
