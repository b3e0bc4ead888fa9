"""The differential check: the vector engine against the scalar engine, field by field.

``edge_case_household(rng, parameters)`` draws screen-JSON households whose values sit on purpose
at the boundaries the rules test: money thresholds read from the parameter set at -1 euro, -1 cent,
exactly, +1 cent and +1 euro; ages on, the day before and the day after a birthday (18, 21, 23, 27,
the AOW age, the children's 6/12/16/18 and the first day of the month and quarter); unknown facts
(every optional input left out now and then); kostendelers; partners under 18.
``with_new_work`` marks some earnings as new work, as 'Werken loont?' does (not in the JSON). Dates
where values are carried forward give ``provisional`` results. ``differences`` compares every
field of the results but the explanation.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from regulations.schemes.engine import screen
from regulations.schemes.facts import HouseholdFacts
from regulations.schemes.params import ParameterSet
from regulations.schemes.vector import screen_many

FIELDS = (
    "outcome",
    "amount_monthly",
    "amount_yearly",
    "missing",
    "provisional",
    "version",
    "received",
    "non_take_up",
)

# Money thresholds (per month unless the key says per year) the generated values are put around.
MONTHLY_THRESHOLDS = (
    "bijstand.norm.alleenstaande_21_aow",
    "bijstand.norm.gehuwden_21_aow",
    "bijstand.norm.alleenstaande_18_20",
    "bijstand.norm.alleenstaande_aow",
    "bijstand.norm.gehuwden_aow",
)
RENT_THRESHOLDS = (
    "huurtoeslag.kwaliteitskortingsgrens",
    "huurtoeslag.maximale_huurgrens",
    "huurtoeslag.jongerenhuurgrens",
    "huurtoeslag.aftoppingsgrens.een_twee_personen",
    "huurtoeslag.aftoppingsgrens.drie_plus_personen",
    "huurtoeslag.basishuur.eenpersoons",
    "huurtoeslag.basishuur.meerpersoons",
)
YEARLY_THRESHOLDS = (
    "zorgtoeslag.drempelinkomen",
    "kindgebonden_budget.drempel.alleenstaande",
    "kindgebonden_budget.drempel.partner",
    "huurtoeslag.inkomensijkpunt.eenpersoons",
    "huurtoeslag.inkomensijkpunt.meerpersoons",
)
ASSET_THRESHOLDS = (
    "bijstand.vermogensgrens.alleenstaande",
    "bijstand.vermogensgrens.gezin",
    "zorgtoeslag.vermogensgrens.alleenstaande",
    "zorgtoeslag.vermogensgrens.partner",
    "huurtoeslag.vermogensgrens.per_persoon",
    "huurtoeslag.vermogensgrens.partners",
    "kindgebonden_budget.vermogensgrens.alleenstaande",
)
DELTAS = (Decimal("-1"), Decimal("-0.01"), Decimal("0"), Decimal("0.01"), Decimal("1"))
INCOME_KINDS = (
    "wages",
    "self_employed",
    "bijstand",
    "ww",
    "wia",
    "wajong",
    "aow",
    "pension",
    "other",
)


@dataclass(frozen=True, slots=True)
class Difference:
    row: int
    scheme: str
    field: str
    scalar: Any
    vector: Any


def differences(
    households: Sequence[HouseholdFacts], reference_date: date, parameters: ParameterSet
) -> list[Difference]:
    """Every field (but the explanation) where the two engines disagree."""
    found: list[Difference] = []
    vector = screen_many(households, reference_date, parameters).to_results()
    for row, (household, got) in enumerate(zip(households, vector, strict=True)):
        want = screen(
            household, reference_date=reference_date, parameters=parameters, explain=False
        )
        for expected, actual in zip(want.results, got.results, strict=True):
            for field in FIELDS:
                a, b = getattr(expected, field), getattr(actual, field)
                if a != b:
                    found.append(Difference(row, expected.scheme, field, a, b))
    return found


class EdgeCases:
    """Draws households around the thresholds of one parameter set."""

    def __init__(self, rng: random.Random, parameters: ParameterSet) -> None:
        self.rng = rng
        self.on = parameters.reference_date
        self.parameters = parameters

        def values(keys: tuple[str, ...]) -> list[Decimal]:
            found = []
            for key in keys:
                record = parameters.record(key)
                if record is not None and isinstance(record.value, Decimal):
                    found.append(record.value)
            return found or [Decimal(1000)]

        self.monthly = values(MONTHLY_THRESHOLDS)
        self.rents = values(RENT_THRESHOLDS)
        self.yearly = values(YEARLY_THRESHOLDS)
        self.assets = values(ASSET_THRESHOLDS)
        aow = parameters.record("aow.leeftijd_maanden")
        self.aow_months = int(aow.value) if aow is not None else 67 * 12 + 3

    # --- values ----------------------------------------------------------------------------------

    def near(self, thresholds: list[Decimal], scale: Decimal = Decimal(1)) -> Decimal:
        rng = self.rng
        if rng.random() < 0.35:
            return Decimal(rng.randint(0, int(max(thresholds) * scale * 100 * 2))) / 100
        value = rng.choice(thresholds) * scale + rng.choice(DELTAS)
        if rng.random() < 0.3:  # a share of it, for sums of two incomes on the threshold
            value = (value * Decimal(rng.choice(("0.25", "0.5", "0.75")))).quantize(Decimal("0.01"))
        return max(value.quantize(Decimal("0.01")), Decimal(0))

    def birth(self, age: int, *, months: int = 0) -> str:
        """Someone of ``age`` years (and months) on a reference day, birthday +/- a day."""
        on = self.on
        rng = self.rng
        anchor = rng.choice(
            (on, on.replace(day=1), date(on.year, 3 * ((on.month - 1) // 3) + 1, 1))
        )
        month = anchor.month - months
        year = anchor.year - age
        while month < 1:
            month += 12
            year -= 1
        day = min(anchor.day, 28)
        born = min(date(year, month, day) + timedelta(days=rng.choice((-1, 0, 0, 1))), on)
        return born.isoformat()

    def adult_birth(self) -> str:
        rng = self.rng
        choice = rng.random()
        if choice < 0.15:
            years, months = divmod(self.aow_months, 12)
            return self.birth(years, months=months)
        return self.birth(rng.choice((17, 18, 19, 20, 21, 22, 23, 26, 27, 30, 45, 66, 70)))

    def incomes(self) -> list[dict[str, Any]] | None:
        rng = self.rng
        roll = rng.random()
        if roll < 0.06:
            return None
        if roll < 0.3:
            return []
        items = []
        for _ in range(rng.choice((1, 1, 1, 2))):
            net = self.near(self.monthly, Decimal(rng.choice(("1", "0.5", "1.1", "1.2"))))
            item: dict[str, Any] = {"kind": rng.choice(INCOME_KINDS)}
            if rng.random() > 0.05:
                item["net_monthly"] = str(net)
            if rng.random() > 0.07:
                item["gross_monthly"] = str((net * Decimal("1.15")).quantize(Decimal("0.01")))
            items.append(item)
        return items

    # --- a household -----------------------------------------------------------------------------

    def household(self) -> dict[str, Any]:
        rng = self.rng
        members: list[dict[str, Any]] = [
            {"ref": "a", "relation": "applicant", "birth_date": self.adult_birth()}
        ]
        if rng.random() < 0.5:
            partner_age = rng.choice((16, 17, 17, 18, 19, 20, 21, 30, 60, 70))
            members.append(
                {"ref": "p", "relation": "partner", "birth_date": self.birth(partner_age)}
            )
        for index in range(rng.choice((0, 0, 1, 1, 2, 3, 4))):
            if rng.random() < 0.7:
                age = rng.choice((0, 1, 5, 6, 11, 12, 13, 15, 16, 17, 18, 20, 22, 23, 26, 27))
                child: dict[str, Any] = {
                    "ref": f"c{index}",
                    "relation": "child",
                    "birth_date": self.birth(age),
                }
                roll = rng.random()
                if roll < 0.5:
                    care: dict[str, Any] = {
                        "kind": rng.choice(("dagopvang", "bso", "gastouder", "none"))
                    }
                    if rng.random() > 0.08:
                        care["hours_monthly"] = rng.choice((40, 100, 230, 250, "87.5"))
                    if rng.random() > 0.08:
                        care["hourly_rate"] = rng.choice(("8.49", "10.25", "11.23", "9.5", "14"))
                    child["childcare"] = care
                members.append(child)
            else:
                members.append(
                    {
                        "ref": f"h{index}",
                        "relation": "housemate",
                        "birth_date": self.birth(rng.choice((18, 21, 26, 27, 28, 40))),
                    }
                )
        for member in members:
            if member["relation"] in ("applicant", "partner", "housemate") or rng.random() < 0.2:
                incomes = self.incomes()
                if incomes is not None:
                    member["incomes"] = incomes
            if rng.random() < 0.4:
                member["assessed_income_yearly"] = str(self.near(self.yearly))
            roll = rng.random()
            if roll < 0.85:
                member["health_insured"] = True
            elif roll < 0.93:
                member["health_insured"] = False
            if member["relation"] in ("applicant", "partner") and rng.random() < 0.6:
                member["works_or_studies"] = rng.random() < 0.7
        data: dict[str, Any] = {"reference_date": self.on.isoformat(), "members": members}
        if rng.random() < 0.9:
            data["assets_total"] = str(self.near(self.assets))
        if rng.random() < 0.93:
            tenure = rng.choice(
                ("social_rent", "private_rent", "room_rent", "owner", "living_in", "homeless")
            )
            housing: dict[str, Any] = {"tenure": tenure}
            if rng.random() < 0.92:
                housing["basic_rent"] = str(self.near(self.rents))
            if rng.random() < 0.8:
                housing["service_costs"] = str(rng.choice((0, 12, 48, 60)))
            data["housing"] = housing
        if rng.random() < 0.85:
            data["benefits_received"] = rng.sample(
                ["bijstand", "zorgtoeslag", "huurtoeslag", "kindgebonden_budget"],
                k=rng.randint(0, 2),
            )
        if rng.random() < 0.9:
            data["debts"] = [
                {
                    "creditor_kind": rng.choice(("energie", "verhuurder", "bnpl")),
                    "amount": rng.randint(1, 5000),
                    **({"threat": "eviction"} if rng.random() < 0.2 else {}),
                }
                for _ in range(rng.choice((0, 1, 2)))
            ]
        if rng.random() < 0.8:
            months = rng.choice((0, 11, 12, 35, 36, 37, 60))
            year, month = self.on.year, self.on.month - months
            while month < 1:
                month += 12
                year -= 1
            data["low_income_since"] = date(year, month, rng.choice((1, self.on.day))).isoformat()
        if rng.random() < 0.8:
            data["municipal_tax_yearly"] = str(rng.choice((0, 1, 350, "412.37", 900)))
        return data


def with_new_work(household: HouseholdFacts, rng: random.Random) -> HouseholdFacts:
    """Now and then the applicant's first income as new work (the bijstand's vrijlating)."""
    applicant = household.members[0]
    if not applicant.incomes or rng.random() > 0.1:
        return household
    first = replace(applicant.incomes[0], new_work=True)
    changed = replace(applicant, incomes=(first, *applicant.incomes[1:]))
    return replace(household, members=(changed, *household.members[1:]))
