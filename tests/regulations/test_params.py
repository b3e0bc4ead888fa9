"""Parameter resolution, the catalogue data, and how missing or weak parameters surface."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from regulations.schemes.catalogue import (
    default_parameters,
    default_resolver,
    load_parameter_records,
    load_regulations,
)
from regulations.schemes.engine import screen
from regulations.schemes.facts import parse_household
from regulations.schemes.params import (
    AmbiguousParameter,
    ParameterMissing,
    ParameterRecord,
    ParameterResolver,
    resolve_parameters,
)
from regulations.schemes.results import SCHEME_CODES


def record(
    key="x",
    value=Decimal(1),
    valid_from=date(2025, 1, 1),
    valid_to=None,
    grade="A",
    municipality_code=None,
):
    return ParameterRecord(
        key=key,
        value=value,
        unit="EUR",
        valid_from=valid_from,
        valid_to=valid_to,
        source_url="https://example.org",
        grade=grade,
        municipality_code=municipality_code,
    )


def test_latest_valid_record_wins_and_valid_to_is_respected():
    records = [
        record(value=Decimal(1), valid_from=date(2025, 1, 1), valid_to=date(2025, 6, 30)),
        record(value=Decimal(2), valid_from=date(2025, 7, 1), valid_to=date(2025, 12, 31)),
    ]
    assert (
        resolve_parameters(records, reference_date=date(2025, 6, 30), municipality_code=None).get(
            "x"
        )
        == 1
    )
    assert (
        resolve_parameters(records, reference_date=date(2025, 7, 1), municipality_code=None).get(
            "x"
        )
        == 2
    )
    # Past the end of the last value: carried forward and marked, not missing.
    carried = resolve_parameters(records, reference_date=date(2026, 1, 1), municipality_code=None)
    assert carried.get("x") == 2
    assert carried.carried == {"x"}
    # Before the first value it never existed: missing.
    with pytest.raises(ParameterMissing) as caught:
        resolve_parameters(records, reference_date=date(2024, 12, 31), municipality_code=None).get(
            "x"
        )
    assert caught.value.key == "x"
    assert caught.value.reference_date == date(2024, 12, 31)


def test_municipality_record_beats_default_even_when_older():
    records = [
        record(value=Decimal("1.10"), valid_from=date(2025, 1, 1)),
        record(value=Decimal("1.20"), valid_from=date(2024, 1, 1), municipality_code="GM0001"),
    ]
    on = date(2025, 3, 1)
    assert resolve_parameters(records, reference_date=on, municipality_code="GM0001").get(
        "x"
    ) == Decimal("1.20")
    assert resolve_parameters(records, reference_date=on, municipality_code="GM0002").get(
        "x"
    ) == Decimal("1.10")
    assert resolve_parameters(records, reference_date=on, municipality_code=None).get(
        "x"
    ) == Decimal("1.10")


def test_ambiguous_records_are_a_data_error():
    records = [record(value=Decimal(1)), record(value=Decimal(2))]
    with pytest.raises(AmbiguousParameter):
        resolve_parameters(records, reference_date=date(2025, 3, 1), municipality_code=None)
    with pytest.raises(AmbiguousParameter):
        ParameterResolver(records)


def test_resolver_validates_grade_and_dates():
    with pytest.raises(ValueError, match="graad"):
        ParameterResolver([record(grade="D")])
    with pytest.raises(ValueError, match="valid_to"):
        ParameterResolver([record(valid_to=date(2024, 1, 1))])


def test_resolution_is_cached_per_date_and_municipality():
    resolver = ParameterResolver([record()])
    first = resolver.resolve(date(2025, 3, 1), None)
    assert resolver.resolve(date(2025, 3, 1), None) is first
    assert resolver.resolve(date(2025, 3, 2), None) is not first


def test_tracker_reports_versions_per_evaluation():
    parameters = resolve_parameters(
        [record(key="a"), record(key="b", valid_from=date(2024, 7, 1))],
        reference_date=date(2025, 3, 1),
        municipality_code=None,
    )
    tracker = parameters.tracker()
    tracker.get("b")
    assert tracker.version() == {"b": "2024-07-01"}
    assert parameters.tracker().version() == {}  # a fresh tracker starts empty
    assert tracker.get_optional("nope") is None
    parameters.get("a")
    assert set(parameters.used) == {"a"}


def test_catalogue_records_are_well_formed():
    records = load_parameter_records()
    assert len(records) > 150
    for item in records:
        assert item.grade in ("A", "B", "C"), item.key
        assert item.source_url.startswith("http"), item.key
        assert not isinstance(item.value, float), item.key
    default_resolver()  # no ambiguity in the shipped data


def test_section_2_values_are_in_the_catalogue():
    # Spot checks of SCHEMES.md section 2 / 2.8 values, straight from the data files.
    def value(key, on, municipality=None):
        return default_parameters(reference_date=on, municipality_code=municipality).get(key)

    assert value("zorgtoeslag.standaardpremie", date(2025, 6, 1)) == Decimal("2112")
    assert value("zorgtoeslag.standaardpremie", date(2026, 6, 1)) == Decimal("2119")
    assert value("bijstand.norm.gehuwden_21_aow", date(2025, 7, 1)) == Decimal("1955.80")
    assert value("bijstand.norm.alleenstaande_21_aow", date(2026, 1, 1)) == Decimal("1401.50")
    assert value("bijstand.vermogensgrens.gezin", date(2026, 1, 1)) == Decimal("16000")
    assert value("huurtoeslag.verlaging_basishuur", date(2029, 5, 1)) == Decimal("34.84")
    assert value("kindgebonden_budget.alleenstaande_ouderkop", date(2026, 1, 1)) == Decimal("3416")
    assert value("kinderbijslag.bedrag_per_kwartaal", date(2026, 7, 1))["12_17"] == "426.29"
    assert value("kinderopvangtoeslag.maximum_uurprijs", date(2026, 1, 1))["gastouder"] == "8.49"
    assert value("tegemoetkoming_alleenverdieners.bedrag", date(2026, 1, 1)) == Decimal("1100")
    assert value("iit.bedrag.gehuwden", date(2025, 1, 1), "GM1731") == Decimal("745.89")
    assert value("aow.leeftijd_maanden", date(2028, 1, 1)) == 807


def test_published_kostendelersnormen_match_the_formula_data():
    # 2026: (40% + A x 30%) / A x 2002.13, rounded to cents = published Bijlage B values.
    table = default_parameters(reference_date=date(2026, 3, 1), municipality_code=None).get(
        "bijstand.kostendelersnorm_referentie"
    )
    assert table == {"2": "1001.07", "3": "867.59", "4": "800.85", "5": "760.81"}


def test_catalogue_has_every_screened_scheme_with_a_wetten_link():
    regulations = {item.code: item for item in load_regulations()}
    for code in SCHEME_CODES:
        assert code in regulations
        assert regulations[code].law_url.startswith("https://wetten.overheid.nl/")


def adult(**extra):
    return {"ref": "a", "relation": "applicant", "birth_date": "1990-01-01", **extra}


def test_missing_parameter_gives_insufficient_data_with_explanation_not_a_crash():
    # The catalogue's AOW age starts in 2024: before that there is nothing to carry forward.
    household = parse_household(
        {"reference_date": "2023-08-01", "members": [adult(incomes=[])], "assets_total": 0}
    )
    result = screen(household, schemes=["bijstand"]).results[0]
    assert result.outcome == "insufficient_data"
    assert result.missing == ["parameter:aow.leeftijd_maanden"]
    assert result.amount_monthly is None
    assert "geschatte waarde" in result.explanation[-1].rule


def test_grade_c_value_driving_eligibility_is_flagged():
    # A synthetic parameter set in which the standaardpremie is unconfirmed (grade C).
    on = date(2025, 3, 1)
    records = [
        r
        if r.key != "zorgtoeslag.standaardpremie"
        else ParameterRecord(
            key=r.key,
            value=r.value,
            unit=r.unit,
            valid_from=r.valid_from,
            valid_to=r.valid_to,
            source_url=r.source_url,
            grade="C",
        )
        for r in load_parameter_records()
    ]
    parameters = resolve_parameters(records, reference_date=on, municipality_code=None)
    household = parse_household(
        {
            "reference_date": "2025-03-01",
            "members": [adult(health_insured=True, assessed_income_yearly=20000)],
            "assets_total": 0,
        }
    )
    result = screen(household, schemes=["zorgtoeslag"], parameters=parameters).results[0]
    assert result.outcome == "eligible"
    flagged = [step for step in result.explanation if "graad C" in step.rule]
    assert flagged and "zorgtoeslag.standaardpremie" in flagged[0].values
    # The shipped data (grade A) carries no such warning.
    plain = screen(household, schemes=["zorgtoeslag"]).results[0]
    assert not [step for step in plain.explanation if "graad C" in step.rule]


def test_screen_refuses_parameters_for_another_date():
    household = parse_household({"reference_date": "2025-03-01", "members": [adult()]})
    other = default_parameters(reference_date=date(2026, 3, 1), municipality_code=None)
    with pytest.raises(ValueError, match="peildatum"):
        screen(household, parameters=other)
