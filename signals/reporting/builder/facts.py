"""The frozen input facts the Django side aggregates its models into."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from decimal import Decimal


@dataclass(frozen=True)
class BreakthroughFact:
    """One decided breakthrough in the period (decided_on within the period)."""

    household_key: str  # opaque pseudonym, only used to count distinct households
    theme: str
    pillar: str
    regulation_code: str
    regulation_name: str
    article: str
    body: str
    knelpunt_type: str | None
    amount_eur: Decimal
    avoided_cost_eur: Decimal | None
    decided_in_team: bool
    days_to_decision: int | None
    decided_on: date


@dataclass(frozen=True)
class SignalFact:
    """A curated knelpunt; all text is written by a policy officer for publication."""

    signal_id: uuid.UUID
    regulation_code: str
    article: str
    body: str
    knelpunt_type: str
    theme: str
    description: str
    proposed_fix: str
    workaround: str
    households_affected: int
    bridging_cost_eur: Decimal
    avoided_cost_eur: Decimal | None
    status: str
    first_seen: date
    route: str


@dataclass(frozen=True)
class NonTakeUpFact:
    """Households entitled to a scheme but not receiving it, with the estimated monthly amount."""

    regulation_code: str
    households: int
    est_monthly_eur: Decimal


@dataclass(frozen=True)
class ProposalFact:
    """A costed proposal (report version 2): a simulated reform attached to a published signal.

    ``cost_yearly_eur`` is the reform's extra cost per year over the caseload (negative: a
    saving), over ``households_changed`` households; ``households_helped`` gain by it.
    """

    signal_id: uuid.UUID
    reform_name: str
    reference_date: date
    cost_yearly_eur: Decimal
    households_changed: int
    households_helped: int
