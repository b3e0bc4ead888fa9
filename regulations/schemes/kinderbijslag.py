"""Kinderbijslag (Algemene Kinderbijslagwet): a fixed amount per child per quarter.

The amount for a quarter follows the child's age on the first day of that quarter (so the higher
amount starts in the quarter after the 6th or 12th birthday, or in the same quarter when the birthday
is on its first day); a child born after the first day of the quarter counts from the next quarter.
The monthly figure is the quarterly amount / 3, rounded to cents (an illustration: the SVB pays per
quarter); the yearly figure is 4 x the current quarterly amount.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from .facts import Context, age_in_years
from .params import TrackedParameters
from .results import ELIGIBLE, NOT_ELIGIBLE, ZERO, Evaluation, Trace, cents

CODE = "kinderbijslag"
BWB = "BWBR0002368"
MAIN_ARTICLE = ("art. 7 en 12 Algemene Kinderbijslagwet", "12")
THREE = Decimal(3)
FOUR = Decimal(4)


def quarter_start(on: date) -> date:
    return date(on.year, 3 * ((on.month - 1) // 3) + 1, 1)


def evaluate(ctx: Context, params: TrackedParameters, trace: Trace) -> Evaluation:
    maximum_age = params.get("kinderbijslag.maximum_leeftijd")
    start = quarter_start(ctx.reference_date)
    counted: list[tuple[str, int, str]] = []
    later: list[str] = []
    for child in ctx.children:
        if child.birth_date > start:
            later.append(child.ref)
            continue
        age = age_in_years(child.birth_date, start)
        if age < maximum_age:
            band = "0_5" if age < 6 else "6_11" if age < 12 else "12_17"
            counted.append((child.ref, age, band))
    if later and trace.enabled:
        trace.add(
            rule="Kinderbijslag begint in het kwartaal na de geboorte (of in hetzelfde kwartaal als "
            "het kind op de eerste dag ervan is geboren).",
            article="art. 7 Algemene Kinderbijslagwet",
            bwb_id=BWB,
            law_article="7",
            values={"kwartaal_vanaf": start, "later_kinderen": later},
            result="Voor deze kinderen vanaf het volgende kwartaal.",
        )
    if not counted:
        if trace.enabled:
            trace.add(
                rule=f"Kinderbijslag is er voor kinderen jonger dan {maximum_age} jaar, gemeten op de "
                "eerste dag van het kwartaal.",
                article="art. 7 Algemene Kinderbijslagwet",
                bwb_id=BWB,
                law_article="7",
                values={"kwartaal_vanaf": start},
                result="Geen kinderen die dit kwartaal meetellen.",
            )
        return Evaluation(NOT_ELIGIBLE)
    table = params.get("kinderbijslag.bedrag_per_kwartaal")
    per_quarter = ZERO
    for _ref, _age, band in counted:
        per_quarter += Decimal(table[band])
    monthly = cents(per_quarter / THREE)
    if trace.enabled:
        trace.add(
            rule="De SVB betaalt per kind per kwartaal een vast bedrag dat afhangt van de leeftijd op "
            "de eerste dag van het kwartaal: 0-5, 6-11 of 12-17 jaar. Het inkomen speelt geen rol.",
            article="art. 12 Algemene Kinderbijslagwet",
            bwb_id=BWB,
            law_article="12",
            values={
                "kwartaal_vanaf": start,
                "kinderen": [
                    {"ref": ref, "leeftijd": age, "categorie": band} for ref, age, band in counted
                ],
                "bedragen_per_kwartaal": dict(table),
                "totaal_per_kwartaal": per_quarter,
                "omgerekend_per_maand": monthly,
            },
            result=f"€ {per_quarter} per kwartaal (omgerekend € {monthly} per maand).",
        )
    return Evaluation(ELIGIBLE, amount_monthly=monthly, amount_yearly=per_quarter * FOUR)
