"""The fast path of parse_household: the same facts as the full parser, and never its own refusal.

The full parser (``_parse_household_checked``) is the reference: for well-formed input both give
identical facts (compared by ``repr``, so a Decimal written as 1900 instead of 1900.00 differs);
for malformed input ``parse_household`` raises exactly the full parser's field and message.
"""

from __future__ import annotations

import copy
import random
from datetime import date
from typing import Any

import pytest

from regulations.schemes.catalogue import default_parameters
from regulations.schemes.facts import InputError, fastpath, parse_household
from regulations.schemes.facts.parsing import _FIELDS, _parse_household_checked
from regulations.schemes.vector.differential import EdgeCases

BASE: dict[str, Any] = {
    "reference_date": "2026-03-01",
    "municipality_code": "GM0363",
    "members": [
        {"ref": "c1", "relation": "child", "birth_date": "2019-04-01",
         "childcare": {"kind": "bso", "hours_monthly": 80, "hourly_rate": 9.5}},
        {
            "ref": "p1",
            "relation": "applicant",
            "birth_date": "1990-05-01",
            "assessed_income_yearly": 28000,
            "incomes": [{"kind": "wages", "gross_monthly": 2100.25, "net_monthly": "1750.5"}],
            "health_insured": True,
            "works_or_studies": False,
        },
        {"ref": "p2", "relation": "partner", "birth_date": "1991-02-11", "incomes": []},
    ],
    "assets_total": 3000,
    "housing": {"tenure": "social_rent", "basic_rent": 900.0, "service_costs": 0.0},
    "benefits_received": ["zorgtoeslag", "huurtoeslag"],
    "debts": [{"creditor_kind": "energie", "amount": 850.75, "threat": "energy_cutoff"},
              {"creditor_kind": "bnpl", "amount": None}],
    "debt_help_requested_on": "2026-01-15",
    "low_income_since": "2022-01-01",
    "municipal_tax_yearly": "412.30",
}  # fmt: skip


def both(data: Any, override: date | None = None) -> tuple[str, str]:
    fast = parse_household(copy.deepcopy(data), reference_date_override=override)
    full = _parse_household_checked(copy.deepcopy(data), reference_date_override=override)
    return repr(fast), repr(full)


def test_well_formed_households_give_the_full_parsers_facts():
    households = [BASE]
    for on, code in ((date(2026, 3, 1), "GM1731"), (date(2025, 3, 1), None)):
        generator = EdgeCases(
            random.Random(5), default_parameters(reference_date=on, municipality_code=code)
        )
        households.extend(generator.household() for _ in range(300))
    taken = 0
    for data in households:
        fast, full = both(data)
        assert fast == full
        try:
            fastpath.household(copy.deepcopy(data), None, _FIELDS)
            taken += 1
        except fastpath.Unusual:
            pass
    assert taken == len(households)  # well-formed: none of them needed the full parser
    fast, full = both(BASE, override=date(2026, 6, 1))
    assert fast == full and "datetime.date(2026, 6, 1)" in fast


def test_amounts_keep_two_decimals_and_the_sign_of_zero_as_the_full_parser():
    for amount in (0, 0.0, -0.0, 1, 1.5, 0.1, 99999999.99, 100000000, "7", " 12.50 ", "1e2"):
        data = copy.deepcopy(BASE)
        data["assets_total"] = amount
        fast, full = both(data)
        assert fast == full, amount


def _set(path: list[Any], value: Any) -> dict[str, Any]:
    data = copy.deepcopy(BASE)
    target: Any = data
    for key in path[:-1]:
        target = target[key]
    if value is _DELETE:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return data


_DELETE = object()

MALFORMED = [
    ([], None, "$"),
    (["reference_date"], None, "reference_date"),
    (["reference_date"], "2026-02-30", "reference_date"),
    (["reference_date"], "1-1-2026", "reference_date"),
    (["municipality_code"], "0363", "municipality_code"),
    (["municipality_code"], 363, "municipality_code"),
    (["members"], [], "members"),
    (["members"], {"ref": "a"}, "members"),
    (["members", 1, "ref"], " ", "members[1].ref"),
    (["members", 1, "ref"], 5, "members[1].ref"),
    (["members", 1, "relation"], "spouse", "members[1].relation"),
    (["members", 1, "relation"], ["applicant"], "members[1].relation"),
    (["members", 1, "relation"], "child", "members"),
    (["members", 0, "relation"], "applicant", "members"),
    (["members", 0, "relation"], "partner", "members[2].relation"),
    (["members", 0, "ref"], "p1", "members[1].ref"),
    (["members", 1, "birth_date"], "2027-01-01", "members[1].birth_date"),
    (["members", 1, "birth_date"], "1890-01-01", "members[1].birth_date"),
    (["members", 1, "birth_date"], _DELETE, "members[1].birth_date"),
    (["members", 1, "shoe_size"], 44, "members[1].shoe_size"),
    (["members", 1, "assessed_income_yearly"], -1, "members[1].assessed_income_yearly"),
    (["members", 1, "assessed_income_yearly"], 100000001, "members[1].assessed_income_yearly"),
    (["members", 1, "assessed_income_yearly"], True, "members[1].assessed_income_yearly"),
    (["members", 1, "assessed_income_yearly"], 1.005, "members[1].assessed_income_yearly"),
    (["members", 1, "assessed_income_yearly"], "NaN", "members[1].assessed_income_yearly"),
    (["members", 1, "assessed_income_yearly"], "veel", "members[1].assessed_income_yearly"),
    (["members", 1, "incomes"], {"kind": "wages"}, "members[1].incomes"),
    (["members", 1, "incomes", 0, "kind"], "salary", "members[1].incomes[0].kind"),
    (["members", 1, "incomes", 0, "net_monthly"], -0.01, "members[1].incomes[0].net_monthly"),
    (["members", 1, "incomes", 0, "bonus"], 1, "members[1].incomes[0].bonus"),
    (["members", 1, "health_insured"], "ja", "members[1].health_insured"),
    (["members", 1, "works_or_studies"], 1, "members[1].works_or_studies"),
    (["members", 0, "childcare", "kind"], "creche", "members[0].childcare.kind"),
    (["members", 0, "childcare"], [], "members[0].childcare"),
    (["members", 0, "childcare", "hourly_rate"], "9,50", "members[0].childcare.hourly_rate"),
    (["assets_total"], 3000.001, "assets_total"),
    (["housing", "tenure"], "castle", "housing.tenure"),
    (["housing", "tenure"], _DELETE, "housing.tenure"),
    (["housing", "basic_rent"], False, "housing.basic_rent"),
    (["housing", "garden"], True, "housing.garden"),
    (["benefits_received"], "zorgtoeslag", "benefits_received"),
    (["benefits_received", 1], "huursubsidie", "benefits_received[1]"),
    (["benefits_received", 1], 7, "benefits_received[1]"),
    (["debts"], {"amount": 1}, "debts"),
    (["debts", 1, "creditor_kind"], "buurman", "debts[1].creditor_kind"),
    (["debts", 0, "threat"], "boze brief", "debts[0].threat"),
    (["debts", 0, "amount"], "-5", "debts[0].amount"),
    (["debts", 0, "interest"], 5, "debts[0].interest"),
    (["debt_help_requested_on"], "2026-1-15", "debt_help_requested_on"),
    (["low_income_since"], 2022, "low_income_since"),
    (["municipal_tax_yearly"], "Infinity", "municipal_tax_yearly"),
    (["pets"], 2, "pets"),
]


@pytest.mark.parametrize(("path", "value", "field"), MALFORMED)
def test_malformed_input_is_refused_by_the_full_parsers_rule(path, value, field):
    data = None if not path else _set(path, value)
    with pytest.raises(InputError) as full:
        _parse_household_checked(copy.deepcopy(data))
    with pytest.raises(InputError) as public:
        parse_household(copy.deepcopy(data))
    assert (public.value.field, public.value.message) == (full.value.field, full.value.message)
    assert public.value.field == field


def test_a_malformed_reference_date_is_refused_even_with_an_override():
    data = _set(["reference_date"], "2026-13-01")
    with pytest.raises(InputError) as error:
        parse_household(data, reference_date_override=date(2026, 3, 1))
    assert error.value.field == "reference_date"
