"""Parsing: the screen JSON (already decoded), validated strictly, into frozen household facts."""

from __future__ import annotations

from datetime import date
from typing import Any

from regulations.schemes.facts import fastpath
from regulations.schemes.facts.fields import (
    InputError,
    check_choice,
    object_items,
    optional_field,
    parse_bool,
    parse_date,
    parse_money,
    parse_municipality,
    parse_object,
    reject_unknown_fields,
    required_field,
)
from regulations.schemes.facts.household import (
    CHILDCARE_KINDS,
    CREDITOR_KINDS,
    DEBT_THREATS,
    INCOME_KINDS,
    RELATIONS,
    TENURES,
    ChildcareFacts,
    DebtFacts,
    HouseholdFacts,
    HousingFacts,
    IncomeFacts,
    MemberFacts,
)
from regulations.schemes.results import SCHEME_CODES

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


_FIELDS = {
    "household": _HOUSEHOLD_FIELDS,
    "member": _MEMBER_FIELDS,
    "income": _INCOME_FIELDS,
    "housing": _HOUSING_FIELDS,
    "childcare": _CHILDCARE_FIELDS,
    "debt": _DEBT_FIELDS,
}


def parse_household(data: Any, *, reference_date_override: date | None = None) -> HouseholdFacts:
    """Validate the screen JSON (already decoded) and return frozen facts.

    Well-formed input takes the fast path; anything it does not decide itself goes through the
    full parser below, which accepts it or raises the ``InputError`` naming the field.
    """
    try:
        return fastpath.household(data, reference_date_override, _FIELDS)
    except fastpath.Unusual:
        return _parse_household_checked(data, reference_date_override=reference_date_override)


def _parse_household_checked(
    data: Any, *, reference_date_override: date | None = None
) -> HouseholdFacts:
    """The full parser: every rule checked in order, the first violation named by its JSON path."""
    obj = parse_object(data, "")
    reject_unknown_fields(obj, _HOUSEHOLD_FIELDS, "")
    if reference_date_override is not None:
        reference_date = reference_date_override
        if "reference_date" in obj:
            parse_date(obj["reference_date"], "reference_date")  # still must be well-formed
    elif "reference_date" not in obj or obj["reference_date"] is None:
        raise InputError("reference_date", "ontbreekt; geef een peildatum (JJJJ-MM-DD)")
    else:
        reference_date = parse_date(obj["reference_date"], "reference_date")

    municipality_code = optional_field(
        obj, "municipality_code", parse_municipality, "municipality_code"
    )
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

    benefits = optional_field(obj, "benefits_received", _benefits, "benefits_received")
    debts = optional_field(obj, "debts", _debts, "debts")
    return HouseholdFacts(
        reference_date=reference_date,
        municipality_code=municipality_code,
        members=tuple(members),
        assets_total=optional_field(obj, "assets_total", parse_money, "assets_total"),
        housing=optional_field(obj, "housing", _housing, "housing"),
        benefits_received=benefits,
        debts=debts,
        debt_help_requested_on=optional_field(
            obj, "debt_help_requested_on", parse_date, "debt_help_requested_on"
        ),
        low_income_since=optional_field(obj, "low_income_since", parse_date, "low_income_since"),
        municipal_tax_yearly=optional_field(
            obj, "municipal_tax_yearly", parse_money, "municipal_tax_yearly"
        ),
    )


def parse_scheme_codes(codes: Any, *, field: str = "scheme") -> tuple[str, ...]:
    if not isinstance(codes, (list, tuple)):
        raise InputError(field, "moet een lijst met regelingcodes zijn")
    result = []
    for position, code in enumerate(codes):
        check_choice(code, SCHEME_CODES, f"{field}[{position}]", "onbekende regeling")
        result.append(code)
    return tuple(result)


def _member(raw: Any, *, index: int, reference_date: date) -> MemberFacts:
    path = f"members[{index}]"
    obj = parse_object(raw, path)
    reject_unknown_fields(obj, _MEMBER_FIELDS, path)
    ref = required_field(obj, "ref", path)
    if not isinstance(ref, str) or not ref.strip():
        raise InputError(f"{path}.ref", "moet een niet-lege tekst zijn")
    relation = required_field(obj, "relation", path)
    check_choice(relation, RELATIONS, f"{path}.relation", "onbekende relatie")
    birth_date = parse_date(required_field(obj, "birth_date", path), f"{path}.birth_date")
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
        assessed_income_yearly=optional_field(
            obj, "assessed_income_yearly", parse_money, f"{path}.assessed_income_yearly"
        ),
        incomes=incomes,
        health_insured=optional_field(obj, "health_insured", parse_bool, f"{path}.health_insured"),
        works_or_studies=optional_field(
            obj, "works_or_studies", parse_bool, f"{path}.works_or_studies"
        ),
        childcare=optional_field(obj, "childcare", _childcare, f"{path}.childcare"),
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
    obj = parse_object(raw, path)
    reject_unknown_fields(obj, _INCOME_FIELDS, path)
    kind = required_field(obj, "kind", path)
    check_choice(kind, INCOME_KINDS, f"{path}.kind", "onbekende inkomenssoort")
    return IncomeFacts(
        kind=kind,
        gross_monthly=optional_field(obj, "gross_monthly", parse_money, f"{path}.gross_monthly"),
        net_monthly=optional_field(obj, "net_monthly", parse_money, f"{path}.net_monthly"),
    )


def _housing(raw: Any, path: str) -> HousingFacts:
    obj = parse_object(raw, path)
    reject_unknown_fields(obj, _HOUSING_FIELDS, path)
    tenure = required_field(obj, "tenure", path)
    check_choice(tenure, TENURES, f"{path}.tenure", "onbekende woonsituatie")
    return HousingFacts(
        tenure=tenure,
        basic_rent=optional_field(obj, "basic_rent", parse_money, f"{path}.basic_rent"),
        service_costs=optional_field(obj, "service_costs", parse_money, f"{path}.service_costs"),
    )


def _childcare(raw: Any, path: str) -> ChildcareFacts:
    obj = parse_object(raw, path)
    reject_unknown_fields(obj, _CHILDCARE_FIELDS, path)
    kind = required_field(obj, "kind", path)
    check_choice(kind, CHILDCARE_KINDS, f"{path}.kind", "onbekende opvangsoort")
    return ChildcareFacts(
        kind=kind,
        hours_monthly=optional_field(obj, "hours_monthly", parse_money, f"{path}.hours_monthly"),
        hourly_rate=optional_field(obj, "hourly_rate", parse_money, f"{path}.hourly_rate"),
    )


def _debts(raw: Any, path: str) -> tuple[DebtFacts, ...]:
    debts = []
    for obj, item_path in object_items(raw, path, _DEBT_FIELDS):
        creditor_kind = required_field(obj, "creditor_kind", item_path)
        check_choice(
            creditor_kind, CREDITOR_KINDS, f"{item_path}.creditor_kind", "onbekende schuldeiser"
        )
        threat = obj.get("threat")
        if threat is not None:
            check_choice(threat, DEBT_THREATS, f"{item_path}.threat", "onbekende dreiging")
        debts.append(
            DebtFacts(
                creditor_kind=creditor_kind,
                amount=optional_field(obj, "amount", parse_money, f"{item_path}.amount"),
                threat=threat,
            )
        )
    return tuple(debts)


def _benefits(raw: Any, path: str) -> frozenset[str]:
    if not isinstance(raw, list):
        raise InputError(path, "moet een lijst met regelingcodes zijn")
    return frozenset(parse_scheme_codes(raw, field=path))
