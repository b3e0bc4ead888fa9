"""Input validation of the screen JSON (SCHEMES.md section 0)."""

from __future__ import annotations

import copy
from datetime import date
from decimal import Decimal

import pytest

from regulations.schemes.facts import InputError, parse_household, parse_scheme_codes

CONTRACT_EXAMPLE = {
    "reference_date": "2025-03-01",
    "municipality_code": "GM0363",
    "members": [
        {
            "ref": "p1",
            "relation": "applicant",
            "birth_date": "1990-05-01",
            "assessed_income_yearly": 28000,
            "incomes": [{"kind": "wages", "gross_monthly": 2100.00, "net_monthly": 1750.00}],
            "health_insured": True,
        },
        {"ref": "p2", "relation": "partner", "birth_date": "1991-02-11"},
        {"ref": "c1", "relation": "child", "birth_date": "2019-04-01"},
        {"ref": "h1", "relation": "housemate", "birth_date": "1980-07-07"},
    ],
    "assets_total": 3000.00,
    "housing": {"tenure": "social_rent", "basic_rent": 900.00, "service_costs": 0.00},
    "benefits_received": ["zorgtoeslag"],
}


def example(**changes):
    data = copy.deepcopy(CONTRACT_EXAMPLE)
    data.update(changes)
    return data


def error_field(data, **kwargs) -> str:
    with pytest.raises(InputError) as caught:
        parse_household(data, **kwargs)
    return caught.value.field


def test_contract_example_parses_into_frozen_facts():
    household = parse_household(CONTRACT_EXAMPLE)
    assert household.reference_date == date(2025, 3, 1)
    assert household.municipality_code == "GM0363"
    assert [m.ref for m in household.members] == ["p1", "p2", "c1", "h1"]
    assert household.applicant.assessed_income_yearly == Decimal("28000.00")
    assert household.applicant.incomes[0].net_monthly == Decimal("1750.00")
    assert household.housing.basic_rent == Decimal("900.00")
    assert household.benefits_received == frozenset({"zorgtoeslag"})
    with pytest.raises(AttributeError):
        household.assets_total = Decimal(0)  # frozen


def test_money_from_json_float_has_no_binary_artefacts():
    data = example(assets_total=0.1)
    assert parse_household(data).assets_total == Decimal("0.10")
    data = example(assets_total="1234.5")
    assert parse_household(data).assets_total == Decimal("1234.50")


def test_missing_optional_data_stays_unknown_not_zero():
    household = parse_household(CONTRACT_EXAMPLE)
    partner = household.members[1]
    assert partner.incomes is None  # unknown
    assert partner.assessed_income_yearly is None
    assert partner.health_insured is None
    assert household.debts is None
    data = example()
    data["members"][1]["incomes"] = []
    assert parse_household(data).members[1].incomes == ()  # known: no income


def test_benefits_received_absent_is_unknown():
    data = example()
    del data["benefits_received"]
    assert parse_household(data).benefits_received is None


def test_applicant_is_placed_first_but_keeps_its_json_path():
    data = example()
    data["members"].reverse()
    household = parse_household(data)
    assert household.applicant.ref == "p1"
    assert household.applicant.path == "members[3]"


@pytest.mark.parametrize(
    ("mutate", "field"),
    [
        (lambda d: d["members"][1].update(birth_date="2025-02-30"), "members[1].birth_date"),
        (lambda d: d["members"][1].update(birth_date="11-02-1991"), "members[1].birth_date"),
        (lambda d: d["members"][1].update(birth_date="2026-01-01"), "members[1].birth_date"),
        (
            lambda d: d["members"][0].update(assessed_income_yearly=-1),
            "members[0].assessed_income_yearly",
        ),
        (
            lambda d: d["members"][0]["incomes"][0].update(net_monthly=-0.01),
            "members[0].incomes[0].net_monthly",
        ),
        (
            lambda d: d["members"][0]["incomes"][0].update(gross_monthly="veel"),
            "members[0].incomes[0].gross_monthly",
        ),
        (
            lambda d: d["members"][0]["incomes"][0].update(gross_monthly=True),
            "members[0].incomes[0].gross_monthly",
        ),
        (
            lambda d: d["members"][0]["incomes"][0].update(gross_monthly=10.005),
            "members[0].incomes[0].gross_monthly",
        ),
        (
            lambda d: d["members"][0]["incomes"][0].update(kind="salary"),
            "members[0].incomes[0].kind",
        ),
        (lambda d: d["members"][1].update(relation="spouse"), "members[1].relation"),
        (lambda d: d["members"][1].update(ref="p1"), "members[1].ref"),
        (lambda d: d["members"][1].update(relation="applicant"), "members"),
        (lambda d: d["members"][3].update(relation="partner"), "members[3].relation"),
        (lambda d: d["members"][0].update(health_insured="ja"), "members[0].health_insured"),
        (lambda d: d["members"][0].update(shoe_size=42), "members[0].shoe_size"),
        (lambda d: d["housing"].update(tenure="castle"), "housing.tenure"),
        (lambda d: d["housing"].update(basic_rent=-5), "housing.basic_rent"),
        (lambda d: d.update(assets_total="NaN"), "assets_total"),
        (lambda d: d.update(assets_total=-1), "assets_total"),
        (lambda d: d.update(benefits_received=["toeslag"]), "benefits_received[0]"),
        (lambda d: d.update(municipality_code="0363"), "municipality_code"),
        (lambda d: d.update(members=[]), "members"),
        (lambda d: d.update(colour="blue"), "colour"),
        (
            lambda d: d.update(debts=[{"creditor_kind": "energie", "threat": "cold"}]),
            "debts[0].threat",
        ),
        (lambda d: d.update(debts=[{"creditor_kind": "maffia"}]), "debts[0].creditor_kind"),
        (
            lambda d: d["members"][2].update(childcare={"kind": "oppas"}),
            "members[2].childcare.kind",
        ),
    ],
)
def test_invalid_input_names_the_json_path(mutate, field):
    data = example()
    mutate(data)
    assert error_field(data) == field


def test_missing_reference_date_is_an_error_in_dutch():
    data = example()
    del data["reference_date"]
    with pytest.raises(InputError) as caught:
        parse_household(data)
    assert caught.value.field == "reference_date"
    assert "ontbreekt" in caught.value.message


def test_reference_date_override_wins_and_allows_absence():
    data = example()
    assert parse_household(data, reference_date_override=date(2026, 1, 5)).reference_date == date(
        2026, 1, 5
    )
    del data["reference_date"]
    assert parse_household(data, reference_date_override=date(2026, 1, 5)).reference_date == date(
        2026, 1, 5
    )


def test_override_does_not_hide_a_malformed_file_date():
    data = example(reference_date="2025-13-01")
    assert error_field(data, reference_date_override=date(2026, 1, 5)) == "reference_date"


def test_not_an_object():
    assert error_field([1, 2]) == "$"


def test_parse_scheme_codes():
    assert parse_scheme_codes(["zorgtoeslag", "bijstand"]) == ("zorgtoeslag", "bijstand")
    with pytest.raises(InputError) as caught:
        parse_scheme_codes(["zorgtoeslag", "wonderuitkering"])
    assert caught.value.field == "scheme[1]"
