"""Tegemoetkoming alleenverdienersproblematiek (Pw art. 78gg; Regeling Pw, IOAW en IOAZ art. 15ba).

The target group (Pw art. 78gg lid 1, explained in Kamerstukken II 36 617, nr. 3 and in the toelichting
of Stcrt. 2025, 44064): toeslagpartners for whom the *uitkering* of one partner (WW, WIA, Wajong,
sickness or a private insurer's benefit; not bijstand) is the household's income, possibly topped up
with bijstand, while the other partner has no income. Because the toeslagen are then lower than for a
couple living on bijstand alone, the household ends below the social minimum. A couple living on
bijstand only, or with earnings from work, is not in the group. The municipality grants it ambtshalve
from the Belastingdienst's list, or on application (zelfmelder). ``amount_monthly`` is null (paid
once a year).
"""

from __future__ import annotations

from .bijstand import BWB
from .facts import Context
from .params import TrackedParameters
from .results import ELIGIBLE, INSUFFICIENT_DATA, NOT_ELIGIBLE, Evaluation, Trace

CODE = "tegemoetkoming_alleenverdieners"
MAIN_ARTICLE = ("art. 78gg lid 1 Participatiewet", "78gg")
# Income that can make a partner the alleenverdiener: a benefit other than bijstand.
BENEFIT_KINDS = frozenset({"ww", "wia", "wajong"})
# Income that does not make a partner an earner: the couple's own (aanvullende) bijstand.
TOP_UP_KINDS = frozenset({"bijstand"})


def _fail(trace: Trace, rule: str, values: dict[str, object], result: str) -> Evaluation:
    if trace.enabled:
        trace.add(
            rule=rule,
            article="art. 78gg lid 1 Participatiewet",
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
            "De tegemoetkoming is er voor partners van wie één partner met een uitkering het "
            "inkomen van beiden verdient.",
            {"partner": False},
            "Geen partner: niet van toepassing.",
        )
    missing = [f"{m.path}.incomes" for m in ctx.couple if m.incomes is None]
    if missing:
        return Evaluation(INSUFFICIENT_DATA, missing=missing)
    # Bijstand is the top-up the law allows, not income that makes someone an earner.
    own_income = {
        m.ref: [i.kind for i in m.incomes or () if i.kind not in TOP_UP_KINDS] for m in ctx.couple
    }
    earners = [ref for ref, kinds in own_income.items() if kinds]
    if len(earners) != 1:
        return _fail(
            trace,
            "De tegemoetkoming is er alleen als precies één van beide partners inkomen heeft "
            "(aanvullende bijstand telt daarbij niet als inkomen).",
            {"partners_met_inkomen": len(earners)},
            "Geen alleenverdiener.",
        )
    kinds = own_income[earners[0]]
    if not all(kind in BENEFIT_KINDS for kind in kinds):
        return _fail(
            trace,
            "De tegemoetkoming is er voor huishoudens waarvan het inkomen een uitkering van één "
            "partner is (zoals WW, WIA of Wajong), eventueel aangevuld met bijstand. Loon of ander "
            "inkomen valt buiten de doelgroep.",
            {"alleenverdiener": earners[0], "inkomenssoorten": sorted(set(kinds))},
            "Inkomen is geen uitkering: niet van toepassing.",
        )
    if trace.enabled:
        trace.add(
            rule="Partners van wie één partner een uitkering heeft en de ander geen inkomen, krijgen "
            "minder toeslagen dan een vergelijkbaar paar in de bijstand en houden daardoor minder over. "
            "De gemeente kent hun eenmaal per jaar een vaste tegemoetkoming toe, ambtshalve op de lijst "
            "van de Belastingdienst of op aanvraag. Of het besteedbaar inkomen echt onder dat van een "
            "paar in de bijstand ligt, toetst de gemeente; deze screening niet.",
            article="art. 78gg lid 1 Participatiewet; art. 15ba Regeling Participatiewet, IOAW en IOAZ",
            bwb_id=BWB,
            law_article="78gg",
            values={
                "alleenverdiener": earners[0],
                "uitkering": sorted(set(kinds)),
                "bedrag_per_jaar": amount,
            },
            result=f"Indicatie: € {amount} eenmaal per jaar.",
        )
    return Evaluation(ELIGIBLE, amount_yearly=amount)
