"""The fast path of ``parse_household``: well-formed input parsed without building error paths.

Batches of tens of thousands of households (``manage.py screen``) are almost always well-formed;
the full parser spends most of its time building the JSON path of every field for an error that
never comes. This path checks the same rules inline, at least as strictly, and raises ``Unusual``
at the first thing it does not decide itself: the caller then runs the full parser, which accepts
or refuses the input and names the field exactly as before. So the fast path never decides a
refusal, and what it accepts gives the same frozen facts as the full parser (a test compares both).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields as dataclass_fields
from datetime import date
from decimal import Decimal
from typing import Any

from regulations.schemes.facts.fields import (
    _CENT,
    _DATE_RE,
    _MAX_AMOUNT,
    _MUNICIPALITY_RE,
    InputError,
    parse_money,
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


class Unusual(Exception):  # noqa: N818 - not an error: "let the full parser decide"
    """Something the fast path leaves to the full parser (which names the field if it is wrong)."""


def _builder(cls: type) -> Callable[..., Any]:
    """``cls(*values)`` (every field, in order) without the frozen dataclass's ``__setattr__``
    detour: the slot descriptors set the fields directly; the same object. The function is
    generated with one positional parameter per field, as ``dataclasses`` generates its own
    ``__init__``: no loop per call, and a call that leaves out a field (one added later, say)
    is refused with a TypeError."""
    count = len(dataclass_fields(cls))
    names = {f"set{index}": cls.__dict__[item.name].__set__ for index, item in enumerate(
        dataclass_fields(cls)
    )}  # fmt: skip
    parameters = ", ".join(f"value{index}" for index in range(count))
    body = "".join(f"    set{index}(instance, value{index})\n" for index in range(count))
    source = f"def build({parameters}):\n    instance = new(cls)\n{body}    return instance\n"
    namespace: dict[str, Any] = {"new": object.__new__, "cls": cls, **names}
    exec(source, namespace)  # noqa: S102 - generated from the dataclass's own field count
    return namespace["build"]


_household = _builder(HouseholdFacts)
_member_facts = _builder(MemberFacts)
_income_facts = _builder(IncomeFacts)
_debt_facts = _builder(DebtFacts)
_housing_facts = _builder(HousingFacts)
_childcare_facts = _builder(ChildcareFacts)
_RELATIONS = frozenset(RELATIONS)
_TENURES = frozenset(TENURES)
_INCOME_KINDS = frozenset(INCOME_KINDS)
_CHILDCARE_KINDS = frozenset(CHILDCARE_KINDS)
_CREDITOR_KINDS = frozenset(CREDITOR_KINDS)
_DEBT_THREATS = frozenset(DEBT_THREATS)
_SCHEME_CODES = frozenset(SCHEME_CODES)
_MAX_WHOLE = int(_MAX_AMOUNT)

# Amounts and ISO dates repeat a lot within a batch; both results are immutable.
# Bounded, so a long-running process does not grow without limit.
_CACHE_LIMIT = 100_000
_WHOLE_AMOUNTS: dict[int, Decimal] = {}
_FRACTIONAL_AMOUNTS: dict[float, Decimal] = {}
_TEXT_AMOUNTS: dict[str, Decimal] = {}
_DATES: dict[str, date] = {}


def money(raw: Any) -> Decimal | None:
    if raw is None:
        return None
    if type(raw) is int:  # not bool: its type is bool
        value = _WHOLE_AMOUNTS.get(raw)
        if value is None:
            if raw < 0 or raw > _MAX_WHOLE:
                raise Unusual
            value = Decimal(raw).quantize(_CENT)
            if len(_WHOLE_AMOUNTS) < _CACHE_LIMIT:
                _WHOLE_AMOUNTS[raw] = value
        return value
    if type(raw) is float and raw:  # not 0.0: -0.0 equals it but is written differently
        value = _FRACTIONAL_AMOUNTS.get(raw)
        if value is None:
            value = _checked_money(raw)
            if len(_FRACTIONAL_AMOUNTS) < _CACHE_LIMIT:
                _FRACTIONAL_AMOUNTS[raw] = value
        return value
    if type(raw) is str:
        # Stored dossiers write amounts as text ("1800.00"): the same few thousand repeat.
        value = _TEXT_AMOUNTS.get(raw)
        if value is None:
            value = _checked_money(raw)
            if len(_TEXT_AMOUNTS) < _CACHE_LIMIT:
                _TEXT_AMOUNTS[raw] = value
        return value
    return _checked_money(raw)


def _checked_money(raw: Any) -> Decimal:
    try:
        return parse_money(raw, "")
    except InputError:
        raise Unusual from None


def a_date(raw: Any) -> date:
    if type(raw) is not str:
        raise Unusual
    value = _DATES.get(raw)
    if value is None:
        if not _DATE_RE.fullmatch(raw):
            raise Unusual
        try:
            value = date.fromisoformat(raw)
        except ValueError:
            raise Unusual from None
        if len(_DATES) < _CACHE_LIMIT:
            _DATES[raw] = value
    return value


def _choice(raw: Any, choices: frozenset[str]) -> str:
    if type(raw) is not str or raw not in choices:
        raise Unusual
    return raw


def _flag(raw: Any) -> bool | None:
    if raw is not None and type(raw) is not bool:
        raise Unusual
    return raw


def _object(raw: Any, fields: frozenset[str]) -> dict[str, Any]:
    if type(raw) is not dict or not fields.issuperset(raw):
        raise Unusual
    return raw


def household(
    data: Any, reference_date_override: date | None, fields: dict[str, frozenset[str]]
) -> HouseholdFacts:
    obj = _object(data, fields["household"])
    get = obj.get
    if reference_date_override is not None:
        reference_date = reference_date_override
        if "reference_date" in obj:
            a_date(obj["reference_date"])  # still must be well-formed
    else:
        reference_date = a_date(get("reference_date"))
    municipality_code = get("municipality_code")
    if municipality_code is not None and (
        type(municipality_code) is not str or not _MUNICIPALITY_RE.fullmatch(municipality_code)
    ):
        raise Unusual
    raw_members = get("members")
    if type(raw_members) is not list or not raw_members:
        raise Unusual
    member_fields = fields["member"]
    members = []
    refs = set()
    applicants = partners = 0
    for index, raw in enumerate(raw_members):
        member = _member(raw, index, reference_date, member_fields, fields)
        if member.relation == "applicant":
            applicants += 1
        elif member.relation == "partner":
            partners += 1
        refs.add(member.ref)
        members.append(member)
    if applicants != 1 or partners > 1 or len(refs) != len(members):
        raise Unusual
    if members[0].relation != "applicant":
        members.sort(key=lambda member: member.relation != "applicant")  # as the full parser

    benefits = get("benefits_received")
    if benefits is not None:
        if type(benefits) is not list:
            raise Unusual
        for code in benefits:
            _choice(code, _SCHEME_CODES)
        benefits = frozenset(benefits)
    debts = get("debts")
    if debts is not None:
        if type(debts) is not list:
            raise Unusual
        debts = tuple(_debt(item, fields["debt"]) for item in debts)
    housing = get("housing")
    if housing is not None:
        housing_obj = _object(housing, fields["housing"])
        housing = _housing_facts(  # HousingFacts: tenure, basic rent, service costs
            _choice(housing_obj.get("tenure"), _TENURES),
            money(housing_obj.get("basic_rent")),
            money(housing_obj.get("service_costs")),
        )
    debt_help = get("debt_help_requested_on")
    low_income_since = get("low_income_since")
    return _household(  # HouseholdFacts, the fields in their order
        reference_date,
        tuple(members),
        municipality_code,
        money(get("assets_total")),
        housing,
        benefits,
        debts,
        None if debt_help is None else a_date(debt_help),
        None if low_income_since is None else a_date(low_income_since),
        money(get("municipal_tax_yearly")),
    )


def _member(
    raw: Any,
    index: int,
    reference_date: date,
    member_fields: frozenset[str],
    fields: dict[str, frozenset[str]],
) -> MemberFacts:
    obj = _object(raw, member_fields)
    get = obj.get
    ref = get("ref")
    if type(ref) is not str or not ref.strip():
        raise Unusual
    relation = _choice(get("relation"), _RELATIONS)
    birth_date = a_date(get("birth_date"))
    if birth_date > reference_date or birth_date.year < reference_date.year - 130:
        raise Unusual
    incomes = get("incomes")
    if incomes is not None:
        if type(incomes) is not list:
            raise Unusual
        income_fields = fields["income"]
        incomes = tuple(_income(item, income_fields) for item in incomes)
    childcare = get("childcare")
    if childcare is not None:
        childcare_obj = _object(childcare, fields["childcare"])
        childcare = _childcare_facts(  # ChildcareFacts: kind, hours a month, hourly rate
            _choice(childcare_obj.get("kind"), _CHILDCARE_KINDS),
            money(childcare_obj.get("hours_monthly")),
            money(childcare_obj.get("hourly_rate")),
        )
    return _member_facts(  # MemberFacts, the fields in their order
        ref,
        relation,
        birth_date,
        index,
        money(get("assessed_income_yearly")),
        incomes,
        _flag(get("health_insured")),
        _flag(get("works_or_studies")),
        childcare,
    )


def _income(raw: Any, income_fields: frozenset[str]) -> IncomeFacts:
    obj = _object(raw, income_fields)
    return _income_facts(  # IncomeFacts: kind, gross, net; not new work (set by 'Werken loont?')
        _choice(obj.get("kind"), _INCOME_KINDS),
        money(obj.get("gross_monthly")),
        money(obj.get("net_monthly")),
        False,
        False,
    )


def _debt(raw: Any, debt_fields: frozenset[str]) -> DebtFacts:
    obj = _object(raw, debt_fields)
    threat = obj.get("threat")
    return _debt_facts(  # DebtFacts: creditor kind, amount, threat
        _choice(obj.get("creditor_kind"), _CREDITOR_KINDS),
        money(obj.get("amount")),
        None if threat is None else _choice(threat, _DEBT_THREATS),
    )
