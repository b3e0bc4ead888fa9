"""The "Financieel vangnet" section of the case page: budget, beslagvrije voet, debts, Wgs limits.

Read-only; the fixed costs, debts and Wgs requests are edited in the casework dossier. Every view
is scoped through `household_get` (404 outside the user's teams) and audited.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from casework.constants import DebtStage, FixedCostKind
from casework.models import FixedCost, WgsRequest
from casework.selectors import household_get
from core.audit import audit_record
from regulations.schemes.safety_net import CREDITOR_LABELS
from regulations.services.safety_net import household_safety_net, wgs_deadlines

PURPOSE = "financieel_vangnet"

SITUATION_LABELS = {
    "alleenstaande": "Alleenstaande",
    "alleenstaande_ouder": "Alleenstaande ouder",
    "gehuwden_zonder_kinderen": "Gehuwden of samenwonenden zonder kinderen",
    "gehuwden_met_kinderen": "Gehuwden of samenwonenden met kinderen",
}


def _context(request: HttpRequest, pk: int) -> dict[str, Any]:
    household = household_get(user=request.user, household_id=pk)
    today = timezone.localdate()
    result = household_safety_net(household=household, reference_date=today).to_json()
    audit_record(
        actor=request.user,
        action="safetynet.read",
        obj=household,
        request=request,
        household_id=household.pk,
        municipality_code=household.municipality.cbs_code,
        purpose=PURPOSE,
    )
    labels = dict(FixedCostKind.choices)
    stages = dict(DebtStage.choices)
    budget = result["budget"]
    for cost in budget["fixed_costs"]:
        cost["label"] = labels.get(cost["kind"], cost["kind"])
    for debt in result["debts"]:
        debt["stage_label"] = stages.get(debt["stage"], "") if debt["stage"] else ""
        debt["creditor_label"] = CREDITOR_LABELS.get(debt["creditor_kind"], debt["creditor_kind"])
    bvv = result["beslagvrije_voet"]
    bvv["situation_label"] = SITUATION_LABELS.get(bvv["household_situation"] or "", "")
    return {
        "household": household,
        "today": today,
        "budget": budget,
        "bvv": bvv,
        "debts": result["debts"],
        "alerts": result["alerts"],
        "wgs": wgs_deadlines(household=household, today=today),
        # The stored rows, to change or remove them in the dossier.
        "fixed_cost_rows": FixedCost.objects.filter(household=household).order_by("kind", "id"),
        "wgs_rows": WgsRequest.objects.filter(household=household).order_by("-requested_on", "-id"),
        "detail_url": reverse("casework:detail", args=[household.pk]),
        "fixed_cost_add_url": reverse("casework:item-add", args=[household.pk, "vaste-lasten"]),
        "wgs_add_url": reverse("casework:item-add", args=[household.pk, "schuldhulp"]),
    }


@login_required
@never_cache
@require_GET
def safety_net_section_view(request: HttpRequest, pk: int) -> HttpResponse:
    """A fragment for htmx on the case page, a whole page without JavaScript."""
    context = _context(request, pk)
    in_case_page = bool(getattr(request, "htmx", False))
    # Inside the case page the long parts fold; the standalone page shows everything open.
    context["compact"] = in_case_page
    template = (
        "regulations/safety_net/section.html"
        if in_case_page
        else "regulations/safety_net/page.html"
    )
    return render(request, template, context)
