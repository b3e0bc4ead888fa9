"""The screening engine: all schemes for one household on one reference date.

Pure Python (no Django): facts in, plain results out. Parameters are resolved once per
(reference_date, municipality_code) and shared; every scheme evaluation gets its own tracker so its
result can report exactly which parameter versions it used.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from types import ModuleType
from typing import Any

from . import (
    bijstand,
    bijzondere_bijstand,
    collectieve_zorgverzekering,
    huurtoeslag,
    individuele_inkomenstoeslag,
    kinderbijslag,
    kinderopvangtoeslag,
    kindgebonden_budget,
    kwijtschelding_gemeentelijke_belastingen,
    schuldhulpverlening,
    tegemoetkoming_alleenverdieners,
    zorgtoeslag,
)
from .catalogue import default_parameters
from .facts import (
    WORK_INCOME_KINDS,
    Context,
    HouseholdFacts,
    IncomeFacts,
    MemberFacts,
    net_income_monthly,
    parse_scheme_codes,
)
from .params import MUNICIPAL_PREFIXES, ParameterMissing, ParameterSet, TrackedParameters
from .results import (
    ELIGIBLE,
    INSUFFICIENT_DATA,
    SCHEME_CODES,
    TWELVE,
    Evaluation,
    SchemeResult,
    Step,
    Trace,
    date_nl,
    money_json,
)

__all__ = [
    "SCHEME_CODES",
    "Screening",
    "WorkPaysStep",
    "household_net_income_monthly",
    "screen",
    "shared_steps",
    "sociaal_minimum_monthly",
    "sociaal_minimum_with_provisional",
    "work_pays",
]

SCHEME_MODULES: dict[str, ModuleType] = {
    "bijstand": bijstand,
    "zorgtoeslag": zorgtoeslag,
    "huurtoeslag": huurtoeslag,
    "kindgebonden_budget": kindgebonden_budget,
    "kinderbijslag": kinderbijslag,
    "kinderopvangtoeslag": kinderopvangtoeslag,
    "individuele_inkomenstoeslag": individuele_inkomenstoeslag,
    "bijzondere_bijstand": bijzondere_bijstand,
    "collectieve_zorgverzekering": collectieve_zorgverzekering,
    "kwijtschelding_gemeentelijke_belastingen": kwijtschelding_gemeentelijke_belastingen,
    "schuldhulpverlening": schuldhulpverlening,
    "tegemoetkoming_alleenverdieners": tegemoetkoming_alleenverdieners,
}
MUNICIPAL_SCHEMES = frozenset(
    {
        "individuele_inkomenstoeslag",
        "bijzondere_bijstand",
        "collectieve_zorgverzekering",
        "kwijtschelding_gemeentelijke_belastingen",
    }
)


@dataclass(slots=True)
class Screening:
    reference_date: date
    results: list[SchemeResult]

    def result(self, code: str) -> SchemeResult:
        for result in self.results:
            if result.scheme == code:
                return result
        raise KeyError(code)

    def to_json(self, *, explanation: bool = True, raw_steps: bool = False) -> dict[str, Any]:
        return {
            "reference_date": self.reference_date.isoformat(),
            "results": [
                result.to_json(explanation=explanation, raw_steps=raw_steps)
                for result in self.results
            ],
        }


def screen(
    household: HouseholdFacts,
    *,
    reference_date: date | None = None,
    schemes: Sequence[str] | None = None,
    parameters: ParameterSet | None = None,
    explain: bool = True,
) -> Screening:
    """Screen one household for the given schemes (default: all, in ``SCHEME_CODES`` order).

    ``explain=False`` gives the same outcomes and amounts with empty explanations (bulk use).
    """
    on = reference_date or household.reference_date
    if parameters is None:
        parameters = default_parameters(
            reference_date=on, municipality_code=household.municipality_code
        )
    elif parameters.reference_date != on:
        raise ValueError("parameters zijn voor een andere peildatum opgelost")
    codes = SCHEME_CODES if schemes is None else parse_scheme_codes(list(schemes))
    ctx = Context(household, reference_date=on)
    return Screening(
        reference_date=on,
        results=[_evaluate(code, ctx, parameters, explain=explain) for code in codes],
    )


def _evaluate(code: str, ctx: Context, parameters: ParameterSet, *, explain: bool) -> SchemeResult:
    module = SCHEME_MODULES[code]
    tracked = parameters.tracker()
    trace = Trace(reference_date=ctx.reference_date, enabled=explain)
    try:
        evaluation = module.evaluate(ctx, tracked, trace)
    except ParameterMissing as missing:
        article, law_article = module.MAIN_ARTICLE
        if trace.enabled:
            trace.add(
                rule="Voor de peildatum is (nog) geen vastgestelde waarde bekend van een gegeven dat "
                "deze regeling nodig heeft. De screening rekent niet met een geschatte waarde.",
                article=article,
                bwb_id=module.BWB,
                law_article=law_article,
                values={
                    "ontbrekende_parameters": list(missing.keys),
                    "peildatum": ctx.reference_date,
                },
                result="Niet te beoordelen tot de waarde is vastgelegd.",
            )
        evaluation = Evaluation(
            INSUFFICIENT_DATA, missing=[f"parameter:{key}" for key in missing.keys]
        )
    if explain:
        _provenance(code, module, evaluation, tracked, trace)
    provisional = _provisional(code, module, tracked, trace)
    received_set = ctx.household.benefits_received
    received = received_set is not None and code in received_set
    return SchemeResult(
        scheme=code,
        outcome=evaluation.outcome,
        amount_monthly=evaluation.amount_monthly,
        amount_yearly=evaluation.amount_yearly,
        missing=evaluation.missing,
        explanation=trace.steps,
        version={"scheme": code, "parameters": tracked.version()},
        received=received,
        # Unknown benefits_received: we cannot claim non-take-up.
        non_take_up=evaluation.outcome == ELIGIBLE and received_set is not None and not received,
        provisional=provisional,
    )


def shared_steps(parameters: ParameterSet) -> list[Step]:
    """The explanation steps built once per parameter set and shared by every screening with it
    (the provisional and provenance steps below; frozen). A writer may encode each once."""
    steps = []
    for value in parameters.memo.values():
        items = value if isinstance(value, (list, tuple)) else (value,)
        steps.extend(item for item in items if isinstance(item, Step))
    return steps


def _provisional(
    code: str, module: ModuleType, tracked: TrackedParameters, trace: Trace
) -> list[dict[str, str]]:
    """Report every value used past its end (SCHEMES.md §0): a list for the result and, as the
    first explanation step, which value was used. Shared per parameter set like the provenance."""
    keys = tracked.carried_used()
    if not keys:
        return []
    parameter_set = tracked.parameter_set
    memo_key = ("provisional", code, keys)
    cached: tuple[list[dict[str, str]], Step] | None = parameter_set.memo.get(memo_key)  # type: ignore[assignment]
    if cached is None:
        records = [tracked.used[key] for key in keys]
        items = [
            {
                "key": record.key,
                "used_valid_from": record.valid_from_iso,
                "expired_on": record.valid_to.isoformat() if record.valid_to else "",
            }
            for record in records
        ]
        lines = [
            f"{record.key}: de waarde die gold vanaf {date_nl(record.valid_from)} "
            f"(geldig tot en met {date_nl(record.valid_to)})"
            for record in records
            if record.valid_to is not None
        ]
        article, law_article = module.MAIN_ARTICLE
        probe = Trace(reference_date=tracked.reference_date)
        probe.add(
            rule="Voorlopig: voor de peildatum staat nog niet elke waarde in de catalogus. De "
            "screening rekent daarom met de laatst bekende waarde: "
            + "; ".join(lines)
            + ". Zodra de nieuwe waarde is vastgelegd, wordt opnieuw getoetst.",
            article=article,
            bwb_id=module.BWB,
            law_article=law_article,
            values={
                record.key: {
                    "waarde": record.value,
                    "geldig_vanaf": record.valid_from,
                    "geldig_tot_en_met": record.valid_to,
                }
                for record in records
            },
            result="Voorlopige uitkomst.",
        )
        cached = (items, probe.steps[0])
        if len(parameter_set.memo) < 10_000:
            parameter_set.memo[memo_key] = cached
    items, step = cached
    if trace.enabled:
        trace.steps.insert(0, step)
    return [dict(item) for item in items]


def _provenance(
    code: str,
    module: ModuleType,
    evaluation: Evaluation,
    tracked: TrackedParameters,
    trace: Trace,
) -> None:
    """Say which values are unconfirmed (grade B/C) or municipal defaults.

    The steps depend only on the parameter set, the keys used and whether the outcome is eligible,
    so they are built once and shared (steps are frozen).
    """
    parameter_set = tracked.parameter_set
    notable = parameter_set.notable
    hits = tuple(filter(notable.__contains__, tracked.used))  # in the order read
    if not hits:
        return
    memo_key = (code, hits, evaluation.outcome == ELIGIBLE)
    steps = parameter_set.memo.get(memo_key)
    if steps is None:
        before = len(trace.steps)
        _provenance_steps(code, module, evaluation, tracked, trace, hits)
        if len(parameter_set.memo) < 10_000:
            parameter_set.memo[memo_key] = trace.steps[before:]
    else:
        trace.steps.extend(steps)


def _provenance_steps(
    code: str,
    module: ModuleType,
    evaluation: Evaluation,
    tracked: TrackedParameters,
    trace: Trace,
    hits: tuple[str, ...],
) -> None:
    grade_b: dict[str, Any] = {}
    grade_c: dict[str, Any] = {}
    defaults: list[str] = []
    municipal = code in MUNICIPAL_SCHEMES
    for key in hits:
        record = tracked.used[key]
        if record.grade == "C":
            grade_c[key] = {"waarde": record.value, "bron": record.source_url, "noot": record.note}
        elif record.grade == "B":
            grade_b[key] = {"waarde": record.value, "bron": record.source_url}
        if municipal and record.municipality_code is None and key.startswith(MUNICIPAL_PREFIXES):
            defaults.append(key)
    if not (grade_b or grade_c or defaults):
        return
    article, law_article = module.MAIN_ARTICLE
    if grade_c:
        if evaluation.outcome == ELIGIBLE:
            rule = (
                "Let op: deze uitkomst steunt mede op waarden die niet bevestigd zijn (graad C). "
                "Zie de uitkomst als indicatie en laat de gemeente of uitvoerder haar bevestigen "
                "voordat u erop bouwt."
            )
            result = "Indicatie, niet bevestigd."
        else:
            rule = "Bij deze beoordeling zijn waarden gebruikt die niet bevestigd zijn (graad C)."
            result = "Uitkomst op onbevestigde waarden."
        if trace.enabled:
            trace.add(
                rule=rule,
                article=article,
                bwb_id=module.BWB,
                law_article=law_article,
                values=grade_c,
                result=result,
            )
    if grade_b and trace.enabled:
        trace.add(
            rule="Enkele gebruikte waarden komen uit één secundaire bron of zijn afgeleid (graad B); "
            "ze zijn bruikbaar maar nog niet officieel bevestigd.",
            article=article,
            bwb_id=module.BWB,
            law_article=law_article,
            values=grade_b,
            result="Controleer deze waarden.",
        )
    if defaults and trace.enabled:
        trace.add(
            rule="Voor deze gemeente zijn (nog) geen eigen waarden vastgelegd; de screening gebruikt "
            "standaardwaarden. De verordening van uw gemeente kan afwijken.",
            article=article,
            bwb_id=module.BWB,
            law_article=law_article,
            values={
                "gemeente": tracked.municipality_code,
                "standaardwaarden": sorted(defaults),
            },
            result="Gemeentelijke standaardwaarden gebruikt.",
        )


def _parameters_for(
    household: HouseholdFacts, parameters: ParameterSet | None, reference_date: date | None
) -> ParameterSet:
    if parameters is not None:
        return parameters
    return default_parameters(
        reference_date=reference_date or household.reference_date,
        municipality_code=household.municipality_code,
    )


def sociaal_minimum_monthly(
    household: HouseholdFacts,
    parameters: ParameterSet | None = None,
    *,
    reference_date: date | None = None,
) -> Decimal | None:
    """The municipal comparison base per month (norm with the municipality's settings).

    Multiply by 1.00/1.10/1.20/1.30 for the usual minima limits. None below 18. Raises
    ``ParameterMissing`` when a norm is not known for the date.
    """
    amount, _carried = sociaal_minimum_with_provisional(
        household, parameters, reference_date=reference_date
    )
    return amount


def sociaal_minimum_with_provisional(
    household: HouseholdFacts,
    parameters: ParameterSet | None = None,
    *,
    reference_date: date | None = None,
) -> tuple[Decimal | None, tuple[str, ...]]:
    """The sociaal minimum per month and the parameter keys it used past their end (provisional)."""
    parameters = _parameters_for(household, parameters, reference_date)
    ctx = Context(household, reference_date=parameters.reference_date)
    tracked = parameters.tracker()
    norm = bijstand.sociaal_minimum(ctx, tracked, Trace(reference_date=parameters.reference_date))
    return (None if norm is None else norm.amount), tracked.carried_used()


def household_net_income_monthly(household: HouseholdFacts) -> Decimal | None:
    """Net monthly income of the applicant and partner; None when any part is unknown."""
    members = [m for m in household.members if m.relation in ("applicant", "partner")]
    total, _missing = net_income_monthly(members)
    return total


@dataclass(slots=True)
class WorkPaysStep:
    extra_gross_monthly: Decimal
    extra_net_monthly: Decimal
    net_income_monthly: Decimal | None
    scheme_amounts_monthly: dict[str, Decimal | None]
    disposable_income_monthly: Decimal | None
    marginal_burden: Decimal | None  # share of the extra gross lost vs the previous step
    armoedeval: bool
    unknown_schemes: list[str]
    notes: list[str]
    # The same after the bijstand's vrijlating for new work has ended (after six months).
    disposable_income_after_vrijlating_monthly: Decimal | None = None
    marginal_burden_after_vrijlating: Decimal | None = None
    # Months 7 to 36 for an alleenstaande ouder with a child under 12 (Pw art. 31 lid 2
    # onderdeel r); None when that vrijlating does not apply to the household.
    disposable_income_single_parent_vrijlating_monthly: Decimal | None = None
    marginal_burden_single_parent_vrijlating: Decimal | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "extra_gross_monthly": money_json(self.extra_gross_monthly),
            "extra_net_monthly": money_json(self.extra_net_monthly),
            "net_income_monthly": money_json(self.net_income_monthly),
            "scheme_amounts_monthly": {
                code: money_json(amount) for code, amount in self.scheme_amounts_monthly.items()
            },
            "disposable_income_monthly": money_json(self.disposable_income_monthly),
            "marginal_burden": None if self.marginal_burden is None else str(self.marginal_burden),
            "disposable_income_after_vrijlating_monthly": money_json(
                self.disposable_income_after_vrijlating_monthly
            ),
            "marginal_burden_after_vrijlating": None
            if self.marginal_burden_after_vrijlating is None
            else str(self.marginal_burden_after_vrijlating),
            "disposable_income_single_parent_vrijlating_monthly": money_json(
                self.disposable_income_single_parent_vrijlating_monthly
            ),
            "marginal_burden_single_parent_vrijlating": None
            if self.marginal_burden_single_parent_vrijlating is None
            else str(self.marginal_burden_single_parent_vrijlating),
            "armoedeval": self.armoedeval,
            "unknown_schemes": list(self.unknown_schemes),
            "notes": list(self.notes),
        }


def work_pays(
    household: HouseholdFacts,
    *,
    member_ref: str,
    max_gross_monthly: Decimal,
    step: Decimal,
    parameters: ParameterSet | None = None,
    net_rate: Decimal | None = None,
    threshold: Decimal = Decimal("0.80"),
) -> list[WorkPaysStep]:
    """'Werk loont?': the household's position for each step of extra gross monthly earnings.

    Extra earnings are added as new wages of ``member_ref``: net = gross x ``net_rate`` (default:
    the member's own net/gross ratio of current wages, else the grade-C parameter
    ``werk_loont.netto_aandeel_extra_bruto``; no wage-tax calculation). Every scheme follows them:

    - bijstand is computed by the screening (norm minus the other net income), so it falls as the
      earnings rise; the couple's recorded bijstand income is replaced by it. While the new work
      is recent the vrijlating of Pw art. 31 lid 2 onderdeel n applies; for an alleenstaande
      ouder with a child under 12 the vrijlating of onderdeel r follows for at most 30 months
      (``*_single_parent_vrijlating``, else None); ``*_after_vrijlating`` gives the position once
      every temporary vrijlating has ended;
    - an entered toetsingsinkomen rises by 12 x the extra gross and falls by 12 x the gross
      bijstand that is lost (the net amount lost times the recorded bijstand's gross/net ratio;
      without a recorded gross, the net amount).

    Yearly-only amounts count as 1/12 per month. A marginal burden (share of the extra gross that
    does not reach disposable income) above ``threshold`` once the temporary vrijlating has ended
    is an armoedeval.
    """
    if step <= 0:
        raise ValueError("step moet groter dan 0 zijn")
    if max_gross_monthly < 0:
        raise ValueError("max_gross_monthly mag niet negatief zijn")
    parameters = _parameters_for(household, parameters, None)
    member = next((m for m in household.members if m.ref == member_ref), None)
    if member is None:
        raise ValueError(f"onbekend huishoudlid {member_ref!r}")
    notes: list[str] = []
    if net_rate is None:
        net_rate = _own_net_rate(member)
        if net_rate is None:
            net_rate = parameters.tracker().get("werk_loont.netto_aandeel_extra_bruto")
            notes.append(
                f"Netto = {net_rate} x bruto is een aanname (graad C), geen loonheffingsberekening."
            )
        else:
            notes.append(
                f"Netto = {net_rate} x bruto, de eigen netto/bruto-verhouding van het loon."
            )
    base = _without_own_bijstand(household)
    if base is not household:
        notes.append(
            "De bijstand rekent de toets zelf uit (norm min de overige inkomsten); het "
            "vastgelegde bijstandsbedrag telt daarom niet dubbel mee."
        )
    gross_per_net = _bijstand_gross_per_net(member)
    member = next(m for m in base.members if m.ref == member_ref)
    base_bijstand = _bijstand_monthly(base, parameters)
    single_parent = _single_parent_vrijlating_applies(base, member, parameters)
    steps: list[WorkPaysStep] = []
    extra = Decimal(0)
    previous: WorkPaysStep | None = None
    while extra <= max_gross_monthly:
        extra_net = (extra * net_rate).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        now = _with_extra_wages(
            base, member, extra, extra_net, new_work=True, parameters=parameters,
            base_bijstand=base_bijstand, gross_per_net=gross_per_net,
        )  # fmt: skip
        amounts, unknown, net, disposable = _position(now, parameters)
        later = _with_extra_wages(
            base, member, extra, extra_net, new_work=False, parameters=parameters,
            base_bijstand=base_bijstand, gross_per_net=gross_per_net,
        )  # fmt: skip
        _amounts_later, _unknown_later, _net_later, disposable_later = _position(later, parameters)
        disposable_r = burden_r = None
        if single_parent:
            during_r = _with_extra_wages(
                base, member, extra, extra_net, new_work=False, after_first_months=True,
                parameters=parameters, base_bijstand=base_bijstand, gross_per_net=gross_per_net,
            )  # fmt: skip
            disposable_r = _position(during_r, parameters)[3]
        burden = burden_later = None
        if previous is not None:
            burden = _burden(
                disposable, previous.disposable_income_monthly, extra, previous.extra_gross_monthly
            )
            burden_later = _burden(
                disposable_later,
                previous.disposable_income_after_vrijlating_monthly,
                extra,
                previous.extra_gross_monthly,
            )
            if single_parent:
                burden_r = _burden(
                    disposable_r,
                    previous.disposable_income_single_parent_vrijlating_monthly,
                    extra,
                    previous.extra_gross_monthly,
                )
        structural = burden_later if burden_later is not None else burden
        current = WorkPaysStep(
            extra_gross_monthly=extra,
            extra_net_monthly=extra_net,
            net_income_monthly=net,
            scheme_amounts_monthly=amounts,
            disposable_income_monthly=disposable,
            marginal_burden=burden,
            armoedeval=structural is not None and structural > threshold,
            unknown_schemes=unknown,
            notes=notes,
            disposable_income_after_vrijlating_monthly=disposable_later,
            marginal_burden_after_vrijlating=burden_later,
            disposable_income_single_parent_vrijlating_monthly=disposable_r,
            marginal_burden_single_parent_vrijlating=burden_r,
        )
        steps.append(current)
        previous = current
        extra += step
    return steps


def _single_parent_vrijlating_applies(
    household: HouseholdFacts, member: MemberFacts, parameters: ParameterSet
) -> bool:
    """Whether Pw art. 31 lid 2 onderdeel r can apply to the member's earnings (its dated
    parameters known on the date, an alleenstaande ouder of 27+ with a child under 12)."""
    params = parameters.tracker()
    try:
        ctx = Context(household, reference_date=parameters.reference_date)
        return bijstand.alleenstaande_ouder_vrijlating_applies(ctx, params, member)
    except ParameterMissing:
        return False


def _position(
    household: HouseholdFacts, parameters: ParameterSet
) -> tuple[dict[str, Decimal | None], list[str], Decimal | None, Decimal | None]:
    """(monthly amount per scheme, unknown schemes, net income, disposable income)."""
    screening = screen(household, parameters=parameters, explain=False)
    amounts: dict[str, Decimal | None] = {}
    unknown: list[str] = []
    for result in screening.results:
        if result.outcome == INSUFFICIENT_DATA:
            amounts[result.scheme] = None
            unknown.append(result.scheme)
        elif result.amount_monthly is not None:
            amounts[result.scheme] = result.amount_monthly
        elif result.amount_yearly is not None:
            amounts[result.scheme] = (result.amount_yearly / TWELVE).quantize(Decimal("0.01"))
        else:
            amounts[result.scheme] = Decimal(0)
    net = household_net_income_monthly(household)
    disposable = None
    if net is not None:
        disposable = net + sum((a for a in amounts.values() if a is not None), Decimal(0))
    return amounts, unknown, net, disposable


def _burden(
    disposable: Decimal | None,
    previous_disposable: Decimal | None,
    extra: Decimal,
    previous_extra: Decimal,
) -> Decimal | None:
    if disposable is None or previous_disposable is None:
        return None
    gained = disposable - previous_disposable
    return (1 - gained / (extra - previous_extra)).quantize(Decimal("0.0001"))


def _bijstand_monthly(household: HouseholdFacts, parameters: ParameterSet) -> Decimal | None:
    result = screen(household, schemes=["bijstand"], parameters=parameters, explain=False)
    (bijstand_result,) = result.results
    if bijstand_result.outcome == INSUFFICIENT_DATA:
        return None
    return bijstand_result.amount_monthly or Decimal(0)


def _bijstand_gross_per_net(member: MemberFacts) -> Decimal:
    gross = net = Decimal(0)
    for income in member.incomes or ():
        if income.kind == "bijstand" and income.gross_monthly and income.net_monthly:
            gross += income.gross_monthly
            net += income.net_monthly
    return (gross / net).quantize(Decimal("0.0001")) if net else Decimal(1)


def _without_own_bijstand(household: HouseholdFacts) -> HouseholdFacts:
    """The couple's recorded bijstand income removed: the screening computes the bijstand."""
    changed = False
    members = []
    for member in household.members:
        if member.relation in ("applicant", "partner") and member.incomes:
            kept = tuple(i for i in member.incomes if i.kind != "bijstand")
            if len(kept) != len(member.incomes):
                member = replace(member, incomes=kept)
                changed = True
        members.append(member)
    return replace(household, members=tuple(members)) if changed else household


def _own_net_rate(member: MemberFacts) -> Decimal | None:
    gross = net = Decimal(0)
    for income in member.incomes or ():
        if (
            income.kind in WORK_INCOME_KINDS
            and income.gross_monthly
            and income.net_monthly is not None
        ):
            gross += income.gross_monthly
            net += income.net_monthly
    if gross == 0:
        return None
    return (net / gross).quantize(Decimal("0.0001"))


def _with_extra_wages(
    household: HouseholdFacts,
    member: MemberFacts,
    extra_gross: Decimal,
    extra_net: Decimal,
    *,
    new_work: bool,
    parameters: ParameterSet,
    base_bijstand: Decimal | None,
    gross_per_net: Decimal,
    after_first_months: bool = False,
) -> HouseholdFacts:
    if extra_gross == 0:
        return household
    wages = IncomeFacts("wages", extra_gross, extra_net, new_work, after_first_months)
    incomes = (*(member.incomes or ()), wages)
    changed = replace(member, incomes=incomes if member.incomes is not None else None)
    members = tuple(changed if m.ref == member.ref else m for m in household.members)
    variant = replace(household, members=members)
    assessed = member.assessed_income_yearly
    if assessed is None:
        return variant
    # The toetsingsinkomen rises with the extra gross and falls with the bijstand that is lost.
    bijstand = _bijstand_monthly(variant, parameters)
    lost = Decimal(0)
    if base_bijstand is not None and bijstand is not None:
        lost = max(base_bijstand - bijstand, Decimal(0)) * gross_per_net
    raised = max(assessed + (extra_gross - lost) * TWELVE, Decimal(0))
    changed = replace(changed, assessed_income_yearly=raised)
    members = tuple(changed if m.ref == member.ref else m for m in household.members)
    return replace(household, members=members)
