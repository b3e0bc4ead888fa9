"""Monthly toeslag amounts equal the Belastingdienst's published monthly figures.

The zorgtoeslag table 2026 (belastingdienst.nl "Hoeveel zorgtoeslag krijgt u in 2026?"; 69 rows:
toetsingsinkomen up to X gives Y a month) pins the rounding order: the yearly amount is rounded to whole
euros first (Awir art. 14 lid 3) and a twelfth of it is rounded down. Dividing the unrounded amount
instead misses three rows (single 35,000; partners 32,000 and 44,500).
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from regulations.schemes.engine import screen
from regulations.schemes.facts import parse_household

SINGLE_2026 = [
    (29500, 129), (30000, 126), (30500, 120), (31000, 114), (31500, 109), (32000, 103),
    (32500, 97), (33000, 91), (33500, 86), (34000, 80), (34500, 74), (35000, 69), (35500, 63),
    (36000, 57), (36500, 51), (37000, 46), (37500, 40), (38000, 34), (38500, 28), (39000, 23),
    (39500, 17), (40000, 11), (40500, 6), (41000, 0),
]  # fmt: skip
PARTNERS_2026 = [
    (29500, 246), (30000, 243), (30500, 238), (31000, 232), (31500, 226), (32000, 221),
    (32500, 215), (33000, 209), (33500, 203), (34000, 198), (34500, 192), (35000, 186),
    (35500, 180), (36000, 175), (36500, 169), (37000, 163), (37500, 158), (38000, 152),
    (38500, 146), (39000, 140), (39500, 135), (40000, 129), (40500, 123), (41000, 118),
    (41500, 112), (42000, 106), (42500, 100), (43000, 95), (43500, 89), (44000, 83), (44500, 78),
    (45000, 72), (45500, 66), (46000, 60), (46500, 55), (47000, 49), (47500, 43), (48000, 37),
    (48500, 32), (49000, 26), (49500, 20), (50000, 15), (50500, 9), (51000, 3), (51500, 0),
]  # fmt: skip


def zorgtoeslag_monthly(income: int, *, partner: bool) -> Decimal:
    members = [
        {
            "ref": "a",
            "relation": "applicant",
            "birth_date": "1980-01-01",
            "assessed_income_yearly": income,
            "health_insured": True,
        }
    ]
    if partner:
        members.append(
            {
                "ref": "p",
                "relation": "partner",
                "birth_date": "1980-01-01",
                "assessed_income_yearly": 0,
                "health_insured": True,
            }
        )
    data = {"reference_date": "2026-03-01", "members": members, "assets_total": 0}
    result = screen(parse_household(data), schemes=["zorgtoeslag"]).results[0]
    return result.amount_monthly or Decimal(0)


@pytest.mark.parametrize(("income", "monthly"), SINGLE_2026)
def test_zorgtoeslag_2026_single_table(income, monthly):
    assert zorgtoeslag_monthly(income, partner=False) == Decimal(monthly)


@pytest.mark.parametrize(("income", "monthly"), PARTNERS_2026)
def test_zorgtoeslag_2026_partners_table(income, monthly):
    assert zorgtoeslag_monthly(income, partner=True) == Decimal(monthly)
