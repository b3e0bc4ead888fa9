"""Screening results: the contract of SCHEMES.md section 0, plus the explanation trace.

JSON form (``SchemeResult.to_json()``):

- ``amount_monthly`` and ``amount_yearly`` are **strings with exactly two decimals** ("123.45"), or
  ``null`` where the scheme pays no amount or it cannot be computed. Strings, not numbers, so that no
  JSON client turns cents into binary floats.
- ``missing`` lists the names of the inputs still needed, as JSON paths of the screen input
  (``assets_total``, ``members[1].incomes``, ``housing.basic_rent``). A parameter that is not known
  for the reference date is listed as ``parameter:<key>`` (e.g. ``parameter:huurtoeslag.normhuur``):
  that is not a question for the household but for the functional admin.
- ``explanation`` is a list of steps ``{rule, article, law_url, values, result}``; ``rule`` is plain
  Dutch, ``law_url`` a wetten.overheid.nl link valid on the reference date. In ``values`` a Decimal
  is a string (money with two decimals, ratios as stored), a date an ISO string.
- ``version`` is ``{"scheme": code, "parameters": {key: valid_from ISO date}}``.
- ``provisional`` lists the parameters used past their end because no successor is known yet:
  ``[{"key", "used_valid_from", "expired_on"}]`` (ISO dates; ``expired_on`` is the last day the
  value was valid). Empty when every value was current. The outcome and amounts are computed as
  usual; the first explanation step says which value was used.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from typing import Any

SCHEME_CODES: tuple[str, ...] = (
    "bijstand",
    "zorgtoeslag",
    "huurtoeslag",
    "kindgebonden_budget",
    "kinderbijslag",
    "kinderopvangtoeslag",
    "individuele_inkomenstoeslag",
    "bijzondere_bijstand",
    "collectieve_zorgverzekering",
    "kwijtschelding_gemeentelijke_belastingen",
    "schuldhulpverlening",
    "tegemoetkoming_alleenverdieners",
)

ELIGIBLE = "eligible"
NOT_ELIGIBLE = "not_eligible"
INSUFFICIENT_DATA = "insufficient_data"
OUTCOMES = (ELIGIBLE, NOT_ELIGIBLE, INSUFFICIENT_DATA)

CENT = Decimal("0.01")
EURO = Decimal("1")
ZERO = Decimal("0")
TWELVE = Decimal("12")


def cents(amount: Decimal) -> Decimal:
    """Round to cents, half up (used only where a published amount is in cents)."""
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def whole_euros(amount: Decimal) -> Decimal:
    """Awir art. 14 lid 3: 'rekenkundig afgerond op hele euro's' (half up)."""
    return amount.quantize(EURO, rounding=ROUND_HALF_UP)


def floor_euros(amount: Decimal) -> Decimal:
    """The Belastingdienst's monthly toeslag payments: whole euros, rounded down."""
    return amount.quantize(EURO, rounding=ROUND_DOWN)


_LAW_URLS: dict[tuple[str, str, date], str] = {}


def law_url(bwb_id: str, article: str, reference_date: date) -> str:
    """A wetten.overheid.nl (juriconnect) link to the article as it was valid on the date."""
    cache_key = (bwb_id, article, reference_date)
    url = _LAW_URLS.get(cache_key)
    if url is None:
        url = (
            f"https://wetten.overheid.nl/jci1.3:c:{bwb_id}&artikel={article}"
            f"&g={reference_date.isoformat()}"
        )
        if len(_LAW_URLS) < 100_000:  # bounded: one entry per article per date
            _LAW_URLS[cache_key] = url
    return url


@dataclass(frozen=True, slots=True)
class Step:
    """One explanation step; ``rule`` is plain Dutch that can be read aloud to a household."""

    rule: str
    article: str
    law_url: str
    values: dict[str, Any]
    result: str

    def to_json(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "article": self.article,
            "law_url": self.law_url,
            "values": {key: _json_value(value) for key, value in self.values.items()},
            "result": self.result,
        }


def _step_builder() -> Any:
    """``Step(rule, article, law_url, values, result)``, the same object, built in half the time.

    A frozen dataclass sets every field through ``object.__setattr__`` to get past its own guard;
    the slot descriptors set them directly. A screening with explanations builds some thirty
    steps per household, so this was a tenth of a batch's CPU time. The fields are read from the
    dataclass, so a field added to ``Step`` cannot be left out silently (the builder refuses).
    """
    names = tuple(item.name for item in fields(Step))
    if names != ("rule", "article", "law_url", "values", "result"):
        raise TypeError(f"Step has fields {names}: update _step_builder")
    set_rule, set_article, set_law_url, set_values, set_result = (
        Step.__dict__[name].__set__ for name in names
    )
    new = object.__new__

    def build(rule: str, article: str, law_url: str, values: dict[str, Any], result: str) -> Step:
        step = new(Step)
        set_rule(step, rule)
        set_article(step, article)
        set_law_url(step, law_url)
        set_values(step, values)
        set_result(step, result)
        return step

    return build


_new_step = _step_builder()


class Trace:
    """Collects the explanation steps of one scheme evaluation (kept when a parameter is missing).

    ``enabled=False`` (bulk screening without explanations) keeps no steps: the outcome and the
    amounts never depend on them, and building thousands of steps is most of a screening's cost.
    The schemes guard each ``add`` with ``if trace.enabled:`` so its values are not even built.
    """

    __slots__ = ("enabled", "reference_date", "steps")

    def __init__(self, *, reference_date: date, enabled: bool = True) -> None:
        self.reference_date = reference_date
        self.enabled = enabled
        self.steps: list[Step] = []

    def add(
        self,
        *,
        rule: str,
        article: str,
        bwb_id: str,
        law_article: str,
        values: dict[str, Any],
        result: str,
    ) -> None:
        if not self.enabled:
            return
        self.steps.append(
            _new_step(
                rule, article, law_url(bwb_id, law_article, self.reference_date), values, result
            )
        )


@dataclass(slots=True)
class Evaluation:
    """What a scheme module returns; the engine adds version, received and non_take_up."""

    outcome: str
    amount_monthly: Decimal | None = None
    amount_yearly: Decimal | None = None
    missing: list[str] = field(default_factory=list)


@dataclass(slots=True)
class SchemeResult:
    scheme: str
    outcome: str
    amount_monthly: Decimal | None
    amount_yearly: Decimal | None
    missing: list[str]
    explanation: list[Step]
    version: dict[str, Any]
    received: bool
    non_take_up: bool
    provisional: list[dict[str, str]] = field(default_factory=list)

    def to_json(self, *, explanation: bool = True, raw_steps: bool = False) -> dict[str, Any]:
        """The contract's JSON form.

        ``explanation=False`` leaves the steps out (bulk use); ``raw_steps`` hands the frozen
        ``Step`` dataclasses over as they are, for an encoder that writes dataclasses, dates and
        (via ``default=str``) Decimals itself: the same JSON without building a dict per step.
        Being for an encoder that writes it at once, that form also shares the result's lists
        and dicts instead of copying them (only the list of steps is the document's own).
        """
        if raw_steps:
            return {
                "scheme": self.scheme,
                "outcome": self.outcome,
                "amount_monthly": money_json(self.amount_monthly),
                "amount_yearly": money_json(self.amount_yearly),
                "missing": self.missing,
                "explanation": list(self.explanation) if explanation else [],
                "version": self.version,
                "received": self.received,
                "non_take_up": self.non_take_up,
                "provisional": self.provisional,
            }
        if not explanation:
            steps: list[Any] = []
        else:
            steps = [step.to_json() for step in self.explanation]
        return {
            "scheme": self.scheme,
            "outcome": self.outcome,
            "amount_monthly": money_json(self.amount_monthly),
            "amount_yearly": money_json(self.amount_yearly),
            "missing": list(self.missing),
            "explanation": steps,
            "version": {
                "scheme": self.version["scheme"],
                "parameters": dict(self.version["parameters"]),
            },
            "received": self.received,
            "non_take_up": self.non_take_up,
            "provisional": [dict(item) for item in self.provisional],
        }


MONTHS_NL = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)


def date_nl(value: date) -> str:
    """A date as Dutch text ("1 januari 2026"), for explanation rules (no locale dependency)."""
    return f"{value.day} {MONTHS_NL[value.month - 1]} {value.year}"


def money_json(amount: Decimal | None) -> str | None:
    if amount is None:
        return None
    return str(amount.quantize(CENT, rounding=ROUND_HALF_UP))


def _json_value(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [_json_value(item) for item in value]
    if isinstance(value, dict):
        return {str(key): _json_value(item) for key, item in value.items()}
    return value


AWIR = "BWBR0018472"


def awir_amounts(
    trace: Trace, *, yearly_unrounded: Decimal, minimum: Decimal, monthly_from_rounded: bool = True
) -> tuple[Decimal, Decimal] | None:
    """Awir art. 14: round the yearly amount to whole euros; nothing below the minimum (€ 24).

    Returns (monthly, yearly) or None when nothing is granted. The monthly figure is a twelfth,
    rounded down to whole euros, of the rounded yearly amount (``monthly_from_rounded``: the order
    the Belastingdienst's zorgtoeslag table 2026 follows in every row) or of the unrounded one (the
    order of the worked examples in "Berekening kindgebonden budget 2026": 5.975,94 gives € 497).
    """
    yearly_unrounded = max(yearly_unrounded, ZERO)
    yearly = whole_euros(yearly_unrounded)
    monthly = floor_euros((yearly if monthly_from_rounded else yearly_unrounded) / TWELVE)
    granted = yearly >= minimum
    trace.add(
        rule="Het jaarbedrag wordt afgerond op hele euro's. Is het minder dan € "
        f"{minimum} per jaar, dan wordt niets toegekend. Per maand betaalt de Belastingdienst een "
        "twaalfde, naar beneden afgerond op hele euro's.",
        article="art. 14 lid 3 en 4 Awir",
        bwb_id=AWIR,
        law_article="14",
        values={
            "jaarbedrag_onafgerond": yearly_unrounded.quantize(CENT, rounding=ROUND_HALF_UP),
            "jaarbedrag": yearly,
            "minimum_per_jaar": minimum,
            "per_maand": monthly,
        },
        result=(
            f"€ {yearly} per jaar, € {monthly} per maand."
            if granted
            else f"€ {yearly} per jaar is minder dan € {minimum}: geen toeslag."
        ),
    )
    return (monthly, yearly) if granted else None
