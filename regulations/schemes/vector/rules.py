"""The twelve schemes column-wise. Each function follows its scalar module line by line (the
``explain=False`` path): the same parameter reads in the same order, the same branches as masks,
and the same ``missing`` lists (built per insufficient row with the scalar helpers).

Rows the columns cannot settle exactly go to the scalar engine (``Flow.scalar`` and
``Reads.fallback``): earnings from new work (the vrijlating), a rounding tie after a Decimal
division (the huurtoeslag's income correction), the pre-2026 normhuur method of the huurtoeslag,
a kinderopvangtoeslag income above the maximum band without a percentage table, and a parameter
the set does not have. In a realistic batch that is a few rows in a hundred thousand.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from typing import Any

import numpy as np

from regulations.schemes.bijstand import KOSTENDELERSNORM_SWITCH
from regulations.schemes.bijstand import _means as bijstand_means
from regulations.schemes.facts import (
    HouseholdFacts,
    MemberFacts,
    assessed_income,
    combined_assessed_income,
    net_income_monthly,
)
from regulations.schemes.kinderopvangtoeslag import works_or_studies
from regulations.schemes.params import ParameterSet
from regulations.schemes.results import cents

from .columns import (
    APPLICANT,
    CHILD,
    CHILDCARE_KINDS,
    CHILDCARE_NONE,
    HOUSEMATE,
    NO_VALUE,
    PARTNER,
    TENURE_CODES,
    Columns,
    age_on,
    born_after,
)
from .reads import EPS, Reads, cents_of, floor_units, round_half_up

ELIGIBLE, NOT_ELIGIBLE, INSUFFICIENT_DATA = 0, 1, 2
OUTCOME_NAMES = ("eligible", "not_eligible", "insufficient_data")
NONE = np.iinfo(np.int64).min  # no amount (None)

NORM_KEYS = (
    "alleenstaande_aow",
    "alleenstaande_21_aow",
    "alleenstaande_18_20",
    "gehuwden_aow",
    "gehuwden_21_aow",
    "gehuwden_beiden_18_20_met_kinderen",
    "gehuwden_beiden_18_20_zonder_kinderen",
    "gehuwden_een_18_20_met_kinderen",
    "gehuwden_een_18_20_zonder_kinderen",
)
HOUSEHOLD_TYPES = ("alleenstaande", "alleenstaande_ouder", "gehuwden")
ALLEENSTAANDE, ALLEENSTAANDE_OUDER, GEHUWDEN = 0, 1, 2


class Missing:
    """The ``missing`` lists of a scheme's insufficient rows, built when first read.

    A list is the scalar helpers' output for one household (Python per row); outcomes and
    amounts do not need them, so a caller that only reads those (a simulation) never pays for
    them, and ``to_results``/``to_json`` build them once. The builders only read the facts and
    intermediates that no rule changes after settling the rows."""

    __slots__ = ("_built", "_pending")

    def __init__(self) -> None:
        self._built: dict[int, list[str]] = {}
        self._pending: list[tuple[np.ndarray, Callable[[int], list[str]]]] = []

    def later(self, rows: np.ndarray, build: Callable[[int], list[str]]) -> None:
        if rows.any():
            self._pending.append((np.flatnonzero(rows), build))

    def __setitem__(self, row: int, paths: list[str]) -> None:
        self._built[row] = paths

    def get(self, row: int, default: Any = None) -> Any:
        if self._pending:
            self._build()
        return self._built.get(row, default)

    def _build(self) -> None:
        built = self._built
        for rows, build in self._pending:
            for row in rows.tolist():
                built[row] = build(row)
        self._pending.clear()


class Flow:
    """The outcome of one scheme over the batch, settled row group by row group like ``return``."""

    def __init__(self, code: str, parameters: ParameterSet, n: int) -> None:
        self.code = code
        self.reads = Reads(parameters, n)
        self.open = np.ones(n, dtype=bool)
        self.outcome = np.full(n, -1, dtype=np.int8)
        self.monthly = np.full(n, NONE, dtype=np.int64)
        self.yearly = np.full(n, NONE, dtype=np.int64)
        self.missing = Missing()

    def settle(self, mask: np.ndarray, outcome: int) -> np.ndarray:
        rows = mask & self.open
        self.outcome[rows] = outcome
        self.open &= ~rows
        return rows

    def insufficient(self, mask: np.ndarray, missing: list[str]) -> None:
        """Insufficient data with a ``missing`` list that is the same for every row."""
        rows = self.settle(mask, INSUFFICIENT_DATA)
        paths = list(missing)
        self.missing.later(rows, lambda _row: list(paths))

    def insufficient_by(self, mask: np.ndarray, build: Callable[[int], list[str]]) -> None:
        """Insufficient data; ``build(row)`` gives that row's ``missing`` list (the scalar order)."""
        self.missing.later(self.settle(mask, INSUFFICIENT_DATA), build)

    def scalar(self, mask: np.ndarray) -> None:
        """These rows are settled by the scalar engine."""
        rows = mask & self.open
        self.reads.falls_back(rows)
        self.open &= ~rows

    def eligible(self, mask: np.ndarray, monthly: object = NONE, yearly: object = NONE) -> None:
        rows = self.settle(mask, ELIGIBLE)
        self.monthly[rows] = np.broadcast_to(monthly, self.monthly.shape)[rows]
        self.yearly[rows] = np.broadcast_to(yearly, self.yearly.shape)[rows]


@dataclass(slots=True)
class Norm:
    present: np.ndarray  # a norm exists (the applicant is of the minimum age)
    amount: np.ndarray  # cents per month
    household_type: np.ndarray  # index in HOUSEHOLD_TYPES
    partner_counted: np.ndarray  # the partner has a norm of their own (18+)
    reads: Reads


class Batch:
    """The columns, the parameter set and the shared intermediates of one batch."""

    def __init__(
        self, households: Sequence[HouseholdFacts], columns: Columns, parameters: ParameterSet
    ) -> None:
        self.households = households
        self.c = columns
        self.p = parameters
        self.n = columns.n
        self.all = np.ones(self.n, dtype=bool)
        self._norms: dict[bool, Norm] = {}
        self._minimum: Norm | None = None
        c = columns
        self.app_age = c.applicant(c.age)
        self.app_months = c.applicant(c.age_months)
        self.partner_age = c.partner(c.age)
        self.partner_months = c.partner(c.age_months)
        self.minor_children = c.any(c.is_child & (c.age < 18))
        couple = (c.relation == APPLICANT) | (c.relation == PARTNER)
        self.couple_member = couple
        # combined_assessed_income of applicant and partner (any age): value and completeness.
        value = np.where(c.assessed_known, c.assessed, 12 * c.gross)
        complete = c.assessed_known | c.gross_known
        self.assessed_value = value
        self.assessed_complete = complete
        self.couple_income = c.total(value, couple)
        self.couple_income_complete = ~c.any(couple & ~complete)

    # --- bijstand norm and sociaal minimum (memoised per batch, as per screening in scalar) -----

    def norm(self, apply_kostendelers: bool) -> Norm:
        cached = self._norms.get(apply_kostendelers)
        if cached is None:
            cached = self._norm(apply_kostendelers)
            self._norms[apply_kostendelers] = cached
        return cached

    def _norm(self, apply_kostendelers: bool) -> Norm:
        c, n = self.c, self.n
        reads = Reads(self.p, n)
        minimum_age = reads.get("bijstand.minimumleeftijd", self.all)
        app_age, partner_age = self.app_age, self.partner_age
        present = app_age >= minimum_age
        aow_months = reads.get("aow.leeftijd_maanden", present)
        counted = c.has_partner & (partner_age >= minimum_age)
        app_aow = self.app_months >= aow_months
        partner_aow = self.partner_months >= aow_months
        minor = self.minor_children
        key = np.where(app_aow, 0, np.where(app_age >= 21, 1, 2))
        both_young = (app_age < 21) & (partner_age < 21)
        young_key = np.where(both_young, np.where(minor, 5, 6), np.where(minor, 7, 8))
        couple_key = np.where(
            app_aow | partner_aow, 3, np.where((app_age >= 21) & (partner_age >= 21), 4, young_key)
        )
        key = np.where(counted, couple_key, key)
        amount = reads.by_group("bijstand.norm.{}", NORM_KEYS, key, present)
        household_type = np.where(
            counted, GEHUWDEN, np.where(minor, ALLEENSTAANDE_OUDER, ALLEENSTAANDE)
        ).astype(np.int8)
        norm = Norm(present, amount, household_type, counted, reads)
        if not apply_kostendelers or reads.optional(KOSTENDELERSNORM_SWITCH, present) is False:
            return norm
        oldest = np.where(counted, np.maximum(app_age, partner_age), app_age)
        rows = present & (oldest >= 21)
        sharing_age = reads.get("bijstand.kostendelers.minimumleeftijd", rows)
        others = c.count(
            ((c.relation == CHILD) | (c.relation == HOUSEMATE)) & (c.age >= sharing_age)
        )
        rows &= others > 0
        sharers = others + (app_age >= 21) + (counted & (partner_age >= 21))
        base_key = np.where((key == 0) | (key == 3), 0, 1)
        base = reads.by_group(
            "bijstand.norm.{}", ("gehuwden_aow", "gehuwden_21_aow"), base_key, rows
        )
        fixed = Decimal(reads.get("bijstand.kostendelers.basispercentage", rows))
        share = Decimal(reads.get("bijstand.kostendelers.percentage_per_persoon", rows))
        # (40% + A x 30%) / A x base, rounded to cents: computed in Decimal exactly as the scalar
        # engine does, once per distinct (A, base) pair (a handful per batch).
        pairs = sharers * 10**10 + base
        distinct, position = np.unique(pairs[rows], return_inverse=True)
        values = [
            cents_of(cents((fixed + a * share) / a * (Decimal(base_cents) / 100)))
            for a, base_cents in (divmod(int(pair), 10**10) for pair in distinct)
        ]
        per_person = np.zeros(n, dtype=np.int64)
        per_person[rows] = np.array(values, dtype=np.int64)[position.ravel()]
        both_adult = counted & (np.minimum(app_age, partner_age) >= 21)
        rest = rows & counted & ~both_adult
        with_children = reads.get(
            "bijstand.norm.kostendeler_partner_18_20_met_kinderen", rest & minor, default=None
        )
        without = reads.get("bijstand.norm.alleenstaande_18_20", rest & ~minor, default=None)
        with_children = 0 if with_children is None else cents_of(with_children)
        without = 0 if without is None else cents_of(without)
        shared = np.where(
            ~counted,
            per_person,
            np.where(
                both_adult,
                per_person * 2,
                np.where(minor, per_person + with_children, per_person + without),
            ),
        )
        norm.amount = np.where(rows, shared, amount)
        return norm

    def sociaal_minimum(self) -> Norm:
        if self._minimum is None:
            reads = Reads(self.p, self.n)
            apply = bool(reads.get("minima.kostendelersnorm_toepassen", self.all, default=False))
            norm = self.norm(apply)
            reads.splice(norm.reads, self.all)
            present = norm.present
            amount = norm.amount
            if not reads.get("minima.basis_inclusief_vakantietoeslag", present, default=True):
                holiday = Decimal(reads.get("bijstand.vakantietoeslag_aandeel", present))
                amount, _tie = round_half_up(norm.amount * float(1 - holiday))
            self._minimum = Norm(present, amount, norm.household_type, norm.partner_counted, reads)
        return self._minimum

    # --- shared pieces ----------------------------------------------------------------------------

    def counted_members(self, norm: Norm) -> np.ndarray:
        c = self.c
        return (c.relation == APPLICANT) | (
            (c.relation == PARTNER) & norm.partner_counted[c.member_household]
        )

    def net_income(self, norm: Norm) -> tuple[np.ndarray, np.ndarray]:
        """``net_income_monthly(norm.counted)``: (cents, complete)."""
        c = self.c
        members = self.counted_members(norm)
        return c.total(c.net_all, members), ~c.any(members & ~c.net_all_known)

    def asset_check(self, flow: Flow, norm: Norm, rows: np.ndarray) -> np.ndarray:
        """``asset_limit_check``: reads the limit; returns rows above it (assets known)."""
        c = self.c
        family = np.where(norm.household_type == ALLEENSTAANDE, 0, 1)
        limit = flow.reads.by_group(
            "bijstand.vermogensgrens.{}", ("alleenstaande", "gezin"), family, rows
        )
        return c.assets_known & (c.assets > limit)


# --- ``missing`` lists, built per insufficient row with the scalar helpers, in the scalar order ---


def _couple(facts: HouseholdFacts) -> list[MemberFacts]:
    partner = next((m for m in facts.members if m.relation == "partner"), None)
    return [facts.members[0]] if partner is None else [facts.members[0], partner]


def _counted(b: Batch, norm: Norm, row: int) -> list[MemberFacts]:
    """``norm.counted``: the applicant, and the partner when they have a norm of their own."""
    couple = _couple(b.households[row])
    return couple if norm.partner_counted[row] else couple[:1]


def _assets(facts: HouseholdFacts) -> list[str]:
    return ["assets_total"] if facts.assets_total is None else []


def awir(
    reads: Reads,
    yearly_cents: np.ndarray,
    rows: np.ndarray,
    *,
    monthly_from_rounded: bool = True,
    inexact: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``awir_amounts`` on float cents: (monthly cents, yearly cents, granted).

    ``inexact``: rows whose yearly amount the scalar engine reached through a Decimal division;
    on a rounding tie those rows fall back (see ``reads.EPS``).
    """
    minimum = cents_of(reads.get("awir.minimum_jaarbedrag", rows))
    unrounded = np.maximum(yearly_cents, 0.0)
    euros, tie = round_half_up(unrounded / 100)
    if monthly_from_rounded:
        monthly = euros // 12
    else:
        # An exact Decimal quotient by 12 that is whole stays whole: no fallback needed here.
        monthly, _whole = floor_units(unrounded / 1200)
    if inexact is not None:
        reads.falls_back(rows & tie & inexact)
    return monthly * 100, euros * 100, euros * 100 >= minimum


# --- the schemes ------------------------------------------------------------------------------


def bijstand(b: Batch) -> Flow:
    c = b.c
    flow = Flow("bijstand", b.p, b.n)
    reads = flow.reads
    norm = b.norm(True)
    reads.splice(norm.reads, b.all)
    flow.settle(~norm.present, NOT_ELIGIBLE)
    reads.get("aow.leeftijd_maanden", flow.open)
    above = b.asset_check(flow, norm, flow.open.copy())
    members = b.counted_members(norm)
    income = c.total(c.net_own, members)
    income_known = ~c.any(members & ~(c.incomes_known & c.net_own_known))
    flow.settle(above, NOT_ELIGIBLE)
    flow.scalar(c.any(members & c.new_work))  # the vrijlating for new work
    flow.settle(income_known & (income >= norm.amount), NOT_ELIGIBLE)

    def missing(row: int) -> list[str]:
        return _assets(b.households[row]) + bijstand_means(_counted(b, norm, row))[1]

    flow.insufficient_by(~c.assets_known | ~income_known, missing)
    amount = norm.amount - income
    flow.eligible(flow.open.copy(), monthly=amount, yearly=amount * 12)
    return flow


def zorgtoeslag(b: Batch) -> Flow:
    c = b.c
    flow = Flow("zorgtoeslag", b.p, b.n)
    reads = flow.reads
    minimum_age = reads.get("zorgtoeslag.minimumleeftijd", b.all)
    flow.settle(b.app_age < minimum_age, NOT_ELIGIBLE)
    app_insured = c.applicant(c.insured)
    flow.settle(app_insured == 0, NOT_ELIGIBLE)
    partner_insured = c.partner(c.insured, fill=1)
    missing = (app_insured == NO_VALUE) | (partner_insured == NO_VALUE)
    limit_key = c.has_partner.astype(np.int8)  # alleenstaande | partner
    limit = reads.by_group(
        "zorgtoeslag.vermogensgrens.{}", ("alleenstaande", "partner"), limit_key, flow.open.copy()
    )
    flow.settle(c.assets_known & (c.assets > limit), NOT_ELIGIBLE)
    missing |= ~c.assets_known | ~b.couple_income_complete

    def missing_paths(row: int) -> list[str]:
        facts = b.households[row]
        couple = _couple(facts)
        paths = [f"{m.path}.health_insured" for m in couple if m.health_insured is None]
        return paths + _assets(facts) + combined_assessed_income(couple)[1]

    flow.insufficient_by(missing, missing_paths)
    rows = flow.open.copy()
    premium = cents_of(reads.get("zorgtoeslag.standaardpremie", rows))
    threshold = cents_of(reads.get("zorgtoeslag.drempelinkomen", rows))
    norm_share = reads.by_group(
        "zorgtoeslag.normpercentage.{}",
        ("alleenstaande", "partner"),
        limit_key,
        rows,
        convert=float,
        dtype=np.float64,
    )
    above_share = float(reads.get("zorgtoeslag.percentage_boven_drempel", rows))
    count = np.where(c.has_partner, 2, 1)
    norm_premium = norm_share * threshold + above_share * np.maximum(b.couple_income - threshold, 0)
    yearly = count * premium - norm_premium
    yearly = np.where(c.has_partner & (partner_insured == 0), yearly * 0.5, yearly)
    monthly, yearly_rounded, granted = awir(reads, yearly, rows)
    flow.settle(~granted, NOT_ELIGIBLE)
    flow.eligible(flow.open.copy(), monthly=monthly, yearly=yearly_rounded)
    return flow


def huurtoeslag(b: Batch) -> Flow:
    c = b.c
    flow = Flow("huurtoeslag", b.p, b.n)
    reads = flow.reads
    method = reads.get("huurtoeslag.rekenmethode", b.all, default="")
    minimum_age = reads.get("huurtoeslag.minimumleeftijd", b.all)
    flow.settle(b.app_age < minimum_age, NOT_ELIGIBLE)
    flow.insufficient(c.tenure == NO_VALUE, ["housing"])
    renting = (c.tenure == TENURE_CODES["social_rent"]) | (c.tenure == TENURE_CODES["private_rent"])
    flow.settle(~renting, NOT_ELIGIBLE)
    if method == "normhuur":
        # Up to 2025: the normhuur, service costs and a rent limit; left to the scalar engine.
        flow.scalar(flow.open.copy())
        return flow
    limit_key = c.has_partner.astype(np.int8)
    limit = reads.by_group(
        "huurtoeslag.vermogensgrens.{}", ("per_persoon", "partners"), limit_key, flow.open.copy()
    )
    flow.settle(c.assets_known & (c.assets > limit), NOT_ELIGIBLE)
    rows = flow.open.copy()
    max_rent = cents_of(reads.get("huurtoeslag.maximale_huurgrens", rows))
    youth_rent = cents_of(reads.get("huurtoeslag.jongerenhuurgrens", rows))
    youth_age = reads.get("huurtoeslag.jongeren_leeftijdsgrens", rows)
    children = c.any(c.is_child)
    all_young = ~children & ~c.any(~c.is_child & (c.age >= youth_age))
    rent = np.minimum(c.basic_rent, np.where(all_young, youth_rent, max_rent))
    # _household_income: applicant, partner and medebewoners; children under 23 above the
    # exemption; minors without a known income are assumed below it.
    exemption = cents_of(reads.get("huurtoeslag.vrijstelling_inkomen_kind", rows))
    value, complete = b.assessed_value, b.assessed_complete
    assumed = c.is_child & ~complete & (c.age < 18)
    young_child = c.is_child & (c.age < 23)
    counted_value = np.where(young_child, np.maximum(value - exemption, 0), value)
    income = c.total(counted_value, complete)
    income_missing = c.any(~complete & ~assumed)

    def missing(row: int) -> list[str]:
        facts = b.households[row]
        paths = [] if facts.housing.basic_rent is not None else ["housing.basic_rent"]  # type: ignore[union-attr]
        paths += _assets(facts)
        start = int(c.start[row])
        for offset, member in enumerate(facts.members):
            _value, _derived, member_missing = assessed_income(member)
            if member_missing and not (member.relation == "child" and c.age[start + offset] < 18):
                paths += member_missing
        return paths

    flow.insufficient_by(~c.basic_rent_known | ~c.assets_known | income_missing, missing)
    rows = flow.open.copy()
    single = (c.size == 1).astype(np.int8)
    type_key = 1 - single  # eenpersoons | meerpersoons
    types = ("eenpersoons", "meerpersoons")
    basishuur = reads.by_group("huurtoeslag.basishuur.{}", types, type_key, rows)
    ijkpunt = reads.by_group("huurtoeslag.inkomensijkpunt.{}", types, type_key, rows)
    share = reads.by_group(
        "huurtoeslag.afbouwpercentage.{}", types, type_key, rows, convert=float, dtype=np.float64
    )
    correction = share * np.maximum(income - ijkpunt, 0) / 12
    kkg = cents_of(reads.get("huurtoeslag.kwaliteitskortingsgrens", rows))
    ag_key = (c.size > 2).astype(np.int8)
    ag = reads.by_group(
        "huurtoeslag.aftoppingsgrens.{}", ("een_twee_personen", "drie_plus_personen"), ag_key, rows
    )
    share_b = float(reads.get("huurtoeslag.percentage_deel_b", rows))
    share_c = float(reads.get("huurtoeslag.percentage_deel_c", rows))
    part_a = np.maximum(np.minimum(rent, kkg) - basishuur, 0)
    part_b = share_b * np.maximum(np.minimum(rent, ag) - np.maximum(basishuur, kkg), 0)
    part_c = share_c * np.maximum(rent - np.maximum(basishuur, ag), 0)
    gross = part_a + part_b + part_c - correction
    monthly = np.maximum(gross, 0.0)
    # The correction is a Decimal division by 12: a tie after it may fall either way there.
    inexact = (correction > 0) & (gross > 0)
    _monthly, yearly, granted = awir(reads, monthly * 12, rows, inexact=inexact)
    floored, whole = floor_units(monthly / 100)
    reads.falls_back(rows & whole & inexact)
    flow.settle(~granted, NOT_ELIGIBLE)
    flow.eligible(flow.open.copy(), monthly=floored * 100, yearly=yearly)
    return flow


def kindgebonden_budget(b: Batch) -> Flow:
    c = b.c
    flow = Flow("kindgebonden_budget", b.p, b.n)
    reads = flow.reads
    month_start = c.reference_date.replace(day=1)
    previous_day = month_start - timedelta(days=1)
    age = age_on(c.birth_year, c.birth_month, c.birth_day, previous_day)
    entitled = c.is_child & ~born_after(c.birth_year, c.birth_month, c.birth_day, previous_day)
    entitled &= age < 18
    flow.settle(~c.any(entitled), NOT_ELIGIBLE)
    limit_key = c.has_partner.astype(np.int8)
    names = ("alleenstaande", "partner")
    limit = reads.by_group(
        "kindgebonden_budget.vermogensgrens.{}", names, limit_key, flow.open.copy()
    )
    flow.settle(c.assets_known & (c.assets > limit), NOT_ELIGIBLE)

    def missing(row: int) -> list[str]:
        facts = b.households[row]
        return _assets(facts) + combined_assessed_income(_couple(facts))[1]

    flow.insufficient_by(~c.assets_known | ~b.couple_income_complete, missing)
    rows = flow.open.copy()
    per_child = cents_of(reads.get("kindgebonden_budget.bedrag_per_kind", rows))
    supplement_12 = cents_of(reads.get("kindgebonden_budget.toeslag_12_15", rows))
    supplement_16 = cents_of(reads.get("kindgebonden_budget.toeslag_16_17", rows))
    count = c.count(entitled)
    count_12 = c.count(entitled & (age >= 12) & (age <= 15))
    count_16 = c.count(entitled & (age >= 16) & (age <= 17))
    maximum = count * per_child + count_12 * supplement_12 + count_16 * supplement_16
    top = reads.get("kindgebonden_budget.alleenstaande_ouderkop", rows & ~c.has_partner, None)
    if top is not None:
        maximum = np.where(c.has_partner, maximum, maximum + cents_of(top))
    threshold = reads.by_group("kindgebonden_budget.drempel.{}", names, limit_key, rows)
    share = float(reads.get("kindgebonden_budget.afbouwpercentage", rows))
    yearly = maximum - share * np.maximum(b.couple_income - threshold, 0)
    monthly, yearly_rounded, granted = awir(reads, yearly, rows, monthly_from_rounded=False)
    flow.settle(~granted, NOT_ELIGIBLE)
    flow.eligible(flow.open.copy(), monthly=monthly, yearly=yearly_rounded)
    return flow


def kinderbijslag(b: Batch) -> Flow:
    c = b.c
    flow = Flow("kinderbijslag", b.p, b.n)
    reads = flow.reads
    maximum_age = reads.get("kinderbijslag.maximum_leeftijd", b.all)
    on = c.reference_date
    start = on.replace(month=3 * ((on.month - 1) // 3) + 1, day=1)
    age = age_on(c.birth_year, c.birth_month, c.birth_day, start)
    counted = (
        c.is_child
        & ~born_after(c.birth_year, c.birth_month, c.birth_day, start)
        & (age < maximum_age)
    )
    flow.settle(~c.any(counted), NOT_ELIGIBLE)
    table = reads.get("kinderbijslag.bedrag_per_kwartaal", flow.open.copy(), default=None)
    if table is None:
        flow.scalar(flow.open.copy())
        return flow
    band = np.where(age < 6, 0, np.where(age < 12, 1, 2))
    amounts = np.array([cents_of(table[key]) for key in ("0_5", "6_11", "12_17")])
    per_quarter = c.total(amounts[band], counted)
    monthly = (2 * per_quarter + 3) // 6  # cents(per_quarter / 3), half up, exact
    flow.eligible(flow.open.copy(), monthly=monthly, yearly=per_quarter * 4)
    return flow


def kinderopvangtoeslag(b: Batch) -> Flow:
    c = b.c
    flow = Flow("kinderopvangtoeslag", b.p, b.n)
    reads = flow.reads
    maximum_age = reads.get("kinderopvangtoeslag.maximum_leeftijd", b.all)
    young = c.is_child & (c.age < maximum_age)
    flow.settle(~c.any(young), NOT_ELIGIBLE)
    care_missing = c.any(young & (c.care_kind == NO_VALUE))
    using = young & (c.care_kind != NO_VALUE) & (c.care_kind != CHILDCARE_NONE)
    flow.settle(~care_missing & ~c.any(using), NOT_ELIGIBLE)
    works_missing = c.any(b.couple_member & (c.works == NO_VALUE))
    flow.settle(c.any(b.couple_member & (c.works == 0)), NOT_ELIGIBLE)
    care_incomplete = c.any(using & ~(c.care_hours_known & c.care_rate_known))

    def missing(row: int) -> list[str]:
        facts = b.households[row]
        start = int(c.start[row])
        children = [
            member
            for offset, member in enumerate(facts.members)
            if member.relation == "child" and c.age[start + offset] < maximum_age
        ]
        paths = [f"{child.path}.childcare" for child in children if child.childcare is None]
        couple = _couple(facts)
        paths += [f"{m.path}.works_or_studies" for m in couple if works_or_studies(m) is None]
        for child in children:
            care = child.childcare
            if care is None or care.kind == "none":
                continue
            if care.hours_monthly is None:
                paths.append(f"{child.path}.childcare.hours_monthly")
            if care.hourly_rate is None:
                paths.append(f"{child.path}.childcare.hourly_rate")
        return paths + combined_assessed_income(couple)[1]

    flow.insufficient_by(
        care_missing | works_missing | care_incomplete | ~b.couple_income_complete, missing
    )
    rows = flow.open.copy()
    income = b.couple_income
    table = reads.optional("kinderopvangtoeslag.percentagetabel", rows)
    if table is None:
        band = cents_of(reads.get("kinderopvangtoeslag.inkomensgrens_maximaal_percentage", rows))
        flow.scalar(income > band)  # the scalar engine names the missing table
        rows = flow.open.copy()
        first_share = next_share = float(reads.get("kinderopvangtoeslag.maximaal_percentage", rows))
    else:
        starts = np.array([cents_of(start) for start, _first, _next in table])
        firsts = np.array([float(Decimal(first)) for _start, first, _next in table])
        nexts = np.array([float(Decimal(following)) for _start, _first, following in table])
        position = np.maximum(np.searchsorted(starts, income, side="right") - 1, 0)
        first_share, next_share = firsts[position], nexts[position]
    max_rates = reads.get("kinderopvangtoeslag.maximum_uurprijs", rows, default={})
    max_hours = float(reads.get("kinderopvangtoeslag.max_uren_per_maand", rows))
    rate_caps = np.array(
        [
            float(Decimal(max_rates.get(kind, 0))) if kind != "none" else 0.0
            for kind in CHILDCARE_KINDS
        ]
    )
    kind = np.maximum(c.care_kind, 0)
    hours = np.minimum(c.care_hours, max_hours)
    rate = np.minimum(c.care_rate, rate_caps[kind])
    cost = hours * rate
    # Besluit art. 3: the first child has the most hours; with equal hours the highest costs.
    members = np.flatnonzero(using)
    order = members[np.lexsort((cost[members], hours[members], c.member_household[members]))]
    households = c.member_household[order]
    last = np.ones(len(order), dtype=bool)
    last[:-1] = households[1:] != households[:-1]
    first_cost = np.zeros(b.n)
    first_cost[households[last]] = cost[order[last]]
    all_cost = np.bincount(c.member_household[using], weights=cost[using], minlength=b.n)
    monthly = first_share * first_cost + next_share * (all_cost - first_cost)
    monthly_cents = monthly * 100
    _monthly, yearly, granted = awir(reads, monthly_cents * 12, rows)
    floored, _whole = floor_units(monthly)
    flow.settle(~granted, NOT_ELIGIBLE)
    flow.eligible(flow.open.copy(), monthly=floored * 100, yearly=yearly)
    return flow


def individuele_inkomenstoeslag(b: Batch) -> Flow:
    c = b.c
    flow = Flow("individuele_inkomenstoeslag", b.p, b.n)
    reads = flow.reads
    minimum_age = reads.get("iit.minimumleeftijd", b.all)
    aow_months = reads.get("aow.leeftijd_maanden", b.all)
    flow.settle((b.app_age < minimum_age) | (b.app_months >= aow_months), NOT_ELIGIBLE)
    norm = b.sociaal_minimum()
    reads.splice(norm.reads, flow.open.copy())
    flow.settle(~norm.present, NOT_ELIGIBLE)
    rows = flow.open.copy()
    share = float(reads.get("iit.percentage_sociaal_minimum", rows))
    limit, _tie = round_half_up(norm.amount * share)
    period = reads.get("iit.referteperiode_maanden", rows)
    above = b.asset_check(flow, norm, rows)
    flow.settle(above, NOT_ELIGIBLE)
    income, complete = b.net_income(norm)
    flow.settle(complete & (income > limit), NOT_ELIGIBLE)
    flow.settle(c.since_known & (c.since_months < period), NOT_ELIGIBLE)

    def missing(row: int) -> list[str]:
        facts = b.households[row]
        paths = _assets(facts) + net_income_monthly(_counted(b, norm, row))[1]
        return paths + (["low_income_since"] if facts.low_income_since is None else [])

    flow.insufficient_by(~c.assets_known | ~complete | ~c.since_known, missing)
    rows = flow.open.copy()
    amount = reads.by_group("iit.bedrag.{}", HOUSEHOLD_TYPES, norm.household_type, rows)
    flow.eligible(rows, yearly=amount)
    return flow


def bijzondere_bijstand(b: Batch) -> Flow:
    c = b.c
    flow = Flow("bijzondere_bijstand", b.p, b.n)
    reads = flow.reads
    norm = b.sociaal_minimum()
    reads.splice(norm.reads, b.all)
    flow.settle(~norm.present, NOT_ELIGIBLE)
    above = b.asset_check(flow, norm, flow.open.copy())
    flow.settle(above, NOT_ELIGIBLE)
    income, complete = b.net_income(norm)

    def missing(row: int) -> list[str]:
        facts = b.households[row]
        return _assets(facts) + net_income_monthly(_counted(b, norm, row))[1]

    flow.insufficient_by(~c.assets_known | ~complete, missing)
    rows = flow.open.copy()
    reads.get("bijzondere_bijstand.draagkrachtvrije_voet", rows)
    reads.get("bijzondere_bijstand.draagkrachtpercentage", rows)
    upper_share = float(reads.get("bijzondere_bijstand.inkomensgrens", rows))
    reads.get("bijzondere_bijstand.draagkrachtperiode_maanden", rows)
    upper, _tie = round_half_up(norm.amount * upper_share)
    flow.settle(income > upper, NOT_ELIGIBLE)
    flow.eligible(flow.open.copy())
    return flow


def collectieve_zorgverzekering(b: Batch) -> Flow:
    flow = Flow("collectieve_zorgverzekering", b.p, b.n)
    reads = flow.reads
    norm = b.sociaal_minimum()
    reads.splice(norm.reads, b.all)
    flow.settle(~norm.present, NOT_ELIGIBLE)
    income, complete = b.net_income(norm)
    flow.insufficient_by(~complete, lambda row: net_income_monthly(_counted(b, norm, row))[1])
    rows = flow.open.copy()
    share = float(reads.get("czv.percentage_sociaal_minimum", rows))
    limit, _tie = round_half_up(norm.amount * share)
    flow.settle(income > limit, NOT_ELIGIBLE)
    rows = flow.open.copy()
    contribution = reads.optional("czv.bijdrage_per_persoon_maand", rows)
    if contribution is None:
        flow.eligible(rows)
    else:
        monthly = cents_of(contribution) * (1 + norm.partner_counted)
        flow.eligible(rows, monthly=monthly, yearly=monthly * 12)
    return flow


def kwijtschelding_gemeentelijke_belastingen(b: Batch) -> Flow:
    c = b.c
    flow = Flow("kwijtschelding_gemeentelijke_belastingen", b.p, b.n)
    reads = flow.reads
    norm = b.norm(True)
    reads.splice(norm.reads, b.all)
    flow.settle(~norm.present, NOT_ELIGIBLE)
    rows = flow.open.copy()
    share = float(reads.get("kwijtschelding.kosten_van_bestaan_percentage", rows))
    living, _tie = round_half_up(norm.amount * share)
    months = float(reads.get("kwijtschelding.vermogensvrijlating_maanden_norm", rows))
    allowance, _tie = round_half_up(living * months)
    flow.settle(c.assets_known & (c.assets > allowance), NOT_ELIGIBLE)
    income, complete = b.net_income(norm)

    def missing(row: int) -> list[str]:
        facts = b.households[row]
        return _assets(facts) + net_income_monthly(_counted(b, norm, row))[1]

    flow.insufficient_by(~c.assets_known | ~complete, missing)
    rows = flow.open.copy()
    capacity = np.maximum(income - living, 0)
    used_share = float(reads.get("kwijtschelding.betalingscapaciteit_inzet", rows))
    yearly_capacity, _tie = round_half_up(capacity * 12 * used_share)
    flow.settle(c.tax_known & (c.tax == 0), NOT_ELIGIBLE)
    no_capacity = capacity == 0
    flow.eligible(no_capacity, yearly=np.where(c.tax_known, c.tax, NONE))
    flow.insufficient(~c.tax_known, ["municipal_tax_yearly"])
    remitted = np.maximum(c.tax - yearly_capacity, 0)
    flow.settle(remitted <= 0, NOT_ELIGIBLE)
    flow.eligible(flow.open.copy(), yearly=remitted)
    return flow


def schuldhulpverlening(b: Batch) -> Flow:
    c = b.c
    flow = Flow("schuldhulpverlening", b.p, b.n)
    reads = flow.reads
    minimum_age = reads.get("schuldhulpverlening.minimumleeftijd", b.all)
    flow.settle(b.app_age < minimum_age, NOT_ELIGIBLE)
    flow.insufficient(c.debts == NO_VALUE, ["debts"])
    flow.settle(c.debts == 0, NOT_ELIGIBLE)
    rows = flow.open.copy()
    reads.get("schuldhulpverlening.termijn_eerste_gesprek_weken", rows)
    reads.get("schuldhulpverlening.termijn_dreigend_werkdagen", rows)
    flow.eligible(rows)
    return flow


def tegemoetkoming_alleenverdieners(b: Batch) -> Flow:
    c = b.c
    flow = Flow("tegemoetkoming_alleenverdieners", b.p, b.n)
    reads = flow.reads
    amount = cents_of(reads.get("tegemoetkoming_alleenverdieners.bedrag", b.all))
    flow.settle(~c.has_partner, NOT_ELIGIBLE)
    app_known = c.applicant(c.incomes_known)
    partner_known = c.partner(c.incomes_known, fill=True)
    partner_index = c.partner(c.index)
    unknown = flow.open & (~app_known | ~partner_known)
    for row in np.flatnonzero(unknown).tolist():
        paths = []
        if not app_known[row]:
            paths.append(f"members[{c.index[c.start[row]]}].incomes")
        if not partner_known[row]:
            paths.append(f"members[{partner_index[row]}].incomes")
        flow.missing[row] = paths
    flow.outcome[unknown] = INSUFFICIENT_DATA
    flow.open &= ~unknown
    app_earns = c.applicant(c.earning)
    partner_earns = c.partner(c.earning, fill=False)
    flow.settle(app_earns == partner_earns, NOT_ELIGIBLE)  # not exactly one earner
    other = np.where(app_earns, c.applicant(c.not_benefit), c.partner(c.not_benefit, fill=False))
    flow.settle(other, NOT_ELIGIBLE)
    flow.eligible(flow.open.copy(), yearly=amount)
    return flow


SCHEMES = {
    "bijstand": bijstand,
    "zorgtoeslag": zorgtoeslag,
    "huurtoeslag": huurtoeslag,
    "kindgebonden_budget": kindgebonden_budget,
    "kinderbijslag": kinderbijslag,
    "kinderopvangtoeslag": kinderopvangtoeslag,
    "individuele_inkomenstoeslag": individuele_inkomenstoeslag,
    "bijzondere_bijstand": bijzondere_bijstand,
    "collectieve_zorgverzekering": collectieve_zorgverzekering,
    "kwijtschelding_gemeentelijke_belastingen": kwijtschelding_gemeentelijke_belastingen,
    "schuldhulpverlening": schuldhulpverlening,
    "tegemoetkoming_alleenverdieners": tegemoetkoming_alleenverdieners,
}

__all__ = ["EPS", "NONE", "OUTCOME_NAMES", "SCHEMES", "Batch", "Flow"]
