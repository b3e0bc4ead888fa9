"""The safety net calculation: beslagvrije voet, budget, debt priorities and alerts (pure)."""

from __future__ import annotations

import copy
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casework.services.items import WGS_THREAT_WORKING_DAYS, WGS_WEEKS
from regulations.schemes.catalogue import default_parameters, load_parameter_records
from regulations.schemes.facts import InputError
from regulations.schemes.params import ParameterRecord
from regulations.schemes.safety_net import parse_safety_net, safety_net

RECORDS = load_parameter_records()
NORM_2025_H2 = Decimal("1369.06")  # bijstandsnorm alleenstaande 21 jaar tot AOW, 1 juli 2025


def single(net: str | None = "1300.00", *, on: str = "2025-09-01", **extra) -> dict:
    incomes = [] if net is None else [{"kind": "bijstand", "net_monthly": net}]
    return {
        "reference_date": on,
        "municipality_code": "GM0363",
        "members": [
            {"ref": "p1", "relation": "applicant", "birth_date": "1985-05-01", "incomes": incomes}
        ],
        "housing": {"tenure": "social_rent", "basic_rent": "700.00", "service_costs": "20.00"},
        **extra,
    }


def run(data: dict, records=RECORDS) -> dict:
    return safety_net(parse_safety_net(data), records=records).to_json()


def bvv(data: dict, records=RECORDS) -> dict:
    return run(data, records)["beslagvrije_voet"]


# --- published figures ---------------------------------------------------------------------

COUPLE = {"ref": "p2", "relation": "partner", "birth_date": "1986-01-01", "incomes": []}
CHILD = {"ref": "c1", "relation": "child", "birth_date": "2018-01-01"}


@pytest.mark.parametrize(
    ("on", "extra_members", "situation", "published"),
    [
        # schuldinfo.nl, "Maximum beslagvrije voet januari 2024"
        ("2024-03-01", [], "alleenstaande", "1996.21"),
        ("2024-03-01", [CHILD], "alleenstaande_ouder", "2162.60"),
        ("2024-03-01", [COUPLE], "gehuwden_zonder_kinderen", "2631.49"),
        ("2024-03-01", [COUPLE, CHILD], "gehuwden_met_kinderen", "2747.09"),
        # fundamentvoor.nl, "Bedragen beslagvrije voet omhoog per 1 juli 2025"
        ("2025-09-01", [], "alleenstaande", "2093.67"),
        ("2025-09-01", [CHILD], "alleenstaande_ouder", "2264.67"),
        ("2025-09-01", [COUPLE], "gehuwden_zonder_kinderen", "2771.07"),
        ("2025-09-01", [COUPLE, CHILD], "gehuwden_met_kinderen", "2888.00"),
    ],
)
def test_the_published_maxima_per_household_situation_come_out_as_published(
    on, extra_members, situation, published
):
    data = single("4000.00", on=on)
    data["members"].extend(copy.deepcopy(extra_members))
    result = bvv(data)
    assert result["household_situation"] == situation
    assert result["maximum_monthly"] == published
    assert result["lower_bound"] is True  # the kop above the norm is not in the catalogue
    assert result["provisional"] == []


def test_a_low_income_keeps_95_percent_of_itself():
    result = bvv(single("1000.00"))
    assert result["amount_monthly"] == "950.00"
    assert result["lower_bound"] is False
    articles = {step["article"] for step in result["explanation"]}
    assert "art. 475da Rv" in articles
    assert "art. 21 Participatiewet" in articles  # the applicable norm, with its own article
    assert all(
        step["law_url"].startswith("https://wetten.overheid.nl/") for step in result["explanation"]
    )


@pytest.mark.parametrize(
    ("net", "amount", "lower_bound"),
    [
        (NORM_2025_H2 - Decimal("0.01"), "1300.60", False),  # 95% of 1369.05 = 1300.5975
        (NORM_2025_H2, "1300.61", False),  # at the norm: still 95% of the income
        (NORM_2025_H2 + Decimal("0.01"), "1300.61", True),  # above: 95% of the norm
    ],
)
def test_the_boundary_between_low_and_higher_income_is_the_norm_itself(net, amount, lower_bound):
    result = bvv(single(str(net)))
    assert result["amount_monthly"] == amount
    assert result["lower_bound"] is lower_bound


def test_the_housing_correction_says_it_is_not_applied_before_its_law_text_was_checked():
    # The 10% of art. 475da lid 5 Rv is in the catalogue from the text of 1 July 2026 only.
    result = bvv(single("1000.00", fixed_costs=[{"kind": "rent", "monthly": "1900.00"}]))
    assert "parameter:beslagvrije_voet.woonkosten_ophoging" in result["missing"]
    results = [step["result"] for step in result["explanation"]]
    assert "Woonkostencorrectie niet toegepast: bedrag onbekend." in results


def test_there_is_no_separate_premium_correction_since_2021():
    result = bvv(
        single(
            "3000.00", on="2026-09-01", fixed_costs=[{"kind": "health_insurance", "monthly": "180"}]
        )
    )
    step = next(s for s in result["explanation"] if s["article"] == "art. 475da lid 3 Rv")
    assert step["result"] == "Geen aparte zorgpremiecorrectie."
    assert not any("zorgpremie" in key for key in result["missing"])


# Rv art. 475da lid 1, text in force on 1 July 2026 (wetten.overheid.nl BWBR0001827/2026-07-01).
@pytest.mark.parametrize(
    ("extra_members", "situation", "published"),
    [
        ([], "alleenstaande", "2208.48"),
        ([CHILD], "alleenstaande_ouder", "2543.75"),
        ([COUPLE], "gehuwden_zonder_kinderen", "2905.79"),
        ([COUPLE, CHILD], "gehuwden_met_kinderen", "3179.68"),
    ],
)
def test_the_statutory_maxima_of_july_2026(extra_members, situation, published):
    data = single("5000.00", on="2026-09-01")
    data["members"].extend(copy.deepcopy(extra_members))
    result = bvv(data)
    assert (result["household_situation"], result["maximum_monthly"]) == (situation, published)
    assert result["provisional"] == []


NORM_A_2026_H2 = Decimal("1419.46")  # Pw art. 21 onderdeel a, text of 1 July 2026
NORM_B_2026_H2 = Decimal("2027.79")  # Pw art. 21 onderdeel b


@pytest.mark.parametrize(
    ("extra_members", "norm"),
    [
        ([], NORM_A_2026_H2),
        # A housemate of 27+ makes the bijstand a kostendelersnorm; the voet keeps norm A.
        (
            [{"ref": "h1", "relation": "housemate", "birth_date": "1960-01-01", "incomes": []}],
            NORM_A_2026_H2,
        ),
        ([COUPLE], NORM_B_2026_H2),
    ],
)
def test_the_voet_uses_the_fixed_norm_a_or_b_not_the_kostendelersnorm(extra_members, norm):
    data = single("4000.00", on="2026-09-01")
    data["members"].extend(copy.deepcopy(extra_members))
    result = bvv(data)
    expected = (norm * Decimal("0.95")).quantize(Decimal("0.01"))
    assert result["amount_monthly"] == str(expected)
    assert result["lower_bound"] is True
    assert "art. 21 Participatiewet" in {step["article"] for step in result["explanation"]}


def test_unknown_income_gives_no_amount_and_names_the_input():
    data = single(None)
    del data["members"][0]["incomes"]
    result = bvv(data)
    assert result["amount_monthly"] is None
    assert "members[0].incomes" in result["missing"]


# --- the provisional rule -------------------------------------------------------------------


def test_a_date_past_the_last_norm_computes_with_it_and_says_so():
    # The bijstandsnorm is known up to 31 December 2026; 1 March 2027 is past it.
    result = bvv(single("1000.00", on="2027-03-01"))
    assert result["amount_monthly"] == "950.00"
    provisional = {item["key"]: item for item in result["provisional"]}
    assert provisional["bijstand.norm.alleenstaande_21_aow"] == {
        "key": "bijstand.norm.alleenstaande_21_aow",
        "used_valid_from": "2026-07-01",
        "expired_on": "2026-12-31",
    }
    said = [
        step["rule"] for step in result["explanation"] if step["result"] == "Voorlopige berekening."
    ]
    assert any(
        "bijstand.norm.alleenstaande_21_aow" in rule and "2026-07-01" in rule for rule in said
    )


def test_a_date_before_any_value_stays_missing():
    result = bvv(single("1000.00", on="2020-06-01"))
    assert result["amount_monthly"] is None
    assert any(item.startswith("parameter:") for item in result["missing"])


# --- alerts, with the boundary at, one cent below and one above -----------------------------


@pytest.mark.parametrize(
    ("collection", "alert"),
    [("49.99", False), ("50.00", False), ("50.01", True)],
)
def test_a_collection_that_leaves_less_than_the_beslagvrije_voet_raises_an_alert(collection, alert):
    # Income 1000.00, beslagvrije voet 950.00: 50.00 may be collected, not a cent more.
    data = single(
        "1000.00",
        debts=[
            {
                "creditor_kind": "toeslagen",
                "amount": "3000.00",
                "stage": "beslag",
                "collection_monthly": collection,
            }
        ],
    )
    alerts = [a for a in run(data)["alerts"] if a["code"] == "below_beslagvrije_voet"]
    assert bool(alerts) is alert
    if alert:
        assert alerts[0]["amount_monthly"] == "0.01"
        assert "€\u00a00,01 minder" in alerts[0]["message"]


def test_arrears_on_fixed_costs_rank_first_with_their_deadline():
    data = single(
        "1000.00",
        debts=[
            {"creditor_kind": "kredietverstrekker", "amount": "9000.00", "stage": "deurwaarder"},
            {"creditor_kind": "energie", "amount": "300.00", "stage": "aanmaning"},
            {
                "creditor_kind": "verhuurder",
                "amount": "1500.00",
                "stage": "ontruiming",
                "deadline": "2025-09-20",
            },
        ],
    )
    result = run(data)
    assert [d["creditor_kind"] for d in result["debts"]] == [
        "verhuurder",
        "energie",
        "kredietverstrekker",
    ]
    urgent = [a for a in result["alerts"] if a["code"] == "urgent_arrears"]
    assert [a["creditor_kind"] for a in urgent] == ["verhuurder", "energie"]
    assert urgent[0]["deadline"] == "2025-09-20"
    assert urgent[0]["message"] == (
        "Achterstand bij verhuurder (ontruiming aangezegd), uiterlijk 20-09-2025: gaat voor."
    )
    assert urgent[0]["severity"] == "high"  # eviction announced: art. 4 lid 2 Wgs
    # The eviction also reaches the screening as a threat: three working days for the first talk.
    assert run(data)["debts"][0]["threat"] == "eviction"


def test_a_toeslag_above_the_screened_entitlement_is_a_repayment_risk():
    data = single(
        "1000.00",
        benefits_received_monthly={"kinderbijslag": "500.00"},
    )
    # No children: kinderbijslag is not due at all, so everything received is at risk.
    risks = [a for a in run(data)["alerts"] if a["code"] == "repayment_risk"]
    assert len(risks) == 1
    assert risks[0]["scheme"] == "kinderbijslag"
    assert risks[0]["amount_monthly"] == "500.00"
    assert risks[0]["message"].startswith("Kinderbijslag: ontvangen €\u00a0500,00")


def test_the_budget_shows_balance_and_leefgeld_per_week():
    data = single(
        "1300.00",
        fixed_costs=[
            {"kind": "rent", "monthly": "720.00"},
            {"kind": "energy", "monthly": "150.00"},
        ],
        debts=[{"creditor_kind": "cjib", "amount": "500.00", "collection_monthly": "100.00"}],
        benefits_received_monthly={"huurtoeslag": "250.00"},
    )
    budget = run(data)["budget"]
    assert budget["fixed_costs_monthly"] == "870.00"
    assert budget["collections_monthly"] == "100.00"
    assert budget["balance_monthly"] == "580.00"  # 1300 + 250 - 870 - 100
    assert budget["leefgeld_weekly"] == "133.85"  # 580 x 12 / 52
    assert budget["reference"] is None
    assert "gemeentelijke instelling" in budget["reference_note"]


def test_a_municipal_leefgeld_reference_is_compared_and_cited():
    reference = ParameterRecord(
        key="minima.leefgeld_referentie_week.alleenstaande",
        value=Decimal("140.00"),
        unit="EUR/week",
        valid_from=date(2025, 1, 1),
        valid_to=None,
        source_url="https://example.org/raadsbesluit",
        grade="B",
        municipality_code="GM0363",
    )
    data = single("1300.00", fixed_costs=[{"kind": "rent", "monthly": "720.00"}])
    result = run(data, records=(*RECORDS, reference))
    assert result["budget"]["reference"]["amount_weekly"] == "140.00"
    assert result["budget"]["reference"]["municipality_code"] == "GM0363"
    # 580 a month is 133.85 a week: below 140.00.
    assert result["budget"]["leefgeld_weekly"] == "133.85"
    assert [a["code"] for a in result["alerts"]] == ["leefgeld_below_reference"]


# --- bad input: the field is named -----------------------------------------------------------


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"fixed_costs": [{"kind": "rent", "monthly": "-1.00"}]}, "fixed_costs[0].monthly"),
        ({"fixed_costs": [{"kind": "yacht", "monthly": "10.00"}]}, "fixed_costs[0].kind"),
        ({"fixed_costs": [{"kind": "rent", "monthly": "25000.01"}]}, "fixed_costs[0].monthly"),
        ({"fixed_costs": [{"kind": "rent"}]}, "fixed_costs[0].monthly"),
        ({"debts": [{"creditor_kind": "maffia", "amount": "1"}]}, "debts[0].creditor_kind"),
        ({"debts": [{"creditor_kind": "cjib", "stage": "hel"}]}, "debts[0].stage"),
        (
            {"debts": [{"creditor_kind": "cjib", "collection_monthly": "-5"}]},
            "debts[0].collection_monthly",
        ),
        ({"debts": [{"creditor_kind": "cjib", "deadline": "morgen"}]}, "debts[0].deadline"),
        ({"benefits_received_monthly": {"loterij": "5"}}, "benefits_received_monthly.loterij"),
    ],
)
def test_malformed_input_names_the_field(extra, field):
    with pytest.raises(InputError) as caught:
        parse_safety_net(single("1000.00", **extra))
    assert caught.value.field == field


def test_a_monthly_amount_at_the_limit_is_accepted():
    parse_safety_net(single("1000.00", fixed_costs=[{"kind": "rent", "monthly": "25000.00"}]))


def test_the_wgs_limits_in_casework_equal_the_catalogue():
    params = default_parameters(reference_date=date(2025, 1, 1), municipality_code=None)
    assert params.get("schuldhulpverlening.termijn_eerste_gesprek_weken") == WGS_WEEKS
    assert params.get("schuldhulpverlening.termijn_dreigend_werkdagen") == WGS_THREAT_WORKING_DAYS


# --- properties (Hypothesis) -------------------------------------------------------------------

PROPERTY_SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
# The housing correction is in the catalogue from 1 July 2026; the properties also run it on the
# earlier sampled dates, with the same 10% (test data).
HOUSING_NORM = ParameterRecord(
    key="beslagvrije_voet.woonkosten_ophoging",
    value=Decimal("0.10"),
    unit="ratio",
    valid_from=date(2021, 1, 1),
    valid_to=date(2026, 6, 30),
    source_url="https://example.org/test",
    grade="B",
)
WITH_CORRECTION = (*RECORDS, HOUSING_NORM)
amounts = st.decimals(min_value=0, max_value=6000, places=2)


@st.composite
def households(draw):
    on = draw(
        st.sampled_from(["2024-03-01", "2025-03-01", "2025-09-01", "2026-03-01", "2026-09-01"])
    )
    data = single(str(draw(amounts)), on=on)
    if draw(st.booleans()):
        data["members"].append(
            {
                "ref": "p2",
                "relation": "partner",
                "birth_date": "1980-02-02",
                "incomes": [{"kind": "wages", "net_monthly": str(draw(amounts))}],
            }
        )
    for position in range(draw(st.integers(0, 3))):
        data["members"].append(
            {"ref": f"c{position}", "relation": "child", "birth_date": f"{2010 + position}-06-01"}
        )
    data["fixed_costs"] = [{"kind": "rent", "monthly": str(draw(amounts))}]
    if draw(st.booleans()):  # with a taxable income the kop of art. 475da lid 2 applies
        for member in data["members"]:
            if member["relation"] in ("applicant", "partner"):
                member["assessed_income_yearly"] = str(draw(amounts) * 12)
    if draw(st.booleans()):
        data["benefits_received_monthly"] = {"huurtoeslag": str(draw(amounts))}
    return data


def _income(data: dict) -> Decimal:
    return sum(
        (
            Decimal(income["net_monthly"])
            for member in data["members"]
            if member["relation"] in ("applicant", "partner")
            for income in member.get("incomes", [])
        ),
        Decimal(0),
    )


@PROPERTY_SETTINGS
@given(households())
def test_the_beslagvrije_voet_is_never_above_the_net_income(data):
    amount = bvv(data, WITH_CORRECTION)["amount_monthly"]
    assert amount is not None
    assert Decimal(amount) <= _income(data)
    assert Decimal(amount) >= 0


@PROPERTY_SETTINGS
@given(households(), st.decimals(min_value=0, max_value=3000, places=2))
def test_the_beslagvrije_voet_never_falls_when_the_rent_rises(data, rise):
    before = Decimal(bvv(data, WITH_CORRECTION)["amount_monthly"])
    higher = copy.deepcopy(data)
    higher["fixed_costs"][0]["monthly"] = str(Decimal(data["fixed_costs"][0]["monthly"]) + rise)
    if Decimal(higher["fixed_costs"][0]["monthly"]) > Decimal("25000"):
        return
    assert Decimal(bvv(higher, WITH_CORRECTION)["amount_monthly"]) >= before


@PROPERTY_SETTINGS
@given(households())
def test_the_safety_net_is_deterministic(data):
    assert run(copy.deepcopy(data), WITH_CORRECTION) == run(copy.deepcopy(data), WITH_CORRECTION)


# Art. 475da lid 5 Rv: housing costs of at least 10% above the huurgrens of Wet op de huurtoeslag
# art. 13 lid 1 onderdeel a (932.93 in 2026): 932.93 x 1.10 = 1026.223 -> 1026.22 a month.
BASE_2026_H2 = "1348.49"  # 95% of norm A 1419.46 = 1348.487


@pytest.mark.parametrize(
    ("rent", "amount"),
    [
        ("1026.21", BASE_2026_H2),  # one cent below the threshold: nothing
        ("1026.22", BASE_2026_H2),  # at the threshold: nothing above it
        ("1026.23", "1348.50"),  # one cent above: one cent more
        ("1126.22", "1448.49"),
    ],
)
def test_the_housing_correction_starts_ten_percent_above_the_huurgrens(rent, amount):
    data = single("3000.00", on="2026-09-01", fixed_costs=[{"kind": "rent", "monthly": rent}])
    result = bvv(data)
    assert result["amount_monthly"] == amount
    step = next(s for s in result["explanation"] if s["article"] == "art. 475da lid 5 Rv")
    assert step["values"]["drempel"] == "1026.22"


def test_the_housing_correction_is_capped_at_95_percent_of_the_income():
    data = single("3000.00", on="2026-09-01", fixed_costs=[{"kind": "rent", "monthly": "5000.00"}])
    result = bvv(data)
    assert result["amount_monthly"] == "2850.00"  # 95% of 3000 (art. 475dc Rv)
    assert "art. 475dc Rv" in {step["article"] for step in result["explanation"]}


# --- the kop of art. 475da lid 2 and 3 Rv (1 July 2026) -------------------------------------------


def with_taxable(data: dict, taxable: str, partner_taxable: str = "0") -> dict:
    data["members"][0]["assessed_income_yearly"] = taxable
    for member in data["members"]:
        if member["relation"] == "partner":
            member["assessed_income_yearly"] = partner_taxable
    return data


# Lid 8: the maxima of lid 1 are the voet where I x (F or G) / 12 equals the huurgrens H. With
# G = 22% and the inkomensijkpunt of 31,500 that is C = 12 x 932.93 / 0.22 + 31,500 = 82,387.09:
# the formula itself gives the published maxima there (the single adult's terms are saturated).
@pytest.mark.parametrize(
    ("extra_members", "taxable", "published"),
    [
        ([], "82387.09", "2208.48"),
        ([CHILD], "82387.09", "2543.75"),
        ([COUPLE], "82387.09", "2905.79"),
        ([COUPLE, CHILD], "82387.09", "3179.68"),
    ],
)
def test_the_formula_gives_the_published_maxima_at_the_point_of_lid_8(
    extra_members, taxable, published
):
    data = single("9000.00", on="2026-09-01")
    data["members"].extend(copy.deepcopy(extra_members))
    result = bvv(with_taxable(data, taxable))
    assert result["amount_monthly"] == published
    assert result["maximum_monthly"] == published
    assert result["lower_bound"] is False
    kop = next(s for s in result["explanation"] if s["article"] == "art. 475da lid 2 en 3 Rv")
    # Unrounded terms add up to the maximum without the cap of lid 1 doing the work.
    assert Decimal(kop["values"]["huurtoeslagterm"]) == Decimal("932.93") - (
        Decimal("202.52") if not extra_members else Decimal("200.71")
    )


@pytest.mark.parametrize(
    ("extra_members", "amount"),
    [([CHILD], "2543.20"), ([COUPLE, CHILD], "3179.13")],  # 87 euros of C below the point
)
def test_below_the_point_of_lid_8_the_kindgebonden_budget_term_is_smaller(extra_members, amount):
    data = single("9000.00", on="2026-09-01")
    data["members"].extend(copy.deepcopy(extra_members))
    assert bvv(with_taxable(data, "82300.00"))["amount_monthly"] == amount


def test_a_single_adult_above_the_norm_worked_by_hand():
    # C = 40,000: zorgtoeslag (40,000 - 29,736) / 12 x 13.73% = 117.44 (cap 2,119 / 12 - 47 =
    # 129.58); huurtoeslag (40,000 - 23,425) x 27% / 12 = 372.94 (cap 932.93 - 202.52 = 730.41);
    # 95% of norm A 1,419.46 = 1,348.487: together 1,838.86.
    result = bvv(with_taxable(single("2500.00", on="2026-09-01"), "40000"))
    assert result["amount_monthly"] == "1838.86"
    kop = next(s for s in result["explanation"] if s["article"] == "art. 475da lid 2 en 3 Rv")
    assert (kop["values"]["zorgtoeslagterm"], kop["values"]["huurtoeslagterm"]) == (
        "117.44",
        "372.94",
    )


def test_without_the_taxable_income_the_kop_stays_a_lower_bound():
    result = bvv(single("2500.00", on="2026-09-01"))
    assert (result["amount_monthly"], result["lower_bound"]) == ("1348.49", True)


def test_the_kop_never_lifts_the_voet_above_95_percent_of_the_net_income():
    result = bvv(with_taxable(single("1500.00", on="2026-09-01"), "40000"))
    assert result["amount_monthly"] == "1425.00"  # 95% of 1,500 (art. 475dc), not 1,838.86
