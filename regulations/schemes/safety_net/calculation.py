"""The whole safety net: budget, beslagvrije voet, debts by urgency and the alerts."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import Any

# The one Dutch money notation of the project; plain Python, so the calculation stays Django-free.
from core.presentation.money import euro
from regulations.schemes.catalogue import load_regulations
from regulations.schemes.engine import screen
from regulations.schemes.facts import net_income_monthly
from regulations.schemes.params import ParameterRecord, ParameterSet, resolve_parameters
from regulations.schemes.results import ZERO, cents, money_json

from .beslagvrije_voet import BeslagvrijeVoet, beslagvrije_voet
from .facts import (
    CREDITOR_LABELS,
    DEBT_STAGES,
    MONTHS_PER_YEAR,
    STAGE_LABELS,
    WEEKS_PER_YEAR,
    Debt,
    SafetyNetFacts,
)
from .provisional import carried_forward


@dataclass(slots=True)
class SafetyNet:
    reference_date: date
    budget: dict[str, Any]
    beslagvrije_voet: BeslagvrijeVoet
    debts: list[dict[str, Any]]
    alerts: list[dict[str, Any]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "reference_date": self.reference_date.isoformat(),
            "budget": self.budget,
            "beslagvrije_voet": self.beslagvrije_voet.to_json(),
            "debts": self.debts,
            "alerts": self.alerts,
        }


def _budget(
    facts: SafetyNetFacts, parameters: ParameterSet, situation: str | None
) -> dict[str, Any]:
    household = facts.household
    income, income_missing = net_income_monthly(list(household.members))
    benefits = sum(facts.benefits_received_monthly.values(), ZERO)
    fixed = None if facts.fixed_costs is None else sum((c.monthly for c in facts.fixed_costs), ZERO)
    collections = sum((d.collection_monthly or ZERO for d in facts.debts), ZERO)
    balance = None
    leefgeld = None
    if income is not None and fixed is not None:
        balance = income + benefits - fixed - collections
        leefgeld = cents(balance * MONTHS_PER_YEAR / WEEKS_PER_YEAR)
    reference = None
    if situation is not None:
        key = f"minima.leefgeld_referentie_week.{situation}"
        record = parameters.record(key)
        if record is not None and record.municipality_code is not None:
            reference = {
                "key": key,
                "amount_weekly": money_json(record.value),
                "valid_from": record.valid_from.isoformat(),
                "source_url": record.source_url,
                "source_title": record.source_title,
                "grade": record.grade,
                "municipality_code": record.municipality_code,
            }
    missing = list(income_missing)
    if facts.fixed_costs is None:
        missing.append("fixed_costs")
    return {
        "income_monthly": money_json(income),
        "benefits_monthly": money_json(benefits),
        "fixed_costs": [
            {"kind": cost.kind, "monthly": money_json(cost.monthly)}
            for cost in facts.fixed_costs or ()
        ],
        "fixed_costs_monthly": money_json(fixed),
        "collections_monthly": money_json(collections),
        "balance_monthly": money_json(balance),
        "leefgeld_weekly": money_json(leefgeld),
        "reference": reference,
        "reference_note": (
            "De referentie voor het leefgeld is een gemeentelijke instelling; er is geen "
            "officieel gepubliceerde waarde."
            + ("" if reference else " Voor deze gemeente en leefsituatie is niets ingesteld.")
        ),
        "missing": missing,
    }


def _ranked_debts(debts: Sequence[Debt]) -> list[dict[str, Any]]:
    stage_rank = {stage: position for position, stage in enumerate(DEBT_STAGES)}

    def key(indexed: tuple[int, Debt]) -> tuple[Any, ...]:
        position, debt = indexed
        return (
            not debt.essential,
            -stage_rank.get(debt.stage or "", -1),
            debt.deadline or date.max,
            -(debt.amount or ZERO),
            position,
        )

    ranked = []
    for rank, (position, debt) in enumerate(sorted(enumerate(debts), key=key), start=1):
        ranked.append(
            {
                "rank": rank,
                "index": position,
                "creditor_kind": debt.creditor_kind,
                "amount": money_json(debt.amount),
                "stage": debt.stage,
                "collection_monthly": money_json(debt.collection_monthly),
                "deadline": debt.deadline.isoformat() if debt.deadline else None,
                "fixed_cost_arrears": debt.essential,
                "threat": debt.threat,
            }
        )
    return ranked


def _alerts(
    facts: SafetyNetFacts,
    bvv: BeslagvrijeVoet,
    budget: dict[str, Any],
    entitlements: dict[str, tuple[str, Decimal | None]],
) -> list[dict[str, Any]]:
    alerts: list[dict[str, Any]] = []
    members = [m for m in facts.household.members if m.relation in ("applicant", "partner")]
    income, _missing = net_income_monthly(members)
    collections = sum((d.collection_monthly or ZERO for d in facts.debts), ZERO)
    if bvv.amount_monthly is not None and income is not None and collections > 0:
        left = income - collections
        if left < bvv.amount_monthly:
            shortfall = bvv.amount_monthly - left
            floor = "de ondergrens van " if bvv.lower_bound else ""
            alerts.append(
                {
                    "code": "below_beslagvrije_voet",
                    "severity": "high",
                    "amount_monthly": money_json(shortfall),
                    "message": (
                        f"Na inhoudingen van {euro(collections)} blijft "
                        f"{euro(left)} over: {euro(shortfall)} minder dan "
                        f"{floor}de beslagvrije voet ({euro(bvv.amount_monthly)})."
                    ),
                    "article": "art. 475da Rv",
                }
            )
    for item in _ranked_debts(facts.debts):
        if item["fixed_cost_arrears"] or item["stage"] in ("afsluiting", "ontruiming"):
            deadline = date.fromisoformat(item["deadline"]) if item["deadline"] else None
            when = f", uiterlijk {deadline:%d-%m-%Y}" if deadline else ""
            alerts.append(
                {
                    "code": "urgent_arrears",
                    "severity": "high" if item["threat"] else "medium",
                    "debt_index": item["index"],
                    "creditor_kind": item["creditor_kind"],
                    "deadline": item["deadline"],
                    "amount": item["amount"],
                    "message": (
                        f"Achterstand bij {CREDITOR_LABELS[item['creditor_kind']]}"
                        + (f" ({STAGE_LABELS[item['stage']]})" if item["stage"] else "")
                        + f"{when}: gaat voor."
                    ),
                    "article": "art. 4 Wgs" if item["threat"] else "",
                }
            )
    for code, received in sorted(facts.benefits_received_monthly.items()):
        outcome, entitled = entitlements.get(code, ("", None))
        if outcome == "not_eligible":
            entitled = ZERO
        if outcome not in ("eligible", "not_eligible") or entitled is None:
            continue
        if received > entitled:
            difference = received - entitled
            alerts.append(
                {
                    "code": "repayment_risk",
                    "severity": "medium",
                    "scheme": code,
                    "amount_monthly": money_json(difference),
                    "message": (
                        f"{scheme_names().get(code, code)}: ontvangen {euro(received)}, berekend recht "
                        f"{euro(entitled)}: risico op terugvordering van "
                        f"{euro(difference)} per maand."
                    ),
                    "article": "art. 26 Awir",
                }
            )
    reference = budget["reference"]
    leefgeld = budget["leefgeld_weekly"]
    if reference is not None and leefgeld is not None:
        weekly, target = Decimal(leefgeld), Decimal(reference["amount_weekly"])
        if weekly < target:
            alerts.append(
                {
                    "code": "leefgeld_below_reference",
                    "severity": "medium",
                    "amount_weekly": money_json(target - weekly),
                    "message": (
                        f"Leefgeld {euro(weekly)} per week is minder dan de gemeentelijke "
                        f"referentie van {euro(target)}."
                    ),
                    "article": "",
                }
            )
    return alerts


@lru_cache(maxsize=1)
def scheme_names() -> dict[str, str]:
    """Scheme code -> its name in the catalogue, for the texts."""
    return {regulation.code: regulation.name for regulation in load_regulations()}


def safety_net(facts: SafetyNetFacts, *, records: Iterable[ParameterRecord]) -> SafetyNet:
    """Budget, beslagvrije voet, ranked debts and alerts for one household on its date."""
    household = facts.household
    records = tuple(records)
    on = household.reference_date
    municipality = household.municipality_code
    parameters = carried_forward(records, reference_date=on, municipality_code=municipality)
    bvv = beslagvrije_voet(facts, parameters)
    screening = screen(
        household,
        parameters=resolve_parameters(records, reference_date=on, municipality_code=municipality),
    )
    entitlements = {r.scheme: (r.outcome, r.amount_monthly) for r in screening.results}
    budget = _budget(facts, parameters, bvv.situation)
    budget["entitlements_not_received"] = [
        {
            "scheme": r.scheme,
            "name": scheme_names().get(r.scheme, r.scheme),
            "amount_monthly": money_json(r.amount_monthly),
        }
        for r in screening.results
        if r.non_take_up
    ]
    return SafetyNet(
        reference_date=on,
        budget=budget,
        beslagvrije_voet=bvv,
        debts=_ranked_debts(facts.debts),
        alerts=_alerts(facts, bvv, budget, entitlements),
    )
