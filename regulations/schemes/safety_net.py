"""The financial safety net: household budget, beslagvrije voet, debt priorities and alerts.

Pure Python, like the screening engine: the ``safety_net`` JSON in, plain results out, fed with the
dated records of the parameter catalogue. One function serves the command, the API and the case
page.

Input: the screen JSON of SCHEMES.md section 0, plus

- ``fixed_costs``: ``[{"kind": "rent", "monthly": "750.00"}]`` (kinds in ``FIXED_COST_KINDS``);
- ``debts``: ``[{"creditor_kind", "amount", "stage", "collection_monthly", "deadline"}]`` (stage and
  the rest optional; stages in ``DEBT_STAGES``); they also reach the screening (the Wgs threat is
  derived from the stage);
- ``benefits_received_monthly``: ``{"zorgtoeslag": "120.00"}``, optional: what the household
  actually receives, for the budget and the repayment risk.

The beslagvrije voet (Rv art. 475da and further, as changed by the Wet vereenvoudiging beslagvrije
voet) is computed in these steps, each explained with its article:

1. the leefsituatie the law distinguishes (alleenstaande, alleenstaande ouder, gehuwden with or
   without children under 18);
2. the applicable bijstandsnorm (Participatiewet, including the kostendelersnorm) and its 95%;
3. an income at or below the norm: 95% of the net income;
   an income above it: 95% of the norm plus a *compensatiekop* that follows the loss of toeslagen.
   The kop's formula (Uitvoeringsregeling beslagvrije voet) is not in the catalogue: the amount
   is then the statutory lower bound (``lower_bound``), and the published maximum for the
   leefsituatie is named;
4. the housing-cost and health-premium corrections: housing costs (minus huurtoeslag received)
   above ``beslagvrije_voet.woonkosten_normbedrag``, and the premium (minus zorgtoeslag received)
   above ``beslagvrije_voet.zorgpremie_normbedrag``. No official value of either was found, so
   the catalogue has none: the step says so and lists the key in ``missing`` until a functional
   admin adds it;
5. the cap: never more than 95% of the net income (at least 5% goes to the creditors).

Parameters past their last known value are carried forward under the provisional rule of
SCHEMES.md section 0 (``provisional`` lists them); a key that never had a value stays missing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

# The one Dutch money notation of the project; plain Python, so the calculation stays Django-free.
from core.presentation.money import euro

from .bijstand import bijstand_norm
from .engine import screen
from .facts import Context, HouseholdFacts, InputError, net_income_monthly, parse_household
from .facts.fields import parse_date, parse_money, parse_object, reject_unknown_fields, require
from .facts.household import CREDITOR_KINDS
from .params import ParameterMissing, ParameterRecord, ParameterSet, resolve_parameters
from .results import CENT, SCHEME_CODES, ZERO, Step, Trace, money_json

__all__ = [
    "DEBT_STAGES",
    "FIXED_COST_KINDS",
    "SafetyNet",
    "SafetyNetFacts",
    "parse_safety_net",
    "safety_net",
]

RV = "BWBR0001827"  # Wetboek van Burgerlijke Rechtsvordering
WGS = "BWBR0031343"
FIXED_COST_KINDS = (
    "rent",
    "energy",
    "water",
    "health_insurance",
    "municipal_taxes",
    "phone_internet",
    "other_insurance",
    "childcare",
    "transport",
    "repayments",
)
DEBT_STAGES = ("aanmaning", "incasso", "deurwaarder", "beslag", "afsluiting", "ontruiming")
# Arrears on these fixed costs come first: they end in eviction, disconnection or the loss of
# the health insurance (the threats of art. 4 lid 2 Wgs).
ESSENTIAL_CREDITORS = {
    "verhuurder": "rent",
    "energie": "energy",
    "water": "water",
    "zorgverzekeraar": "health_insurance",
}
SITUATIONS = (
    "alleenstaande",
    "alleenstaande_ouder",
    "gehuwden_zonder_kinderen",
    "gehuwden_met_kinderen",
)
SITUATION_LABELS = {
    "alleenstaande": "alleenstaande",
    "alleenstaande_ouder": "alleenstaande ouder (kind jonger dan 18)",
    "gehuwden_zonder_kinderen": "gehuwden of samenwonenden zonder kinderen jonger dan 18",
    "gehuwden_met_kinderen": "gehuwden of samenwonenden met kinderen jonger dan 18",
}
# Typing errors in a monthly amount (an extra zero or two) are refused, real cases are not.
MAX_MONTHLY = Decimal("25000")
WEEKS_PER_YEAR = Decimal(52)
MONTHS_PER_YEAR = Decimal(12)

_TOP_FIELDS = frozenset({"fixed_costs", "debts", "benefits_received_monthly"})
_FIXED_COST_FIELDS = frozenset({"kind", "monthly"})
_DEBT_FIELDS = frozenset({"creditor_kind", "amount", "stage", "collection_monthly", "deadline"})


# --- input ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FixedCost:
    kind: str
    monthly: Decimal


@dataclass(frozen=True, slots=True)
class Debt:
    creditor_kind: str
    amount: Decimal | None
    stage: str | None = None
    collection_monthly: Decimal | None = None
    deadline: date | None = None

    @property
    def essential(self) -> bool:
        return self.creditor_kind in ESSENTIAL_CREDITORS

    @property
    def threat(self) -> str | None:
        """The art. 4 lid 2 Wgs threat this debt's stage announces, if any."""
        if self.stage == "ontruiming":
            return "eviction"
        if self.stage == "afsluiting":
            return {
                "energie": "energy_cutoff",
                "water": "water_cutoff",
                "zorgverzekeraar": "health_insurance_termination",
                "verhuurder": "eviction",
            }.get(self.creditor_kind)
        return None


@dataclass(frozen=True, slots=True)
class SafetyNetFacts:
    household: HouseholdFacts
    fixed_costs: tuple[FixedCost, ...] | None
    debts: tuple[Debt, ...]
    benefits_received_monthly: dict[str, Decimal]


def parse_safety_net(data: Any, *, reference_date_override: date | None = None) -> SafetyNetFacts:
    """Validate the safety_net JSON; ``InputError(field, message)`` names the field."""
    obj = parse_object(data, "")
    screen_input = {key: value for key, value in obj.items() if key not in _TOP_FIELDS}
    fixed_costs = None
    if obj.get("fixed_costs") is not None:
        fixed_costs = _fixed_costs(obj["fixed_costs"], "fixed_costs")
    debts = _debts(obj["debts"], "debts") if obj.get("debts") is not None else ()
    received: dict[str, Decimal] = {}
    if obj.get("benefits_received_monthly") is not None:
        raw = parse_object(obj["benefits_received_monthly"], "benefits_received_monthly")
        for code, amount in raw.items():
            path = f"benefits_received_monthly.{code}"
            if code not in SCHEME_CODES:
                raise InputError(path, f"onbekende regeling; kies uit {', '.join(SCHEME_CODES)}")
            received[code] = _monthly(amount, path)
    # The debts reach the screening too (schuldhulpverlening), with the threat their stage implies.
    screen_input["debts"] = [
        {
            "creditor_kind": debt.creditor_kind,
            **({"amount": str(debt.amount)} if debt.amount is not None else {}),
            **({"threat": debt.threat} if debt.threat else {}),
        }
        for debt in debts
    ]
    household = parse_household(screen_input, reference_date_override=reference_date_override)
    if received:
        # An amount received means the benefit is received: the screening must know it.
        known = household.benefits_received or frozenset()
        household = replace(household, benefits_received=known | frozenset(received))
    return SafetyNetFacts(
        household=household,
        fixed_costs=fixed_costs,
        debts=debts,
        benefits_received_monthly=received,
    )


def _monthly(raw: Any, path: str) -> Decimal:
    value = parse_money(raw, path)
    if value > MAX_MONTHLY:
        raise InputError(path, "is onrealistisch hoog voor een bedrag per maand")
    return value


def _fixed_costs(raw: Any, path: str) -> tuple[FixedCost, ...]:
    if not isinstance(raw, list):
        raise InputError(path, "moet een lijst zijn")
    costs = []
    for position, item in enumerate(raw):
        item_path = f"{path}[{position}]"
        obj = parse_object(item, item_path)
        reject_unknown_fields(obj, _FIXED_COST_FIELDS, item_path)
        kind = require(obj, "kind", item_path)
        if kind not in FIXED_COST_KINDS:
            raise InputError(
                f"{item_path}.kind",
                f"onbekende soort vaste last {kind!r}; kies uit {', '.join(FIXED_COST_KINDS)}",
            )
        monthly = _monthly(require(obj, "monthly", item_path), f"{item_path}.monthly")
        costs.append(FixedCost(kind=kind, monthly=monthly))
    return tuple(costs)


def _debts(raw: Any, path: str) -> tuple[Debt, ...]:
    if not isinstance(raw, list):
        raise InputError(path, "moet een lijst zijn")
    debts = []
    for position, item in enumerate(raw):
        item_path = f"{path}[{position}]"
        obj = parse_object(item, item_path)
        reject_unknown_fields(obj, _DEBT_FIELDS, item_path)
        creditor_kind = require(obj, "creditor_kind", item_path)
        if creditor_kind not in CREDITOR_KINDS:
            raise InputError(
                f"{item_path}.creditor_kind",
                f"onbekende schuldeiser {creditor_kind!r}; kies uit {', '.join(CREDITOR_KINDS)}",
            )
        stage = obj.get("stage")
        if stage is not None and stage not in DEBT_STAGES:
            raise InputError(
                f"{item_path}.stage",
                f"onbekend stadium {stage!r}; kies uit {', '.join(DEBT_STAGES)}",
            )
        amount = obj.get("amount")
        collection = obj.get("collection_monthly")
        deadline = obj.get("deadline")
        debts.append(
            Debt(
                creditor_kind=creditor_kind,
                amount=None if amount is None else parse_money(amount, f"{item_path}.amount"),
                stage=stage,
                collection_monthly=(
                    None
                    if collection is None
                    else _monthly(collection, f"{item_path}.collection_monthly")
                ),
                deadline=None
                if deadline is None
                else parse_date(deadline, f"{item_path}.deadline"),
            )
        )
    return tuple(debts)


# --- parameters: the provisional rule -------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Provisional:
    key: str
    used_valid_from: date
    expired_on: date

    def to_json(self) -> dict[str, str]:
        return {
            "key": self.key,
            "used_valid_from": self.used_valid_from.isoformat(),
            "expired_on": self.expired_on.isoformat(),
        }


def carried_forward(
    records: Iterable[ParameterRecord], *, reference_date: date, municipality_code: str | None
) -> ParameterSet:
    """The parameters valid on the date, plus the last earlier value of every key that ran out.

    A key with a value on the date is taken as ``resolve_parameters`` takes it. For a key whose
    last value ended before the date, that last value serves (municipal before default, then the
    latest start); ``provisional_used`` tells which of those a calculation read.
    """
    records = tuple(records)
    current = resolve_parameters(
        records, reference_date=reference_date, municipality_code=municipality_code
    )
    current_keys: list[str] = current.keys()  # a ParameterSet is not iterable
    chosen = {key: current.record(key) for key in current_keys}
    earlier: dict[str, ParameterRecord] = {}
    for record in records:
        if record.key in chosen or record.valid_from > reference_date:
            continue
        if record.municipality_code not in (None, municipality_code):
            continue
        best = earlier.get(record.key)
        if best is None or _precedence(record) > _precedence(best):
            earlier[record.key] = record
    return ParameterSet(
        reference_date=reference_date,
        municipality_code=municipality_code,
        records={**{k: v for k, v in chosen.items() if v is not None}, **earlier},
    )


def _precedence(record: ParameterRecord) -> tuple[bool, date]:
    return (record.municipality_code is not None, record.valid_from)


def provisional_used(used: dict[str, ParameterRecord], reference_date: date) -> list[Provisional]:
    return [
        Provisional(
            key=key,
            used_valid_from=record.valid_from,
            expired_on=record.valid_to + timedelta(days=1),
        )
        for key, record in used.items()
        if record.valid_to is not None and record.valid_to < reference_date
    ]


# --- the calculation ------------------------------------------------------------------------


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


@dataclass(slots=True)
class SafetyNet:
    reference_date: date
    budget: dict[str, Any]
    beslagvrije_voet: BeslagvrijeVoet
    debts: list[dict[str, Any]]
    alerts: list[dict[str, Any]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "reference_date": self.reference_date.isoformat(),
            "budget": self.budget,
            "beslagvrije_voet": self.beslagvrije_voet.to_json(),
            "debts": self.debts,
            "alerts": self.alerts,
        }


def _cents(amount: Decimal) -> Decimal:
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


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
                f"{item.used_valid_from.isoformat()} en verlopen op {item.expired_on.isoformat()}.",
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
    base = _cents(share * norm.amount)
    if income <= norm.amount:
        amount = _cents(income_share * income)
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

    cap = _cents(income_share * income)
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
    correction = ZERO if net_costs is None else max(ZERO, _cents(net_costs - threshold))
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
    correction = ZERO if net_premium is None else max(ZERO, _cents(net_premium - threshold))
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


def _budget(
    facts: SafetyNetFacts, parameters: ParameterSet, situation: str | None
) -> dict[str, Any]:
    household = facts.household
    income, income_missing = net_income_monthly(list(household.members))
    benefits = sum(facts.benefits_received_monthly.values(), ZERO)
    fixed = None if facts.fixed_costs is None else sum((c.monthly for c in facts.fixed_costs), ZERO)
    collections = sum((d.collection_monthly or ZERO for d in facts.debts), ZERO)
    balance = None
    leefgeld = None
    if income is not None and fixed is not None:
        balance = income + benefits - fixed - collections
        leefgeld = _cents(balance * MONTHS_PER_YEAR / WEEKS_PER_YEAR)
    reference = None
    if situation is not None:
        key = f"minima.leefgeld_referentie_week.{situation}"
        record = parameters.record(key)
        if record is not None and record.municipality_code is not None:
            reference = {
                "key": key,
                "amount_weekly": money_json(record.value),
                "valid_from": record.valid_from.isoformat(),
                "source_url": record.source_url,
                "grade": record.grade,
                "municipality_code": record.municipality_code,
            }
    missing = list(income_missing)
    if facts.fixed_costs is None:
        missing.append("fixed_costs")
    return {
        "income_monthly": money_json(income),
        "benefits_monthly": money_json(benefits),
        "fixed_costs": [
            {"kind": cost.kind, "monthly": money_json(cost.monthly)}
            for cost in facts.fixed_costs or ()
        ],
        "fixed_costs_monthly": money_json(fixed),
        "collections_monthly": money_json(collections),
        "balance_monthly": money_json(balance),
        "leefgeld_weekly": money_json(leefgeld),
        "reference": reference,
        "reference_note": (
            "De referentie voor het leefgeld is een gemeentelijke instelling; er is geen "
            "officieel gepubliceerde waarde."
            + ("" if reference else " Voor deze gemeente en leefsituatie is niets ingesteld.")
        ),
        "missing": missing,
    }


def _ranked_debts(debts: Sequence[Debt]) -> list[dict[str, Any]]:
    stage_rank = {stage: position for position, stage in enumerate(DEBT_STAGES)}

    def key(indexed: tuple[int, Debt]) -> tuple[Any, ...]:
        position, debt = indexed
        return (
            not debt.essential,
            -stage_rank.get(debt.stage or "", -1),
            debt.deadline or date.max,
            -(debt.amount or ZERO),
            position,
        )

    ranked = []
    for rank, (position, debt) in enumerate(sorted(enumerate(debts), key=key), start=1):
        ranked.append(
            {
                "rank": rank,
                "index": position,
                "creditor_kind": debt.creditor_kind,
                "amount": money_json(debt.amount),
                "stage": debt.stage,
                "collection_monthly": money_json(debt.collection_monthly),
                "deadline": debt.deadline.isoformat() if debt.deadline else None,
                "fixed_cost_arrears": debt.essential,
                "threat": debt.threat,
            }
        )
    return ranked


def _alerts(
    facts: SafetyNetFacts,
    bvv: BeslagvrijeVoet,
    budget: dict[str, Any],
    entitlements: dict[str, tuple[str, Decimal | None]],
) -> list[dict[str, Any]]:
    alerts: list[dict[str, Any]] = []
    members = [m for m in facts.household.members if m.relation in ("applicant", "partner")]
    income, _missing = net_income_monthly(members)
    collections = sum((d.collection_monthly or ZERO for d in facts.debts), ZERO)
    if bvv.amount_monthly is not None and income is not None and collections > 0:
        left = income - collections
        if left < bvv.amount_monthly:
            shortfall = bvv.amount_monthly - left
            floor = "de ondergrens van " if bvv.lower_bound else ""
            alerts.append(
                {
                    "code": "below_beslagvrije_voet",
                    "severity": "high",
                    "amount_monthly": money_json(shortfall),
                    "message": (
                        f"Na inhoudingen van {euro(collections)} blijft "
                        f"{euro(left)} over: {euro(shortfall)} minder dan "
                        f"{floor}de beslagvrije voet ({euro(bvv.amount_monthly)})."
                    ),
                    "article": "art. 475da Rv",
                }
            )
    for item in _ranked_debts(facts.debts):
        if item["fixed_cost_arrears"] or item["stage"] in ("afsluiting", "ontruiming"):
            when = f", uiterlijk {item['deadline']}" if item["deadline"] else ""
            alerts.append(
                {
                    "code": "urgent_arrears",
                    "severity": "high" if item["threat"] else "medium",
                    "debt_index": item["index"],
                    "creditor_kind": item["creditor_kind"],
                    "deadline": item["deadline"],
                    "amount": item["amount"],
                    "message": (
                        f"Achterstand vaste lasten ({item['creditor_kind']}"
                        + (f", {item['stage']}" if item["stage"] else "")
                        + f"){when}: gaat voor."
                    ),
                    "article": "art. 4 Wgs" if item["threat"] else "",
                }
            )
    for code, received in sorted(facts.benefits_received_monthly.items()):
        outcome, entitled = entitlements.get(code, ("", None))
        if outcome == "not_eligible":
            entitled = ZERO
        if outcome not in ("eligible", "not_eligible") or entitled is None:
            continue
        if received > entitled:
            difference = received - entitled
            alerts.append(
                {
                    "code": "repayment_risk",
                    "severity": "medium",
                    "scheme": code,
                    "amount_monthly": money_json(difference),
                    "message": (
                        f"{code}: ontvangen {euro(received)}, berekend recht "
                        f"{euro(entitled)}: risico op terugvordering van "
                        f"{euro(difference)} per maand."
                    ),
                    "article": "art. 26 Awir",
                }
            )
    reference = budget["reference"]
    leefgeld = budget["leefgeld_weekly"]
    if reference is not None and leefgeld is not None:
        weekly, target = Decimal(leefgeld), Decimal(reference["amount_weekly"])
        if weekly < target:
            alerts.append(
                {
                    "code": "leefgeld_below_reference",
                    "severity": "medium",
                    "amount_weekly": money_json(target - weekly),
                    "message": (
                        f"Leefgeld {euro(weekly)} per week is minder dan de gemeentelijke "
                        f"referentie van {euro(target)}."
                    ),
                    "article": "",
                }
            )
    return alerts


def safety_net(facts: SafetyNetFacts, *, records: Iterable[ParameterRecord]) -> SafetyNet:
    """Budget, beslagvrije voet, ranked debts and alerts for one household on its date."""
    household = facts.household
    records = tuple(records)
    on = household.reference_date
    municipality = household.municipality_code
    parameters = carried_forward(records, reference_date=on, municipality_code=municipality)
    bvv = beslagvrije_voet(facts, parameters)
    screening = screen(
        household,
        parameters=resolve_parameters(records, reference_date=on, municipality_code=municipality),
    )
    entitlements = {r.scheme: (r.outcome, r.amount_monthly) for r in screening.results}
    budget = _budget(facts, parameters, bvv.situation)
    budget["entitlements_not_received"] = [
        {"scheme": r.scheme, "amount_monthly": money_json(r.amount_monthly)}
        for r in screening.results
        if r.non_take_up
    ]
    return SafetyNet(
        reference_date=on,
        budget=budget,
        beslagvrije_voet=bvv,
        debts=_ranked_debts(facts.debts),
        alerts=_alerts(facts, bvv, budget, entitlements),
    )
