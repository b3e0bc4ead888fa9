from breakthroughs.models.breakthrough import (
    Breakthrough,
    BreakthroughTransition,
    Evaluation,
    Notification,
)
from breakthroughs.models.budget import BudgetPot
from breakthroughs.models.hub_feed import HubFeed, HubFeedCopy
from breakthroughs.models.lever import LegalLever, LeverGrade, LeverKind

__all__ = [
    "Breakthrough",
    "BreakthroughTransition",
    "BudgetPot",
    "Evaluation",
    "HubFeed",
    "HubFeedCopy",
    "LegalLever",
    "LeverGrade",
    "LeverKind",
    "Notification",
]
