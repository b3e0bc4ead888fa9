from breakthroughs.models.breakthrough import (
    Breakthrough,
    BreakthroughTransition,
    Evaluation,
    Notification,
)
from breakthroughs.models.budget import BudgetPot
from breakthroughs.models.lever import LegalLever, LeverGrade, LeverKind

__all__ = [
    "Breakthrough",
    "BreakthroughTransition",
    "BudgetPot",
    "Evaluation",
    "LegalLever",
    "LeverGrade",
    "LeverKind",
    "Notification",
]
