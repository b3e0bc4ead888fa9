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

from regulations.schemes.facts import CHILDCARE_KINDS, TENURES, WORK_INCOME_KINDS, HouseholdFacts

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


class Columns:
    """The columns of a batch of households (built once, read by every scheme)."""

    def __init__(self, households: Sequence[HouseholdFacts], reference_date: date) -> None:
        self.reference_date = reference_date
        self.n = n = len(households)
        # household table
        assets = [0] * n
        assets_known = [False] * n
        tenure = [NO_VALUE] * n
        basic_rent = [0] * n
        basic_rent_known = [False] * n
        service_known = [False] * n
        debts = [NO_VALUE] * n  # number of debts, -1 unknown
        since_months = [0] * n
        since_known = [False] * n
        tax = [0] * n
        tax_known = [False] * n
        start = [0] * n
        partner_at = [NO_VALUE] * n  # position in the member table, -1 without partner
        # member table
        household: list[int] = []
        relation: list[int] = []
        index: list[int] = []
        birth_year: list[int] = []
        birth_month: list[int] = []
        birth_day: list[int] = []
        assessed: list[int] = []
        assessed_known: list[bool] = []
        incomes_known: list[bool] = []
        net_all: list[int] = []  # every net income
        net_all_known: list[bool] = []
        net_own: list[int] = []  # without bijstand (the bijstand's own means test)
        net_own_known: list[bool] = []
        gross: list[int] = []
        gross_known: list[bool] = []
        new_work: list[bool] = []  # earnings of new work (Werken loont?): the vrijlating applies
        earning: list[bool] = []  # any income other than bijstand
        not_benefit: list[bool] = []  # any income other than bijstand, WW, WIA or Wajong
        insured: list[int] = []
        works: list[int] = []
        care_kind: list[int] = []
        care_hours: list[float] = []
        care_hours_known: list[bool] = []
        care_rate: list[float] = []
        care_rate_known: list[bool] = []
        ry, rm = reference_date.year, reference_date.month
        rd = reference_date.day
        for row, facts in enumerate(households):
            start[row] = len(relation)
            if facts.assets_total is not None:
                assets[row] = _cents(facts.assets_total)
                assets_known[row] = True
            housing = facts.housing
            if housing is not None:
                tenure[row] = TENURE_CODES[housing.tenure]
                if housing.basic_rent is not None:
                    basic_rent[row] = _cents(housing.basic_rent)
                    basic_rent_known[row] = True
                service_known[row] = housing.service_costs is not None
            if facts.debts is not None:
                debts[row] = len(facts.debts)
            since = facts.low_income_since
            if since is not None:
                since_known[row] = True
                since_months[row] = (
                    (ry - since.year) * 12 + rm - since.month - (rd < since.day)
                )  # age_in_months
            if facts.municipal_tax_yearly is not None:
                tax[row] = _cents(facts.municipal_tax_yearly)
                tax_known[row] = True
            for member in facts.members:
                code = RELATION_CODES[member.relation]
                if code == PARTNER:
                    partner_at[row] = len(relation)
                household.append(row)
                relation.append(code)
                index.append(member.index)
                born = member.birth_date
                birth_year.append(born.year)
                birth_month.append(born.month)
                birth_day.append(born.day)
                value = member.assessed_income_yearly
                assessed_known.append(value is not None)
                assessed.append(0 if value is None else _cents(value))
                member_incomes = member.incomes
                if member_incomes is None:
                    incomes_known.append(False)
                    net_all.append(0)
                    net_all_known.append(False)
                    net_own.append(0)
                    net_own_known.append(False)
                    gross.append(0)
                    gross_known.append(False)
                    new_work.append(False)
                    earning.append(False)
                    not_benefit.append(False)
                    works_from_income = False
                else:
                    total_net = total_own = total_gross = 0
                    net_ok = own_ok = gross_ok = True
                    is_new = is_earning = is_other = works_from_income = False
                    for income in member_incomes:
                        kind = income.kind
                        net = income.net_monthly
                        if net is None:
                            net_ok = False
                            if kind != "bijstand":
                                own_ok = False
                        else:
                            cents = _cents(net)
                            total_net += cents
                            if kind != "bijstand":
                                total_own += cents
                        if income.new_work:
                            is_new = True
                        if income.gross_monthly is None:
                            gross_ok = False
                        else:
                            total_gross += _cents(income.gross_monthly)
                        if kind != "bijstand":
                            is_earning = True
                            if kind not in BENEFIT_KINDS:
                                is_other = True
                        if kind in _WORK:
                            works_from_income = True
                    incomes_known.append(True)
                    net_all.append(total_net)
                    net_all_known.append(net_ok)
                    net_own.append(total_own)
                    net_own_known.append(own_ok)
                    gross.append(total_gross)
                    gross_known.append(gross_ok)
                    new_work.append(is_new)
                    earning.append(is_earning)
                    not_benefit.append(is_other)
                insured.append(
                    NO_VALUE if member.health_insured is None else int(member.health_insured)
                )
                if member.works_or_studies is not None:
                    works.append(int(member.works_or_studies))
                else:
                    works.append(1 if works_from_income else NO_VALUE)
                care = member.childcare
                if care is None:
                    care_kind.append(NO_VALUE)
                    care_hours.append(0.0)
                    care_hours_known.append(False)
                    care_rate.append(0.0)
                    care_rate_known.append(False)
                else:
                    care_kind.append(CHILDCARE_CODES[care.kind])
                    care_hours_known.append(care.hours_monthly is not None)
                    care_hours.append(
                        0.0 if care.hours_monthly is None else float(care.hours_monthly)
                    )
                    care_rate_known.append(care.hourly_rate is not None)
                    care_rate.append(0.0 if care.hourly_rate is None else float(care.hourly_rate))

        i64 = np.int64
        self.assets = np.array(assets, dtype=i64)
        self.assets_known = np.array(assets_known, dtype=bool)
        self.tenure = np.array(tenure, dtype=np.int8)
        self.basic_rent = np.array(basic_rent, dtype=i64)
        self.basic_rent_known = np.array(basic_rent_known, dtype=bool)
        self.service_known = np.array(service_known, dtype=bool)
        self.debts = np.array(debts, dtype=np.int32)
        self.since_months = np.array(since_months, dtype=np.int32)
        self.since_known = np.array(since_known, dtype=bool)
        self.tax = np.array(tax, dtype=i64)
        self.tax_known = np.array(tax_known, dtype=bool)
        self.start = np.array(start, dtype=np.int64)
        self.partner_at = np.array(partner_at, dtype=np.int64)
        self.has_partner = self.partner_at >= 0

        self.member_household = np.array(household, dtype=np.int64)
        self.relation = np.array(relation, dtype=np.int8)
        self.index = np.array(index, dtype=np.int32)
        by = np.array(birth_year, dtype=np.int32)
        bm = np.array(birth_month, dtype=np.int32)
        bd = np.array(birth_day, dtype=np.int32)
        self.birth_year, self.birth_month, self.birth_day = by, bm, bd
        self.age = age_on(by, bm, bd, reference_date)
        self.age_months = (ry - by) * 12 + rm - bm - (rd < bd)
        self.assessed = np.array(assessed, dtype=i64)
        self.assessed_known = np.array(assessed_known, dtype=bool)
        self.incomes_known = np.array(incomes_known, dtype=bool)
        self.net_all = np.array(net_all, dtype=i64)
        self.net_all_known = np.array(net_all_known, dtype=bool)
        self.net_own = np.array(net_own, dtype=i64)
        self.net_own_known = np.array(net_own_known, dtype=bool)
        self.gross = np.array(gross, dtype=i64)
        self.gross_known = np.array(gross_known, dtype=bool)
        self.new_work = np.array(new_work, dtype=bool)
        self.earning = np.array(earning, dtype=bool)
        self.not_benefit = np.array(not_benefit, dtype=bool)
        self.insured = np.array(insured, dtype=np.int8)
        self.works = np.array(works, dtype=np.int8)
        self.care_kind = np.array(care_kind, dtype=np.int8)
        self.care_hours = np.array(care_hours, dtype=np.float64)
        self.care_hours_known = np.array(care_hours_known, dtype=bool)
        self.care_rate = np.array(care_rate, dtype=np.float64)
        self.care_rate_known = np.array(care_rate_known, dtype=bool)
        self.size = np.bincount(self.member_household, minlength=n)
        self.is_child = self.relation == CHILD

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
