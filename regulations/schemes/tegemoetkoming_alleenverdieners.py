"""Tegemoetkoming alleenverdienersproblematiek (Pw art. 78gg; Stcrt. 2025, 44064).

A yearly one-off amount paid by the municipality to couples where one partner earns the household
income and the other has none, and the household receives (aanvullende) bijstand. The exact
conditions (peildatum, which incomes) are in the Regeling; this screening models the core conditions
and says so. ``amount_monthly`` is null (paid once a year).
"""

from __future__ import annotations

from .bijstand import BWB
from .facts import Context
from .params import TrackedParameters
from .results import ELIGIBLE, INSUFFICIENT_DATA, NOT_ELIGIBLE, Evaluation, Trace

CODE = "tegemoetkoming_alleenverdieners"
MAIN_ARTICLE = ("art. 78gg Participatiewet", "78gg")


def _fail(trace: Trace, rule: str, values: dict[str, object], result: str) -> Evaluation:
    trace.add(
        rule=rule,
        article="art. 78gg Participatiewet",
        bwb_id=BWB,
        law_article="78gg",
        values=values,
        result=result,
    )
    return Evaluation(NOT_ELIGIBLE)


def evaluate(ctx: Context, params: TrackedParameters, trace: Trace) -> Evaluation:
    amount = params.get("tegemoetkoming_alleenverdieners.bedrag")
    partner = ctx.partner
    if partner is None:
        return _fail(
            trace,
            "De tegemoetkoming is er voor paren waarvan één partner het inkomen verdient.",
            {"partner": False},
            "Geen partner: niet van toepassing.",
        )
    missing = [f"{m.path}.incomes" for m in ctx.couple if m.incomes is None]
    if missing:
        return Evaluation(INSUFFICIENT_DATA, missing=missing)
    earners = [m.ref for m in ctx.couple if m.incomes]
    if len(earners) != 1:
        return _fail(
            trace,
            "De tegemoetkoming is er alleen als precies één van beide partners inkomen heeft.",
            {"partners_met_inkomen": len(earners)},
            "Geen alleenverdiener.",
        )
    has_bijstand_income = any(i.kind == "bijstand" for m in ctx.couple for i in m.incomes or ())
    received = ctx.household.benefits_received
    if has_bijstand_income or (received is not None and "bijstand" in received):
        gets_bijstand = True
    elif received is None:
        return Evaluation(INSUFFICIENT_DATA, missing=["benefits_received"])
    else:
        gets_bijstand = False
    if not gets_bijstand:
        return _fail(
            trace,
            "De tegemoetkoming is er voor alleenverdieners die (aanvullende) bijstand krijgen.",
            {"bijstand": False},
            "Geen bijstand: niet van toepassing.",
        )
    trace.add(
        rule="Paren waarvan één partner het inkomen verdient en die bijstand krijgen, houden door de "
        "belastingregels minder over dan het sociaal minimum. De gemeente betaalt hen eenmaal per "
        "jaar een vaste tegemoetkoming. De precieze voorwaarden staan in de regeling; deze screening "
        "toetst alleen de hoofdvoorwaarden.",
        article="art. 78gg Participatiewet",
        bwb_id=BWB,
        law_article="78gg",
        values={"alleenverdiener": earners[0], "bedrag_per_jaar": amount},
        result=f"Indicatie: € {amount} eenmaal per jaar.",
    )
    return Evaluation(ELIGIBLE, amount_yearly=amount)
