"""Household facts: the screen JSON of SCHEMES.md section 0 as frozen dataclasses.

``parse_household`` validates strictly and raises ``InputError(field, message)``; ``field`` is the JSON
path (``members[1].birth_date``), the message is Dutch. Anything not given stays ``None`` (unknown),
never zero: ``"incomes": []`` means "no income", an absent ``incomes`` means "not known".

Optional inputs beyond the contract example (all may be left out):

- member: ``health_insured`` (bool), ``works_or_studies`` (bool: work, study, traject or inburgering;
  kinderopvangtoeslag), ``childcare`` for a child: ``{"kind": "dagopvang"|"bso"|"gastouder"|"none",
  "hours_monthly": 120, "hourly_rate": 10.50}`` (``"none"`` = no formal childcare);
- household: ``debts``: ``[{"creditor_kind": "energie", "amount": 850.00, "threat": "energy_cutoff"}]``
  (threat one of ``eviction``, ``energy_cutoff``, ``water_cutoff``, ``health_insurance_termination``),
  ``debt_help_requested_on`` (date of the request for schuldhulp), ``low_income_since`` (date since
  which the household has had a low income without interruption; individuele inkomenstoeslag),
  ``municipal_tax_yearly`` (the municipal tax assessment per year; kwijtschelding).
- ``benefits_received`` absent means "not known": no result then claims non-take-up.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from .results import SCHEME_CODES

RELATIONS = ("applicant", "partner", "child", "housemate")
TENURES = ("social_rent", "private_rent", "room_rent", "owner", "living_in", "homeless")
RENT_TENURES = ("social_rent", "private_rent", "room_rent")
INCOME_KINDS = (
    "wages",
    "self_employed",
    "bijstand",
    "ww",
    "wia",
    "wajong",
    "aow",
    "pension",
    "alimony",
    "student_finance",
    "other",
)
WORK_INCOME_KINDS = ("wages", "self_employed")
CHILDCARE_KINDS = ("dagopvang", "bso", "gastouder", "none")
DEBT_THREATS = ("eviction", "energy_cutoff", "water_cutoff", "health_insurance_termination")
CREDITOR_KINDS = (
    "belastingdienst",
    "toeslagen",
    "cjib",
    "zorgverzekeraar",
    "verhuurder",
    "energie",
    "water",
    "telecom",
    "bnpl",
    "online_gokken",
    "kredietverstrekker",
    "incasso",
    "prive",
    "overig",
)

_MUNICIPALITY_RE = re.compile(r"GM\d{4}")
_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
_MAX_AMOUNT = Decimal("100000000")
_CENT = Decimal("0.01")


class InputError(ValueError):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


@dataclass(frozen=True, slots=True)
class IncomeFacts:
    kind: str
    gross_monthly: Decimal | None
    net_monthly: Decimal | None


@dataclass(frozen=True, slots=True)
class ChildcareFacts:
    kind: str
    hours_monthly: Decimal | None
    hourly_rate: Decimal | None


@dataclass(frozen=True, slots=True)
class MemberFacts:
    ref: str
    relation: str
    birth_date: date
    index: int  # position in the input list, for JSON paths in ``missing``
    assessed_income_yearly: Decimal | None = None
    incomes: tuple[IncomeFacts, ...] | None = None
    health_insured: bool | None = None
    works_or_studies: bool | None = None
    childcare: ChildcareFacts | None = None

    @property
    def path(self) -> str:
        return f"members[{self.index}]"


@dataclass(frozen=True, slots=True)
class HousingFacts:
    tenure: str
    basic_rent: Decimal | None = None
    service_costs: Decimal | None = None


@dataclass(frozen=True, slots=True)
class DebtFacts:
    creditor_kind: str
    amount: Decimal | None
    threat: str | None


@dataclass(frozen=True, slots=True)
class HouseholdFacts:
    reference_date: date
    members: tuple[MemberFacts, ...]
    municipality_code: str | None = None
    assets_total: Decimal | None = None
    housing: HousingFacts | None = None
    benefits_received: frozenset[str] | None = None
    debts: tuple[DebtFacts, ...] | None = None
    debt_help_requested_on: date | None = None
    low_income_since: date | None = None
    municipal_tax_yearly: Decimal | None = None

    @property
    def applicant(self) -> MemberFacts:
        return self.members[0]


# --- parsing -------------------------------------------------------------------------------------

_HOUSEHOLD_FIELDS = frozenset(
    {
        "reference_date",
        "municipality_code",
        "members",
        "assets_total",
        "housing",
        "benefits_received",
        "debts",
        "debt_help_requested_on",
        "low_income_since",
        "municipal_tax_yearly",
    }
)
_MEMBER_FIELDS = frozenset(
    {
        "ref",
        "relation",
        "birth_date",
        "assessed_income_yearly",
        "incomes",
        "health_insured",
        "works_or_studies",
        "childcare",
    }
)
_INCOME_FIELDS = frozenset({"kind", "gross_monthly", "net_monthly"})
_HOUSING_FIELDS = frozenset({"tenure", "basic_rent", "service_costs"})
_CHILDCARE_FIELDS = frozenset({"kind", "hours_monthly", "hourly_rate"})
_DEBT_FIELDS = frozenset({"creditor_kind", "amount", "threat"})


def parse_household(data: Any, *, reference_date_override: date | None = None) -> HouseholdFacts:
    """Validate the screen JSON (already decoded) and return frozen facts."""
    obj = _object(data, "")
    _no_unknown_fields(obj, _HOUSEHOLD_FIELDS, "")
    if reference_date_override is not None:
        reference_date = reference_date_override
        if "reference_date" in obj:
            _date(obj["reference_date"], "reference_date")  # still must be well-formed
    elif "reference_date" not in obj or obj["reference_date"] is None:
        raise InputError("reference_date", "ontbreekt; geef een peildatum (JJJJ-MM-DD)")
    else:
        reference_date = _date(obj["reference_date"], "reference_date")

    municipality_code = _optional(obj, "municipality_code", _municipality, "municipality_code")
    raw_members = obj.get("members")
    if raw_members is None:
        raise InputError("members", "ontbreekt; geef minstens de aanvrager")
    if not isinstance(raw_members, list) or not raw_members:
        raise InputError("members", "moet een niet-lege lijst zijn")
    members = [
        _member(raw, index=index, reference_date=reference_date)
        for index, raw in enumerate(raw_members)
    ]
    _check_composition(members)
    # The applicant first, so ``household.applicant`` is cheap; ``index`` keeps the JSON path.
    members.sort(key=lambda member: member.relation != "applicant")

    benefits = _optional(obj, "benefits_received", _benefits, "benefits_received")
    debts = _optional(obj, "debts", _debts, "debts")
    return HouseholdFacts(
        reference_date=reference_date,
        municipality_code=municipality_code,
        members=tuple(members),
        assets_total=_optional(obj, "assets_total", _money, "assets_total"),
        housing=_optional(obj, "housing", _housing, "housing"),
        benefits_received=benefits,
        debts=debts,
        debt_help_requested_on=_optional(
            obj, "debt_help_requested_on", _date, "debt_help_requested_on"
        ),
        low_income_since=_optional(obj, "low_income_since", _date, "low_income_since"),
        municipal_tax_yearly=_optional(obj, "municipal_tax_yearly", _money, "municipal_tax_yearly"),
    )


def parse_scheme_codes(codes: Any, *, field: str = "scheme") -> tuple[str, ...]:
    if not isinstance(codes, (list, tuple)):
        raise InputError(field, "moet een lijst met regelingcodes zijn")
    result = []
    for position, code in enumerate(codes):
        if code not in SCHEME_CODES:
            raise InputError(
                f"{field}[{position}]",
                f"onbekende regeling {code!r}; kies uit {', '.join(SCHEME_CODES)}",
            )
        result.append(code)
    return tuple(result)


def _member(raw: Any, *, index: int, reference_date: date) -> MemberFacts:
    path = f"members[{index}]"
    obj = _object(raw, path)
    _no_unknown_fields(obj, _MEMBER_FIELDS, path)
    ref = _required(obj, "ref", path)
    if not isinstance(ref, str) or not ref.strip():
        raise InputError(f"{path}.ref", "moet een niet-lege tekst zijn")
    relation = _required(obj, "relation", path)
    if relation not in RELATIONS:
        raise InputError(
            f"{path}.relation", f"onbekende relatie {relation!r}; kies uit {', '.join(RELATIONS)}"
        )
    birth_date = _date(_required(obj, "birth_date", path), f"{path}.birth_date")
    if birth_date > reference_date:
        raise InputError(f"{path}.birth_date", "ligt na de peildatum")
    if birth_date.year < reference_date.year - 130:
        raise InputError(f"{path}.birth_date", "is onmogelijk ver in het verleden")
    incomes = None
    if obj.get("incomes") is not None:
        raw_incomes = obj["incomes"]
        if not isinstance(raw_incomes, list):
            raise InputError(f"{path}.incomes", "moet een lijst zijn")
        incomes = tuple(
            _income(item, f"{path}.incomes[{position}]")
            for position, item in enumerate(raw_incomes)
        )
    return MemberFacts(
        ref=ref,
        relation=relation,
        birth_date=birth_date,
        index=index,
        assessed_income_yearly=_optional(
            obj, "assessed_income_yearly", _money, f"{path}.assessed_income_yearly"
        ),
        incomes=incomes,
        health_insured=_optional(obj, "health_insured", _bool, f"{path}.health_insured"),
        works_or_studies=_optional(obj, "works_or_studies", _bool, f"{path}.works_or_studies"),
        childcare=_optional(obj, "childcare", _childcare, f"{path}.childcare"),
    )


def _check_composition(members: list[MemberFacts]) -> None:
    applicants = [member for member in members if member.relation == "applicant"]
    if len(applicants) != 1:
        raise InputError("members", "er moet precies één aanvrager (applicant) zijn")
    partners = [member for member in members if member.relation == "partner"]
    if len(partners) > 1:
        raise InputError(f"{partners[1].path}.relation", "er kan maar één partner zijn")
    seen: set[str] = set()
    for member in members:
        if member.ref in seen:
            raise InputError(f"{member.path}.ref", f"ref {member.ref!r} komt dubbel voor")
        seen.add(member.ref)


def _income(raw: Any, path: str) -> IncomeFacts:
    obj = _object(raw, path)
    _no_unknown_fields(obj, _INCOME_FIELDS, path)
    kind = _required(obj, "kind", path)
    if kind not in INCOME_KINDS:
        raise InputError(
            f"{path}.kind", f"onbekende inkomenssoort {kind!r}; kies uit {', '.join(INCOME_KINDS)}"
        )
    return IncomeFacts(
        kind=kind,
        gross_monthly=_optional(obj, "gross_monthly", _money, f"{path}.gross_monthly"),
        net_monthly=_optional(obj, "net_monthly", _money, f"{path}.net_monthly"),
    )


def _housing(raw: Any, path: str) -> HousingFacts:
    obj = _object(raw, path)
    _no_unknown_fields(obj, _HOUSING_FIELDS, path)
    tenure = _required(obj, "tenure", path)
    if tenure not in TENURES:
        raise InputError(
            f"{path}.tenure", f"onbekende woonsituatie {tenure!r}; kies uit {', '.join(TENURES)}"
        )
    return HousingFacts(
        tenure=tenure,
        basic_rent=_optional(obj, "basic_rent", _money, f"{path}.basic_rent"),
        service_costs=_optional(obj, "service_costs", _money, f"{path}.service_costs"),
    )


def _childcare(raw: Any, path: str) -> ChildcareFacts:
    obj = _object(raw, path)
    _no_unknown_fields(obj, _CHILDCARE_FIELDS, path)
    kind = _required(obj, "kind", path)
    if kind not in CHILDCARE_KINDS:
        raise InputError(
            f"{path}.kind", f"onbekende opvangsoort {kind!r}; kies uit {', '.join(CHILDCARE_KINDS)}"
        )
    return ChildcareFacts(
        kind=kind,
        hours_monthly=_optional(obj, "hours_monthly", _money, f"{path}.hours_monthly"),
        hourly_rate=_optional(obj, "hourly_rate", _money, f"{path}.hourly_rate"),
    )


def _debts(raw: Any, path: str) -> tuple[DebtFacts, ...]:
    if not isinstance(raw, list):
        raise InputError(path, "moet een lijst zijn")
    debts = []
    for position, item in enumerate(raw):
        item_path = f"{path}[{position}]"
        obj = _object(item, item_path)
        _no_unknown_fields(obj, _DEBT_FIELDS, item_path)
        creditor_kind = _required(obj, "creditor_kind", item_path)
        if creditor_kind not in CREDITOR_KINDS:
            raise InputError(
                f"{item_path}.creditor_kind",
                f"onbekende schuldeiser {creditor_kind!r}; kies uit {', '.join(CREDITOR_KINDS)}",
            )
        threat = obj.get("threat")
        if threat is not None and threat not in DEBT_THREATS:
            raise InputError(
                f"{item_path}.threat",
                f"onbekende dreiging {threat!r}; kies uit {', '.join(DEBT_THREATS)}",
            )
        debts.append(
            DebtFacts(
                creditor_kind=creditor_kind,
                amount=_optional(obj, "amount", _money, f"{item_path}.amount"),
                threat=threat,
            )
        )
    return tuple(debts)


def _benefits(raw: Any, path: str) -> frozenset[str]:
    if not isinstance(raw, list):
        raise InputError(path, "moet een lijst met regelingcodes zijn")
    return frozenset(parse_scheme_codes(raw, field=path))


def _object(raw: Any, path: str) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise InputError(path or "$", "moet een JSON-object zijn")
    return raw


def _no_unknown_fields(obj: dict[str, Any], allowed: frozenset[str], path: str) -> None:
    for key in obj:
        if key not in allowed:
            where = f"{path}.{key}" if path else str(key)
            raise InputError(where, "onbekend veld")


def _required(obj: dict[str, Any], key: str, path: str) -> Any:
    if key not in obj or obj[key] is None:
        raise InputError(f"{path}.{key}", "ontbreekt")
    return obj[key]


def _optional(obj: dict[str, Any], key: str, parse: Any, path: str) -> Any:
    value = obj.get(key)
    if value is None:
        return None
    return parse(value, path)


def _money(raw: Any, path: str) -> Decimal:
    # bool is an int subclass in Python: "true" is not an amount.
    if isinstance(raw, bool) or not isinstance(raw, (int, float, str)):
        raise InputError(path, 'moet een bedrag zijn (getal of tekst zoals "1234.56")')
    try:
        value = Decimal(str(raw).strip())  # via str: 0.1 stays 0.1, no float artefacts
    except InvalidOperation:
        raise InputError(path, f"{raw!r} is geen geldig bedrag") from None
    if not value.is_finite():
        raise InputError(path, "moet een eindig bedrag zijn")
    if value < 0:
        raise InputError(path, "mag niet negatief zijn")
    if value > _MAX_AMOUNT:
        raise InputError(path, "is onrealistisch hoog")
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -2:
        raise InputError(path, "heeft meer dan twee decimalen")
    return value.quantize(_CENT)  # lossless: at most two decimals were accepted


def _bool(raw: Any, path: str) -> bool:
    if not isinstance(raw, bool):
        raise InputError(path, "moet true of false zijn")
    return raw


def _date(raw: Any, path: str) -> date:
    if not isinstance(raw, str) or not _DATE_RE.fullmatch(raw):
        raise InputError(path, "moet een datum zijn in de vorm JJJJ-MM-DD")
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise InputError(path, f"{raw} is geen bestaande datum") from None


def _municipality(raw: Any, path: str) -> str:
    if not isinstance(raw, str) or not _MUNICIPALITY_RE.fullmatch(raw):
        raise InputError(path, "moet een CBS-gemeentecode zijn zoals GM0363")
    return raw


# --- derived facts (computed once per household and reference date) -------------------------------


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
