"""Kwijtschelding gemeentelijke belastingen (simplified betalingscapaciteit model)."""

from __future__ import annotations

from decimal import Decimal

from regulations.schemes.engine import screen
from regulations.schemes.facts import parse_household


def kw(on, *, net, assets=0, tax=None, municipality=None):
    data = {
        "reference_date": on,
        "assets_total": assets,
        "members": [
            {
                "ref": "a",
                "relation": "applicant",
                "birth_date": "1985-01-01",
                "incomes": [{"kind": "bijstand", "net_monthly": net}],
            }
        ],
    }
    if tax is not None:
        data["municipal_tax_yearly"] = tax
    if municipality:
        data["municipality_code"] = municipality
    return screen(
        parse_household(data), schemes=["kwijtschelding_gemeentelijke_belastingen"]
    ).results[0]


def test_2025_no_capacity_full_remission():
    # kosten van bestaan 1345.45 x 0.90 = 1210.905 -> 1210.91; income equal -> capacity 0
    result = kw("2025-03-01", net="1210.91", tax=450)
    assert (result.outcome, result.amount_yearly) == ("eligible", Decimal("450.00"))
    assert any("graad C" in step.rule for step in result.explanation)


def test_2025_partial_remission():
    # capacity 1300 - 1210.91 = 89.09; 89.09 x 12 x 0.80 = 855.264 -> 855.26; 1000 - 855.26 = 144.74
    assert kw("2025-03-01", net=1300, tax=1000).amount_yearly == Decimal("144.74")
    assert kw("2025-03-01", net=1300, tax=800).outcome == "not_eligible"
    missing = kw("2025-03-01", net=1300)
    assert (missing.outcome, missing.missing) == ("insufficient_data", ["municipal_tax_yearly"])


def test_asset_allowance_one_month():
    assert kw("2025-03-01", net=1000, assets="1210.91").outcome == "eligible"
    assert kw("2025-03-01", net=1000, assets="1211.91").outcome == "not_eligible"


def test_2026_boundary():
    # 1401.50 x 0.90 = 1261.35
    assert kw("2026-03-01", net="1261.35").outcome == "eligible"
    assert kw("2026-03-01", net="1262.35").outcome == "insufficient_data"  # capacity, tax unknown


def test_zevenaar_uses_100_percent():
    # kosten van bestaan 100% = 1345.45
    assert kw("2025-03-01", net="1345.45", municipality="GM0299").outcome == "eligible"
    assert kw("2025-03-01", net="1345.45").outcome == "insufficient_data"
