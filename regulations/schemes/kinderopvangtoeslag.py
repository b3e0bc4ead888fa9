"""Kinderopvangtoeslag (basics: Wet kinderopvang art. 1.5-1.7, Besluit kinderopvangtoeslag).

Inputs beyond the contract (see ``facts``): per child ``childcare`` {kind, hours_monthly,
hourly_rate}; per parent ``works_or_studies`` (when absent, wages or self-employed income count as
work). Unknown childcare, hours or costs give ``insufficient_data``.

The percentage comes from the table of Besluit kinderopvangtoeslag Bijlage I
(``kinderopvangtoeslag.percentagetabel``): one percentage for the first child (the child with the most
hours; equal hours: the highest costs, Besluit art. 3) and one for every further child. For a year
without a loaded table only the band with the maximum percentage can be computed; above it the result
names ``parameter:kinderopvangtoeslag.percentagetabel`` as missing instead of guessing.
"""

from __future__ import annotations

from decimal import Decimal

from .facts import WORK_INCOME_KINDS, Context, MemberFacts, combined_assessed_income
from .params import ParameterMissing, TrackedParameters
from .results import (
    ELIGIBLE,
    INSUFFICIENT_DATA,
    NOT_ELIGIBLE,
    TWELVE,
    ZERO,
    Evaluation,
    Trace,
    awir_amounts,
    floor_euros,
)
from .zorgtoeslag import derived_income_step

CODE = "kinderopvangtoeslag"
BWB = "BWBR0017017"
MAIN_ARTICLE = ("art. 1.6 Wet kinderopvang", "1.6")


def works_or_studies(member: MemberFacts) -> bool | None:
    if member.works_or_studies is not None:
        return member.works_or_studies
    if member.incomes is not None and any(i.kind in WORK_INCOME_KINDS for i in member.incomes):
        return True
    return None


def evaluate(ctx: Context, params: TrackedParameters, trace: Trace) -> Evaluation:
    maximum_age = params.get("kinderopvangtoeslag.maximum_leeftijd")
    children = [child for child in ctx.children if ctx.age(child) < maximum_age]
    if not children:
        if trace.enabled:
            trace.add(
                rule="Kinderopvangtoeslag is er voor kinderen tot en met de basisschoolleeftijd.",
                article="art. 1.6 Wet kinderopvang",
                bwb_id=BWB,
                law_article="1.6",
                values={"kinderen_onder_leeftijdsgrens": 0},
                result="Geen kinderen in de opvangleeftijd.",
            )
        return Evaluation(NOT_ELIGIBLE)
    missing: list[str] = []
    using = []
    for child in children:
        if child.childcare is None:
            missing.append(f"{child.path}.childcare")
        elif child.childcare.kind != "none":
            using.append(child)
    if not missing and not using:
        if trace.enabled:
            trace.add(
                rule="Kinderopvangtoeslag is er alleen voor geregistreerde kinderopvang die u betaalt.",
                article="art. 1.6 Wet kinderopvang",
                bwb_id=BWB,
                law_article="1.6",
                values={},
                result="Geen formele kinderopvang: geen kinderopvangtoeslag.",
            )
        return Evaluation(NOT_ELIGIBLE)
    for parent in ctx.couple:
        status = works_or_studies(parent)
        if status is None:
            missing.append(f"{parent.path}.works_or_studies")
        elif not status:
            if trace.enabled:
                trace.add(
                    rule="U en uw toeslagpartner moeten allebei werken, studeren, een traject naar werk "
                    "volgen of inburgeren.",
                    article="art. 1.6 Wet kinderopvang",
                    bwb_id=BWB,
                    law_article="1.6",
                    values={"ouder": parent.ref, "werkt_of_studeert": False},
                    result="Niet aan de arbeidsvoorwaarde voldaan: geen kinderopvangtoeslag.",
                )
            return Evaluation(NOT_ELIGIBLE)
    for child in using:
        if child.childcare.hours_monthly is None:
            missing.append(f"{child.path}.childcare.hours_monthly")
        if child.childcare.hourly_rate is None:
            missing.append(f"{child.path}.childcare.hourly_rate")
    income, income_missing, derived = combined_assessed_income(ctx.couple)
    missing += income_missing
    if missing or income is None:
        return Evaluation(INSUFFICIENT_DATA, missing=missing)
    derived_income_step(
        trace, bwb_id=BWB, article="art. 1.7 Wet kinderopvang", law_article="1.7", refs=derived
    )
    table = params.get_optional("kinderopvangtoeslag.percentagetabel")
    if table is None:
        first_share = next_share = _maximum_band_share(ctx, params, trace, income)
    else:
        first_share, next_share = percentages(table, income)
    max_rates = params.get("kinderopvangtoeslag.maximum_uurprijs")
    max_hours = params.get("kinderopvangtoeslag.max_uren_per_maand")
    costs = []
    for child in using:
        care = child.childcare
        hours = min(care.hours_monthly, max_hours)
        rate = min(care.hourly_rate, Decimal(max_rates[care.kind]))
        costs.append((child, care.kind, hours, rate))
    # Besluit art. 3: the first child has the most hours; with equal hours the highest costs.
    costs.sort(key=lambda item: (item[2], item[2] * item[3]), reverse=True)
    monthly = ZERO
    lines = []
    for position, (child, kind, hours, rate) in enumerate(costs):
        share = first_share if position == 0 else next_share
        amount = hours * rate * share
        monthly += amount
        lines.append(
            {
                "ref": child.ref,
                "soort": kind,
                "uren": hours,
                "uurprijs": rate,
                "percentage": share,
                "toeslag": amount,
            }
        )
    if trace.enabled:
        trace.add(
            rule="De toeslag is een percentage van de opvangkosten, met een maximum aantal uren per kind "
            "en een maximum uurprijs per soort opvang. Het percentage hangt af van het toetsingsinkomen; "
            "het kind met de meeste opvanguren is het eerste kind, voor elk volgend kind geldt een "
            "hoger percentage.",
            article="art. 1.7 Wet kinderopvang; art. 3 en bijlage I Besluit kinderopvangtoeslag",
            bwb_id=BWB,
            law_article="1.7",
            values={
                "toetsingsinkomen": income,
                "percentage_eerste_kind": first_share,
                "percentage_volgende_kinderen": next_share,
                "max_uren_per_maand": max_hours,
                "kinderen": lines,
            },
            result=f"Berekend: € {monthly:.2f} per maand.",
        )
    amounts = awir_amounts(
        trace, yearly_unrounded=monthly * TWELVE, minimum=params.get("awir.minimum_jaarbedrag")
    )
    if amounts is None:
        return Evaluation(NOT_ELIGIBLE)
    return Evaluation(ELIGIBLE, amount_monthly=floor_euros(monthly), amount_yearly=amounts[1])


def percentages(table: list[list[str]], income: Decimal) -> tuple[Decimal, Decimal]:
    """(first child, further children) for the band holding ``income`` (bands start at 'vanaf')."""
    first = following = None
    for start, first_share, next_share in table:
        if income < Decimal(start):
            break
        first, following = Decimal(first_share), Decimal(next_share)
    if first is None or following is None:
        raise ValueError("percentagetabel begint niet bij 0")
    return first, following


def _maximum_band_share(
    ctx: Context, params: TrackedParameters, trace: Trace, income: Decimal
) -> Decimal:
    band = params.get("kinderopvangtoeslag.inkomensgrens_maximaal_percentage")
    if income > band:
        if trace.enabled:
            trace.add(
                rule="Boven dit inkomen hangt het percentage af van de tabel in het Besluit "
                "kinderopvangtoeslag. Die tabel is voor deze datum niet in de parametertabel opgenomen; "
                "de screening schat het percentage niet. Maak een proefberekening bij de "
                "Belastingdienst.",
                article="art. 1.7 Wet kinderopvang",
                bwb_id=BWB,
                law_article="1.7",
                values={"toetsingsinkomen": income, "grens_maximaal_percentage": band},
                result="Bedrag niet te berekenen.",
            )
        raise ParameterMissing("kinderopvangtoeslag.percentagetabel", ctx.reference_date)
    return params.get("kinderopvangtoeslag.maximaal_percentage")
