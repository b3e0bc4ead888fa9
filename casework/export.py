"""Everything held on one household, for an access request (AVG art. 15).

The only export that may contain the full BSN: it goes to the data subject themselves. The caller
records the export in the audit log (`casework.services.record_read`, action `household.export`).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import models
from django.utils import timezone

from casework.models import Household
from core.models import AuditLog

EXPORT_SCHEMA = "doorbraak.dossier-export/1"


def _value(value: Any) -> Any:
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _row(instance: models.Model, fields: list[str]) -> dict[str, Any]:
    row: dict[str, Any] = {}
    for name in fields:
        value = getattr(instance, name)
        row[name] = _value(value)
        field = instance._meta.get_field(name)
        if getattr(field, "choices", None):
            row[f"{name}_label"] = str(getattr(instance, f"get_{name}_display")())
    return row


def build_dossier_export(*, household: Household) -> dict[str, Any]:
    """The dossier as plain JSON-safe data. `household` comes from
    `selectors.household_dossier(..., journal_limit=None)` (the whole journal)."""
    members = []
    for member in household.members.all():
        members.append(
            {
                **_row(
                    member,
                    [
                        "id",
                        "relation",
                        "given_name",
                        "family_name",
                        "birth_date",
                        "lives_in",
                        "health_insured",
                        "is_student",
                        "in_detention",
                        "assessed_income_yearly",
                    ],
                ),
                "bsn": member.reveal_bsn(),
                "incomes": [
                    _row(
                        income,
                        [
                            "kind",
                            "gross_amount",
                            "net_amount",
                            "period",
                            "is_stable",
                            "gross_monthly",
                            "net_monthly",
                        ],
                    )
                    for income in member.incomes.all()
                ],
            }
        )
    housing = getattr(household, "housing", None)
    plan = getattr(household, "perspective_plan", None)
    audit = AuditLog.objects.filter(household_id=household.pk).order_by("timestamp", "id")
    return {
        "schema": EXPORT_SCHEMA,
        "exported_at": timezone.now().isoformat(),
        "household": {
            **_row(
                household,
                [
                    "id",
                    "postcode",
                    "house_number",
                    "house_number_suffix",
                    "start_date",
                    "status",
                    "status_reason",
                    "created_at",
                    "updated_at",
                ],
            ),
            "municipality": household.municipality.name,
            "team": household.team.name,
        },
        "members": members,
        "housing": _row(housing, ["tenure", "basic_rent", "service_costs", "landlord_kind"])
        if housing
        else None,
        "assets": [_row(a, ["kind", "value", "description"]) for a in household.assets.all()],
        "debts": [
            _row(
                d,
                [
                    "creditor_kind",
                    "creditor_name",
                    "amount",
                    "arrears_months",
                    "in_collection",
                    "bkr_registered",
                    "registered_on",
                    "stage",
                    "collection_monthly",
                    "deadline",
                ],
            )
            for d in household.debts.all()
        ],
        "fixed_costs": [
            _row(c, ["kind", "monthly", "description"])
            for c in household.fixed_costs.order_by("kind", "id")
        ],
        "debt_help_requests": [
            _row(r, ["requested_on", "threat", "phase", "first_conversation_on", "due_on"])
            for r in household.wgs_requests.order_by("requested_on", "id")
        ],
        "benefits_received": [
            _row(b, ["scheme_code", "amount_monthly", "since"]) for b in household.benefits.all()
        ],
        "assessments": [
            {
                **_row(a, ["assessed_on", "version"]),
                "scores": {s.domain: s.score_value() for s in a.scores.all()},
                # Decrypted: the export is for the person it is about (AVG art. 15).
                "reasons": {s.domain: s.reason_text() for s in a.scores.all()},
            }
            for a in household.assessments.all()
        ],
        "perspective_plan": _row(plan, ["own_words", "desired_situation", "needs"])
        if plan
        else None,
        "goals": [_row(g, ["description", "status", "target_date"]) for g in household.goals.all()],
        "involved_organisations": [
            _row(o, ["name", "kind", "contact", "yearly_cost"])
            for o in household.organisations.all()
        ],
        "journal": [
            _row(j, ["occurred_on", "kind", "text", "created_at"])
            for j in household.journal_entries
        ],
        "audit_log": [
            {
                "timestamp": entry.timestamp.isoformat(),
                "actor": entry.actor_username,
                "action": entry.action,
                "purpose": entry.purpose,
                "result": entry.result,
            }
            for entry in audit
        ],
    }
