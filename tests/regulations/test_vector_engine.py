"""The vectorised bulk engine agrees with the scalar engine on every result field.

Differential: 10,000 households drawn around the thresholds (see ``differential.EdgeCases``) on
dates with current, provisional (carried-forward) and pre-2026 values, and Hypothesis on random
households. Plus the reform switch ``bijstand.kostendelersnorm.toepassen`` in both engines.
"""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date
from decimal import Decimal

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from regulations.schemes.bijstand import KOSTENDELERSNORM_SWITCH
from regulations.schemes.catalogue import default_parameters
from regulations.schemes.engine import screen
from regulations.schemes.facts import parse_household
from regulations.schemes.params import ParameterSet
from regulations.schemes.vector import screen_grouped, screen_many
from regulations.schemes.vector.differential import EdgeCases, differences, with_new_work

# Current values, a July norm change, values carried past their end (provisional), and 2025
# (huurtoeslag's normhuur method, left to the scalar engine row by row).
DATES = (date(2026, 3, 1), date(2026, 7, 1), date(2027, 3, 1), date(2025, 3, 1))
MUNICIPALITIES = (None, "GM1731")  # the default values, and a municipality with its own


def test_differential_10000_edge_case_households_zero_differences():
    per_group = 10_000 // (len(DATES) * len(MUNICIPALITIES))
    seen = {"provisional": 0, "insufficient": 0, "kostendelers": 0, "partner_under_18": 0}
    seen |= {"new_work": 0, "parameter_missing": 0, "scalar_rows": 0, "vector_rows": 0}
    total = 0
    for on in DATES:
        for municipality in MUNICIPALITIES:
            parameters = default_parameters(reference_date=on, municipality_code=municipality)
            rng = random.Random(f"{on}-{municipality}")
            generator = EdgeCases(rng, parameters)
            households = [
                with_new_work(parse_household(generator.household()), rng) for _ in range(per_group)
            ]
            total += len(households)
            assert differences(households, on, parameters) == []

            vector = screen_many(households, on, parameters)
            for code in vector.schemes:
                seen["scalar_rows"] += vector.fallback_rows(code)
                seen["vector_rows"] += len(households) - vector.fallback_rows(code)
            for household, screening in zip(households, vector.to_results(), strict=True):
                partner = next((m for m in household.members if m.relation == "partner"), None)
                seen["partner_under_18"] += partner is not None and partner.birth_date > date(
                    on.year - 18, on.month, on.day
                )
                seen["new_work"] += any(i.new_work for i in household.members[0].incomes or ())
                for result in screening.results:
                    seen["provisional"] += bool(result.provisional)
                    seen["insufficient"] += result.outcome == "insufficient_data"
                    seen["parameter_missing"] += any(
                        item.startswith("parameter:") for item in result.missing
                    )
                    seen["kostendelers"] += (
                        "bijstand.kostendelers.basispercentage" in result.version["parameters"]
                    )
    assert total == 10_000
    # The sample really holds the edge cases it is meant to (a degenerate generator fails here).
    for name in ("provisional", "insufficient", "kostendelers", "partner_under_18", "new_work"):
        assert seen[name] > 50, (name, seen)
    # Almost every row is settled column-wise; the scalar engine only takes the rare rest.
    assert seen["scalar_rows"] < seen["vector_rows"] / 20, seen


def test_differential_where_parameters_are_missing():
    # Before the catalogue's first AOW age (2024) keys are missing: parameter:<key> via the scalar.
    on = date(2023, 8, 1)
    parameters = default_parameters(reference_date=on, municipality_code=None)
    rng = random.Random(5)
    generator = EdgeCases(rng, parameters)
    households = [parse_household(generator.household()) for _ in range(300)]
    assert differences(households, on, parameters) == []
    results = screen_many(households, on, parameters).to_results()
    assert any(
        "parameter:aow.leeftijd_maanden" in result.missing
        for screening in results
        for result in screening.results
    )


MONEY = st.decimals(min_value=0, max_value=4000, places=2, allow_nan=False, allow_infinity=False)


def _member(relation: str, ref: str, on: date) -> st.SearchStrategy[dict]:
    income = st.fixed_dictionaries(
        {"kind": st.sampled_from(["wages", "bijstand", "ww", "wia", "aow", "other"])},
        optional={"net_monthly": MONEY.map(str), "gross_monthly": MONEY.map(str)},
    )
    return st.fixed_dictionaries(
        {
            "ref": st.just(ref),
            "relation": st.just(relation),
            "birth_date": st.dates(min_value=date(on.year - 90, 1, 1), max_value=on).map(
                date.isoformat
            ),
        },
        optional={
            "incomes": st.lists(income, max_size=2),
            "assessed_income_yearly": st.decimals(0, 60000, places=2).map(str),
            "health_insured": st.booleans(),
            "works_or_studies": st.booleans(),
            "childcare": st.fixed_dictionaries(
                {"kind": st.sampled_from(["dagopvang", "bso", "gastouder", "none"])},
                optional={
                    "hours_monthly": st.integers(0, 260),
                    "hourly_rate": st.decimals(0, 15, places=2).map(str),
                },
            ),
        },
    )


@st.composite
def households(draw: st.DrawFn) -> tuple[date, str | None, list[dict]]:
    on = draw(st.sampled_from(DATES))
    municipality = draw(st.sampled_from(MUNICIPALITIES))
    batch = []
    for _ in range(draw(st.integers(1, 6))):
        members = [draw(_member("applicant", "a", on))]
        if draw(st.booleans()):
            members.append(draw(_member("partner", "p", on)))
        for index in range(draw(st.integers(0, 3))):
            relation = draw(st.sampled_from(["child", "child", "housemate"]))
            members.append(draw(_member(relation, f"m{index}", on)))
        data = {"reference_date": on.isoformat(), "members": members}
        data |= draw(
            st.fixed_dictionaries(
                {},
                optional={
                    "assets_total": st.decimals(0, 40000, places=2).map(str),
                    "housing": st.fixed_dictionaries(
                        {"tenure": st.sampled_from(["social_rent", "private_rent", "owner"])},
                        optional={"basic_rent": MONEY.map(str), "service_costs": MONEY.map(str)},
                    ),
                    "municipal_tax_yearly": st.decimals(0, 1000, places=2).map(str),
                    "low_income_since": st.dates(date(2015, 1, 1), on).map(date.isoformat),
                    "debts": st.lists(
                        st.fixed_dictionaries(
                            {"creditor_kind": st.just("energie"), "amount": st.integers(1, 999)}
                        ),
                        max_size=2,
                    ),
                },
            )
        )
        batch.append(data)
    return on, municipality, batch


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(households())
def test_hypothesis_random_households_agree(case):
    on, municipality, batch = case
    parameters = default_parameters(reference_date=on, municipality_code=municipality)
    facts = [parse_household(item) for item in batch]
    assert differences(facts, on, parameters) == []


# --- the reform switch "kostendelersnorm off", in both engines -------------------------------------

ON = date(2026, 3, 1)
# An applicant of 30 with a housemate of 30 and no income: A = 2 kostendelers.
SHARING = {
    "reference_date": ON.isoformat(),
    "members": [
        {"ref": "a", "relation": "applicant", "birth_date": "1995-05-01", "incomes": []},
        {"ref": "h", "relation": "housemate", "birth_date": "1995-06-01", "incomes": []},
    ],
    "assets_total": "0",
}


def _with_switch(parameters: ParameterSet, value: bool | None) -> ParameterSet:
    """The same set with the switch overridden (a reform) or removed (``None``)."""
    records = {key: parameters.record(key) for key in parameters.keys()}  # noqa: SIM118 - not a dict
    if value is None:
        records.pop(KOSTENDELERSNORM_SWITCH)
    else:
        records[KOSTENDELERSNORM_SWITCH] = replace(records[KOSTENDELERSNORM_SWITCH], value=value)
    return ParameterSet(
        reference_date=parameters.reference_date,
        municipality_code=parameters.municipality_code,
        records=records,  # type: ignore[arg-type]
    )


def _bijstand(parameters: ParameterSet) -> tuple[Decimal | None, Decimal | None]:
    household = parse_household(SHARING)
    scalar = screen(household, schemes=["bijstand"], parameters=parameters).results[0]
    vector = screen_many([household], ON, parameters, schemes=["bijstand"]).to_results()[0]
    return scalar.amount_monthly, vector.results[0].amount_monthly


def test_kostendelersnorm_switch_defaults_to_on_and_is_in_the_catalogue():
    parameters = default_parameters(reference_date=ON, municipality_code=None)
    assert parameters.record(KOSTENDELERSNORM_SWITCH).value is True
    # Pw art. 22a, A = 2: (40% + 2 x 30%) / 2 x 2002.13 = 1001.065 -> 1001.07 (Bijlage B 2026).
    assert _bijstand(parameters) == (Decimal("1001.07"), Decimal("1001.07"))
    # Absent means on as well.
    assert _bijstand(_with_switch(parameters, None)) == (Decimal("1001.07"), Decimal("1001.07"))


def test_kostendelersnorm_off_gives_the_full_norm_in_both_engines():
    parameters = _with_switch(default_parameters(reference_date=ON, municipality_code=None), False)
    # The alleenstaandennorm 21 to AOW age, 1 January 2026, without the kostendelersnorm.
    assert _bijstand(parameters) == (Decimal("1401.50"), Decimal("1401.50"))
    household = parse_household(SHARING)
    assert differences([household], ON, parameters) == []
    articles = [
        step.article
        for step in screen(household, parameters=parameters).result("bijstand").explanation
    ]
    assert "art. 22a Participatiewet" not in articles
    on = default_parameters(reference_date=ON, municipality_code=None)
    articles = [
        step.article for step in screen(household, parameters=on).result("bijstand").explanation
    ]
    assert "art. 22a Participatiewet" in articles


def test_kostendelersnorm_off_differential_on_edge_cases():
    parameters = _with_switch(default_parameters(reference_date=ON, municipality_code=None), False)
    rng = random.Random(3)
    generator = EdgeCases(rng, parameters)
    households = [parse_household(generator.household()) for _ in range(500)]
    assert differences(households, ON, parameters) == []


def test_screen_many_refuses_parameters_of_another_date():
    parameters = default_parameters(reference_date=ON, municipality_code=None)
    with pytest.raises(ValueError, match="peildatum"):
        screen_many([parse_household(SHARING)], date(2026, 4, 1), parameters)


def test_screen_grouped_keeps_the_order_of_a_mixed_batch():
    items = [
        {**SHARING, "municipality_code": code, "reference_date": on}
        for code, on in (
            ("GM1731", "2026-03-01"),
            ("GM0363", "2025-03-01"),
            ("GM1731", "2026-03-01"),
        )
    ]
    facts = [parse_household(item) for item in items]
    results = screen_grouped(
        facts,
        lambda on, code: default_parameters(reference_date=on, municipality_code=code),
    )
    for household, screening in zip(facts, results, strict=True):
        expected = screen(household, explain=False)
        assert screening.reference_date == household.reference_date
        assert screening.to_json(explanation=False) == expected.to_json(explanation=False)


def test_json_documents_equal_the_scalar_json():
    on = date(2027, 3, 1)  # carried-forward values: provisional lists in the documents
    parameters = default_parameters(reference_date=on, municipality_code="GM1731")
    generator = EdgeCases(random.Random(4), parameters)
    households = [parse_household(generator.household()) for _ in range(400)]
    documents = screen_many(households, on, parameters).to_json()
    for household, document in zip(households, documents, strict=True):
        expected = screen(household, reference_date=on, parameters=parameters, explain=False)
        assert document == expected.to_json(explanation=False)
    assert any(result["provisional"] for document in documents for result in document["results"])


def test_columnar_outcomes_and_amounts_match_the_results():
    # The columns simulations read (no result objects), fallback rows included (2025: normhuur).
    on = date(2025, 3, 1)
    parameters = default_parameters(reference_date=on, municipality_code=None)
    generator = EdgeCases(random.Random(8), parameters)
    households = [parse_household(generator.household()) for _ in range(300)]
    vector = screen_many(households, on, parameters)
    assert vector.fallback_rows("huurtoeslag") > 0
    screenings = vector.to_results()
    names = ("eligible", "not_eligible", "insufficient_data")
    for code in vector.schemes:
        outcome = vector.outcome(code)
        monthly, yearly = vector.amounts(code)
        for row, screening in enumerate(screenings):
            result = screening.result(code)
            assert names[outcome[row]] == result.outcome
            for cents, amount in (
                (monthly[row], result.amount_monthly),
                (yearly[row], result.amount_yearly),
            ):
                assert (
                    None if cents == np.iinfo(np.int64).min else Decimal(int(cents)) / 100
                ) == amount
