"""Huurtoeslag (Wet op de huurtoeslag; Awir art. 14).

The calculation method is itself a dated parameter (``huurtoeslag.rekenmethode``):

- ``normhuur`` (up to 2025): rekenhuur = kale huur + subsidiabele servicekosten (max 4 x € 12); no
  right above the maximale huurgrens (or the jongerengrens when everyone is under 23 without a child);
  basishuur = normhuur(Y) + taakstellingsbedrag - verlaging, normhuur = max(minimum normhuur,
  a x Y^2 + b x Y) above the minimum-inkomensijkpunt (art. 17-19). Needs the keys
  ``huurtoeslag.minimum_inkomensijkpunt.<type>``, ``huurtoeslag.normhuur_factor_a.<type>``,
  ``huurtoeslag.normhuur_factor_b.<type>``, ``huurtoeslag.minimum_normhuur.<type>`` and
  ``huurtoeslag.taakstellingsbedrag`` (type eenpersoons | meerpersoons). For 2025 these were not
  found, so the 2025 amount is reported as not computable instead of fitted to example tables.
- ``vaste_basishuur`` (from 2026): R = min(kale huur, maximale huurgrens) (jongerengrens for all under
  21 without a child); fixed basishuur; correctie = pct x max(Y - ijkpunt, 0) / 12.

Both: toeslag = 100% of [min(R, KKG) - basishuur]+ + 65% of [min(R, AG) - max(basishuur, KKG)]+ +
40% of [R - max(basishuur, AG)]+ (art. 21), monthly amount rounded down to whole euros.
"""

from __future__ import annotations

from decimal import Decimal

from .facts import RENT_TENURES, Context, assessed_income
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

CODE = "huurtoeslag"
BWB = "BWBR0008659"
MAIN_ARTICLE = ("art. 21 Wet op de huurtoeslag", "21")


def _household_income(
    ctx: Context, params: TrackedParameters, trace: Trace
) -> tuple[Decimal | None, list[str], list[str]]:
    """Y: applicant, partner and medebewoners; a child under 23 only above the exemption."""
    exemption = params.get("huurtoeslag.vrijstelling_inkomen_kind")
    total = ZERO
    missing: list[str] = []
    derived: list[str] = []
    assumed_children: list[str] = []
    for member in ctx.household.members:
        value, was_derived, member_missing = assessed_income(member)
        is_child = member.relation == "child"
        if is_child and member_missing and ctx.age(member) < 18:
            # A minor without income data: assumed below the exemption, and said so.
            assumed_children.append(member.ref)
            continue
        missing.extend(member_missing)
        if was_derived:
            derived.append(member.ref)
        if value is None:
            continue
        if is_child and ctx.age(member) < 23:
            value = max(value - exemption, ZERO)
        total += value
    if assumed_children and trace.enabled:
        trace.add(
            rule="Van minderjarige kinderen zonder opgegeven inkomen neemt de screening aan dat hun "
            "inkomen onder de vrijstelling voor thuiswonende kinderen blijft.",
            article="art. 8 Wet op de huurtoeslag",
            bwb_id=BWB,
            law_article="8",
            values={"vrijstelling_kind": exemption, "aangenomen_voor": assumed_children},
            result="Inkomen van deze kinderen niet meegeteld.",
        )
    return (None if missing else total), missing, derived


def evaluate(ctx: Context, params: TrackedParameters, trace: Trace) -> Evaluation:
    method = params.get("huurtoeslag.rekenmethode")
    minimum_age = params.get("huurtoeslag.minimumleeftijd")
    if ctx.age(ctx.applicant) < minimum_age:
        if trace.enabled:
            trace.add(
                rule=f"Huurtoeslag is er vanaf {minimum_age} jaar.",
                article="art. 9 Wet op de huurtoeslag",
                bwb_id=BWB,
                law_article="9",
                values={"leeftijd": ctx.age(ctx.applicant)},
                result="Niet van toepassing.",
            )
        return Evaluation(NOT_ELIGIBLE)
    housing = ctx.household.housing
    if housing is None:
        return Evaluation(INSUFFICIENT_DATA, missing=["housing"])
    if housing.tenure not in RENT_TENURES or housing.tenure == "room_rent":
        if trace.enabled:
            trace.add(
                rule="Huurtoeslag is er alleen voor wie een zelfstandige woning huurt (eigen voordeur, "
                "keuken, toilet en douche).",
                article="art. 1 en 9 Wet op de huurtoeslag",
                bwb_id=BWB,
                law_article="1",
                values={"woonsituatie": housing.tenure},
                result="Geen zelfstandige huurwoning: geen huurtoeslag.",
            )
        return Evaluation(NOT_ELIGIBLE)
    missing: list[str] = []
    if housing.basic_rent is None:
        missing.append("housing.basic_rent")
    if method == "normhuur" and housing.service_costs is None:
        missing.append("housing.service_costs")

    limit_key = "partners" if ctx.partner is not None else "per_persoon"
    asset_limit = params.get(f"huurtoeslag.vermogensgrens.{limit_key}")
    assets = ctx.household.assets_total
    if assets is None:
        missing.append("assets_total")
    else:
        within = assets <= asset_limit
        if trace.enabled:
            trace.add(
                rule="Het vermogen van u en uw toeslagpartner mag niet boven de vermogensgrens liggen "
                "(medebewoners hebben elk een eigen grens; niet afzonderlijk nagegaan).",
                article="art. 14 Wet op de huurtoeslag",
                bwb_id=BWB,
                law_article="14",
                values={"vermogen": assets, "vermogensgrens": asset_limit},
                result="Binnen de grens."
                if within
                else "Boven de vermogensgrens: geen huurtoeslag.",
            )
        if not within:
            return Evaluation(NOT_ELIGIBLE)

    max_rent = params.get("huurtoeslag.maximale_huurgrens")
    youth_rent = params.get("huurtoeslag.jongerenhuurgrens")
    youth_age = params.get("huurtoeslag.jongeren_leeftijdsgrens")
    grown_ups = [m for m in ctx.household.members if m.relation != "child"]
    all_young = not ctx.children and all(ctx.age(m) < youth_age for m in grown_ups)

    rent: Decimal | None = None
    if housing.basic_rent is not None:
        if method == "normhuur":
            if housing.service_costs is not None:
                cap = params.get("huurtoeslag.servicekosten_max_per_categorie") * params.get(
                    "huurtoeslag.servicekosten_max_categorieen"
                )
                rent = housing.basic_rent + min(housing.service_costs, cap)
                exclusion = youth_rent if all_young else max_rent
                if rent > exclusion:
                    if trace.enabled:
                        trace.add(
                            rule="Is de rekenhuur (kale huur plus subsidiabele servicekosten) hoger dan "
                            "de huurgrens, dan is er geen huurtoeslag. Voor een huishouden waarin "
                            f"iedereen jonger is dan {youth_age} en zonder kind geldt een lagere grens.",
                            article="art. 13 Wet op de huurtoeslag",
                            bwb_id=BWB,
                            law_article="13",
                            values={"rekenhuur": rent, "huurgrens": exclusion},
                            result="Huur boven de grens: geen huurtoeslag.",
                        )
                    return Evaluation(NOT_ELIGIBLE)
        else:
            cap = youth_rent if all_young else max_rent
            rent = min(housing.basic_rent, cap)
            if trace.enabled:
                trace.add(
                    rule="Vanaf 2026 tellen servicekosten niet meer mee en is de maximale huur geen "
                    "uitsluiting meer: huur boven de grens telt alleen tot de grens mee. Voor een "
                    f"huishouden waarin iedereen jonger is dan {youth_age} en zonder kind is dat een "
                    "lagere grens.",
                    article="art. 13 en 20 Wet op de huurtoeslag",
                    bwb_id=BWB,
                    law_article="20",
                    values={"kale_huur": housing.basic_rent, "plafond": cap, "rekenhuur": rent},
                    result=f"Rekenhuur: € {rent} per maand.",
                )

    income, income_missing, derived = _household_income(ctx, params, trace)
    missing += income_missing
    if missing or income is None or rent is None:
        return Evaluation(INSUFFICIENT_DATA, missing=missing)
    derived_income_step(
        trace,
        bwb_id=BWB,
        article="art. 7 en 8 Wet op de huurtoeslag",
        law_article="7",
        refs=derived,
    )

    single = ctx.size == 1
    type_ = "eenpersoons" if single else "meerpersoons"
    if method == "normhuur":
        basishuur = _basishuur_normhuur(ctx, params, trace, income=income, type_=type_)
        correction = ZERO
    else:
        basishuur = params.get(f"huurtoeslag.basishuur.{type_}")
        ijkpunt = params.get(f"huurtoeslag.inkomensijkpunt.{type_}")
        share = params.get(f"huurtoeslag.afbouwpercentage.{type_}")
        correction = share * max(income - ijkpunt, ZERO) / TWELVE
        if trace.enabled:
            trace.add(
                rule="Vanaf 2026 is de basishuur een vast bedrag. Verdient uw huishouden meer dan het "
                "inkomensijkpunt, dan gaat er per maand een percentage van het jaarinkomen boven dat "
                "punt, gedeeld door 12, van de toeslag af.",
                article="art. 21 Wet op de huurtoeslag",
                bwb_id=BWB,
                law_article="21",
                values={
                    "huishouden": type_,
                    "basishuur": basishuur,
                    "toetsingsinkomen": income,
                    "inkomensijkpunt": ijkpunt,
                    "afbouwpercentage": share,
                    "correctie_per_maand": correction.quantize(Decimal("0.01")),
                },
                result=f"Afbouw: € {correction:.2f} per maand.",
            )
    kkg = params.get("huurtoeslag.kwaliteitskortingsgrens")
    ag_key = "een_twee_personen" if ctx.size <= 2 else "drie_plus_personen"
    ag = params.get(f"huurtoeslag.aftoppingsgrens.{ag_key}")
    share_b = params.get("huurtoeslag.percentage_deel_b")
    share_c = params.get("huurtoeslag.percentage_deel_c")
    part_a = max(min(rent, kkg) - basishuur, ZERO)
    part_b = share_b * max(min(rent, ag) - max(basishuur, kkg), ZERO)
    part_c = share_c * max(rent - max(basishuur, ag), ZERO)
    monthly = max(part_a + part_b + part_c - correction, ZERO)
    if trace.enabled:
        trace.add(
            rule="U krijgt 100% van de huur tussen de basishuur en de kwaliteitskortingsgrens, 65% "
            "tussen die grens en de aftoppingsgrens en 40% daarboven.",
            article="art. 21 Wet op de huurtoeslag",
            bwb_id=BWB,
            law_article="21",
            values={
                "rekenhuur": rent,
                "basishuur": basishuur,
                "kwaliteitskortingsgrens": kkg,
                "aftoppingsgrens": ag,
                "deel_a": part_a,
                "deel_b": part_b,
                "deel_c": part_c,
                "correctie": correction.quantize(Decimal("0.01")),
                "toeslag_per_maand_onafgerond": monthly.quantize(Decimal("0.01")),
            },
            result=f"Berekend: € {monthly:.2f} per maand.",
        )
    amounts = awir_amounts(
        trace, yearly_unrounded=monthly * TWELVE, minimum=params.get("awir.minimum_jaarbedrag")
    )
    if amounts is None:
        return Evaluation(NOT_ELIGIBLE)
    # The monthly amount is computed per month and rounded down (not yearly / 12).
    return Evaluation(ELIGIBLE, amount_monthly=floor_euros(monthly), amount_yearly=amounts[1])


def _basishuur_normhuur(
    ctx: Context, params: TrackedParameters, trace: Trace, *, income: Decimal, type_: str
) -> Decimal:
    keys = (
        f"huurtoeslag.minimum_inkomensijkpunt.{type_}",
        f"huurtoeslag.normhuur_factor_a.{type_}",
        f"huurtoeslag.normhuur_factor_b.{type_}",
        f"huurtoeslag.minimum_normhuur.{type_}",
        "huurtoeslag.taakstellingsbedrag",
    )
    absent = [key for key in keys if params.get_optional(key) is None]
    if absent:
        if trace.enabled:
            trace.add(
                rule="De basishuur hangt in dit jaar af van het inkomen via de normhuur. De officiële "
                "factoren en ijkpunten uit de Regeling huurtoeslaggrenzen voor dit jaar zijn niet "
                "beschikbaar; de screening schat ze niet. Maak een proefberekening bij de "
                "Belastingdienst.",
                article="art. 17-19 Wet op de huurtoeslag",
                bwb_id=BWB,
                law_article="19",
                values={"ontbrekende_parameters": absent},
                result="Bedrag niet te berekenen.",
            )
        raise ParameterMissing(absent[0], ctx.reference_date, also=tuple(absent[1:]))
    ijkpunt, factor_a, factor_b, minimum_normhuur, task = (params.get(key) for key in keys)
    normhuur = minimum_normhuur
    if income > ijkpunt:
        normhuur = max(minimum_normhuur, factor_a * income * income + factor_b * income)
    reduction = params.get("huurtoeslag.verlaging_basishuur")
    basishuur = (normhuur + task - reduction).quantize(Decimal("0.01"))
    if trace.enabled:
        trace.add(
            rule="De basishuur is de normhuur bij uw inkomen plus het taakstellingsbedrag, min de "
            "wettelijke verlaging.",
            article="art. 17-19 Wet op de huurtoeslag",
            bwb_id=BWB,
            law_article="19",
            values={"normhuur": normhuur, "taakstellingsbedrag": task, "verlaging": reduction},
            result=f"Basishuur: € {basishuur} per maand.",
        )
    return basishuur
