"""Individuele inkomenstoeslag (Pw art. 36 + gemeentelijke verordening).

Municipal parameters: ``iit.percentage_sociaal_minimum``, ``iit.referteperiode_maanden`` and the
amounts ``iit.bedrag.{alleenstaande,alleenstaande_ouder,gehuwden}`` (default: documented example
values; a record for the municipality overrides). Input ``low_income_since`` tells since when the
income has been low. Not tested (said in the explanation): prospects of a higher income, and whether
the toeslag was received in the last 12 months. Paid once a year: ``amount_monthly`` is null.
"""

from __future__ import annotations

from .bijstand import BWB, asset_limit_check, sociaal_minimum
from .facts import Context, age_in_months, net_income_monthly
from .params import TrackedParameters
from .results import ELIGIBLE, INSUFFICIENT_DATA, NOT_ELIGIBLE, Evaluation, Trace, cents

CODE = "individuele_inkomenstoeslag"
MAIN_ARTICLE = ("art. 36 Participatiewet", "36")


def evaluate(ctx: Context, params: TrackedParameters, trace: Trace) -> Evaluation:
    minimum_age = params.get("iit.minimumleeftijd")
    aow_months = params.get("aow.leeftijd_maanden")
    applicant_age = ctx.age(ctx.applicant)
    if applicant_age < minimum_age or ctx.has_aow_age(ctx.applicant, aow_months):
        if trace.enabled:
            trace.add(
                rule=f"De individuele inkomenstoeslag is er voor mensen van {minimum_age} jaar tot de "
                "AOW-leeftijd.",
                article="art. 36 Participatiewet",
                bwb_id=BWB,
                law_article="36",
                values={"leeftijd": applicant_age},
                result="Buiten de leeftijdsgrenzen.",
            )
        return Evaluation(NOT_ELIGIBLE)
    norm = sociaal_minimum(ctx, params, trace)
    if norm is None:
        return Evaluation(NOT_ELIGIBLE)
    share = params.get("iit.percentage_sociaal_minimum")
    limit = cents(norm.amount * share)
    period = params.get("iit.referteperiode_maanden")
    within_assets, missing = asset_limit_check(
        ctx, params, trace, household_type_=norm.household_type
    )
    if within_assets is False:
        return Evaluation(NOT_ELIGIBLE)
    income, income_missing = net_income_monthly(norm.counted)
    missing += income_missing
    if income is not None:
        below = income <= limit
        if trace.enabled:
            trace.add(
                rule="Uw netto inkomen (zonder toeslagen) mag niet hoger zijn dan het percentage van "
                "het sociaal minimum dat uw gemeente hanteert.",
                article="art. 36 Participatiewet",
                bwb_id=BWB,
                law_article="36",
                values={
                    "netto_inkomen_per_maand": income,
                    "sociaal_minimum": norm.amount,
                    "percentage": share,
                    "inkomensgrens": limit,
                },
                result="Inkomen binnen de grens." if below else "Inkomen boven de grens.",
            )
        if not below:
            return Evaluation(NOT_ELIGIBLE)
    since = ctx.household.low_income_since
    if since is None:
        missing.append("low_income_since")
    else:
        months = age_in_months(since, ctx.reference_date)
        long_enough = months >= period
        if trace.enabled:
            trace.add(
                rule=f"U moet al minstens {period} maanden een laag inkomen hebben ('langdurig').",
                article="art. 36 Participatiewet",
                bwb_id=BWB,
                law_article="36",
                values={"laag_inkomen_sinds": since, "maanden": months, "referteperiode": period},
                result="Lang genoeg." if long_enough else "Nog niet lang genoeg.",
            )
        if not long_enough:
            return Evaluation(NOT_ELIGIBLE)
    if missing:
        return Evaluation(INSUFFICIENT_DATA, missing=missing)
    amount = params.get(f"iit.bedrag.{norm.household_type}")
    if trace.enabled:
        trace.add(
            rule="De toeslag is een vast bedrag per jaar dat de gemeente vaststelt. De gemeente kijkt "
            "ook of er zicht is op een hoger inkomen en of u de toeslag de afgelopen 12 maanden al "
            "kreeg; dat is hier niet nagegaan.",
            article="art. 36 Participatiewet",
            bwb_id=BWB,
            law_article="36",
            values={"leefvorm": norm.household_type, "bedrag_per_jaar": amount},
            result=f"Indicatie: € {amount} eenmaal per jaar.",
        )
    return Evaluation(ELIGIBLE, amount_monthly=None, amount_yearly=amount)
