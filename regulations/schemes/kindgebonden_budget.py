"""Kindgebonden budget (Wet op het kindgebonden budget art. 2; Awir art. 14).

yearly = max(0, n x bedrag + 12-15 and 16-17 supplements + ALO-kop (no toeslagpartner)
         - afbouw x max(0, Y - drempel)); children under 18 living at home for whom kinderbijslag is
received (assumed for children in the household, and said so).

The entitlement runs per calendar month (art. 2 lid 1): from the month after the child's birth up to
and including the month in which the child turns 18; the 12-15 and 16-17 supplements (lid 3 to 5)
likewise apply from the month after the 12th and 16th birthday. So every age here is the age at the
end of the month before the reference month, not on the reference date itself.
"""

from __future__ import annotations

from datetime import timedelta

from .facts import Context, combined_assessed_income
from .facts.derived import age_in_years
from .params import TrackedParameters
from .results import (
    ELIGIBLE,
    INSUFFICIENT_DATA,
    NOT_ELIGIBLE,
    ZERO,
    Evaluation,
    Trace,
    awir_amounts,
)
from .zorgtoeslag import derived_income_step

CODE = "kindgebonden_budget"
BWB = "BWBR0022751"
MAIN_ARTICLE = ("art. 2 Wet op het kindgebonden budget", "2")


def entitled_child_ages(ctx: Context) -> dict[str, int]:
    """Age per child counted this month: born before this month, not 18 before it began."""
    month_start = ctx.reference_date.replace(day=1)
    previous_day = month_start - timedelta(days=1)
    ages = {}
    for child in ctx.children:
        if child.birth_date >= month_start:
            continue
        age = age_in_years(child.birth_date, previous_day)
        if age < 18:
            ages[child.ref] = age
    return ages


def evaluate(ctx: Context, params: TrackedParameters, trace: Trace) -> Evaluation:
    child_ages = entitled_child_ages(ctx)
    if not child_ages:
        if trace.enabled:
            trace.add(
                rule="Kindgebonden budget is er voor ouders met kinderen jonger dan 18 voor wie zij "
                "kinderbijslag krijgen.",
                article="art. 2 Wet op het kindgebonden budget",
                bwb_id=BWB,
                law_article="2",
                values={"kinderen_onder_18": 0},
                result="Geen kinderen onder 18: geen kindgebonden budget.",
            )
        return Evaluation(NOT_ELIGIBLE)
    missing: list[str] = []
    partner = ctx.partner
    limit_key = "partner" if partner is not None else "alleenstaande"
    asset_limit = params.get(f"kindgebonden_budget.vermogensgrens.{limit_key}")
    assets = ctx.household.assets_total
    if assets is None:
        missing.append("assets_total")
    else:
        within = assets <= asset_limit
        if trace.enabled:
            trace.add(
                rule="Uw vermogen op 1 januari (met dat van uw toeslagpartner) mag niet boven de "
                "vermogensgrens liggen.",
                article="art. 3 Wet op het kindgebonden budget",
                bwb_id=BWB,
                law_article="3",
                values={"vermogen": assets, "vermogensgrens": asset_limit},
                result="Binnen de grens."
                if within
                else "Boven de vermogensgrens: geen kindgebonden budget.",
            )
        if not within:
            return Evaluation(NOT_ELIGIBLE)
    income, income_missing, derived = combined_assessed_income(ctx.couple)
    missing += income_missing
    if missing or income is None:
        return Evaluation(INSUFFICIENT_DATA, missing=missing)
    derived_income_step(
        trace,
        bwb_id=BWB,
        article="art. 1 Wet op het kindgebonden budget",
        law_article="1",
        refs=derived,
    )
    per_child = params.get("kindgebonden_budget.bedrag_per_kind")
    supplement_12 = params.get("kindgebonden_budget.toeslag_12_15")
    supplement_16 = params.get("kindgebonden_budget.toeslag_16_17")
    ages = list(child_ages.values())
    count_12 = sum(1 for age in ages if 12 <= age <= 15)
    count_16 = sum(1 for age in ages if 16 <= age <= 17)
    maximum = len(ages) * per_child + count_12 * supplement_12 + count_16 * supplement_16
    single_parent_top = ZERO
    if partner is None:
        single_parent_top = params.get("kindgebonden_budget.alleenstaande_ouderkop")
        maximum += single_parent_top
    threshold = params.get(f"kindgebonden_budget.drempel.{limit_key}")
    share = params.get("kindgebonden_budget.afbouwpercentage")
    reduction = share * max(income - threshold, ZERO)
    yearly = maximum - reduction
    if trace.enabled:
        trace.add(
            rule="U krijgt een bedrag per kind, meer voor kinderen van 12 tot en met 17 jaar en extra "
            "als u geen toeslagpartner heeft. Een kind telt vanaf de maand na de geboorte tot en met "
            "de maand waarin het 18 wordt; de verhoging voor 12 en 16 jaar geldt vanaf de maand na de "
            "verjaardag. Boven de inkomensdrempel gaat er een percentage van het meerdere inkomen af. "
            "De screening neemt aan dat u voor de kinderen in huis kinderbijslag krijgt.",
            article="art. 2 lid 1 en 3 tot en met 5 Wet op het kindgebonden budget",
            bwb_id=BWB,
            law_article="2",
            values={
                "kinderen": len(ages),
                "kinderen_12_15": count_12,
                "kinderen_16_17": count_16,
                "bedrag_per_kind": per_child,
                "toeslag_12_15": supplement_12,
                "toeslag_16_17": supplement_16,
                "alleenstaande_ouderkop": single_parent_top,
                "maximum_per_jaar": maximum,
                "toetsingsinkomen": income,
                "drempel": threshold,
                "afbouwpercentage": share,
                "afbouw": reduction,
            },
            result=f"Berekend: € {max(yearly, ZERO):.2f} per jaar.",
        )
    # The Belastingdienst's own examples divide the unrounded yearly amount by 12.
    amounts = awir_amounts(
        trace,
        yearly_unrounded=yearly,
        minimum=params.get("awir.minimum_jaarbedrag"),
        monthly_from_rounded=False,
    )
    if amounts is None:
        return Evaluation(NOT_ELIGIBLE)
    return Evaluation(ELIGIBLE, amount_monthly=amounts[0], amount_yearly=amounts[1])
