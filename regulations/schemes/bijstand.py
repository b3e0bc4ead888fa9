"""Algemene bijstand (Participatiewet): norm, jongerennormen, kostendelersnorm, vermogen, aanvulling.

The norm (incl. 5% vakantietoeslag, as published) minus the net income of the applicant and partner
is the monthly aanvulling. The vrijlatingen for earnings from work (art. 31 lid 2 onderdelen n and
r) apply to earnings marked as in their period (Werken loont? marks them). Not modelled, and said so
in the explanation: the verlaging for missing housing costs, students among the housemates (they do not count as kostendeler),
and the form (loan) of bijstand above the home-equity limit.

``bijstand_norm`` and ``sociaal_minimum`` are shared with the municipal schemes.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from .facts import Context, MemberFacts
from .params import ParameterMissing, TrackedParameters
from .results import (
    ELIGIBLE,
    INSUFFICIENT_DATA,
    NOT_ELIGIBLE,
    TWELVE,
    Evaluation,
    Trace,
    cents,
)

CODE = "bijstand"
BWB = "BWBR0015703"
MAIN_ARTICLE = ("art. 11 en 21 Participatiewet", "21")
# The reform switch "kostendelersnorm off" (a documented switch with default true in the catalogue;
# an absent record also means true): when false, no norm applies art. 22a.
KOSTENDELERSNORM_SWITCH = "bijstand.kostendelersnorm.toepassen"


def kostendelersnorm_on(params: TrackedParameters) -> bool:
    return params.get_optional(KOSTENDELERSNORM_SWITCH) is not False


@dataclass(slots=True)
class Norm:
    amount: Decimal
    key: str
    household_type: str  # alleenstaande | alleenstaande_ouder | gehuwden
    counted: list[MemberFacts]  # whose income counts (applicant and partner of 18+)


def household_type(ctx: Context) -> str:
    if ctx.partner is not None and ctx.age(ctx.partner) >= 18:
        return "gehuwden"
    if ctx.minor_children:
        return "alleenstaande_ouder"
    return "alleenstaande"


def kostendelende_medebewoners(ctx: Context, params: TrackedParameters) -> int:
    """Pw art. 19a: everyone else in the home of 27 or older (children and housemates)."""
    minimum_age = params.get("bijstand.kostendelers.minimumleeftijd")
    count = 0
    for member in ctx.children:
        count += ctx.age(member) >= minimum_age
    for member in ctx.housemates:
        count += ctx.age(member) >= minimum_age
    return count


def bijstand_norm(
    ctx: Context, params: TrackedParameters, trace: Trace, *, apply_kostendelers: bool
) -> Norm | None:
    """The bijstandsnorm per month for the household, or None below the minimum age.

    Five schemes need the same norm: it is computed once per screening (``ctx.memo``) and its
    explanation steps and parameter versions are copied into every scheme that uses it.
    """
    return _memoized(
        ctx,
        params,
        trace,
        ("norm", apply_kostendelers),
        _bijstand_norm,
        apply_kostendelers=apply_kostendelers,
    )


def _memoized(
    ctx: Context, params: TrackedParameters, trace: Trace, key: object, compute: Any, **kwargs: Any
) -> Any:
    cached = ctx.memo.get(key)
    if cached is None:
        own_params = params.parameter_set.tracker()
        own_trace = Trace(reference_date=trace.reference_date, enabled=trace.enabled)
        try:
            value = compute(ctx, own_params, own_trace, **kwargs)
        except ParameterMissing:
            params.used.update(own_params.used)
            trace.steps.extend(own_trace.steps)
            raise
        cached = (value, own_trace.steps, own_params.used)
        ctx.memo[key] = cached
    value, steps, used = cached
    trace.steps.extend(steps)
    params.used.update(used)
    return value


def _bijstand_norm(
    ctx: Context, params: TrackedParameters, trace: Trace, *, apply_kostendelers: bool
) -> Norm | None:
    applicant = ctx.applicant
    applicant_age = ctx.age(applicant)
    minimum_age = params.get("bijstand.minimumleeftijd")
    if applicant_age < minimum_age:
        if trace.enabled:
            trace.add(
                rule=f"Bijstand is er vanaf {minimum_age} jaar. Jongere kinderen vallen onder de "
                "onderhoudsplicht van hun ouders.",
                article="art. 13 en 20 Participatiewet",
                bwb_id=BWB,
                law_article="20",
                values={"leeftijd_aanvrager": applicant_age},
                result="Geen bijstandsnorm: de aanvrager is jonger dan 18.",
            )
        return None
    aow_months = params.get("aow.leeftijd_maanden")
    partner = ctx.partner
    if partner is not None and ctx.age(partner) < minimum_age:
        if trace.enabled:
            trace.add(
                rule="Een partner jonger dan 18 heeft geen eigen bijstandsnorm; de screening rekent "
                "met de norm voor de aanvrager alleen en telt de partner ook niet als kostendeler.",
                article="art. 20 Participatiewet",
                bwb_id=BWB,
                law_article="20",
                values={"leeftijd_partner": ctx.age(partner)},
                result="Partner niet meegeteld in de norm.",
            )
        partner = None
    applicant_aow = ctx.has_aow_age(applicant, aow_months)
    with_children = bool(ctx.minor_children)
    if partner is None:
        counted = [applicant]
        if applicant_aow:
            key, article, law_article = "alleenstaande_aow", "art. 22 Participatiewet", "22"
        elif applicant_age >= 21:
            key, article, law_article = "alleenstaande_21_aow", "art. 21 Participatiewet", "21"
        else:
            key, article, law_article = "alleenstaande_18_20", "art. 20 Participatiewet", "20"
        type_ = "alleenstaande_ouder" if with_children else "alleenstaande"
    else:
        counted = [applicant, partner]
        partner_age = ctx.age(partner)
        partner_aow = ctx.has_aow_age(partner, aow_months)
        type_ = "gehuwden"
        if applicant_aow or partner_aow:
            key, article, law_article = "gehuwden_aow", "art. 22 Participatiewet", "22"
        elif applicant_age >= 21 and partner_age >= 21:
            key, article, law_article = "gehuwden_21_aow", "art. 21 Participatiewet", "21"
        else:
            both_young = applicant_age < 21 and partner_age < 21
            suffix = "met_kinderen" if with_children else "zonder_kinderen"
            key = f"gehuwden_{'beiden' if both_young else 'een'}_18_20_{suffix}"
            article, law_article = "art. 20 Participatiewet", "20"
    amount = params.get(f"bijstand.norm.{key}")
    if trace.enabled:
        trace.add(
            rule="De bijstandsnorm hangt af van leeftijd en leefvorm: alleenstaand of met partner, "
            "18-20 jaar, 21 jaar tot de AOW-leeftijd, of AOW-leeftijd. Bedragen zijn netto per maand "
            "inclusief 5% vakantietoeslag.",
            article=article,
            bwb_id=BWB,
            law_article=law_article,
            values={
                "leefvorm": type_,
                "normcategorie": key,
                "leeftijd_aanvrager": applicant_age,
                "aow_leeftijd_maanden": aow_months,
                "norm_per_maand": amount,
            },
            result=f"Norm: € {amount} per maand.",
        )
    if not apply_kostendelers or not kostendelersnorm_on(params):
        return Norm(amount=amount, key=key, household_type=type_, counted=counted)
    oldest = max(ctx.age(member) for member in counted)
    if oldest < 21:
        return Norm(amount=amount, key=key, household_type=type_, counted=counted)
    others = kostendelende_medebewoners(ctx, params)
    if not others:
        return Norm(amount=amount, key=key, household_type=type_, counted=counted)
    # A (art. 22a lid 1): the medebewoners plus the applicant and a partner, each only from 21.
    # A partner under 18 is not in ``counted`` (no norm of their own), so never in A either.
    housemates = others + sum(1 for member in counted if ctx.age(member) >= 21)
    base_key = (
        "gehuwden_aow" if key == "gehuwden_aow" or key == "alleenstaande_aow" else "gehuwden_21_aow"
    )
    base = params.get(f"bijstand.norm.{base_key}")
    fixed = params.get("bijstand.kostendelers.basispercentage")
    per_person_share = params.get("bijstand.kostendelers.percentage_per_persoon")
    per_person = cents((fixed + housemates * per_person_share) / housemates * base)
    if len(counted) == 1:
        new_amount = per_person
    elif min(ctx.age(member) for member in counted) >= 21:
        new_amount = per_person * 2
    elif with_children:
        # Pw art. 22a lid 3 onderdeel a: a fixed amount for the partner of 18-20 with children.
        new_amount = per_person + params.get("bijstand.norm.kostendeler_partner_18_20_met_kinderen")
    else:
        new_amount = per_person + params.get("bijstand.norm.alleenstaande_18_20")
    if trace.enabled:
        trace.add(
            rule="Wonen er meer volwassenen van 27 jaar of ouder in de woning, dan geldt de "
            "kostendelersnorm: per persoon (40% plus A maal 30%) gedeeld door A, maal de gehuwdennorm, waarbij A het "
            "aantal kostendelers is (u en uw partner van 21 jaar of ouder meegeteld). Studenten tellen "
            "niet mee; dat is hier niet nagegaan.",
            article="art. 22a Participatiewet",
            bwb_id=BWB,
            law_article="22a",
            values={
                "aantal_kostendelers_A": housemates,
                "gehuwdennorm": base,
                "norm_per_persoon": per_person,
                "norm_huishouden": new_amount,
            },
            result=f"Kostendelersnorm: € {new_amount} per maand (per persoon afgerond op centen).",
        )
    return Norm(amount=new_amount, key=key, household_type=type_, counted=counted)


def sociaal_minimum(ctx: Context, params: TrackedParameters, trace: Trace) -> Norm | None:
    """The municipal comparison base: the bijstandsnorm with the municipality's own choices."""
    return _memoized(ctx, params, trace, "sociaal_minimum", _sociaal_minimum)


def _sociaal_minimum(ctx: Context, params: TrackedParameters, trace: Trace) -> Norm | None:
    apply_kostendelers = params.get("minima.kostendelersnorm_toepassen")
    norm = bijstand_norm(ctx, params, trace, apply_kostendelers=apply_kostendelers)
    if norm is None:
        return None
    if params.get("minima.basis_inclusief_vakantietoeslag"):
        return norm
    holiday_share = params.get("bijstand.vakantietoeslag_aandeel")
    excluding = cents(norm.amount * (1 - holiday_share))
    if trace.enabled:
        trace.add(
            rule="Deze gemeente vergelijkt het inkomen met de norm zonder vakantietoeslag (95% van de "
            "norm).",
            article="art. 19 Participatiewet",
            bwb_id=BWB,
            law_article="19",
            values={"norm_inclusief_vakantietoeslag": norm.amount, "norm_exclusief": excluding},
            result=f"Sociaal minimum voor de vergelijking: € {excluding} per maand.",
        )
    return Norm(
        amount=excluding, key=norm.key, household_type=norm.household_type, counted=norm.counted
    )


def asset_limit_check(
    ctx: Context, params: TrackedParameters, trace: Trace, *, household_type_: str
) -> tuple[bool | None, list[str]]:
    """(True if within the limit, False if above, None if unknown; missing paths)."""
    key = "alleenstaande" if household_type_ == "alleenstaande" else "gezin"
    limit = params.get(f"bijstand.vermogensgrens.{key}")
    assets = ctx.household.assets_total
    if assets is None:
        return None, ["assets_total"]
    within = assets <= limit
    if trace.enabled:
        trace.add(
            rule="Uw vermogen (spaargeld, bezittingen, min schulden) mag niet hoger zijn dan de "
            "vermogensgrens.",
            article="art. 34 Participatiewet",
            bwb_id=BWB,
            law_article="34",
            values={"vermogen": assets, "vermogensgrens": limit, "leefvorm": household_type_},
            result="Vermogen binnen de grens." if within else "Vermogen boven de grens.",
        )
    return within, []


def evaluate(ctx: Context, params: TrackedParameters, trace: Trace) -> Evaluation:
    norm = bijstand_norm(ctx, params, trace, apply_kostendelers=True)
    if norm is None:
        return Evaluation(NOT_ELIGIBLE)
    aow_months = params.get("aow.leeftijd_maanden")
    if ctx.has_aow_age(ctx.applicant, aow_months) and trace.enabled:
        trace.add(
            rule="Vanaf de AOW-leeftijd heet deze bijstand AIO (aanvullende inkomensvoorziening "
            "ouderen); de SVB voert die uit, niet de gemeente.",
            article="art. 47a Participatiewet",
            bwb_id=BWB,
            law_article="47a",
            values={},
            result="Aanvragen bij de SVB.",
        )
    within_assets, missing = asset_limit_check(
        ctx, params, trace, household_type_=norm.household_type
    )
    income, income_missing = _means(norm.counted)
    missing += income_missing
    if within_assets is False:
        return Evaluation(NOT_ELIGIBLE)
    if income is not None:
        income -= _work_vrijlating(ctx, params, trace, norm.counted)
    if income is not None and income >= norm.amount:
        if trace.enabled:
            trace.add(
                rule="Bijstand vult uw netto inkomen (en dat van uw partner) aan tot de norm. Is het "
                "inkomen gelijk aan of hoger dan de norm, dan is er geen aanvulling.",
                article="art. 31 en 32 Participatiewet",
                bwb_id=BWB,
                law_article="31",
                values={"netto_inkomen_per_maand": income, "norm": norm.amount},
                result="Inkomen niet lager dan de norm: geen bijstand.",
            )
        return Evaluation(NOT_ELIGIBLE)
    if missing or income is None:
        return Evaluation(INSUFFICIENT_DATA, missing=missing)
    amount = norm.amount - income
    if trace.enabled:
        trace.add(
            rule="Bijstand is de norm min uw netto inkomen (en dat van uw partner). Inkomsten van "
            "kinderen en huisgenoten tellen niet mee, de bijstand die u al krijgt evenmin. Van het "
            "maandbedrag wordt 5% gereserveerd als vakantietoeslag en eens per jaar betaald. Een "
            "vrijlating telt alleen mee voor werk dat u nu begint.",
            article="art. 31 en 32 Participatiewet",
            bwb_id=BWB,
            law_article="31",
            values={"norm": norm.amount, "netto_inkomen_per_maand": income, "aanvulling": amount},
            result=f"Indicatie bijstand: € {amount} per maand (inclusief vakantietoeslag).",
        )
    if (
        ctx.household.housing is not None
        and ctx.household.housing.tenure == "owner"
        and trace.enabled
    ):
        trace.add(
            rule="Met een eigen woning kan de bijstand als geldlening worden verstrekt als het "
            "vermogen in de woning boven de grens ligt; dat is hier niet nagegaan.",
            article="art. 34 en 50 Participatiewet",
            bwb_id=BWB,
            law_article="50",
            values={
                "grens_vermogen_eigen_woning": params.get("bijstand.vermogensgrens.eigen_woning")
            },
            result="Controleer het vermogen in de eigen woning.",
        )
    return Evaluation(ELIGIBLE, amount_monthly=amount, amount_yearly=amount * TWELVE)


def _means(counted: list[MemberFacts]) -> tuple[Decimal | None, list[str]]:
    """Net monthly income of the applicant and partner, without the bijstand they already get:
    that is what this screening computes, not a means against itself (art. 31 and 32)."""
    total = Decimal(0)
    missing: list[str] = []
    for member in counted:
        if member.incomes is None:
            missing.append(f"{member.path}.incomes")
            continue
        for position, income in enumerate(member.incomes):
            if income.kind == "bijstand":
                continue
            if income.net_monthly is None:
                missing.append(f"{member.path}.incomes[{position}].net_monthly")
            else:
                total += income.net_monthly
    return (None, missing) if missing else (total, missing)


def _work_vrijlating(
    ctx: Context, params: TrackedParameters, trace: Trace, counted: list[MemberFacts]
) -> Decimal:
    """The vrijlatingen for earnings from work (Pw art. 31 lid 2 onderdelen n and r)."""
    return _vrijlating_n(ctx, params, trace, counted) + _vrijlating_r(ctx, params, trace, counted)


def _earnings(member: MemberFacts, *, after_first_months: bool) -> Decimal:
    return sum(
        (
            i.net_monthly or Decimal(0)
            for i in member.incomes or ()
            if (i.after_first_months if after_first_months else i.new_work)
        ),
        Decimal(0),
    )


def _vrijlating_n(
    ctx: Context, params: TrackedParameters, trace: Trace, counted: list[MemberFacts]
) -> Decimal:
    """Pw art. 31 lid 2 onderdeel n: of earnings from work someone starts while on bijstand, 25%
    (at most a fixed amount a month) is left out for at most six months, from 27 years, per
    partner. Only earnings marked as new work (Werken loont?) get it: for income someone already
    had, the six months may be over, and the screening does not know."""
    starting = [(member, _earnings(member, after_first_months=False)) for member in counted]
    starting = [(member, amount) for member, amount in starting if amount > 0]
    if not starting:
        return Decimal(0)
    minimum_age = params.get("bijstand.vrijlating_arbeid.minimumleeftijd")
    share = params.get("bijstand.vrijlating_arbeid.percentage")
    maximum = params.get("bijstand.vrijlating_arbeid.maximum")
    months = params.get("bijstand.vrijlating_arbeid.duur_maanden")
    total = Decimal(0)
    per_member = {}
    for member, amount in starting:
        if ctx.age(member) < minimum_age:
            per_member[member.ref] = Decimal(0)
            continue
        free = min(cents(amount * share), maximum)
        per_member[member.ref] = free
        total += free
    if trace.enabled:
        trace.add(
            rule=f"Van de inkomsten uit werk dat u nu begint blijft {share * 100:.0f}% buiten de "
            f"bijstand, ten hoogste € {maximum} per maand per partner, gedurende ten hoogste "
            f"{months} maanden, vanaf {minimum_age} jaar. Daarna kan een alleenstaande ouder met "
            "een kind jonger dan 12 jaar nog een deel houden (onderdeel r).",
            article="art. 31 lid 2 onderdeel n Participatiewet",
            bwb_id=BWB,
            law_article="31",
            values={"vrijlating_per_persoon": per_member, "duur_maanden": months},
            result=f"Vrijgelaten: € {total} per maand, de eerste {months} maanden.",
        )
    return total


def alleenstaande_ouder_vrijlating_applies(
    ctx: Context, params: TrackedParameters, member: MemberFacts
) -> bool:
    """Pw art. 31 lid 2 onderdeel r, 1°, and lid 5: an alleenstaande ouder of 27 or older with the
    full care of a child younger than 12 (a minor child of the household without a partner). The
    college's judgement that it helps towards work (3°) is assumed, as for onderdeel n."""
    if household_type(ctx) != "alleenstaande_ouder" or member.relation != "applicant":
        return False
    child_age = params.get("bijstand.vrijlating_alleenstaande_ouder.leeftijd_kind_jonger_dan")
    minimum_age = params.get("bijstand.vrijlating_arbeid.minimumleeftijd")
    return ctx.age(member) >= minimum_age and any(
        ctx.age(child) < child_age for child in ctx.minor_children
    )


def _vrijlating_r(
    ctx: Context, params: TrackedParameters, trace: Trace, counted: list[MemberFacts]
) -> Decimal:
    """Pw art. 31 lid 2 onderdeel r: once the six months of onderdeel n have passed, 12.5% of the
    earnings of an alleenstaande ouder with a child under 12 (at most a dated amount a month) is
    left out for at most 30 consecutive months. Only earnings marked as in that period count
    (Werken loont?): whether the 30 months are still running is not in the screen JSON."""
    earning = [(member, _earnings(member, after_first_months=True)) for member in counted]
    earning = [(member, amount) for member, amount in earning if amount > 0]
    if not earning:
        return Decimal(0)
    share = params.get("bijstand.vrijlating_alleenstaande_ouder.percentage")
    maximum = params.get("bijstand.vrijlating_alleenstaande_ouder.maximum")
    months = params.get("bijstand.vrijlating_alleenstaande_ouder.duur_maanden")
    child_age = params.get("bijstand.vrijlating_alleenstaande_ouder.leeftijd_kind_jonger_dan")
    total = Decimal(0)
    for member, amount in earning:
        if alleenstaande_ouder_vrijlating_applies(ctx, params, member):
            total += min(cents(amount * share), maximum)
    percent = f"{share * 100:f}".rstrip("0").rstrip(".").replace(".", ",")  # 12,5
    if trace.enabled:
        trace.add(
            rule=f"Na de eerste zes maanden blijft voor een alleenstaande ouder met een kind "
            f"jonger dan {child_age} jaar {percent}% van de inkomsten uit werk buiten de "
            f"bijstand, ten hoogste € {maximum} per maand, gedurende ten hoogste {months} "
            "aaneengesloten maanden, vanaf 27 jaar.",
            article="art. 31 lid 2 onderdeel r Participatiewet",
            bwb_id=BWB,
            law_article="31",
            values={"vrijgelaten": total, "duur_maanden": months, "maximum": maximum},
            result=(
                f"Vrijgelaten: € {total} per maand, ten hoogste {months} maanden."
                if total
                else "Niet van toepassing: geen alleenstaande ouder van 27 jaar of ouder met "
                f"een kind jonger dan {child_age} jaar."
            ),
        )
    return total
