"""Collectieve zorgverzekering voor minima (gemeentelijk minimabeleid, Pw art. 35).

Access when the net income (toeslagen not counted) is at most ``czv.percentage_sociaal_minimum`` of
the sociaal minimum. The municipal contribution per insured adult (``czv.bijdrage_per_persoon_maand``)
has no default: without it the amount is null and the explanation says it depends on the package.
"""

from __future__ import annotations

from decimal import Decimal

from .bijstand import BWB, sociaal_minimum
from .facts import Context, net_income_monthly
from .params import TrackedParameters
from .results import ELIGIBLE, INSUFFICIENT_DATA, NOT_ELIGIBLE, TWELVE, Evaluation, Trace, cents

CODE = "collectieve_zorgverzekering"
MAIN_ARTICLE = ("art. 35 Participatiewet", "35")


def evaluate(ctx: Context, params: TrackedParameters, trace: Trace) -> Evaluation:
    norm = sociaal_minimum(ctx, params, trace)
    if norm is None:
        return Evaluation(NOT_ELIGIBLE)
    income, missing = net_income_monthly(norm.counted)
    if missing or income is None:
        return Evaluation(INSUFFICIENT_DATA, missing=missing)
    share = params.get("czv.percentage_sociaal_minimum")
    limit = cents(norm.amount * share)
    below = income <= limit
    if trace.enabled:
        trace.add(
            rule="U kunt meedoen met de collectieve zorgverzekering van de gemeente als uw netto "
            "inkomen (zonder toeslagen) niet hoger is dan het percentage van het sociaal minimum dat uw "
            "gemeente hanteert.",
            article="art. 35 Participatiewet",
            bwb_id=BWB,
            law_article="35",
            values={
                "netto_inkomen_per_maand": income,
                "sociaal_minimum": norm.amount,
                "percentage": share,
                "inkomensgrens": limit,
            },
            result="Binnen de grens." if below else "Boven de grens: geen toegang.",
        )
    if not below:
        return Evaluation(NOT_ELIGIBLE)
    contribution = params.get_optional("czv.bijdrage_per_persoon_maand")
    if contribution is None:
        if trace.enabled:
            trace.add(
                rule="De korting of bijdrage van de gemeente hangt af van het gekozen pakket; voor "
                "deze gemeente is geen bedrag vastgelegd.",
                article="art. 35 Participatiewet",
                bwb_id=BWB,
                law_article="35",
                values={},
                result="Toegang tot de collectieve verzekering; bedrag onbekend.",
            )
        return Evaluation(ELIGIBLE)
    monthly = contribution * Decimal(len(norm.counted))
    if trace.enabled:
        trace.add(
            rule="De gemeente draagt per verzekerde volwassene per maand bij in de premie.",
            article="art. 35 Participatiewet",
            bwb_id=BWB,
            law_article="35",
            values={"bijdrage_per_persoon": contribution, "volwassenen": len(norm.counted)},
            result=f"Bijdrage: € {monthly} per maand.",
        )
    return Evaluation(ELIGIBLE, amount_monthly=monthly, amount_yearly=monthly * TWELVE)
