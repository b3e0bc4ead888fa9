from breakthroughs.models.breakthrough import (
    Breakthrough,
    BreakthroughTransition,
    Evaluation,
    Notification,
)
from breakthroughs.models.budget import BudgetPot

__all__ = [
    "Breakthrough",
    "BreakthroughTransition",
    "BudgetPot",
    "Evaluation",
    "Notification",
]
