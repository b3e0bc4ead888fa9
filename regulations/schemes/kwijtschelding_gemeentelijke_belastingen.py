"""Kwijtschelding gemeentelijke belastingen (Gemeentewet art. 255; Invorderingswet 1990 art. 26;
Uitvoeringsregeling Invorderingswet 1990).

Simplified model (grade C where noted in the data): betalingscapaciteit per month = net income -
kosten van bestaan (``kwijtschelding.kosten_van_bestaan_percentage`` x bijstandsnorm incl.
kostendelersnorm); housing costs and health-insurance premiums above the norm are not modelled.
Vermogen above ``vermogensvrijlating_maanden_norm`` months of kosten van bestaan excludes. With
capacity, ``betalingscapaciteit_inzet`` x 12 x capacity is used to pay the assessment
(``municipal_tax_yearly``); the rest is kwijtgescholden.
"""

from __future__ import annotations

from .bijstand import bijstand_norm
from .facts import Context, net_income_monthly
from .params import TrackedParameters
from .results import (
    ELIGIBLE,
    INSUFFICIENT_DATA,
    NOT_ELIGIBLE,
    TWELVE,
    ZERO,
    Evaluation,
    Trace,
    cents,
)

CODE = "kwijtschelding_gemeentelijke_belastingen"
BWB = "BWBR0005416"  # Gemeentewet
INVORDERINGSWET = "BWBR0004770"
MAIN_ARTICLE = ("art. 255 Gemeentewet", "255")


def evaluate(ctx: Context, params: TrackedParameters, trace: Trace) -> Evaluation:
    norm = bijstand_norm(ctx, params, trace, apply_kostendelers=True)
    if norm is None:
        return Evaluation(NOT_ELIGIBLE)
    share = params.get("kwijtschelding.kosten_van_bestaan_percentage")
    living_costs = cents(norm.amount * share)
    months = params.get("kwijtschelding.vermogensvrijlating_maanden_norm")
    allowance = cents(living_costs * months)
    missing: list[str] = []
    assets = ctx.household.assets_total
    if assets is None:
        missing.append("assets_total")
    else:
        within = assets <= allowance
        if trace.enabled:
            trace.add(
                rule="Kwijtschelding is alleen mogelijk als u geen vermogen heeft boven een klein "
                "bedrag voor onvoorziene uitgaven.",
                article="art. 26 Invorderingswet 1990",
                bwb_id=INVORDERINGSWET,
                law_article="26",
                values={"vermogen": assets, "toegestaan": allowance},
                result="Binnen de grens." if within else "Vermogen te hoog: geen kwijtschelding.",
            )
        if not within:
            return Evaluation(NOT_ELIGIBLE)
    income, income_missing = net_income_monthly(norm.counted)
    missing += income_missing
    if missing or income is None:
        return Evaluation(INSUFFICIENT_DATA, missing=missing)
    capacity = max(income - living_costs, ZERO)
    used_share = params.get("kwijtschelding.betalingscapaciteit_inzet")
    yearly_capacity = cents(capacity * TWELVE * used_share)
    if trace.enabled:
        trace.add(
            rule="De gemeente vergelijkt uw netto inkomen met de kosten van bestaan (een percentage van "
            "de bijstandsnorm). Wat overblijft is betalingscapaciteit; een deel daarvan over een jaar "
            "gaat naar de aanslag. Woonlasten en zorgpremie zijn hier niet meegerekend.",
            article="art. 255 Gemeentewet; art. 26 Invorderingswet 1990",
            bwb_id=BWB,
            law_article="255",
            values={
                "netto_inkomen_per_maand": income,
                "bijstandsnorm": norm.amount,
                "kosten_van_bestaan": living_costs,
                "betalingscapaciteit_per_maand": capacity,
                "inzet_per_jaar": yearly_capacity,
            },
            result="Geen betalingscapaciteit."
            if capacity == 0
            else f"Betalingscapaciteit € {capacity} per maand.",
        )
    tax = ctx.household.municipal_tax_yearly
    if tax is not None and tax == 0:
        if trace.enabled:
            trace.add(
                rule="Kwijtschelding gaat over een openstaande aanslag; zonder aanslag is er niets kwijt "
                "te schelden.",
                article="art. 26 Invorderingswet 1990",
                bwb_id=INVORDERINGSWET,
                law_article="26",
                values={"aanslag_per_jaar": tax},
                result="Geen aanslag.",
            )
        return Evaluation(NOT_ELIGIBLE)
    if capacity == 0:
        return Evaluation(ELIGIBLE, amount_yearly=tax)
    if tax is None:
        return Evaluation(INSUFFICIENT_DATA, missing=["municipal_tax_yearly"])
    remitted = max(tax - yearly_capacity, ZERO)
    if trace.enabled:
        trace.add(
            rule="Is de aanslag hoger dan wat u uit uw betalingscapaciteit kunt betalen, dan wordt het "
            "verschil kwijtgescholden.",
            article="art. 26 Invorderingswet 1990",
            bwb_id=INVORDERINGSWET,
            law_article="26",
            values={
                "aanslag_per_jaar": tax,
                "inzet_per_jaar": yearly_capacity,
                "kwijtschelding": remitted,
            },
            result=f"Kwijtschelding € {remitted}." if remitted > 0 else "Geen kwijtschelding.",
        )
    if remitted <= 0:
        return Evaluation(NOT_ELIGIBLE)
    return Evaluation(ELIGIBLE, amount_yearly=remitted)
