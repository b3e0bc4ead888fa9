"""HouseholdFacts as columns: one household table and one flat member table.

Money is kept in whole cents (int64; the facts accept at most two decimals, so this is lossless),
so sums, differences and comparisons of money are exact; only products with a ratio become
floats. Unknown money is 0 in its int column with a separate ``*_known`` flag column.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

import numpy as np

from regulations.schemes.facts import (
    CHILDCARE_KINDS,
    INCOME_KINDS,
    TENURES,
    WORK_INCOME_KINDS,
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

    numpy converts the Decimals to float64 in C; a fact has at most two decimals and stays far
    below 2**53 cents, so rounding the float times 100 gives its exact cents. A value that is not
    within a thousandth of a cent of a whole cent (more decimals: not a parsed fact) takes the
    exact Decimal conversion."""
    floats = np.array(values, dtype=np.float64)  # None becomes NaN
    known = ~np.isnan(floats)
    scaled = np.where(known, floats * 100, 0.0)
    cents = np.rint(scaled)
    inexact = np.flatnonzero(np.abs(scaled - cents) > 1e-3)
    result = cents.astype(np.int64)
    for position in inexact.tolist():
        result[position] = _cents(values[position])  # type: ignore[arg-type]
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
        self.reference_date = reference_date
        self.n = n = len(households)
        ry, rm, rd = reference_date.year, reference_date.month, reference_date.day

        # --- household table
        self.assets, self.assets_known = _money([h.assets_total for h in households])
        housing = [h.housing for h in households]
        self.tenure = np.array(
            [NO_VALUE if x is None else TENURE_CODES[x.tenure] for x in housing], dtype=np.int8
        )
        self.basic_rent, self.basic_rent_known = _money(
            [None if x is None else x.basic_rent for x in housing]
        )
        self.service_known = np.array(
            [x is not None and x.service_costs is not None for x in housing], dtype=bool
        )
        self.debts = np.array(
            [NO_VALUE if x is None else len(x) for x in [h.debts for h in households]],
            dtype=np.int32,
        )  # number of debts, -1 unknown
        since = [h.low_income_since for h in households]
        since_known = np.array([x is not None for x in since], dtype=bool)
        since_ordinal = np.array(
            [_EPOCH if x is None else x.toordinal() for x in since], dtype=np.int64
        )
        sy, sm, sd = _dates(since_ordinal)
        self.since_known = since_known
        self.since_months = np.where(since_known, (ry - sy) * 12 + rm - sm - (rd < sd), 0).astype(
            np.int32
        )  # age_in_months
        self.tax, self.tax_known = _money([h.municipal_tax_yearly for h in households])

        # --- member table: every household's members in one flat list
        member_lists = [h.members for h in households]
        sizes = np.array([len(x) for x in member_lists], dtype=np.int64)
        members = [m for x in member_lists for m in x]
        count = len(members)
        self.member_household = np.repeat(np.arange(n, dtype=np.int64), sizes)
        self.start = np.cumsum(sizes) - sizes
        self.relation = relation = np.array(
            [RELATION_CODES[m.relation] for m in members], dtype=np.int8
        )
        partners = np.flatnonzero(relation == PARTNER)
        partner_at = np.full(n, NO_VALUE, dtype=np.int64)  # position in the member table
        partner_at[self.member_household[partners]] = partners
        self.partner_at = partner_at
        self.has_partner = partner_at >= 0
        self.index = np.array([m.index for m in members], dtype=np.int32)
        by, bm, bd = _dates(np.array([m.birth_date.toordinal() for m in members], dtype=np.int64))
        self.birth_year, self.birth_month, self.birth_day = by, bm, bd
        self.age = age_on(by, bm, bd, reference_date)
        self.age_months = (ry - by) * 12 + rm - bm - (rd < bd)
        self.assessed, self.assessed_known = _money([m.assessed_income_yearly for m in members])

        # --- incomes: flattened once, summed per member
        income_lists = [m.incomes for m in members]
        self.incomes_known = incomes_known = np.array(
            [x is not None for x in income_lists], dtype=bool
        )
        per_member = np.array([len(x) if x else 0 for x in income_lists], dtype=np.int64)
        owner = np.repeat(np.arange(count, dtype=np.int64), per_member)
        incomes = [i for x in income_lists if x for i in x]
        kind = np.array([_KIND_CLASS[i.kind] for i in incomes], dtype=np.int8)
        net, net_known = _money([i.net_monthly for i in incomes])
        gross, gross_known = _money([i.gross_monthly for i in incomes])
        new_work = np.array([i.new_work for i in incomes], dtype=bool)
        bijstand = kind == _BIJSTAND
        self.net_all = _per_member(owner, net, count)  # every net income
        self.net_all_known = incomes_known & ~_any_per_member(owner, ~net_known, count)
        # without bijstand (the bijstand's own means test)
        self.net_own = _per_member(owner, np.where(bijstand, 0, net), count)
        self.net_own_known = incomes_known & ~_any_per_member(owner, ~net_known & ~bijstand, count)
        self.gross = _per_member(owner, gross, count)
        self.gross_known = incomes_known & ~_any_per_member(owner, ~gross_known, count)
        # earnings of new work (Werken loont?): the vrijlating applies
        self.new_work = _any_per_member(owner, new_work, count)
        # any income other than bijstand; any other than bijstand, WW, WIA or Wajong
        self.earning = _any_per_member(owner, ~bijstand, count)
        self.not_benefit = _any_per_member(owner, (kind == _WORK_KIND) | (kind == _OTHER), count)
        works_from_income = _any_per_member(owner, kind == _WORK_KIND, count)

        self.insured = np.array([_TRI_STATE[m.health_insured] for m in members], dtype=np.int8)
        works = np.array([_TRI_STATE[m.works_or_studies] for m in members], dtype=np.int8)
        self.works = np.where(
            works == NO_VALUE, np.where(works_from_income, 1, NO_VALUE), works
        ).astype(np.int8)

        # --- childcare: few members have it
        care_kind = np.full(count, NO_VALUE, dtype=np.int8)
        care_hours = np.zeros(count, dtype=np.float64)
        care_hours_known = np.zeros(count, dtype=bool)
        care_rate = np.zeros(count, dtype=np.float64)
        care_rate_known = np.zeros(count, dtype=bool)
        for position, member in enumerate(members):
            care = member.childcare
            if care is None:
                continue
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
        self.size = sizes
        self.is_child = relation == CHILD

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
