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

Layout: ``household`` (the vocabularies and the frozen fact dataclasses), ``fields``
(``InputError`` and the field-level checks), ``parsing`` (``parse_household``,
``parse_scheme_codes``), ``derived`` (``Context``, ages and incomes derived once per screening).
Import from this package, not from the modules.
"""

from regulations.schemes.facts.derived import (
    Context,
    age_in_months,
    age_in_years,
    assessed_income,
    combined_assessed_income,
    net_income_monthly,
)
from regulations.schemes.facts.fields import InputError
from regulations.schemes.facts.household import (
    CHILDCARE_KINDS,
    CREDITOR_KINDS,
    DEBT_THREATS,
    INCOME_KINDS,
    RELATIONS,
    RENT_TENURES,
    TENURES,
    WORK_INCOME_KINDS,
    ChildcareFacts,
    DebtFacts,
    HouseholdFacts,
    HousingFacts,
    IncomeFacts,
    MemberFacts,
)
from regulations.schemes.facts.parsing import parse_household, parse_scheme_codes

__all__ = [
    "CHILDCARE_KINDS",
    "CREDITOR_KINDS",
    "DEBT_THREATS",
    "INCOME_KINDS",
    "RELATIONS",
    "RENT_TENURES",
    "TENURES",
    "WORK_INCOME_KINDS",
    "ChildcareFacts",
    "Context",
    "DebtFacts",
    "HouseholdFacts",
    "HousingFacts",
    "IncomeFacts",
    "InputError",
    "MemberFacts",
    "age_in_months",
    "age_in_years",
    "assessed_income",
    "combined_assessed_income",
    "net_income_monthly",
    "parse_household",
    "parse_scheme_codes",
]
