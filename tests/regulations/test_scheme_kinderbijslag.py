"""Kinderbijslag per quarter (SCHEMES.md 2.8, SVB amounts)."""

from __future__ import annotations

from decimal import Decimal

from regulations.schemes.engine import screen
from regulations.schemes.facts import parse_household


def kinderbijslag(on, children):
    members = [{"ref": "a", "relation": "applicant", "birth_date": "1985-01-01"}]
    members += [
        {"ref": f"c{i}", "relation": "child", "birth_date": b} for i, b in enumerate(children)
    ]
    return screen(
        parse_household({"reference_date": on, "members": members}), schemes=["kinderbijslag"]
    ).results[0]


def test_2025_three_age_bands():
    # ages on 2025-01-01: 3, 8, 14 -> 286.45 + 347.83 + 409.21 = 1043.49 per quarter
    # per month 1043.49 / 3 = 347.83; per year 4 x 1043.49 = 4173.96
    result = kinderbijslag("2025-03-01", ["2021-06-01", "2016-06-01", "2010-06-01"])
    assert (result.amount_monthly, result.amount_yearly) == (Decimal("347.83"), Decimal("4173.96"))


def test_2026_three_age_bands():
    # ages on 2026-01-01: 4, 9, 15 -> 295.07 + 358.30 + 421.53 = 1074.90; /3 = 358.30; x4 = 4299.60
    result = kinderbijslag("2026-03-01", ["2021-06-01", "2016-06-01", "2010-06-01"])
    assert (result.amount_monthly, result.amount_yearly) == (Decimal("358.30"), Decimal("4299.60"))


def test_higher_band_from_quarter_after_sixth_birthday():
    # turns 6 on 2025-02-15: on 2025-01-01 still 5 -> 286.45 this quarter
    assert kinderbijslag("2025-03-01", ["2019-02-15"]).amount_yearly == Decimal(
        "1145.80"
    )  # 4 x 286.45
    # born on the first day of the quarter: 6 on 2025-01-01 -> 347.83 already
    assert kinderbijslag("2025-03-01", ["2019-01-01"]).amount_yearly == Decimal(
        "1391.32"
    )  # 4 x 347.83
    # 2026 Q2: born 2020-02-15, so 6 on the quarter start 2026-04-01 -> 358.30
    assert kinderbijslag("2026-05-01", ["2020-02-15"]).amount_yearly == Decimal(
        "1433.20"
    )  # 4 x 358.30


def test_age_18_on_quarter_start_ends_it():
    assert kinderbijslag("2025-03-01", ["2007-01-01"]).outcome == "not_eligible"  # 18 on 2025-01-01
    assert kinderbijslag("2025-03-01", ["2007-01-02"]).amount_yearly == Decimal(
        "1636.84"
    )  # 17: 4 x 409.21
    assert kinderbijslag("2026-03-01", ["2008-01-02"]).amount_yearly == Decimal(
        "1686.12"
    )  # 4 x 421.53


def test_newborn_counts_from_next_quarter():
    result = kinderbijslag("2025-03-01", ["2025-02-01"])
    assert result.outcome == "not_eligible"
    assert any("volgende kwartaal" in step.result for step in result.explanation)


def test_before_the_first_known_amount_is_not_computable():
    result = kinderbijslag("2019-08-01", ["2015-01-01"])
    assert result.outcome == "insufficient_data"
    assert result.missing == ["parameter:kinderbijslag.bedrag_per_kwartaal"]


def test_second_half_2025_uses_the_amounts_of_1_july_2025():
    # AKW art. 12 lid 3 as in force on 1 July 2025: 291.49 for a child under 6 (4 x = 1165.96).
    result = kinderbijslag("2025-08-01", ["2020-01-01"])
    assert (result.outcome, result.amount_yearly) == ("eligible", Decimal("1165.96"))


def test_july_2026_values_are_official():
    result = kinderbijslag("2026-08-01", ["2020-01-01"])  # 6 on 2026-07-01 -> 362.35
    assert result.amount_yearly == Decimal("1449.40")
    assert result.version["parameters"]["kinderbijslag.bedrag_per_kwartaal"] == "2026-07-01"
    assert not any("graad B" in step.rule for step in result.explanation)
