"""The beslagvrije voet (Rv art. 475da and further): the steps of the package docstring."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

# The one Dutch money notation of the project; plain Python, so the calculation stays Django-free.
from core.presentation.money import euro
from regulations.schemes.bijstand import bijstand_norm
from regulations.schemes.facts import Context, net_income_monthly
from regulations.schemes.params import ParameterMissing, ParameterSet
from regulations.schemes.results import ZERO, Step, Trace, cents, money_json

from .facts import RV, SITUATION_LABELS, SafetyNetFacts
from .provisional import Provisional, provisional_used


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
        norm = bijstand_norm(ctx, params, trace, apply_kostendelers=True)
    except ParameterMissing as exc:
        missing.extend(f"parameter:{key}" for key in exc.keys)
        return done(None, situation, False, None)
    if norm is None:
        missing.append("members")
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
    base = cents(share * norm.amount)
    if income <= norm.amount:
        amount = cents(income_share * income)
        lower = False
        trace.add(
            rule="Is het netto inkomen niet hoger dan de bijstandsnorm, dan is de beslagvrije "
            f"voet {share * 100:.0f}% van dat inkomen.",
            article="art. 475da Rv",
            bwb_id=RV,
            law_article="475da",
            values={"netto_inkomen": income, "bijstandsnorm": norm.amount, "percentage": share},
            result=f"Beslagvrije voet: {euro(amount)} per maand.",
        )
    else:
        amount = base
        lower = True
        upper = f" en ten hoogste {euro(maximum)}" if maximum is not None else ""
        trace.add(
            rule=f"Is het netto inkomen hoger dan de bijstandsnorm, dan is de beslagvrije voet "
            f"{share * 100:.0f}% van de norm plus een compensatiekop voor de toeslagen die bij dat "
            "inkomen minder worden. De formule van die kop (Uitvoeringsregeling beslagvrije voet) "
            "staat niet in de catalogus: het bedrag hier is de wettelijke ondergrens.",
            article="art. 475da Rv",
            bwb_id=RV,
            law_article="475da",
            values={
                "netto_inkomen": income,
                "bijstandsnorm": norm.amount,
                "percentage": share,
                "maximum_leefsituatie": maximum,
            },
            result=f"Beslagvrije voet minstens {euro(base)}{upper} per maand.",
        )

    amount += _housing_correction(facts, params, trace, missing)
    amount += _premium_correction(facts, params, trace, missing)

    cap = cents(income_share * income)
    if amount > cap:
        trace.add(
            rule=f"De beslagvrije voet is nooit meer dan {income_share * 100:.0f}% van het netto "
            "inkomen: ten minste 5% gaat naar de schuldeisers.",
            article="art. 475da Rv",
            bwb_id=RV,
            law_article="475da",
            values={"berekend": amount, "netto_inkomen": income, "plafond": cap},
            result=f"Begrensd op {euro(cap)} per maand.",
        )
        amount = cap
    return done(amount, situation, lower, maximum)


def _received(facts: SafetyNetFacts, code: str) -> Decimal:
    return facts.benefits_received_monthly.get(code, ZERO)


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
    key = "beslagvrije_voet.woonkosten_normbedrag"
    costs = _housing_costs(facts)
    threshold = params.get_optional(key)
    if threshold is None:
        missing.append(f"parameter:{key}")
        trace.add(
            rule="Woonkosten boven het bedrag waarmee de berekening al rekent verhogen de "
            "beslagvrije voet (op verzoek). Dat normbedrag staat niet in de catalogus.",
            article="art. 475da Rv",
            bwb_id=RV,
            law_article="475da",
            values={"woonkosten": costs},
            result="Woonkostencorrectie niet toegepast: normbedrag onbekend.",
        )
        return ZERO
    net_costs = None if costs is None else costs - _received(facts, "huurtoeslag")
    correction = ZERO if net_costs is None else max(ZERO, cents(net_costs - threshold))
    trace.add(
        rule="Woonkosten min de ontvangen huurtoeslag, voor zover hoger dan het normbedrag, "
        "verhogen de beslagvrije voet.",
        article="art. 475da Rv",
        bwb_id=RV,
        law_article="475da",
        values={"woonkosten_na_huurtoeslag": net_costs, "normbedrag": threshold},
        result=f"Woonkostencorrectie: {euro(correction)} per maand.",
    )
    return correction


def _premium_correction(
    facts: SafetyNetFacts, params: Any, trace: Trace, missing: list[str]
) -> Decimal:
    key = "beslagvrije_voet.zorgpremie_normbedrag"
    premium = _costs(facts, "health_insurance")
    threshold = params.get_optional(key)
    if threshold is None:
        missing.append(f"parameter:{key}")
        trace.add(
            rule="Een zorgpremie boven het bedrag waarmee de berekening al rekent verhoogt de "
            "beslagvrije voet. Dat normbedrag staat niet in de catalogus.",
            article="art. 475da Rv",
            bwb_id=RV,
            law_article="475da",
            values={"zorgpremie": premium},
            result="Zorgpremiecorrectie niet toegepast: normbedrag onbekend.",
        )
        return ZERO
    net_premium = None if premium is None else premium - _received(facts, "zorgtoeslag")
    correction = ZERO if net_premium is None else max(ZERO, cents(net_premium - threshold))
    trace.add(
        rule="De zorgpremie min de ontvangen zorgtoeslag, voor zover hoger dan het normbedrag, "
        "verhoogt de beslagvrije voet.",
        article="art. 475da Rv",
        bwb_id=RV,
        law_article="475da",
        values={"premie_na_zorgtoeslag": net_premium, "normbedrag": threshold},
        result=f"Zorgpremiecorrectie: {euro(correction)} per maand.",
    )
    return correction
