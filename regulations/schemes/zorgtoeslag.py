"""Zorgtoeslag (Wet op de zorgtoeslag art. 2 en 3; Awir art. 14).

yearly = n x S - [p x D + a x max(0, Y - D)], n = 2 with a toeslagpartner; half of it when the partner
is not insured; Awir rounding and the € 24 minimum. Screened for the applicant (and toeslagpartner);
adult housemates and children of 18+ apply for their own zorgtoeslag.
"""

from __future__ import annotations

from decimal import Decimal

from .facts import Context, combined_assessed_income
from .params import TrackedParameters
from .results import (
    ELIGIBLE,
    INSUFFICIENT_DATA,
    NOT_ELIGIBLE,
    Evaluation,
    Trace,
    awir_amounts,
)

CODE = "zorgtoeslag"
BWB = "BWBR0018451"
MAIN_ARTICLE = ("art. 2 Wet op de zorgtoeslag", "2")
HALF = Decimal("0.5")


def derived_income_step(
    trace: Trace, *, bwb_id: str, article: str, law_article: str, refs: list[str]
) -> None:
    if refs and trace.enabled:
        trace.add(
            rule="Het toetsingsinkomen is niet opgegeven en daarom geschat als 12 maal het bruto "
            "maandinkomen, zonder vakantiegeld en aftrekposten. Het echte toetsingsinkomen van de "
            "Belastingdienst kan afwijken.",
            article=article,
            bwb_id=bwb_id,
            law_article=law_article,
            values={"geschat_voor": refs},
            result="Toetsingsinkomen geschat.",
        )


def evaluate(ctx: Context, params: TrackedParameters, trace: Trace) -> Evaluation:
    applicant = ctx.applicant
    minimum_age = params.get("zorgtoeslag.minimumleeftijd")
    if ctx.age(applicant) < minimum_age:
        if trace.enabled:
            trace.add(
                rule=f"Zorgtoeslag is er vanaf {minimum_age} jaar; kinderen zijn gratis verzekerd.",
                article="art. 1 Wet op de zorgtoeslag",
                bwb_id=BWB,
                law_article="1",
                values={"leeftijd": ctx.age(applicant)},
                result="Niet van toepassing.",
            )
        return Evaluation(NOT_ELIGIBLE)
    missing: list[str] = []
    partner = ctx.partner
    if applicant.health_insured is None:
        missing.append(f"{applicant.path}.health_insured")
    elif not applicant.health_insured:
        if trace.enabled:
            trace.add(
                rule="Zorgtoeslag krijgt alleen wie zelf een Nederlandse zorgverzekering heeft.",
                article="art. 2 Wet op de zorgtoeslag",
                bwb_id=BWB,
                law_article="2",
                values={"verzekerd": False},
                result="Niet verzekerd: geen zorgtoeslag.",
            )
        return Evaluation(NOT_ELIGIBLE)
    partner_insured = None
    if partner is not None:
        partner_insured = partner.health_insured
        if partner_insured is None:
            missing.append(f"{partner.path}.health_insured")

    limit_key = "partner" if partner is not None else "alleenstaande"
    asset_limit = params.get(f"zorgtoeslag.vermogensgrens.{limit_key}")
    assets = ctx.household.assets_total
    if assets is None:
        missing.append("assets_total")
    else:
        within = assets <= asset_limit
        if trace.enabled:
            trace.add(
                rule="Uw vermogen op 1 januari (met dat van uw toeslagpartner) mag niet boven de "
                "vermogensgrens liggen. De screening gebruikt het opgegeven totale vermogen.",
                article="art. 3 Wet op de zorgtoeslag",
                bwb_id=BWB,
                law_article="3",
                values={"vermogen": assets, "vermogensgrens": asset_limit},
                result="Binnen de grens."
                if within
                else "Boven de vermogensgrens: geen zorgtoeslag.",
            )
        if not within:
            return Evaluation(NOT_ELIGIBLE)

    income, income_missing, derived = combined_assessed_income(ctx.couple)
    missing += income_missing
    if missing or income is None:
        return Evaluation(INSUFFICIENT_DATA, missing=missing)
    derived_income_step(
        trace, bwb_id=BWB, article="art. 1 Wet op de zorgtoeslag", law_article="1", refs=derived
    )

    premium = params.get("zorgtoeslag.standaardpremie")
    threshold = params.get("zorgtoeslag.drempelinkomen")
    norm_share = params.get(f"zorgtoeslag.normpercentage.{limit_key}")
    above_share = params.get("zorgtoeslag.percentage_boven_drempel")
    count = 2 if partner is not None else 1
    norm_premium = norm_share * threshold + above_share * max(income - threshold, 0)
    yearly = count * premium - norm_premium
    if trace.enabled:
        trace.add(
            rule="Zorgtoeslag is de standaardpremie (twee keer met toeslagpartner) min de normpremie: "
            "een vast percentage van het drempelinkomen plus een percentage van het inkomen boven het "
            "drempelinkomen.",
            article="art. 2 Wet op de zorgtoeslag",
            bwb_id=BWB,
            law_article="2",
            values={
                "standaardpremie": premium,
                "aantal_standaardpremies": count,
                "drempelinkomen": threshold,
                "normpercentage": norm_share,
                "percentage_boven_drempel": above_share,
                "toetsingsinkomen": income,
                "normpremie": norm_premium,
                "zorgtoeslag_per_jaar": yearly,
            },
            result=f"Berekend: € {yearly:.2f} per jaar.",
        )
    if partner is not None and partner_insured is False:
        yearly = yearly * HALF
        if trace.enabled:
            trace.add(
                rule="Uw toeslagpartner is niet verzekerd: u krijgt de helft van de zorgtoeslag voor "
                "partners.",
                article="art. 2 Wet op de zorgtoeslag",
                bwb_id=BWB,
                law_article="2",
                values={"partner_verzekerd": False, "zorgtoeslag_per_jaar": yearly},
                result=f"Gehalveerd: € {yearly:.2f} per jaar.",
            )
    amounts = awir_amounts(
        trace, yearly_unrounded=yearly, minimum=params.get("awir.minimum_jaarbedrag")
    )
    if amounts is None:
        return Evaluation(NOT_ELIGIBLE)
    monthly, yearly_rounded = amounts
    return Evaluation(ELIGIBLE, amount_monthly=monthly, amount_yearly=yearly_rounded)
