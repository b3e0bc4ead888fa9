"""The safety_net input: the screen JSON plus fixed costs, debts and amounts received."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import Any

from regulations.schemes.facts import HouseholdFacts, InputError, parse_household
from regulations.schemes.facts.fields import (
    check_choice,
    object_items,
    parse_date,
    parse_money,
    parse_object,
    required_field,
)
from regulations.schemes.facts.household import CREDITOR_KINDS
from regulations.schemes.results import SCHEME_CODES

RV = "BWBR0001827"  # Wetboek van Burgerlijke Rechtsvordering
WGS = "BWBR0031343"
FIXED_COST_KINDS = (
    "rent",
    "energy",
    "water",
    "health_insurance",
    "municipal_taxes",
    "phone_internet",
    "other_insurance",
    "childcare",
    "transport",
    "repayments",
)
DEBT_STAGES = ("aanmaning", "incasso", "deurwaarder", "beslag", "afsluiting", "ontruiming")
# Arrears on these fixed costs come first: they end in eviction, disconnection or the loss of
# the health insurance (the threats of art. 4 lid 2 Wgs).
ESSENTIAL_CREDITORS = {
    "verhuurder": "rent",
    "energie": "energy",
    "water": "water",
    "zorgverzekeraar": "health_insurance",
}
# Dutch names for the texts of the alerts (the codes stay in the JSON).
CREDITOR_LABELS = {
    "belastingdienst": "Belastingdienst",
    "toeslagen": "Dienst Toeslagen",
    "cjib": "CJIB",
    "zorgverzekeraar": "zorgverzekeraar",
    "verhuurder": "verhuurder",
    "energie": "energieleverancier",
    "water": "drinkwaterbedrijf",
    "telecom": "telecomaanbieder",
    "bnpl": "achteraf betalen",
    "online_gokken": "online gokken",
    "kredietverstrekker": "kredietverstrekker",
    "incasso": "incassobureau",
    "prive": "particulier",
    "overig": "andere schuldeiser",
}
STAGE_LABELS = {
    "aanmaning": "aanmaning",
    "incasso": "incasso",
    "deurwaarder": "deurwaarder",
    "beslag": "beslag of verrekening",
    "afsluiting": "afsluiting aangezegd",
    "ontruiming": "ontruiming aangezegd",
}
SITUATIONS = (
    "alleenstaande",
    "alleenstaande_ouder",
    "gehuwden_zonder_kinderen",
    "gehuwden_met_kinderen",
)
SITUATION_LABELS = {
    "alleenstaande": "alleenstaande",
    "alleenstaande_ouder": "alleenstaande ouder (kind jonger dan 18)",
    "gehuwden_zonder_kinderen": "gehuwden of samenwonenden zonder kinderen jonger dan 18",
    "gehuwden_met_kinderen": "gehuwden of samenwonenden met kinderen jonger dan 18",
}
# Typing errors in a monthly amount (an extra zero or two) are refused, real cases are not.
MAX_MONTHLY = Decimal("25000")
WEEKS_PER_YEAR = Decimal(52)
MONTHS_PER_YEAR = Decimal(12)

_TOP_FIELDS = frozenset({"fixed_costs", "debts", "benefits_received_monthly"})
_FIXED_COST_FIELDS = frozenset({"kind", "monthly"})
_DEBT_FIELDS = frozenset({"creditor_kind", "amount", "stage", "collection_monthly", "deadline"})


# --- input ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FixedCost:
    kind: str
    monthly: Decimal


@dataclass(frozen=True, slots=True)
class Debt:
    creditor_kind: str
    amount: Decimal | None
    stage: str | None = None
    collection_monthly: Decimal | None = None
    deadline: date | None = None

    @property
    def essential(self) -> bool:
        return self.creditor_kind in ESSENTIAL_CREDITORS

    @property
    def threat(self) -> str | None:
        """The art. 4 lid 2 Wgs threat this debt's stage announces, if any."""
        if self.stage == "ontruiming":
            return "eviction"
        if self.stage == "afsluiting":
            return {
                "energie": "energy_cutoff",
                "water": "water_cutoff",
                "zorgverzekeraar": "health_insurance_termination",
                "verhuurder": "eviction",
            }.get(self.creditor_kind)
        return None


@dataclass(frozen=True, slots=True)
class SafetyNetFacts:
    household: HouseholdFacts
    fixed_costs: tuple[FixedCost, ...] | None
    debts: tuple[Debt, ...]
    benefits_received_monthly: dict[str, Decimal]


def parse_safety_net(data: Any, *, reference_date_override: date | None = None) -> SafetyNetFacts:
    """Validate the safety_net JSON; ``InputError(field, message)`` names the field."""
    obj = parse_object(data, "")
    screen_input = {key: value for key, value in obj.items() if key not in _TOP_FIELDS}
    fixed_costs = None
    if obj.get("fixed_costs") is not None:
        fixed_costs = _fixed_costs(obj["fixed_costs"], "fixed_costs")
    debts = _debts(obj["debts"], "debts") if obj.get("debts") is not None else ()
    received: dict[str, Decimal] = {}
    if obj.get("benefits_received_monthly") is not None:
        raw = parse_object(obj["benefits_received_monthly"], "benefits_received_monthly")
        for code, amount in raw.items():
            path = f"benefits_received_monthly.{code}"
            if code not in SCHEME_CODES:
                raise InputError(path, f"onbekende regeling; kies uit {', '.join(SCHEME_CODES)}")
            received[code] = _monthly(amount, path)
    # The debts reach the screening too (schuldhulpverlening), with the threat their stage implies.
    screen_input["debts"] = [
        {
            "creditor_kind": debt.creditor_kind,
            **({"amount": str(debt.amount)} if debt.amount is not None else {}),
            **({"threat": debt.threat} if debt.threat else {}),
        }
        for debt in debts
    ]
    household = parse_household(screen_input, reference_date_override=reference_date_override)
    if received:
        # An amount received means the benefit is received: the screening must know it.
        known = household.benefits_received or frozenset()
        household = replace(household, benefits_received=known | frozenset(received))
    return SafetyNetFacts(
        household=household,
        fixed_costs=fixed_costs,
        debts=debts,
        benefits_received_monthly=received,
    )


def _monthly(raw: Any, path: str) -> Decimal:
    value = parse_money(raw, path)
    if value > MAX_MONTHLY:
        raise InputError(path, "is onrealistisch hoog voor een bedrag per maand")
    return value


def _fixed_costs(raw: Any, path: str) -> tuple[FixedCost, ...]:
    costs = []
    for obj, item_path in object_items(raw, path, _FIXED_COST_FIELDS):
        kind = required_field(obj, "kind", item_path)
        check_choice(kind, FIXED_COST_KINDS, f"{item_path}.kind", "onbekende soort vaste last")
        monthly = _monthly(required_field(obj, "monthly", item_path), f"{item_path}.monthly")
        costs.append(FixedCost(kind=kind, monthly=monthly))
    return tuple(costs)


def _debts(raw: Any, path: str) -> tuple[Debt, ...]:
    debts = []
    for obj, item_path in object_items(raw, path, _DEBT_FIELDS):
        creditor_kind = required_field(obj, "creditor_kind", item_path)
        check_choice(
            creditor_kind, CREDITOR_KINDS, f"{item_path}.creditor_kind", "onbekende schuldeiser"
        )
        stage = obj.get("stage")
        if stage is not None:
            check_choice(stage, DEBT_STAGES, f"{item_path}.stage", "onbekend stadium")
        amount = obj.get("amount")
        collection = obj.get("collection_monthly")
        deadline = obj.get("deadline")
        debts.append(
            Debt(
                creditor_kind=creditor_kind,
                amount=None if amount is None else parse_money(amount, f"{item_path}.amount"),
                stage=stage,
                collection_monthly=(
                    None
                    if collection is None
                    else _monthly(collection, f"{item_path}.collection_monthly")
                ),
                deadline=None
                if deadline is None
                else parse_date(deadline, f"{item_path}.deadline"),
            )
        )
    return tuple(debts)
