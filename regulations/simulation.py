"""What a reform does to a caseload: the figures of a simulation, computed without Django.

``scheme_amounts`` screens many households with one parameter set on the vectorised bulk engine
(``regulations.schemes.vector``) and reads the amounts from its columns. Everything else works on
those amounts:

- ``household_effects``: per household the yearly amount per scheme under current law and under
  the reform, the disposable income per month under both, and the sociaal minimum of current law;
- ``aggregate``: the raw figures (cost per scheme and in total, winners and losers, the
  distribution of the change, households crossing 100/110/120% of the sociaal minimum);
- ``effect_columns`` and ``aggregate_columns``: the same two steps column-wise in whole cents,
  the bulk path of a simulation (no per-household Python work after the facts became columns);
  a test pins them to the per-household functions above;
- ``publish``: the figures as shown and served, with counts of 1..9 households suppressed and
  complementary cells hidden where a margin would give them away (``core.disclosure``, the
  report's rule);
- ``typical_burdens``: the marginal burden (*Werken loont?*) of a few typical households before
  and after.

Money: amounts per scheme are the engine's amounts (cents); a yearly-only amount is used as it
is, a monthly amount counts 12 times. Disposable income = the net income of applicant and partner
without recorded bijstand (the screening computes the bijstand) plus every scheme's monthly amount.
The sociaal minimum of *current law* is the yardstick for both sides: a reform that raises the
norms should show households rising above today's minimum, not a moving target.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields, replace
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

from core.disclosure import (
    MIN_CELL_DEFAULT,
    is_primary_suppressed,
    margin_must_hide,
    suppress_with_margin,
)
from regulations.schemes.engine import (
    Screening,
    household_net_income_monthly,
    sociaal_minimum_monthly,
    work_pays,
)
from regulations.schemes.facts import HouseholdFacts, parse_household
from regulations.schemes.params import ParameterMissing, ParameterSet
from regulations.schemes.results import ELIGIBLE, SCHEME_CODES

if TYPE_CHECKING:
    import numpy as np

CENT = Decimal("0.01")
TWELVE = Decimal(12)
MINIMUM_LEVELS = (100, 110, 120)
# Bands of the change in euros per month: (key, lower bound exclusive, upper bound inclusive).
BANDS: tuple[tuple[str, Decimal | None, Decimal | None], ...] = (
    ("verlies_meer_dan_100", None, Decimal(-100)),
    ("verlies_tot_100", Decimal(-100), Decimal(0)),
    ("gelijk", None, None),
    ("winst_tot_25", Decimal(0), Decimal(25)),
    ("winst_25_50", Decimal(25), Decimal(50)),
    ("winst_50_100", Decimal(50), Decimal(100)),
    ("winst_100_200", Decimal(100), Decimal(200)),
    ("winst_meer_dan_200", Decimal(200), None),
)
BAND_KEYS = tuple(key for key, _low, _high in BANDS)


def scheme_amounts(
    households: Sequence[HouseholdFacts],
    *,
    reference_date: date,
    parameters: ParameterSet,
    columns: Any = None,
) -> tuple[list[dict[str, Decimal]], list[Decimal]]:
    """Per household the yearly amount per scheme (0 unless eligible) and the monthly total of
    every eligible scheme, straight from the bulk engine's columns (no result objects).

    The same figures as ``_yearly`` and ``_monthly_total`` of the scalar results: a yearly-only
    amount counts as it is, a monthly-only one 12 times; in the monthly total a yearly-only
    amount counts a twelfth, rounded half up to the cent."""
    yearly, monthly_total = _scheme_cents(households, reference_date, parameters, columns)
    codes = SCHEME_CODES
    per_household = [
        {code: Decimal(cents).scaleb(-2) for code, cents in zip(codes, row, strict=True)}
        for row in yearly.tolist()
    ]
    return per_household, [Decimal(cents).scaleb(-2) for cents in monthly_total.tolist()]


def _scheme_cents(
    households: Sequence[HouseholdFacts],
    reference_date: date,
    parameters: ParameterSet,
    columns: Any,
) -> tuple[np.ndarray, np.ndarray]:
    """``scheme_amounts`` in whole cents: (yearly per household and scheme, in the order of
    ``SCHEME_CODES``, 0 unless eligible; the monthly total per household)."""
    import numpy as np

    from regulations.schemes.vector import screen_many
    from regulations.schemes.vector.rules import NONE

    screened = screen_many(households, reference_date, parameters, columns=columns)
    n = len(households)
    yearly_by_scheme = np.zeros((n, len(SCHEME_CODES)), dtype=np.int64)
    monthly_total = np.zeros(n, dtype=np.int64)
    for position, code in enumerate(SCHEME_CODES):
        eligible = screened.outcome(code) == 0
        monthly, yearly = screened.amounts(code)
        has_monthly, has_yearly = monthly != NONE, yearly != NONE
        yearly_cents = np.where(has_yearly, yearly, np.where(has_monthly, monthly * 12, 0))
        yearly_by_scheme[:, position] = np.where(eligible, yearly_cents, 0)
        # ROUND_HALF_UP of yearly / 12 in cents: away from zero on a tie.
        twelfth = np.sign(yearly) * ((2 * np.abs(yearly) + 12) // 24)
        monthly_cents = np.where(has_monthly, monthly, np.where(has_yearly, twelfth, 0))
        monthly_total += np.where(eligible, monthly_cents, 0)
    return yearly_by_scheme, monthly_total


@dataclass(frozen=True, slots=True)
class HouseholdEffect:
    before_yearly: dict[str, Decimal]
    after_yearly: dict[str, Decimal]
    disposable_before: Decimal | None
    disposable_after: Decimal | None
    minimum: Decimal | None  # the sociaal minimum per month under current law

    @property
    def change_yearly(self) -> Decimal:
        return sum(self.after_yearly.values(), Decimal(0)) - sum(
            self.before_yearly.values(), Decimal(0)
        )


def _yearly(screening: Screening) -> dict[str, Decimal]:
    amounts = {}
    for result in screening.results:
        if result.outcome != ELIGIBLE:
            amounts[result.scheme] = Decimal(0)
        elif result.amount_yearly is not None:
            amounts[result.scheme] = result.amount_yearly
        else:
            amounts[result.scheme] = (result.amount_monthly or Decimal(0)) * TWELVE
    return amounts


def _monthly_total(screening: Screening) -> Decimal:
    total = Decimal(0)
    for result in screening.results:
        if result.outcome != ELIGIBLE:
            continue
        if result.amount_monthly is not None:
            total += result.amount_monthly
        elif result.amount_yearly is not None:
            total += (result.amount_yearly / TWELVE).quantize(CENT, rounding=ROUND_HALF_UP)
    return total


def _without_recorded_bijstand(household: HouseholdFacts) -> HouseholdFacts:
    members = []
    for member in household.members:
        if member.relation in ("applicant", "partner") and member.incomes:
            member = replace(
                member, incomes=tuple(i for i in member.incomes if i.kind != "bijstand")
            )
        members.append(member)
    return replace(household, members=tuple(members))


def household_effects(
    households: Sequence[HouseholdFacts],
    *,
    reference_date: date,
    baseline: ParameterSet,
    reform: ParameterSet,
) -> list[HouseholdEffect]:
    """Each household under current law and under the reform (same facts, same date), one
    object per household with Decimal money: the reference that ``effect_columns`` (what the
    simulation task runs) is tested against."""
    from regulations.schemes.vector import facts_columns

    columns = facts_columns(households, reference_date)  # built once, read under both laws
    before_yearly, before_monthly = scheme_amounts(
        households, reference_date=reference_date, parameters=baseline, columns=columns
    )
    after_yearly, after_monthly = scheme_amounts(
        households, reference_date=reference_date, parameters=reform, columns=columns
    )
    effects = []
    for household, old_yearly, old_monthly, new_yearly, new_monthly in zip(
        households, before_yearly, before_monthly, after_yearly, after_monthly, strict=True
    ):
        net = household_net_income_monthly(_without_recorded_bijstand(household))
        try:
            minimum = sociaal_minimum_monthly(household, baseline)
        except ParameterMissing:
            minimum = None
        effects.append(
            HouseholdEffect(
                before_yearly=old_yearly,
                after_yearly=new_yearly,
                disposable_before=None if net is None else net + old_monthly,
                disposable_after=None if net is None else net + new_monthly,
                minimum=minimum,
            )
        )
    return effects


@dataclass(frozen=True, slots=True)
class EffectColumns:
    """``household_effects`` of a batch as columns in whole cents (the bulk path).

    The same figures, exactly: ``aggregate_columns`` of these columns equals ``aggregate`` of the
    per-household effects. Yearly amounts per scheme are in the order of ``SCHEME_CODES``."""

    before_yearly: np.ndarray  # (households, schemes) int64 cents, 0 unless eligible
    after_yearly: np.ndarray
    monthly_before: np.ndarray  # every eligible scheme's monthly amount, summed (int64 cents)
    monthly_after: np.ndarray
    net: np.ndarray  # net income per month of applicant and partner without recorded bijstand
    net_known: np.ndarray  # bool: every part of ``net`` is known
    minimum: np.ndarray  # the sociaal minimum per month under current law (int64 cents)
    minimum_known: np.ndarray  # bool: False below the minimum age or for a missing parameter

    def __len__(self) -> int:
        return len(self.net)

    @classmethod
    def concatenate(cls, parts: Sequence[EffectColumns]) -> EffectColumns:
        """One set of columns of several batches (in order); none gives zero households."""
        import numpy as np

        if not parts:
            money = np.zeros(0, dtype=np.int64)
            flags = np.zeros(0, dtype=bool)
            table = np.zeros((0, len(SCHEME_CODES)), dtype=np.int64)
            return cls(table, table, money, money, money, flags, money, flags)
        return cls(
            *(
                np.concatenate([getattr(part, field.name) for part in parts])
                for field in fields(cls)
            )
        )

    def to_effects(self) -> list[HouseholdEffect]:
        """The per-household ``HouseholdEffect`` objects (for callers that want objects)."""
        effects = []
        for old, new, old_monthly, new_monthly, net, net_known, minimum, minimum_known in zip(
            self.before_yearly.tolist(),
            self.after_yearly.tolist(),
            self.monthly_before.tolist(),
            self.monthly_after.tolist(),
            self.net.tolist(),
            self.net_known.tolist(),
            self.minimum.tolist(),
            self.minimum_known.tolist(),
            strict=True,
        ):
            effects.append(
                HouseholdEffect(
                    before_yearly=_euros_by_scheme(old),
                    after_yearly=_euros_by_scheme(new),
                    disposable_before=_euros(net + old_monthly) if net_known else None,
                    disposable_after=_euros(net + new_monthly) if net_known else None,
                    minimum=_euros(minimum) if minimum_known else None,
                )
            )
        return effects


def _euros(cents: int) -> Decimal:
    return Decimal(cents).scaleb(-2)


def _euros_by_scheme(row: list[int]) -> dict[str, Decimal]:
    return {code: _euros(cents) for code, cents in zip(SCHEME_CODES, row, strict=True)}


def effect_columns(
    households: Sequence[HouseholdFacts],
    *,
    reference_date: date,
    baseline: ParameterSet,
    reform: ParameterSet,
) -> EffectColumns:
    """``household_effects`` column-wise: the facts become columns once, both screenings, the
    net income and the sociaal minimum are read from them (money in whole cents, exact)."""
    from regulations.schemes.vector import facts_columns
    from regulations.schemes.vector.columns import APPLICANT, PARTNER

    columns = facts_columns(households, reference_date)  # built once, read under both laws
    before_yearly, monthly_before = _scheme_cents(households, reference_date, baseline, columns)
    after_yearly, monthly_after = _scheme_cents(households, reference_date, reform, columns)
    # household_net_income_monthly(_without_recorded_bijstand(...)): the couple's net incomes
    # other than bijstand; unknown when a member's incomes or a non-bijstand net amount is.
    couple = (columns.relation == APPLICANT) | (columns.relation == PARTNER)
    net = columns.total(columns.net_own, couple)
    net_known = ~columns.any(couple & ~columns.net_own_known)
    minimum, minimum_known = _sociaal_minimum_cents(households, columns, baseline)
    return EffectColumns(
        before_yearly=before_yearly,
        after_yearly=after_yearly,
        monthly_before=monthly_before,
        monthly_after=monthly_after,
        net=net,
        net_known=net_known,
        minimum=minimum,
        minimum_known=minimum_known,
    )


def _sociaal_minimum_cents(
    households: Sequence[HouseholdFacts], columns: Any, parameters: ParameterSet
) -> tuple[np.ndarray, np.ndarray]:
    """``sociaal_minimum_monthly`` per household in cents, and whether it is known. The bulk
    engine's own sociaal minimum (the one its minima schemes compare with); the rows it leaves to
    the scalar engine (a parameter the set lacks) are computed by the scalar function."""
    import numpy as np

    from regulations.schemes.vector.rules import Batch

    norm = Batch(households, columns, parameters).sociaal_minimum()
    known = norm.present.copy()
    amount = np.where(known, norm.amount, 0).astype(np.int64)
    for row in np.flatnonzero(norm.reads.fallback).tolist():
        try:
            value = sociaal_minimum_monthly(households[row], parameters)
        except ParameterMissing:
            value = None
        known[row] = value is not None
        amount[row] = 0 if value is None else int(value * 100)
    return amount, known


def aggregate_columns(effects: EffectColumns) -> dict[str, Any]:
    """``aggregate`` over the columns: the same dict, to the cent, in integer arithmetic."""
    import numpy as np

    households = len(effects)
    delta = effects.after_yearly - effects.before_yearly
    cost = delta.sum(axis=0).tolist()
    changed = np.count_nonzero(delta, axis=0).tolist()
    change = delta.sum(axis=1)
    gaining, losing = change > 0, change < 0
    # The change per month, ROUND_HALF_UP to the cent (away from zero on a tie).
    monthly = np.sign(change) * ((2 * np.abs(change) + 12) // 24)
    bands = {}
    for key, low, high in BANDS:
        if key == "gelijk":
            in_band = monthly == 0
        else:
            in_band = monthly != 0
            if low is not None:
                in_band &= monthly > int(low * 100)
            if high is not None:
                in_band &= monthly <= int(high * 100)
        bands[key] = int(np.count_nonzero(in_band))
    known = effects.net_known & effects.minimum_known
    net, minimum = effects.net[known], effects.minimum[known]
    before = (net + effects.monthly_before[known]) * 100
    after = (net + effects.monthly_after[known]) * 100
    crossings = []
    for level in MINIMUM_LEVELS:
        line = minimum * level  # disposable < minimum x level / 100, in hundredths of a cent
        below_before, below_after = before < line, after < line
        crossings.append(
            {
                "level": level,
                "up": int(np.count_nonzero(below_before & ~below_after)),
                "down": int(np.count_nonzero(below_after & ~below_before)),
                "below_before": int(np.count_nonzero(below_before)),
                "below_after": int(np.count_nonzero(below_after)),
            }
        )
    return {
        "households": households,
        "cost_yearly": {
            "total": _money_cents(sum(cost)),
            "households_changed": int(np.count_nonzero(change)),
            "by_scheme": [
                {
                    "scheme": code,
                    "cost": _money_cents(cost[position]),
                    "households_changed": changed[position],
                }
                for position, code in enumerate(SCHEME_CODES)
            ],
        },
        "winners": {
            "households": int(np.count_nonzero(gaining)),
            "gain_yearly": _money_cents(int(change[gaining].sum())),
        },
        "losers": {
            "households": int(np.count_nonzero(losing)),
            "loss_yearly": _money_cents(-int(change[losing].sum())),
        },
        "distribution": [{"band": key, "households": bands[key]} for key in BAND_KEYS],
        "crossings": crossings,
        "unknown_position": households - int(np.count_nonzero(known)),
    }


def _money_cents(cents: int) -> str:
    """``_money`` of a whole number of cents ("-12.05")."""
    sign = "-" if cents < 0 else ""
    euros, rest = divmod(abs(cents), 100)
    return f"{sign}{euros}.{rest:02d}"


def _band(change_monthly: Decimal) -> str:
    if change_monthly == 0:
        return "gelijk"
    for key, low, high in BANDS:
        if key == "gelijk":
            continue
        if (low is None or change_monthly > low) and (high is None or change_monthly <= high):
            return key
    raise AssertionError(change_monthly)  # pragma: no cover - the bands cover every value


def aggregate(effects: Iterable[HouseholdEffect]) -> dict[str, Any]:
    """The raw (unsuppressed) figures. Money as text with two decimals; counts as integers."""
    cost = dict.fromkeys(SCHEME_CODES, Decimal(0))
    changed = dict.fromkeys(SCHEME_CODES, 0)
    bands = dict.fromkeys(BAND_KEYS, 0)
    gain = loss = Decimal(0)
    winners = losers = households = changed_any = 0
    crossings = {
        level: {"up": 0, "down": 0, "below_before": 0, "below_after": 0} for level in MINIMUM_LEVELS
    }
    unknown_position = 0
    for effect in effects:
        households += 1
        for code in SCHEME_CODES:
            delta = effect.after_yearly.get(code, Decimal(0)) - effect.before_yearly.get(
                code, Decimal(0)
            )
            if delta:
                cost[code] += delta
                changed[code] += 1
        change = effect.change_yearly
        if change:
            changed_any += 1
        if change > 0:
            winners += 1
            gain += change
        elif change < 0:
            losers += 1
            loss -= change
        bands[_band((change / TWELVE).quantize(CENT, rounding=ROUND_HALF_UP))] += 1
        if None in (effect.minimum, effect.disposable_before, effect.disposable_after):
            unknown_position += 1
            continue
        for level in MINIMUM_LEVELS:
            line = effect.minimum * level / 100  # type: ignore[operator]
            below_before = effect.disposable_before < line  # type: ignore[operator]
            below_after = effect.disposable_after < line  # type: ignore[operator]
            figures = crossings[level]
            figures["below_before"] += below_before
            figures["below_after"] += below_after
            figures["up"] += below_before and not below_after
            figures["down"] += below_after and not below_before
    return {
        "households": households,
        "cost_yearly": {
            "total": _money(sum(cost.values(), Decimal(0))),
            "households_changed": changed_any,
            "by_scheme": [
                {"scheme": code, "cost": _money(cost[code]), "households_changed": changed[code]}
                for code in SCHEME_CODES
            ],
        },
        "winners": {"households": winners, "gain_yearly": _money(gain)},
        "losers": {"households": losers, "loss_yearly": _money(loss)},
        "distribution": [{"band": key, "households": bands[key]} for key in BAND_KEYS],
        "crossings": [{"level": level, **crossings[level]} for level in MINIMUM_LEVELS],
        "unknown_position": unknown_position,
    }


def _money(value: Decimal) -> str:
    return str(value.quantize(CENT, rounding=ROUND_HALF_UP))


def publish(raw: dict[str, Any], *, min_cell: int = MIN_CELL_DEFAULT) -> dict[str, Any]:
    """The figures as shown: every count of 1..min_cell-1 households and every amount over such a
    group is null, and listed in ``suppressed`` as ``{"table", "row", "column"}``.

    Tables with a published margin (scheme costs summing to the total, the distribution summing
    to all households, winners and losers inside it) get complementary suppression so a hidden
    cell cannot be computed back (``core.disclosure.suppress_with_margin``).
    """
    suppressed: list[dict[str, str]] = []

    def hide(table: str, row: str, column: str) -> None:
        suppressed.append({"table": table, "row": row, "column": column})

    cost = raw["cost_yearly"]
    total_hidden = is_primary_suppressed(households=cost["households_changed"], min_cell=min_cell)
    by_scheme_counts = {row["scheme"]: row["households_changed"] for row in cost["by_scheme"]}
    hidden = suppress_with_margin(
        by_scheme_counts, margin_published=not total_hidden, min_cell=min_cell
    )
    if not total_hidden and margin_must_hide(by_scheme_counts, hidden, min_cell=min_cell):
        total_hidden = True
    by_scheme = []
    for row in cost["by_scheme"]:
        if row["scheme"] in hidden:
            hide("cost_yearly", row["scheme"], "cost")
            by_scheme.append({"scheme": row["scheme"], "cost": None, "households_changed": None})
        else:
            by_scheme.append(dict(row))
    if total_hidden:
        hide("cost_yearly", "total", "cost")
    published_cost = {
        "total": None if total_hidden else cost["total"],
        "households_changed": None if total_hidden else cost["households_changed"],
        "by_scheme": by_scheme,
    }

    hidden_groups, hidden_bands = _hide_changes(raw, min_cell=min_cell)
    distribution = []
    for row in raw["distribution"]:
        if row["band"] in hidden_bands:
            hide("distribution", row["band"], "households")
            distribution.append({"band": row["band"], "households": None})
        else:
            distribution.append(dict(row))

    def group(name: str, money_column: str) -> dict[str, Any]:
        if name in hidden_groups:
            hide(name, name, "households")
            return {"households": None, money_column: None}
        return dict(raw[name])

    crossings = []
    columns = ("up", "down", "below_before", "below_after")
    for row in raw["crossings"]:
        # below_after = below_before + up - down: one hidden cell of a row could be computed
        # from the other three, so a row with a small cell hides all its non-zero cells.
        risky = any(is_primary_suppressed(households=row[c], min_cell=min_cell) for c in columns)
        published = {"level": row["level"]}
        for column in columns:
            if risky and row[column]:
                hide("crossings", str(row["level"]), column)
                published[column] = None
            else:
                published[column] = row[column]
        crossings.append(published)
    unknown = raw["unknown_position"]
    if is_primary_suppressed(households=unknown, min_cell=min_cell):
        hide("households", "unknown_position", "households")
        unknown = None
    return {
        "households": raw["households"],
        "min_cell": min_cell,
        "cost_yearly": published_cost,
        "winners": group("winners", "gain_yearly"),
        "losers": group("losers", "loss_yearly"),
        "distribution": distribution,
        "crossings": crossings,
        "unknown_position": unknown,
        "suppressed": suppressed,
    }


def _hide_changes(raw: dict[str, Any], *, min_cell: int) -> tuple[set[str], set[str]]:
    """The hidden cells of winners, losers and the distribution, which hang together:
    winners + losers + unchanged = all households (published), the gain bands add up to the
    winners and the loss bands to the losers. Each of those sums is a margin; a margin that is
    itself hidden hides its whole table (else it would be their sum). Repeated until stable."""
    bands = {row["band"]: row["households"] for row in raw["distribution"]}
    groups = {
        "winners": raw["winners"]["households"],
        "losers": raw["losers"]["households"],
        "gelijk": bands.get("gelijk", 0),
    }
    gains = {key: bands[key] for key in BAND_KEYS if key.startswith("winst_")}
    losses = {key: bands[key] for key in BAND_KEYS if key.startswith("verlies_")}
    hidden_groups: set[str] = set()
    hidden_bands: set[str] = set()
    while True:
        before = (len(hidden_groups), len(hidden_bands))
        hidden_groups |= suppress_with_margin(
            groups, margin_published=True, min_cell=min_cell, already=hidden_groups
        )
        if margin_must_hide(groups, hidden_groups, min_cell=min_cell):
            hidden_groups |= {key for key, count in groups.items() if count}
        for margin, table in (("winners", gains), ("losers", losses)):
            if margin in hidden_groups:
                hidden_bands |= {key for key, count in table.items() if count}
                continue
            found = suppress_with_margin(
                table, margin_published=True, min_cell=min_cell, already=hidden_bands
            )
            hidden_bands |= found
            if margin_must_hide(table, found, min_cell=min_cell):
                hidden_groups.add(margin)
        if "gelijk" in hidden_groups:
            hidden_bands.add("gelijk")
        if (len(hidden_groups), len(hidden_bands)) == before:
            return hidden_groups, hidden_bands


# --- typical households: the marginal burden before and after ---------------------------------

TYPICAL_HOUSEHOLDS: tuple[tuple[str, str, dict[str, Any]], ...] = (
    (
        "alleenstaande",
        "Alleenstaande, 35 jaar, sociale huur € 650, geen inkomen",
        {
            "members": [
                {
                    "ref": "p1",
                    "relation": "applicant",
                    "birth_date": "1991-01-01",
                    "incomes": [],
                    "health_insured": True,
                },
            ],
            "assets_total": "0.00",
            "housing": {"tenure": "social_rent", "basic_rent": "650.00", "service_costs": "0.00"},
        },
    ),
    (
        "alleenstaande_ouder",
        "Alleenstaande ouder, 32 jaar, twee kinderen (6 en 9), sociale huur € 750, geen inkomen",
        {
            "members": [
                {
                    "ref": "p1",
                    "relation": "applicant",
                    "birth_date": "1994-01-01",
                    "incomes": [],
                    "health_insured": True,
                },
                {"ref": "c1", "relation": "child", "birth_date": "2020-01-01"},
                {"ref": "c2", "relation": "child", "birth_date": "2017-01-01"},
            ],
            "assets_total": "0.00",
            "housing": {"tenure": "social_rent", "basic_rent": "750.00", "service_costs": "0.00"},
        },
    ),
    (
        "paar_met_kinderen",
        "Paar, 40 jaar, twee kinderen (8 en 12), sociale huur € 800, geen inkomen",
        {
            "members": [
                {
                    "ref": "p1",
                    "relation": "applicant",
                    "birth_date": "1986-01-01",
                    "incomes": [],
                    "health_insured": True,
                },
                {
                    "ref": "p2",
                    "relation": "partner",
                    "birth_date": "1986-01-01",
                    "incomes": [],
                    "health_insured": True,
                },
                {"ref": "c1", "relation": "child", "birth_date": "2018-01-01"},
                {"ref": "c2", "relation": "child", "birth_date": "2014-01-01"},
            ],
            "assets_total": "0.00",
            "housing": {"tenure": "social_rent", "basic_rent": "800.00", "service_costs": "0.00"},
        },
    ),
)
BURDEN_STEP = Decimal(500)
BURDEN_MAX = Decimal(2000)


def typical_burdens(
    *, reference_date: date, municipality_code: str, baseline: ParameterSet, reform: ParameterSet
) -> list[dict[str, Any]]:
    """Per typical household and step of extra gross wages (0..2,000 per month by 500): disposable
    income and marginal burden once the temporary vrijlating has ended, before and after."""
    rows = []
    for key, label, facts in TYPICAL_HOUSEHOLDS:
        household = parse_household(
            {
                **facts,
                "reference_date": reference_date.isoformat(),
                "municipality_code": municipality_code,
            }
        )
        sides = {}
        for side, parameters in (("before", baseline), ("after", reform)):
            sides[side] = work_pays(
                household,
                member_ref="p1",
                max_gross_monthly=BURDEN_MAX,
                step=BURDEN_STEP,
                parameters=parameters,
            )
        steps = []
        for old, new in zip(sides["before"], sides["after"], strict=True):
            steps.append(
                {
                    "extra_gross_monthly": _money(old.extra_gross_monthly),
                    "disposable_before": _optional_money(
                        old.disposable_income_after_vrijlating_monthly
                    ),
                    "disposable_after": _optional_money(
                        new.disposable_income_after_vrijlating_monthly
                    ),
                    "burden_before": _ratio(old.marginal_burden_after_vrijlating),
                    "burden_after": _ratio(new.marginal_burden_after_vrijlating),
                }
            )
        rows.append({"key": key, "label": label, "steps": steps})
    return rows


def _optional_money(value: Decimal | None) -> str | None:
    return None if value is None else _money(value)


def _ratio(value: Decimal | None) -> str | None:
    return None if value is None else str(value)
