from signals.models.signal import Signal, SignalLink, SignalStatusChange
from signals.models.report import DeliveryAttempt, SignalReport

__all__ = [
    "DeliveryAttempt",
    "Signal",
    "SignalLink",
    "SignalReport",
    "SignalStatusChange",
]
