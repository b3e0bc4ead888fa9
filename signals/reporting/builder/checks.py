"""Input checks of `build_report`: header, categories, amounts and publishable text of every fact."""

from __future__ import annotations

import re
import uuid
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal

from signals.reporting.builder.constants import (
    KNELPUNT_TYPES,
    PUBLISHABLE_SIGNAL_STATUSES,
    SIGNAL_ROUTES,
    SIGNAL_STATUSES,
    THEME_PILLAR,
    THEMES,
)
from signals.reporting.builder.facts import BreakthroughFact, NonTakeUpFact, SignalFact
from signals.reporting.builder.formats import utc_timestamp
from signals.reporting.disclosure import assert_no_identifiers

_CBS_CODE = re.compile(r"^GM\d{4}$")


def check_header(
    *,
    cbs_code: str,
    name: str,
    period_start: date,
    period_end: date,
    revision: int,
    generated_at: datetime,
) -> None:
    if not _CBS_CODE.match(cbs_code):
        raise ValueError(f"CBS-code {cbs_code!r} heeft niet de vorm GM0000")
    if not name.strip():
        raise ValueError("de gemeentenaam ontbreekt")
    if period_end < period_start:
        raise ValueError("het einde van de periode ligt vóór het begin")
    if isinstance(revision, bool) or not isinstance(revision, int) or revision < 1:
        raise ValueError("revisie moet een geheel getal vanaf 1 zijn")
    utc_timestamp(generated_at)


def _check_category(value: str | None, *, allowed: Sequence[str], what: str) -> None:
    if value not in allowed:
        raise ValueError(f"onbekende {what} {value!r}; toegestaan: {', '.join(allowed)}")


def _check_money(value: Decimal | None, *, what: str) -> None:
    if value is None:
        return
    if not isinstance(value, Decimal) or not value.is_finite() or value < 0:
        raise ValueError(f"{what} moet een niet-negatief Decimal-bedrag zijn, niet {value!r}")


def _check_label(value: str, *, what: str, required: bool = True) -> None:
    if required and not value.strip():
        raise ValueError(f"{what} ontbreekt")
    if "|" in value:  # '|' separates code and article in the by_regulation row id
        raise ValueError(f"{what} mag geen '|' bevatten")
    assert_no_identifiers(field_name=what, text=value)


def check_breakthrough(fact: BreakthroughFact, *, period_start: date, period_end: date) -> None:
    _check_category(fact.theme, allowed=THEMES, what="thema")
    if fact.pillar != THEME_PILLAR[fact.theme]:
        raise ValueError(
            f"pijler {fact.pillar!r} past niet bij thema {fact.theme!r} "
            f"(verwacht {THEME_PILLAR[fact.theme]!r})"
        )
    if fact.knelpunt_type is not None:
        _check_category(fact.knelpunt_type, allowed=KNELPUNT_TYPES, what="knelpunttype")
    if not fact.household_key:
        raise ValueError("household_key ontbreekt")
    for what, text in (
        ("regelingcode", fact.regulation_code),
        ("regelingnaam", fact.regulation_name),
        ("uitvoerder", fact.body),
    ):
        _check_label(text, what=what)
    _check_label(fact.article, what="artikel", required=False)
    _check_money(fact.amount_eur, what="amount_eur")
    if fact.amount_eur is None:
        raise ValueError("amount_eur ontbreekt")
    _check_money(fact.avoided_cost_eur, what="avoided_cost_eur")
    if fact.days_to_decision is not None and fact.days_to_decision < 0:
        raise ValueError("days_to_decision kan niet negatief zijn")
    if not period_start <= fact.decided_on <= period_end:
        raise ValueError(f"doorbraak besloten op {fact.decided_on} valt buiten de periode")


def check_signal(signal: SignalFact) -> None:
    _check_category(signal.theme, allowed=THEMES, what="thema")
    _check_category(signal.knelpunt_type, allowed=KNELPUNT_TYPES, what="knelpunttype")
    _check_category(signal.route, allowed=SIGNAL_ROUTES, what="route")
    _check_category(signal.status, allowed=SIGNAL_STATUSES, what="status")
    if signal.status not in PUBLISHABLE_SIGNAL_STATUSES:
        raise ValueError(
            f"signaal {signal.signal_id} is nog een concept en wordt niet gepubliceerd"
        )
    if not isinstance(signal.signal_id, uuid.UUID):
        raise ValueError("signal_id moet een UUID zijn")
    for what, text in (
        ("regelingcode", signal.regulation_code),
        ("uitvoerder", signal.body),
        ("beschrijving", signal.description),
    ):
        if not text.strip():
            raise ValueError(f"signaal {signal.signal_id}: {what} ontbreekt")
    for what, text in (
        ("regelingcode", signal.regulation_code),
        ("artikel", signal.article),
        ("uitvoerder", signal.body),
        ("beschrijving", signal.description),
        ("voorgestelde oplossing", signal.proposed_fix),
        ("werkwijze (workaround)", signal.workaround),
    ):
        assert_no_identifiers(field_name=f"signaal {signal.signal_id}: {what}", text=text)
    if signal.households_affected < 0:
        raise ValueError("households_affected kan niet negatief zijn")
    _check_money(signal.bridging_cost_eur, what="bridging_cost_eur")
    if signal.bridging_cost_eur is None:
        raise ValueError("bridging_cost_eur ontbreekt")
    _check_money(signal.avoided_cost_eur, what="avoided_cost_eur")


def check_non_take_up(item: NonTakeUpFact) -> None:
    _check_label(item.regulation_code, what="regelingcode")
    if item.households < 0:
        raise ValueError("households kan niet negatief zijn")
    _check_money(item.est_monthly_eur, what="est_monthly_eur")
    if item.est_monthly_eur is None:
        raise ValueError("est_monthly_eur ontbreekt")
