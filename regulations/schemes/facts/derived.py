"""Derived facts, computed once per household and reference date: ages, composition, incomes."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from regulations.schemes.facts.household import HouseholdFacts, MemberFacts


def age_in_years(birth_date: date, on: date) -> int:
    return on.year - birth_date.year - ((on.month, on.day) < (birth_date.month, birth_date.day))


def age_in_months(birth_date: date, on: date) -> int:
    return (
        (on.year - birth_date.year) * 12 + on.month - birth_date.month - (on.day < birth_date.day)
    )


class Context:
    """Derived household facts shared by all schemes of one screening (ages, roles, composition)."""

    __slots__ = (
        "adults",
        "age_months",
        "ages",
        "applicant",
        "children",
        "household",
        "housemates",
        "memo",
        "minor_children",
        "partner",
        "reference_date",
    )

    def __init__(self, household: HouseholdFacts, *, reference_date: date) -> None:
        self.household = household
        self.reference_date = reference_date
        self.ages: dict[str, int] = {}
        self.age_months: dict[str, int] = {}
        # Shared intermediate results (e.g. the bijstandsnorm) for the schemes of one screening.
        self.memo: dict[object, object] = {}
        self.partner: MemberFacts | None = None
        self.children: list[MemberFacts] = []
        self.housemates: list[MemberFacts] = []
        for member in household.members:
            self.ages[member.ref] = age_in_years(member.birth_date, reference_date)
            self.age_months[member.ref] = age_in_months(member.birth_date, reference_date)
            if member.relation == "partner":
                self.partner = member
            elif member.relation == "child":
                self.children.append(member)
            elif member.relation == "housemate":
                self.housemates.append(member)
        self.applicant = household.applicant
        self.minor_children = [child for child in self.children if self.ages[child.ref] < 18]
        self.adults = [m for m in household.members if self.ages[m.ref] >= 18]

    def age(self, member: MemberFacts) -> int:
        return self.ages[member.ref]

    def has_aow_age(self, member: MemberFacts, aow_age_months: int) -> bool:
        # Simplification: the AOW age of the reference year applies (exact for 2024-2027).
        return self.age_months[member.ref] >= aow_age_months

    @property
    def couple(self) -> list[MemberFacts]:
        return [self.applicant] if self.partner is None else [self.applicant, self.partner]

    @property
    def size(self) -> int:
        return len(self.household.members)


def net_income_monthly(members: list[MemberFacts]) -> tuple[Decimal | None, list[str]]:
    """Sum of the net monthly incomes; ``None`` plus the missing paths when anything is unknown."""
    total = Decimal(0)
    missing: list[str] = []
    for member in members:
        if member.incomes is None:
            missing.append(f"{member.path}.incomes")
            continue
        for position, income in enumerate(member.incomes):
            if income.net_monthly is None:
                missing.append(f"{member.path}.incomes[{position}].net_monthly")
            else:
                total += income.net_monthly
    return (None, missing) if missing else (total, missing)


def assessed_income(member: MemberFacts) -> tuple[Decimal | None, bool, list[str]]:
    """The toetsingsinkomen per year: (value, derived_from_incomes, missing paths).

    When ``assessed_income_yearly`` is absent it is derived as 12 x the gross monthly incomes; the
    schemes say so in their explanation, because holiday pay and deductions are then left out.
    """
    if member.assessed_income_yearly is not None:
        return member.assessed_income_yearly, False, []
    if member.incomes is None:
        return None, False, [f"{member.path}.assessed_income_yearly"]
    total = Decimal(0)
    missing = []
    for position, income in enumerate(member.incomes):
        if income.gross_monthly is None:
            missing.append(f"{member.path}.incomes[{position}].gross_monthly")
        else:
            total += income.gross_monthly
    if missing:
        return None, True, missing
    return total * 12, True, []


def combined_assessed_income(
    members: list[MemberFacts],
) -> tuple[Decimal | None, list[str], list[str]]:
    """(sum, missing paths, refs whose income was derived from ``incomes``)."""
    total = Decimal(0)
    missing: list[str] = []
    derived: list[str] = []
    for member in members:
        value, was_derived, member_missing = assessed_income(member)
        missing.extend(member_missing)
        if was_derived:
            derived.append(member.ref)
        if value is not None:
            total += value
    return (None if missing else total), missing, derived
