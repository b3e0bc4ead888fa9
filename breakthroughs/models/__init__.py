from breakthroughs.models.breakthrough import (
    Breakthrough,
    BreakthroughTransition,
    Evaluation,
    Notification,
)
from breakthroughs.models.budget import BudgetPot
from breakthroughs.models.signal import (
    DeliveryAttempt,
    Signal,
    SignalLink,
    SignalReport,
    SignalStatusChange,
)

__all__ = [
    "Breakthrough",
    "BreakthroughTransition",
    "BudgetPot",
    "DeliveryAttempt",
    "Evaluation",
    "Notification",
    "Signal",
    "SignalLink",
    "SignalReport",
    "SignalStatusChange",
]
