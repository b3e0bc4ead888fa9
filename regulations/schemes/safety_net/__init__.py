"""The financial safety net: household budget, beslagvrije voet, debt priorities and alerts.

Pure Python, like the screening engine: the ``safety_net`` JSON in, plain results out, fed with the
dated records of the parameter catalogue. One function serves the command, the API and the case
page.

Input: the screen JSON of SCHEMES.md section 0, plus

- ``fixed_costs``: ``[{"kind": "rent", "monthly": "750.00"}]`` (kinds in ``FIXED_COST_KINDS``);
- ``debts``: ``[{"creditor_kind", "amount", "stage", "collection_monthly", "deadline"}]`` (stage and
  the rest optional; stages in ``DEBT_STAGES``); they also reach the screening (the Wgs threat is
  derived from the stage);
- ``benefits_received_monthly``: ``{"zorgtoeslag": "120.00"}``, optional: what the household
  actually receives, for the budget and the repayment risk.

The beslagvrije voet (Rv art. 475da-475dc, as changed by the Wet vereenvoudiging beslagvrije voet;
law text of 1 July 2026) is computed in these steps, each explained with its article:

1. the leefsituatie the law distinguishes (alleenstaande, alleenstaande ouder, gehuwden with or
   without children under 18);
2. the fixed norm of art. 475da lid 2: A (Pw art. 21 onderdeel a) for the alleenstaande (ouder), B
   (onderdeel b) for gehuwden; not the kostendelersnorm or a jongerennorm; and its 95%;
3. an income at or below the norm: 95% of the net income (art. 475dc);
   an income above it: 95% of the norm plus the kop of lid 2 and 3, computed from the taxable
   yearly income C (the members' ``assessed_income_yearly``) and the toeslag parameters of the
   date: the zorgtoeslag term (at most the standard premium, twice for gehuwden, minus Pw art. 23
   lid 2), the huurtoeslag term (at most the huurgrens minus the basishuur) and, with children,
   the kindgebonden budget term; at most the maximum of lid 1. At the point of lid 8 the formula
   gives the published maxima exactly (tests). Without C or those parameters (before 2026 the
   huurtoeslag parameters differ) the amount is the statutory lower bound (``lower_bound``), and
   the maximum is named. The deductions of art. 475db (income not under attachment) are not
   modelled: the tool does not know which income is attached;
4. the housing correction of lid 5: housing costs of at least 10%
   (``beslagvrije_voet.woonkosten_ophoging``) above the huurgrens of Wet op de huurtoeslag art. 13
   lid 1 onderdeel a (``huurtoeslag.maximale_huurgrens``) raise the voet, on request, by what they
   exceed that amount plus 10%. The law has had no separate health-premium correction since 2021:
   the premium is in the kop (lid 3), and the step says so;
5. the cap: never more than 95% of the net income (art. 475dc; at least 5% goes to the creditors).

Parameters past their last known value are carried forward under the provisional rule of
SCHEMES.md section 0 (``provisional`` lists them); a key that never had a value stays missing.

Layout: ``facts`` (the input and its parsing), ``provisional`` (carried-forward parameters),
``beslagvrije_voet`` (the steps above), ``calculation`` (budget, debts, alerts, ``safety_net``).
Import from this package, not from the modules.
"""

from regulations.schemes.safety_net.beslagvrije_voet import (
    BeslagvrijeVoet,
    beslagvrije_voet,
    situation_of,
)
from regulations.schemes.safety_net.calculation import SafetyNet, safety_net
from regulations.schemes.safety_net.facts import (
    CREDITOR_LABELS,
    DEBT_STAGES,
    ESSENTIAL_CREDITORS,
    FIXED_COST_KINDS,
    MAX_MONTHLY,
    SITUATIONS,
    Debt,
    FixedCost,
    SafetyNetFacts,
    parse_safety_net,
)
from regulations.schemes.safety_net.provisional import (
    Provisional,
    carried_forward,
    provisional_used,
)

__all__ = [
    "CREDITOR_LABELS",
    "DEBT_STAGES",
    "ESSENTIAL_CREDITORS",
    "FIXED_COST_KINDS",
    "MAX_MONTHLY",
    "SITUATIONS",
    "BeslagvrijeVoet",
    "Debt",
    "FixedCost",
    "Provisional",
    "SafetyNet",
    "SafetyNetFacts",
    "beslagvrije_voet",
    "carried_forward",
    "parse_safety_net",
    "provisional_used",
    "safety_net",
    "situation_of",
]
