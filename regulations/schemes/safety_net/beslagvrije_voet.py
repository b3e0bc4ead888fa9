"""The beslagvrije voet (Rv art. 475da and further): the steps of the package docstring."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

# The one Dutch money notation of the project; plain Python, so the calculation stays Django-free.
from core.presentation.money import euro
from regulations.schemes.facts import Context, net_income_monthly
from regulations.schemes.params import ParameterMissing, ParameterSet
from regulations.schemes.results import ZERO, Step, Trace, cents, money_json

from .facts import RV, SITUATION_LABELS, SafetyNetFacts
from .provisional import Provisional, provisional_used

PW = "BWBR0015703"  # Participatiewet


@dataclass(slots=True)
class BeslagvrijeVoet:
    amount_monthly: Decimal | None
    situation: str | None
    lower_bound: bool
    maximum_monthly: Decimal | None
    explanation: list[Step]
    missing: list[str]
    provisional: list[Provisional]

    def to_json(self) -> dict[str, Any]:
        return {
            "amount_monthly": money_json(self.amount_monthly),
            "household_situation": self.situation,
            "lower_bound": self.lower_bound,
            "maximum_monthly": money_json(self.maximum_monthly),
            "explanation": [step.to_json() for step in self.explanation],
            "missing": list(self.missing),
            "provisional": [item.to_json() for item in self.provisional],
        }


def situation_of(ctx: Context) -> str:
    """The four leefsituaties of the beslagvrije voet (partner of 18+ counts; children < 18)."""
    has_partner = ctx.partner is not None and ctx.age(ctx.partner) >= 18
    if has_partner:
        return "gehuwden_met_kinderen" if ctx.minor_children else "gehuwden_zonder_kinderen"
    return "alleenstaande_ouder" if ctx.minor_children else "alleenstaande"


def beslagvrije_voet(
    facts: SafetyNetFacts, parameters: ParameterSet, *, trace: Trace | None = None
) -> BeslagvrijeVoet:
    """The beslagvrije voet per month for the household (module docstring, steps 1-5)."""
    household = facts.household
    on = parameters.reference_date
    trace = trace or Trace(reference_date=on)
    params = parameters.tracker()
    ctx = Context(household, reference_date=on)
    missing: list[str] = []

    def done(amount: Decimal | None, situation: str | None, lower: bool, maximum: Decimal | None):  # type: ignore[no-untyped-def]
        provisional = provisional_used(params.used, on)
        for item in provisional:
            # SCHEMES.md section 0: say which value was used and that its successor is missing.
            trace.add(
                rule=f"Voor {item.key} staat voor deze datum nog geen waarde in de catalogus. "
                f"Gebruikt is de laatst bekende waarde, geldig vanaf "
                f"{item.used_valid_from.isoformat()} tot en met {item.expired_on.isoformat()}.",
                article="art. 475da Rv",
                bwb_id=RV,
                law_article="475da",
                values={"parameter": item.key, "geldig_vanaf": item.used_valid_from},
                result="Voorlopige berekening.",
            )
        return BeslagvrijeVoet(
            amount_monthly=amount,
            situation=situation,
            lower_bound=lower,
            maximum_monthly=maximum,
            explanation=trace.steps,
            missing=missing,
            provisional=provisional,
        )

    situation = situation_of(ctx)
    trace.add(
        rule="De beslagvrije voet hangt af van de leefsituatie: alleenstaande, alleenstaande ouder, "
        "of gehuwden en samenwonenden, met of zonder kinderen jonger dan 18 jaar.",
        article="art. 475da Rv",
        bwb_id=RV,
        law_article="475da",
        values={"leefsituatie": situation, "kinderen_jonger_dan_18": len(ctx.minor_children)},
        result=f"Leefsituatie: {SITUATION_LABELS[situation]}.",
    )
    try:
        norm = _statutory_norm(situation, params, trace)
    except ParameterMissing as exc:
        missing.extend(f"parameter:{key}" for key in exc.keys)
        return done(None, situation, False, None)
    members = [m for m in household.members if m.relation in ("applicant", "partner")]
    income, income_missing = net_income_monthly(members)
    if income is None:
        missing.extend(income_missing)
        trace.add(
            rule="Voor de beslagvrije voet is het netto inkomen van de schuldenaar en zijn partner "
            "nodig, inclusief vakantiegeld.",
            article="art. 475da Rv",
            bwb_id=RV,
            law_article="475da",
            values={"ontbreekt": income_missing},
            result="Niet te berekenen: het netto inkomen is niet volledig bekend.",
        )
        return done(None, situation, False, None)

    try:
        share = params.get("beslagvrije_voet.percentage_bijstandsnorm")
        income_share = params.get("beslagvrije_voet.percentage_inkomen")
    except ParameterMissing as exc:
        missing.append(f"parameter:{exc.key}")
        return done(None, situation, False, None)
    maximum = params.get_optional(f"beslagvrije_voet.maximum.{situation}")
    base = cents(share * norm)
    if income <= norm:
        amount = cents(income_share * income)
        lower = False
        trace.add(
            rule="Is het netto inkomen niet hoger dan de bijstandsnorm, dan is de beslagvrije "
            f"voet {share * 100:.0f}% van dat inkomen.",
            article="art. 475da Rv",
            bwb_id=RV,
            law_article="475da",
            values={"netto_inkomen": income, "bijstandsnorm": norm, "percentage": share},
            result=f"Beslagvrije voet: {euro(amount)} per maand.",
        )
    else:
        kop = _kop(situation, ctx, params, trace)
        if kop is not None:
            amount = cents(share * norm + kop)
            lower = False
            capped = maximum is not None and amount > maximum
            if capped:
                amount = maximum
            trace.add(
                rule=f"Is het netto inkomen hoger dan de bijstandsnorm, dan is de beslagvrije voet "
                f"{share * 100:.0f}% van de norm plus de kop voor de zorgtoeslag, de huurtoeslag "
                "en (met kinderen) het kindgebonden budget, ten hoogste het maximum voor de "
                "leefsituatie.",
                article="art. 475da lid 1 en 2 Rv",
                bwb_id=RV,
                law_article="475da",
                values={
                    "netto_inkomen": income,
                    "bijstandsnorm": norm,
                    "percentage": share,
                    "kop": cents(kop),
                    "maximum_leefsituatie": maximum,
                },
                result=f"Beslagvrije voet: {euro(amount)} per maand"
                + (" (het maximum)." if capped else "."),
            )
        else:
            amount = base
            lower = True
            upper = f" en ten hoogste {euro(maximum)}" if maximum is not None else ""
            trace.add(
                rule=f"Is het netto inkomen hoger dan de bijstandsnorm, dan is de beslagvrije voet "
                f"{share * 100:.0f}% van de norm plus een kop voor de zorgtoeslag, de huurtoeslag "
                "en (met kinderen) het kindgebonden budget die bij dat inkomen minder worden "
                "(art. 475da lid 2 en 3 Rv), ten hoogste het maximum van lid 1. Zonder het "
                "belastbaar jaarinkomen of de toeslagparameters van de datum is die kop niet te "
                "berekenen: het bedrag hier is de wettelijke ondergrens.",
                article="art. 475da Rv",
                bwb_id=RV,
                law_article="475da",
                values={
                    "netto_inkomen": income,
                    "bijstandsnorm": norm,
                    "percentage": share,
                    "maximum_leefsituatie": maximum,
                },
                result=f"Beslagvrije voet minstens {euro(base)}{upper} per maand.",
            )

    amount += _housing_correction(facts, params, trace, missing)
    _premium_note(facts, trace)

    cap = cents(income_share * income)
    if amount > cap:
        trace.add(
            rule=f"De beslagvrije voet is nooit meer dan {income_share * 100:.0f}% van het netto "
            "inkomen: ten minste 5% gaat naar de schuldeisers.",
            article="art. 475dc Rv",
            bwb_id=RV,
            law_article="475dc",
            values={"berekend": amount, "netto_inkomen": income, "plafond": cap},
            result=f"Begrensd op {euro(cap)} per maand.",
        )
        amount = cap
    return done(amount, situation, lower, maximum)


# Rv art. 475da lid 2: A is the norm of Pw art. 21 onderdeel a (alleenstaande, alleenstaande ouder),
# B that of onderdeel b (gehuwden): fixed norms, not the kostendelersnorm or a jongerennorm.
STATUTORY_NORM_KEYS = {
    "alleenstaande": ("bijstand.norm.alleenstaande_21_aow", "A", "a"),
    "alleenstaande_ouder": ("bijstand.norm.alleenstaande_21_aow", "A", "a"),
    "gehuwden_zonder_kinderen": ("bijstand.norm.gehuwden_21_aow", "B", "b"),
    "gehuwden_met_kinderen": ("bijstand.norm.gehuwden_21_aow", "B", "b"),
}


def _statutory_norm(situation: str, params: Any, trace: Trace) -> Decimal:
    key, letter, onderdeel = STATUTORY_NORM_KEYS[situation]
    norm = params.get(key)
    trace.add(
        rule=f"De beslagvrije voet rekent met norm {letter}: de bijstandsnorm van art. 21 "
        f"onderdeel {onderdeel} Participatiewet, inclusief vakantietoeslag. Een kostendelersnorm "
        "of jongerennorm telt hier niet: de wet noemt deze vaste norm (art. 475da lid 2 Rv).",
        article="art. 21 Participatiewet",
        bwb_id=PW,
        law_article="21",
        values={"norm": norm, "parameter": key},
        result=f"Norm {letter}: {euro(norm)} per maand.",
    )
    return norm


def _costs(facts: SafetyNetFacts, kind: str) -> Decimal | None:
    if facts.fixed_costs is None:
        return None
    amounts = [cost.monthly for cost in facts.fixed_costs if cost.kind == kind]
    return sum(amounts, ZERO) if amounts else None


def _housing_costs(facts: SafetyNetFacts) -> Decimal | None:
    recorded = _costs(facts, "rent")
    if recorded is not None:
        return recorded
    housing = facts.household.housing
    if housing is None or housing.basic_rent is None:
        return None
    return housing.basic_rent + (housing.service_costs or ZERO)


def _housing_correction(
    facts: SafetyNetFacts, params: Any, trace: Trace, missing: list[str]
) -> Decimal:
    """Rv art. 475da lid 5: housing costs of at least 10% above the amount of Wet op de
    huurtoeslag art. 13 lid 1 onderdeel a raise the voet, on request, by what they exceed it."""
    costs = _housing_costs(facts)
    try:
        ceiling = params.get("huurtoeslag.maximale_huurgrens")
        margin = params.get("beslagvrije_voet.woonkosten_ophoging")
    except ParameterMissing as exc:
        missing.append(f"parameter:{exc.key}")
        trace.add(
            rule="Woonkosten van ten minste 10% boven de huurgrens van de huurtoeslag verhogen de "
            "beslagvrije voet op verzoek. Een bedrag daarvoor staat niet in de catalogus.",
            article="art. 475da lid 5 Rv",
            bwb_id=RV,
            law_article="475da",
            values={"woonkosten": costs},
            result="Woonkostencorrectie niet toegepast: bedrag onbekend.",
        )
        return ZERO
    threshold = cents(ceiling * (1 + margin))
    correction = ZERO if costs is None else max(ZERO, cents(costs - threshold))
    trace.add(
        rule=f"Zijn de woonkosten ten minste {margin * 100:.0f}% hoger dan de huurgrens van de "
        f"huurtoeslag ({euro(ceiling)}, art. 13 lid 1 onderdeel a Wet op de huurtoeslag), dan "
        "wordt de beslagvrije voet op verzoek verhoogd met wat de woonkosten boven die grens plus "
        f"{margin * 100:.0f}% uitkomen, zolang die woonkosten er zijn (ten hoogste een termijn "
        "die de minister bepaalt). Bij gehuwden alleen voor zover het inkomen van de partner "
        "zonder beslag niet genoeg is.",
        article="art. 475da lid 5 Rv",
        bwb_id=RV,
        law_article="475da",
        values={"woonkosten": costs, "drempel": threshold, "huurgrens": ceiling},
        result=f"Woonkostencorrectie: {euro(correction)} per maand (op verzoek).",
    )
    return correction


def _premium_note(facts: SafetyNetFacts, trace: Trace) -> None:
    """Since 1 January 2021 (Wet vereenvoudiging beslagvrije voet) the law has no separate raise
    for the health premium: the kop's zorgtoeslag term, at most the standard premium minus the
    amount of Pw art. 23 lid 2 (art. 475da lid 2 and 3), stands for it. Said, not computed."""
    premium = _costs(facts, "health_insurance")
    trace.add(
        rule="Een aparte verhoging voor de zorgpremie kent de wet niet meer: de premie telt mee in "
        "de kop boven de norm, via de zorgtoeslag die bij een hoger inkomen daalt (ten hoogste "
        "de standaardpremie min het bedrag van art. 23 lid 2 Participatiewet).",
        article="art. 475da lid 3 Rv",
        bwb_id=RV,
        law_article="475da",
        values={"zorgpremie": premium},
        result="Geen aparte zorgpremiecorrectie.",
    )


def _taxable_income_yearly(ctx: Context) -> Decimal | None:
    """C of art. 475da lid 2: the yearly taxable income of the debtor and his partner (the
    toetsingsinkomen entered per member), or None when one of them has none."""
    members = [ctx.applicant]
    if ctx.partner is not None and ctx.age(ctx.partner) >= 18:
        members.append(ctx.partner)
    amounts = [member.assessed_income_yearly for member in members]
    if any(amount is None for amount in amounts):
        return None
    return sum(amounts, ZERO)  # type: ignore[arg-type]


def _kop(situation: str, ctx: Context, params: Any, trace: Trace) -> Decimal | None:
    """The kop of Rv art. 475da lid 2 and 3 above 95% of the norm, unrounded; None when the taxable
    income (C) or a toeslag parameter of the date is not known.

    Terms (letters of lid 2): zorgtoeslag ((C - D) / 12) x E, at most the standard premium a month
    minus the amount of Pw art. 23 lid 2 (lid 3); huurtoeslag I x (F or G) / 12, or H - J when that
    is less; kindgebonden budget ((C - D) / 12) x K for an alleenstaande ouder and
    ((C - (D + L)) / 12) x K for gehuwden with children. For gehuwden the standard premium counts
    twice (two insured), as the published maxima of lid 1 (defined by lid 8) show.
    """
    taxable = _taxable_income_yearly(ctx)
    if taxable is None:
        return None
    single = situation in ("alleenstaande", "alleenstaande_ouder")
    one_person = situation == "alleenstaande"
    try:
        threshold_d = min(params.get("zorgtoeslag.drempelinkomen"), taxable)
        rate_e = params.get("zorgtoeslag.percentage_boven_drempel")
        premium = params.get("zorgtoeslag.standaardpremie")
        inrichting = params.get(
            "bijstand.norm.inrichting_verhoging." + ("alleenstaande" if single else "gehuwden")
        )
        size = "eenpersoons" if one_person else "meerpersoons"
        afbouw = params.get(f"huurtoeslag.afbouwpercentage.{size}")
        ceiling_h = params.get("huurtoeslag.maximale_huurgrens")
        ijkpunt = params.get(f"huurtoeslag.inkomensijkpunt.{size}")
        basishuur_j = params.get(f"huurtoeslag.basishuur.{size}")
        kgb_rate = kgb_extra = None
        if situation in ("alleenstaande_ouder", "gehuwden_met_kinderen"):
            kgb_rate = params.get("kindgebonden_budget.afbouwpercentage")
            kgb_extra = params.get("kindgebonden_budget.drempel.partner") - params.get(
                "kindgebonden_budget.drempel.alleenstaande"
            )
    except ParameterMissing:
        return None
    twelve = Decimal(12)
    insured = 1 if single else 2
    zorg_cap = premium * insured / twelve - inrichting
    zorg = min((taxable - threshold_d) / twelve * rate_e, zorg_cap)
    income_i = max(ZERO, taxable - ijkpunt)
    huur = max(ZERO, min(income_i * afbouw / twelve, ceiling_h - basishuur_j))
    kgb = ZERO
    if kgb_rate is not None and kgb_extra is not None:
        extra_l = kgb_extra if situation == "gehuwden_met_kinderen" else ZERO
        kgb = max(ZERO, (taxable - (threshold_d + extra_l)) / twelve * kgb_rate)
    total = zorg + huur + kgb
    trace.add(
        rule="De kop volgt de toeslagen die bij een hoger inkomen dalen: de zorgtoeslag (ten "
        "hoogste de standaardpremie min het bedrag van art. 23 lid 2 Participatiewet), de "
        "huurtoeslag (ten hoogste de huurgrens min de basishuur) en, met kinderen, het "
        "kindgebonden budget, berekend uit het belastbaar jaarinkomen van de schuldenaar en zijn "
        "partner.",
        article="art. 475da lid 2 en 3 Rv",
        bwb_id=RV,
        law_article="475da",
        values={
            "belastbaar_jaarinkomen": taxable,
            "zorgtoeslagterm": cents(zorg),
            "huurtoeslagterm": cents(huur),
            "kindgebonden_budgetterm": cents(kgb),
        },
        result=f"Kop: {euro(cents(total))} per maand.",
    )
    return total
