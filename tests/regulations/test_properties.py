"""Properties over generated households (Hypothesis): sign, monotonicity, determinism, provenance."""

from __future__ import annotations

import copy
from datetime import date
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from regulations.schemes.catalogue import load_parameter_records
from regulations.schemes.engine import screen
from regulations.schemes.facts import parse_household
from regulations.schemes.params import ParameterRecord, ParameterResolver
from regulations.schemes.results import ELIGIBLE, INSUFFICIENT_DATA, SCHEME_CODES

REFERENCE_DATES = ["2025-03-01", "2025-09-15", "2026-03-01", "2026-05-20"]
PROPERTY_SETTINGS = settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
money = st.decimals(min_value=0, max_value=5000, places=2).map(str)


@st.composite
def member(draw, *, ref, relation, year, min_age, max_age):
    age = draw(st.integers(min_age, max_age))
    birth = f"{year - age}-{draw(st.integers(1, 12)):02d}-{draw(st.integers(1, 28)):02d}"
    data = {"ref": ref, "relation": relation, "birth_date": birth}
    if draw(st.booleans()):
        incomes = draw(
            st.lists(
                st.fixed_dictionaries(
                    {"kind": st.sampled_from(["wages", "bijstand", "ww", "aow", "other"])},
                    optional={"gross_monthly": money, "net_monthly": money},
                ),
                max_size=2,
            )
        )
        data["incomes"] = incomes
    if draw(st.booleans()):
        data["assessed_income_yearly"] = draw(st.integers(0, 90000))
    if draw(st.booleans()):
        data["health_insured"] = draw(st.booleans())
    if relation == "child" and draw(st.booleans()):
        data["childcare"] = draw(
            st.fixed_dictionaries(
                {"kind": st.sampled_from(["dagopvang", "bso", "gastouder", "none"])},
                optional={"hours_monthly": st.integers(0, 300).map(str), "hourly_rate": money},
            )
        )
    if relation in ("applicant", "partner") and draw(st.booleans()):
        data["works_or_studies"] = draw(st.booleans())
    return data


@st.composite
def household_json(draw):
    on = draw(st.sampled_from(REFERENCE_DATES))
    year = int(on[:4]) - 1  # birth years relative to the year before, so ages stay in range
    members = [draw(member(ref="a", relation="applicant", year=year, min_age=15, max_age=90))]
    if draw(st.booleans()):
        members.append(draw(member(ref="p", relation="partner", year=year, min_age=16, max_age=90)))
    for i in range(draw(st.integers(0, 3))):
        members.append(
            draw(member(ref=f"c{i}", relation="child", year=year, min_age=0, max_age=25))
        )
    for i in range(draw(st.integers(0, 2))):
        members.append(
            draw(member(ref=f"h{i}", relation="housemate", year=year, min_age=18, max_age=80))
        )
    data = {"reference_date": on, "members": members}
    optional = {
        "assets_total": st.integers(0, 200000).map(str),
        "housing": st.fixed_dictionaries(
            {
                "tenure": st.sampled_from(
                    ["social_rent", "private_rent", "owner", "room_rent", "living_in"]
                )
            },
            optional={
                "basic_rent": st.integers(0, 1500).map(str),
                "service_costs": st.integers(0, 100).map(str),
            },
        ),
        "benefits_received": st.lists(st.sampled_from(SCHEME_CODES), max_size=3, unique=True),
        "debts": st.lists(
            st.fixed_dictionaries(
                {"creditor_kind": st.sampled_from(["energie", "verhuurder", "bnpl"])},
                optional={"threat": st.sampled_from(["eviction", "energy_cutoff"])},
            ),
            max_size=2,
        ),
        "low_income_since": st.sampled_from(["2018-01-01", "2024-06-01"]),
        "municipal_tax_yearly": st.integers(0, 1500).map(str),
        "municipality_code": st.sampled_from(["GM0363", "GM1731", "GM0299"]),
    }
    for key, strategy in optional.items():
        if draw(st.booleans()):
            data[key] = draw(strategy)
    return data


def amount_or_zero(result) -> Decimal:
    return (
        result.amount_yearly
        if result.outcome == ELIGIBLE and result.amount_yearly is not None
        else Decimal(0)
    )


@PROPERTY_SETTINGS
@given(household_json())
def test_amounts_are_never_negative_or_zero_when_eligible(data):
    for result in screen(parse_household(data)).results:
        for amount in (result.amount_monthly, result.amount_yearly):
            assert amount is None or amount >= 0
            if result.outcome == ELIGIBLE and amount is not None:
                assert amount > 0, result.scheme


@PROPERTY_SETTINGS
@given(household_json(), st.integers(1, 30000))
def test_more_income_never_raises_income_tested_toeslagen(data, extra):
    data["members"][0]["assessed_income_yearly"] = data["members"][0].get(
        "assessed_income_yearly", 20000
    )
    richer = copy.deepcopy(data)
    richer["members"][0]["assessed_income_yearly"] += extra
    codes = ["zorgtoeslag", "huurtoeslag", "kindgebonden_budget"]
    before = screen(parse_household(data), schemes=codes).results
    after = screen(parse_household(richer), schemes=codes).results
    for low, high in zip(before, after, strict=True):
        if INSUFFICIENT_DATA in (low.outcome, high.outcome):
            continue
        assert amount_or_zero(high) <= amount_or_zero(low), low.scheme
        if high.outcome == ELIGIBLE and low.outcome == ELIGIBLE and high.amount_monthly is not None:
            assert high.amount_monthly <= low.amount_monthly


@PROPERTY_SETTINGS
@given(household_json())
def test_same_input_same_output(data):
    first = screen(parse_household(copy.deepcopy(data))).to_json()
    second = screen(parse_household(copy.deepcopy(data))).to_json()
    assert first == second


@PROPERTY_SETTINGS
@given(household_json())
def test_every_eligible_result_cites_an_article_on_wetten_overheid_nl(data):
    for result in screen(parse_household(data)).results:
        if result.outcome == ELIGIBLE:
            assert any(
                step.article and step.law_url.startswith("https://wetten.overheid.nl/")
                for step in result.explanation
            ), result.scheme
        assert result.version["scheme"] == result.scheme


@PROPERTY_SETTINGS
@given(household_json())
def test_insufficient_data_names_what_is_missing_and_has_no_amount(data):
    for result in screen(parse_household(data)).results:
        if result.outcome == INSUFFICIENT_DATA:
            assert result.missing, result.scheme
            assert result.amount_monthly is None and result.amount_yearly is None
        else:
            assert result.missing == []


@PROPERTY_SETTINGS
@given(household_json())
def test_unknown_assets_are_never_treated_as_zero(data):
    data.pop("assets_total", None)
    for result in screen(
        parse_household(data), schemes=["bijstand", "zorgtoeslag", "kindgebonden_budget"]
    ).results:
        assert result.outcome != ELIGIBLE, result.scheme
        if result.outcome == INSUFFICIENT_DATA:
            assert "assets_total" in result.missing or any(
                m.startswith("parameter:") for m in result.missing
            )


@PROPERTY_SETTINGS
@given(household_json())
def test_received_and_non_take_up_follow_benefits_received(data):
    for result in screen(parse_household(data)).results:
        received = data.get("benefits_received")
        assert result.received == (received is not None and result.scheme in received)
        assert result.non_take_up == (
            result.outcome == ELIGIBLE and received is not None and not result.received
        )


# --- provisional parameters (SCHEMES.md §0) -------------------------------------------------------------------

RECORDS = load_parameter_records()
FIRST_VALUE: dict[tuple[str, str | None], date] = {}
for _record in RECORDS:
    _identity = (_record.key, _record.municipality_code)
    FIRST_VALUE[_identity] = min(FIRST_VALUE.get(_identity, _record.valid_from), _record.valid_from)


def _as_if_current(records, on: date):
    """The same catalogue as if, per key, the latest value started on or before ``on`` were still
    valid on ``on`` (the situation in which its successor had been published)."""
    latest: dict[tuple[str, str | None], ParameterRecord] = {}
    for record in records:
        identity = (record.key, record.municipality_code)
        if record.valid_from <= on and (
            identity not in latest or record.valid_from > latest[identity].valid_from
        ):
            latest[identity] = record
    return [
        _open_ended(record)
        if latest.get((record.key, record.municipality_code)) is record and not record.final
        else record
        for record in records
    ]


def _open_ended(record: ParameterRecord) -> ParameterRecord:
    return ParameterRecord(
        key=record.key,
        value=record.value,
        unit=record.unit,
        valid_from=record.valid_from,
        valid_to=None,
        source_url=record.source_url,
        grade=record.grade,
        municipality_code=record.municipality_code,
        note=record.note,
        final=record.final,
    )


REAL = ParameterResolver(RECORDS)
dates = st.dates(min_value=date(2024, 1, 1), max_value=date(2029, 12, 31))


@PROPERTY_SETTINGS
@given(household_json(), dates)
def test_no_parameter_is_missing_after_its_first_value(data, on):
    household = parse_household(data)
    municipality = household.municipality_code
    for result in screen(
        household, reference_date=on, parameters=REAL.resolve(on, municipality)
    ).results:
        for item in result.missing:
            if not item.startswith("parameter:"):
                continue
            key = item.removeprefix("parameter:")
            for identity in ((key, None), (key, municipality)):
                first = FIRST_VALUE.get(identity)
                assert first is None or first > on, (result.scheme, key, on)


@PROPERTY_SETTINGS
@given(household_json(), dates)
def test_an_expired_value_gives_the_amounts_of_the_last_value_plus_provisional(data, on):
    household = parse_household(data)
    municipality = household.municipality_code
    real = screen(household, reference_date=on, parameters=REAL.resolve(on, municipality))
    current = ParameterResolver(_as_if_current(RECORDS, on))
    extended = screen(household, reference_date=on, parameters=current.resolve(on, municipality))
    carried = REAL.resolve(on, municipality).carried
    for got, expected in zip(real.results, extended.results, strict=True):
        assert (got.outcome, got.amount_monthly, got.amount_yearly, got.missing) == (
            expected.outcome,
            expected.amount_monthly,
            expected.amount_yearly,
            expected.missing,
        ), got.scheme
        assert expected.provisional == []
        used = set(got.version["parameters"])
        assert {p["key"] for p in got.provisional} == used & carried, got.scheme
        for item in got.provisional:
            assert date.fromisoformat(item["expired_on"]) < on
