"""The facts themselves: the vocabularies of the screen JSON and the frozen fact dataclasses."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

RELATIONS = ("applicant", "partner", "child", "housemate")
TENURES = ("social_rent", "private_rent", "room_rent", "owner", "living_in", "homeless")
RENT_TENURES = ("social_rent", "private_rent", "room_rent")
INCOME_KINDS = (
    "wages",
    "self_employed",
    "bijstand",
    "ww",
    "wia",
    "wajong",
    "aow",
    "pension",
    "alimony",
    "student_finance",
    "other",
)
WORK_INCOME_KINDS = ("wages", "self_employed")
CHILDCARE_KINDS = ("dagopvang", "bso", "gastouder", "none")
DEBT_THREATS = ("eviction", "energy_cutoff", "water_cutoff", "health_insurance_termination")
CREDITOR_KINDS = (
    "belastingdienst",
    "toeslagen",
    "cjib",
    "zorgverzekeraar",
    "verhuurder",
    "energie",
    "water",
    "telecom",
    "bnpl",
    "online_gokken",
    "kredietverstrekker",
    "incasso",
    "prive",
    "overig",
)


@dataclass(frozen=True, slots=True)
class IncomeFacts:
    kind: str
    gross_monthly: Decimal | None
    net_monthly: Decimal | None
    # Earnings from work started now (set by 'Werken loont?', not part of the screen JSON): the
    # bijstand leaves part of them out for a while (Pw art. 31 lid 2 onderdeel n).
    new_work: bool = False
    # Earnings from work whose six months of onderdeel n have passed, within the 30 months that
    # follow (set by 'Werken loont?' too): a single parent with a child under 12 keeps part of them
    # (Pw art. 31 lid 2 onderdeel r).
    after_first_months: bool = False


@dataclass(frozen=True, slots=True)
class ChildcareFacts:
    kind: str
    hours_monthly: Decimal | None
    hourly_rate: Decimal | None


@dataclass(frozen=True, slots=True)
class MemberFacts:
    ref: str
    relation: str
    birth_date: date
    index: int  # position in the input list, for JSON paths in ``missing``
    assessed_income_yearly: Decimal | None = None
    incomes: tuple[IncomeFacts, ...] | None = None
    health_insured: bool | None = None
    works_or_studies: bool | None = None
    childcare: ChildcareFacts | None = None

    @property
    def path(self) -> str:
        return f"members[{self.index}]"


@dataclass(frozen=True, slots=True)
class HousingFacts:
    tenure: str
    basic_rent: Decimal | None = None
    service_costs: Decimal | None = None


@dataclass(frozen=True, slots=True)
class DebtFacts:
    creditor_kind: str
    amount: Decimal | None
    threat: str | None


@dataclass(frozen=True, slots=True)
class HouseholdFacts:
    reference_date: date
    members: tuple[MemberFacts, ...]
    municipality_code: str | None = None
    assets_total: Decimal | None = None
    housing: HousingFacts | None = None
    benefits_received: frozenset[str] | None = None
    debts: tuple[DebtFacts, ...] | None = None
    debt_help_requested_on: date | None = None
    low_income_since: date | None = None
    municipal_tax_yearly: Decimal | None = None

    @property
    def applicant(self) -> MemberFacts:
        return self.members[0]
