"""HouseholdFacts as columns: one household table and one flat member table.

Money is kept in whole cents (int64; the facts accept at most two decimals, so this is lossless),
so sums, differences and comparisons of money are exact; only products with a ratio become
floats. Unknown money is 0 in its int column with a separate ``*_known`` flag column.
"""

from __future__ import annotations

import gc
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from itertools import compress

import numpy as np

from regulations.schemes.facts import (
    CHILDCARE_KINDS,
    INCOME_KINDS,
    TENURES,
    WORK_INCOME_KINDS,
    ChildcareFacts,
    HouseholdFacts,
)

RELATION_CODES = {"applicant": 0, "partner": 1, "child": 2, "housemate": 3}
APPLICANT, PARTNER, CHILD, HOUSEMATE = 0, 1, 2, 3
TENURE_CODES = {tenure: code for code, tenure in enumerate(TENURES)}
CHILDCARE_CODES = {kind: code for code, kind in enumerate(CHILDCARE_KINDS)}
CHILDCARE_NONE = CHILDCARE_CODES["none"]
NO_VALUE = -1  # tenure/childcare/tri-state columns: not given
# Benefits that can make a partner the alleenverdiener (tegemoetkoming_alleenverdieners).
BENEFIT_KINDS = frozenset({"ww", "wia", "wajong"})
_WORK = frozenset(WORK_INCOME_KINDS)


def _cents(value: Decimal) -> int:
    return int(value * 100)


_EPOCH = date(1970, 1, 1).toordinal()
_TRI_STATE = {None: NO_VALUE, False: 0, True: 1}
_BIJSTAND, _BENEFIT, _WORK_KIND, _OTHER = 0, 1, 2, 3
# Per income kind: bijstand, a benefit that can make a partner the alleenverdiener, work, other.
_KIND_CLASS = {
    kind: _BIJSTAND
    if kind == "bijstand"
    else _BENEFIT
    if kind in BENEFIT_KINDS
    else _WORK_KIND
    if kind in _WORK
    else _OTHER
    for kind in INCOME_KINDS
}


def _money(values: list[Decimal | None]) -> tuple[np.ndarray, np.ndarray]:
    """Money facts in whole cents (int64, 0 where unknown) and whether each is known.

    One batch conversion instead of ``int(value * 100)`` per value: a fact has at most two
    decimals and stays far below 2**53 cents, so the float64 of the Decimal times 100, rounded,
    is its exact number of cents. A value that is not within a thousandth of a cent of a whole
    cent (more decimals: not a parsed fact) takes the exact Decimal conversion."""
    flags = [value is not None for value in values]
    present = list(compress(values, flags))
    known = np.array(flags, dtype=bool)
    scaled = np.fromiter(map(float, present), dtype=np.float64, count=len(present)) * 100
    cents = np.rint(scaled)
    exact = cents.astype(np.int64)
    for position in np.flatnonzero(np.abs(scaled - cents) > 1e-3).tolist():
        exact[position] = _cents(present[position])  # type: ignore[arg-type]
    result = np.zeros(len(values), dtype=np.int64)
    result[known] = exact
    return result, known


def _dates(ordinals: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Year, month and day columns (int32) of proleptic Gregorian ordinals."""
    days = (ordinals - _EPOCH).astype("datetime64[D]")
    years = days.astype("datetime64[Y]")
    months = days.astype("datetime64[M]")
    year = years.astype(np.int32) + 1970
    month = (months - years.astype("datetime64[M]")).astype(np.int32) + 1
    day = (days - months.astype("datetime64[D]")).astype(np.int32) + 1
    return year, month, day


def _per_member(owner: np.ndarray, weights: np.ndarray, members: int) -> np.ndarray:
    """Per member the sum of its incomes' ``weights`` (int64 exact: float64 holds whole cents
    far beyond any income, 2**53)."""
    return np.rint(np.bincount(owner, weights=weights, minlength=members)).astype(np.int64)


def _any_per_member(owner: np.ndarray, mask: np.ndarray, members: int) -> np.ndarray:
    return np.bincount(owner[mask], minlength=members) > 0


class Columns:
    """The columns of a batch of households (built once, read by every scheme).

    Built field by field over the whole batch (one list comprehension per fact, the members and
    the incomes flattened once), not household by household: the per-row Python work is a few
    attribute reads, the rest is numpy."""

    def __init__(self, households: Sequence[HouseholdFacts], reference_date: date) -> None:
        # Hundreds of thousands of short-lived lists and objects, none in a cycle: the cyclic
        # collector would rescan them (and the facts) over and over; reference counting frees them.
        collecting = gc.isenabled()
        gc.disable()
        try:
            self._build(households, reference_date)
        finally:
            if collecting:
                gc.enable()

    def _build(self, households: Sequence[HouseholdFacts], reference_date: date) -> None:
        self.reference_date = reference_date
        self.n = n = len(households)
        ry, rm, rd = reference_date.year, reference_date.month, reference_date.day
        # One pass over the households and their members collects the raw facts (money as the
        # Decimals themselves, dates as ordinals); the conversions run per column afterwards.
        assets: list[Decimal | None] = []
        tenure: list[int] = []
        basic_rent: list[Decimal | None] = []
        service_known: list[bool] = []
        debts: list[int] = []  # number of debts, -1 unknown
        since: list[int] = []  # ordinal, _EPOCH when unknown
        since_known: list[bool] = []
        tax: list[Decimal | None] = []
        sizes: list[int] = []
        relation: list[int] = []
        index: list[int] = []
        birth: list[int] = []  # ordinal
        assessed: list[Decimal | None] = []
        incomes_known: list[bool] = []
        insured: list[int] = []
        works: list[int] = []
        cares: list[tuple[int, ChildcareFacts]] = []
        owner: list[int] = []  # per income: its member's position
        kind: list[int] = []
        net: list[Decimal | None] = []
        gross: list[Decimal | None] = []
        new_work: list[int] = []  # positions of incomes from new work
        tri_state = _TRI_STATE
        relation_codes = RELATION_CODES
        kind_class = _KIND_CLASS
        for facts in households:
            assets.append(facts.assets_total)
            housing = facts.housing
            if housing is None:
                tenure.append(NO_VALUE)
                basic_rent.append(None)
                service_known.append(False)
            else:
                tenure.append(TENURE_CODES[housing.tenure])
                basic_rent.append(housing.basic_rent)
                service_known.append(housing.service_costs is not None)
            debts.append(NO_VALUE if facts.debts is None else len(facts.debts))
            low_since = facts.low_income_since
            if low_since is None:
                since.append(_EPOCH)
                since_known.append(False)
            else:
                since.append(low_since.toordinal())
                since_known.append(True)
            tax.append(facts.municipal_tax_yearly)
            members = facts.members
            sizes.append(len(members))
            for member in members:
                position = len(relation)
                relation.append(relation_codes[member.relation])
                index.append(member.index)
                birth.append(member.birth_date.toordinal())
                assessed.append(member.assessed_income_yearly)
                member_incomes = member.incomes
                incomes_known.append(member_incomes is not None)
                if member_incomes:
                    for income in member_incomes:
                        if income.new_work:
                            new_work.append(len(owner))
                        owner.append(position)
                        kind.append(kind_class[income.kind])
                        net.append(income.net_monthly)
                        gross.append(income.gross_monthly)
                insured.append(tri_state[member.health_insured])
                works.append(tri_state[member.works_or_studies])
                if member.childcare is not None:
                    cares.append((position, member.childcare))

        # --- household table
        self.assets, self.assets_known = _money(assets)
        self.tenure = np.array(tenure, dtype=np.int8)
        self.basic_rent, self.basic_rent_known = _money(basic_rent)
        self.service_known = np.array(service_known, dtype=bool)
        self.debts = np.array(debts, dtype=np.int32)
        self.since_known = since_known_column = np.array(since_known, dtype=bool)
        sy, sm, sd = _dates(np.array(since, dtype=np.int64))
        self.since_months = np.where(
            since_known_column, (ry - sy) * 12 + rm - sm - (rd < sd), 0
        ).astype(np.int32)  # age_in_months
        self.tax, self.tax_known = _money(tax)

        # --- member table
        count = len(relation)
        size = np.array(sizes, dtype=np.int64)
        self.member_household = np.repeat(np.arange(n, dtype=np.int64), size)
        self.start = np.cumsum(size) - size
        self.relation = relation_column = np.array(relation, dtype=np.int8)
        partners = np.flatnonzero(relation_column == PARTNER)
        partner_at = np.full(n, NO_VALUE, dtype=np.int64)  # position in the member table
        partner_at[self.member_household[partners]] = partners
        self.partner_at = partner_at
        self.has_partner = partner_at >= 0
        self.index = np.array(index, dtype=np.int32)
        by, bm, bd = _dates(np.array(birth, dtype=np.int64))
        self.birth_year, self.birth_month, self.birth_day = by, bm, bd
        self.age = age_on(by, bm, bd, reference_date)
        self.age_months = (ry - by) * 12 + rm - bm - (rd < bd)
        self.assessed, self.assessed_known = _money(assessed)

        # --- incomes, summed per member
        self.incomes_known = known = np.array(incomes_known, dtype=bool)
        owners = np.array(owner, dtype=np.int64)
        kinds = np.array(kind, dtype=np.int8)
        net_cents, net_known = _money(net)
        gross_cents, gross_known = _money(gross)
        bijstand = kinds == _BIJSTAND
        self.net_all = _per_member(owners, net_cents, count)  # every net income
        self.net_all_known = known & ~_any_per_member(owners, ~net_known, count)
        # without bijstand (the bijstand's own means test)
        self.net_own = _per_member(owners, np.where(bijstand, 0, net_cents), count)
        self.net_own_known = known & ~_any_per_member(owners, ~net_known & ~bijstand, count)
        self.gross = _per_member(owners, gross_cents, count)
        self.gross_known = known & ~_any_per_member(owners, ~gross_known, count)
        # earnings of new work (Werken loont?): the vrijlating applies
        self.new_work = np.zeros(count, dtype=bool)
        self.new_work[owners[np.array(new_work, dtype=np.int64)]] = True
        # any income other than bijstand; any other than bijstand, WW, WIA or Wajong
        self.earning = _any_per_member(owners, ~bijstand, count)
        self.not_benefit = _any_per_member(owners, (kinds == _WORK_KIND) | (kinds == _OTHER), count)
        works_from_income = _any_per_member(owners, kinds == _WORK_KIND, count)
        self.insured = np.array(insured, dtype=np.int8)
        given = np.array(works, dtype=np.int8)
        self.works = np.where(
            given == NO_VALUE, np.where(works_from_income, 1, NO_VALUE), given
        ).astype(np.int8)

        # --- childcare: few members have it
        care_kind = np.full(count, NO_VALUE, dtype=np.int8)
        care_hours = np.zeros(count, dtype=np.float64)
        care_hours_known = np.zeros(count, dtype=bool)
        care_rate = np.zeros(count, dtype=np.float64)
        care_rate_known = np.zeros(count, dtype=bool)
        for position, care in cares:
            care_kind[position] = CHILDCARE_CODES[care.kind]
            if care.hours_monthly is not None:
                care_hours[position] = float(care.hours_monthly)
                care_hours_known[position] = True
            if care.hourly_rate is not None:
                care_rate[position] = float(care.hourly_rate)
                care_rate_known[position] = True
        self.care_kind = care_kind
        self.care_hours, self.care_hours_known = care_hours, care_hours_known
        self.care_rate, self.care_rate_known = care_rate, care_rate_known
        self.size = size
        self.is_child = relation_column == CHILD

    # --- per-household views of the applicant and the partner ---------------------------------

    def applicant(self, column: np.ndarray) -> np.ndarray:
        return column[self.start]

    def partner(self, column: np.ndarray, fill: object = 0) -> np.ndarray:
        """The partner's value per household; ``fill`` where there is no partner."""
        values = column[np.where(self.has_partner, self.partner_at, 0)]
        return np.where(self.has_partner, values, fill)

    def count(self, member_mask: np.ndarray) -> np.ndarray:
        """Per household: how many members satisfy the mask."""
        return np.bincount(self.member_household[member_mask], minlength=self.n)

    def total(self, values: np.ndarray, member_mask: np.ndarray | None = None) -> np.ndarray:
        """Per household: the sum of ``values`` over the members in the mask (int64 exact)."""
        if member_mask is None:
            member_mask = np.ones(len(values), dtype=bool)
        # float64 weights are exact for whole cents far beyond any household's income (2**53).
        sums = np.bincount(
            self.member_household[member_mask], weights=values[member_mask], minlength=self.n
        )
        return np.rint(sums).astype(values.dtype)

    def any(self, member_mask: np.ndarray) -> np.ndarray:
        return self.count(member_mask) > 0


def age_on(
    birth_year: np.ndarray, birth_month: np.ndarray, birth_day: np.ndarray, on: date
) -> np.ndarray:
    """``age_in_years`` column-wise."""
    before_birthday = (on.month < birth_month) | ((on.month == birth_month) & (on.day < birth_day))
    return on.year - birth_year - before_birthday


def born_after(
    birth_year: np.ndarray, birth_month: np.ndarray, birth_day: np.ndarray, on: date
) -> np.ndarray:
    """The member's birth date is after ``on``."""
    return (birth_year > on.year) | (
        (birth_year == on.year)
        & ((birth_month > on.month) | ((birth_month == on.month) & (birth_day > on.day)))
    )
