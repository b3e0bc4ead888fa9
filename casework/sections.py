"""Pluggable parts of the case page, registered by other apps from their AppConfig.ready().

Casework imports none of those apps: a section names a URL that takes the household id and returns
an HTML fragment; the case page loads it with htmx and offers a plain link when JavaScript is off.

    register_case_section(key="regelingen", label=_("Regelingen"),
                          url_name="regulations:case-section", order=50)

A *slot* is a smaller hook inside a casework section (e.g. "sociaal-minimum" in the money section):
    register_case_slot(key="sociaal-minimum", url_name="regulations:social-minimum")

A *summary provider* feeds the "In één oogopslag" block at the top of the case page. Unlike a
section it is rendered with the page itself, so what matters is visible before anything loads:

    def debt_deadlines(*, household: Household, user: User) -> Iterable[SummaryItem]:
        yield SummaryItem(kind=SummaryKind.URGENT, text=_("..."), url="#schulden")

    register_case_summary(key="wgs-termijnen", provider=debt_deadlines, order=20)

A provider receives the household as `casework.selectors.household_dossier` loaded it (members,
incomes, debts, assets, benefits, goals and assessments are prefetched and cost no query) and the
user, who may already see the household (the page checked and audited the read). It returns items of
three kinds: URGENT (what cannot wait), MONEY (entitled and not received; give `amount_monthly` so
the block can add it up) and NEXT (what comes next). It must run a fixed number of queries, whatever
the size of the household: the case page has query-count pins. A provider that raises is a bug and
breaks the page, so keep them small and pure.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise

# The slots the case page offers; registering another key has no effect on the page.
KNOWN_SLOTS = frozenset({"sociaal-minimum"})


@dataclass(frozen=True)
class CaseSection:
    key: str
    label: str | Promise
    url_name: str
    order: int = 100


@dataclass(frozen=True)
class CaseSlot:
    key: str
    url_name: str


_SECTIONS: dict[str, CaseSection] = {}
_SLOTS: dict[str, CaseSlot] = {}


def register_case_section(
    *, key: str, label: str | Promise, url_name: str, order: int = 100
) -> None:
    """Add a section to the case page (idempotent per key: a second call replaces the first)."""
    if not key.replace("-", "").isalnum():
        raise ValueError(f"Sectiesleutel {key!r} mag alleen letters, cijfers en '-' bevatten.")
    _SECTIONS[key] = CaseSection(key=key, label=label, url_name=url_name, order=order)


def register_case_slot(*, key: str, url_name: str) -> None:
    if key not in KNOWN_SLOTS:
        raise ValueError(f"Onbekend vak {key!r}; bekende vakken: {sorted(KNOWN_SLOTS)}.")
    _SLOTS[key] = CaseSlot(key=key, url_name=url_name)


def sections_for(household_id: int) -> list[dict[str, object]]:
    """The registered sections in order, with their URL for this household."""
    rows = []
    for section in sorted(_SECTIONS.values(), key=lambda s: (s.order, s.key)):
        try:
            url = reverse(section.url_name, args=[household_id])
        except NoReverseMatch:
            continue
        rows.append({"key": section.key, "label": section.label, "url": url})
    return rows


def slots_for(household_id: int) -> dict[str, str]:
    """Slot key -> URL for this household, for the slots that another app fills."""
    urls = {}
    for slot in _SLOTS.values():
        try:
            urls[slot.key.replace("-", "_")] = reverse(slot.url_name, args=[household_id])
        except NoReverseMatch:
            continue
    return urls


# --- the summary at the top of the case page -------------------------------------------------


class SummaryKind(StrEnum):
    URGENT = "urgent"
    MONEY = "money"
    NEXT = "next"


@dataclass(frozen=True)
class SummaryItem:
    kind: SummaryKind
    text: str | Promise
    url: str = ""
    amount_monthly: Decimal | None = None


SummaryProvider = Callable[..., Iterable[SummaryItem]]


@dataclass(frozen=True)
class _SummaryEntry:
    key: str
    provider: SummaryProvider
    order: int


_SUMMARY: dict[str, _SummaryEntry] = {}


def register_case_summary(*, key: str, provider: SummaryProvider, order: int = 100) -> None:
    """Add a summary provider (idempotent per key: a second call replaces the first)."""
    _SUMMARY[key] = _SummaryEntry(key=key, provider=provider, order=order)


def unregister_case_summary(key: str) -> None:
    _SUMMARY.pop(key, None)


def case_summary(*, household: Any, user: Any) -> dict[str, Any]:
    """The items of every provider grouped by kind, in provider order, with the money total."""
    groups: dict[str, list[SummaryItem]] = {kind.value: [] for kind in SummaryKind}
    for entry in sorted(_SUMMARY.values(), key=lambda e: (e.order, e.key)):
        for item in entry.provider(household=household, user=user):
            groups[SummaryKind(item.kind).value].append(item)
    money_known = [i for i in groups[SummaryKind.MONEY] if i.amount_monthly is not None]
    money_total = sum((i.amount_monthly for i in money_known), Decimal("0"))
    return {
        **groups,
        "money_total": money_total,
        # The page lists schemes with an amount one per line and the others on one line.
        "money_unknown": [i for i in groups[SummaryKind.MONEY] if i.amount_monthly is None],
    }
