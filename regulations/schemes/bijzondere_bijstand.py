"""Bijzondere bijstand: the income base and draagkracht (Pw art. 35 + gemeentelijke beleidsregels).

Bijzondere bijstand pays concrete necessary costs above the household's draagkracht, so the amount is
null here; the result says whether the income base qualifies and what the draagkracht is.
draagkracht per month = draagkrachtpercentage x max(0, income - voet x sociaal minimum). Above
``bijzondere_bijstand.inkomensgrens`` x sociaal minimum the screening assumes enough draagkracht.
The percentage, period and upper bound are grade-C design defaults until the municipality fills them.
"""

from __future__ import annotations

from .bijstand import BWB, asset_limit_check, sociaal_minimum
from .facts import Context, net_income_monthly
from .params import TrackedParameters
from .results import ELIGIBLE, INSUFFICIENT_DATA, NOT_ELIGIBLE, ZERO, Evaluation, Trace, cents

CODE = "bijzondere_bijstand"
MAIN_ARTICLE = ("art. 35 Participatiewet", "35")


def evaluate(ctx: Context, params: TrackedParameters, trace: Trace) -> Evaluation:
    norm = sociaal_minimum(ctx, params, trace)
    if norm is None:
        return Evaluation(NOT_ELIGIBLE)
    within_assets, missing = asset_limit_check(
        ctx, params, trace, household_type_=norm.household_type
    )
    if within_assets is False:
        return Evaluation(NOT_ELIGIBLE)
    income, income_missing = net_income_monthly(norm.counted)
    missing += income_missing
    if missing or income is None:
        return Evaluation(INSUFFICIENT_DATA, missing=missing)
    base_share = params.get("bijzondere_bijstand.draagkrachtvrije_voet")
    capacity_share = params.get("bijzondere_bijstand.draagkrachtpercentage")
    upper_share = params.get("bijzondere_bijstand.inkomensgrens")
    period = params.get("bijzondere_bijstand.draagkrachtperiode_maanden")
    base = cents(norm.amount * base_share)
    upper = cents(norm.amount * upper_share)
    capacity = cents(max(income - base, ZERO) * capacity_share)
    if income > upper:
        if trace.enabled:
            trace.add(
                rule="Bij een inkomen ruim boven het sociaal minimum gaat de gemeente ervan uit dat u "
                "bijzondere kosten zelf kunt dragen.",
                article="art. 35 Participatiewet",
                bwb_id=BWB,
                law_article="35",
                values={"netto_inkomen_per_maand": income, "grens": upper},
                result="Inkomen boven de grens: bijzondere bijstand niet waarschijnlijk.",
            )
        return Evaluation(NOT_ELIGIBLE)
    if trace.enabled:
        trace.add(
            rule="Bijzondere bijstand vergoedt noodzakelijke kosten die u niet zelf kunt betalen. Van "
            "het inkomen boven de draagkrachtvrije voet telt een deel als draagkracht; kosten boven die "
            "draagkracht kunnen worden vergoed. Het bedrag hangt af van de kosten zelf.",
            article="art. 35 Participatiewet",
            bwb_id=BWB,
            law_article="35",
            values={
                "netto_inkomen_per_maand": income,
                "sociaal_minimum": norm.amount,
                "draagkrachtvrije_voet": base,
                "draagkrachtpercentage": capacity_share,
                "draagkracht_per_maand": capacity,
                "draagkrachtperiode_maanden": period,
                "draagkracht_over_periode": capacity * period,
            },
            result=f"Draagkracht € {capacity} per maand; kosten daarboven komen mogelijk in aanmerking.",
        )
    return Evaluation(ELIGIBLE)
