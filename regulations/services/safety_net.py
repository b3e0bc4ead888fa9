"""The safety net of a stored household: its input JSON, the calculation, and the case summary.

The calculation is the pure `regulations.schemes.safety_net`; this module turns a dossier into its
input (the screen JSON plus fixed costs, debts with their stage and the amounts received) and
gathers the open Wgs time limits. Callers check access (`casework.selectors.household_get`) and
audit the read.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from casework.models import FixedCost, Household, WgsRequest
from regulations.schemes.safety_net import SafetyNet, parse_safety_net, safety_net
from regulations.services.dossiers import CREDITOR_TO_ENGINE, facts_json
from regulations.services.parameters import parameter_resolver

# Casework's fixed-cost codes are the contract's codes (FixedCostKind mirrors FIXED_COST_KINDS).


def safety_net_input(household: Household, *, reference_date: date) -> dict[str, Any]:
    """The safety_net JSON of a stored household: what the calculation sees."""
    data = facts_json(household, reference_date=reference_date)
    data["fixed_costs"] = [
        {"kind": cost.kind, "monthly": str(cost.monthly)}
        for cost in FixedCost.objects.filter(household=household).order_by("kind", "id")
    ]
    data["debts"] = [
        {
            "creditor_kind": CREDITOR_TO_ENGINE.get(debt.creditor_kind, debt.creditor_kind),
            "amount": str(debt.amount),
            **({"stage": debt.stage} if debt.stage else {}),
            **(
                {"collection_monthly": str(debt.collection_monthly)}
                if debt.collection_monthly is not None
                else {}
            ),
            **({"deadline": debt.deadline.isoformat()} if debt.deadline else {}),
        }
        for debt in household.debts.all()
    ]
    received = {
        benefit.scheme_code: str(benefit.amount_monthly)
        for benefit in household.benefits.all()
        if benefit.amount_monthly is not None
    }
    if received:
        data["benefits_received_monthly"] = received
    return data


def household_safety_net(*, household: Household, reference_date: date) -> SafetyNet:
    facts = parse_safety_net(safety_net_input(household, reference_date=reference_date))
    return safety_net(facts, records=parameter_resolver().records)


def wgs_deadlines(*, household: Household, today: date) -> list[dict[str, Any]]:
    """The open Wgs requests (no first conversation yet), soonest first, as plain data."""
    rows = WgsRequest.objects.filter(
        household=household, first_conversation_on__isnull=True
    ).order_by("due_on", "id")
    return [
        {
            "id": row.pk,
            "requested_on": row.requested_on,
            "due_on": row.due_on,
            "threat": row.threat,
            "threat_label": row.get_threat_display() if row.threat else "",
            "phase": row.phase,
            "phase_label": row.get_phase_display(),
            "overdue": row.due_on < today,
            "escalated": row.escalated_at is not None,
        }
        for row in rows
    ]


def safety_net_summary(*, household: Household, today: date) -> dict[str, Any]:
    """Plain data for the case page summary: the beslagvrije-voet alerts, the urgent arrears
    and the open Wgs deadlines. No personal data beyond what the case page already shows."""
    result = household_safety_net(household=household, reference_date=today)
    alerts = result.alerts
    return {
        # Every alert the safety net section lists (the case page keeps room for them).
        "alert_messages": [str(a["message"]) for a in alerts],
        "beslagvrije_voet_alerts": [a for a in alerts if a["code"] == "below_beslagvrije_voet"],
        "urgent_arrears": [a for a in alerts if a["code"] == "urgent_arrears"],
        "wgs_deadlines": wgs_deadlines(household=household, today=today),
    }
