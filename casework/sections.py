"""Pluggable parts of the case page, registered by other apps from their AppConfig.ready().

Casework imports none of those apps: a section names a URL that takes the household id and returns
an HTML fragment; the case page loads it with htmx and offers a plain link when JavaScript is off.

    register_case_section(key="regelingen", label=_("Regelingen"),
                          url_name="regulations:case-section", order=50)

A section loads after the page, so the page would move under the reader when it arrives (layout
shift). A section may therefore name a *shape provider*: what the section will show, in the page's
own building blocks (text by its length, cards, folds), so that its placeholder takes about that
room before the section loads. It runs with the page, like a summary provider below (same
arguments, a fixed number of queries, no exceptions); a dotted path is imported on first use:

    def regelingen_shape(*, household: Household, user: User) -> SectionShape:
        return SectionShape(texts=(90, 12), cards=(24, 40), folds=(30, 30))

    register_case_section(..., shape=regelingen_shape, stylesheet="css/regulations.css")

`stylesheet` (a static path) is linked in the head of the case page, so a section is styled the
moment it arrives instead of a moment later.

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
from django.utils.module_loading import import_string

# The slots the case page offers; registering another key has no effect on the page.
KNOWN_SLOTS = frozenset({"sociaal-minimum"})


# Filler for the placeholder's text: words of an average length, so a line of it wraps about where
# the section's own text will, at any screen width and font size.
_FILLER_WORD = "xxxxxx"


def _filler(chars: int) -> str:
    words = max(round(chars / (len(_FILLER_WORD) + 1)), 1)
    return " ".join([_FILLER_WORD] * words)


@dataclass(frozen=True)
class SectionShape:
    """The room a plugged section will take, in the case page's building blocks: text by its
    length in characters, cards in a card grid, folds in a fold grid. No pixels: the placeholder
    sets filler text of those lengths in the same grids as the content, so it wraps and grows as
    the content will at the reader's screen width and font size."""

    # Paragraphs, headings and list items outside the grids, the length of each. The placeholder
    # shows its link to the section above them.
    texts: tuple[int, ...] = ()
    # Cards in a card grid, the length of each card's title; a card has one more line (badges,
    # amount) under it.
    cards: tuple[int, ...] = ()
    # Folded parts in a fold grid, the length of each summary line.
    folds: tuple[int, ...] = ()
    # "two" for a fold grid of two columns (`fold-grid--two`), else the default grid.
    fold_grid: str = ""

    # The filler text of each block, for the placeholder template.
    @property
    def text_fillers(self) -> list[str]:
        return [_filler(n) for n in self.texts]

    @property
    def card_fillers(self) -> list[str]:
        return [_filler(n) for n in self.cards]

    @property
    def fold_fillers(self) -> list[str]:
        return [_filler(n) for n in self.folds]


ShapeProvider = Callable[..., SectionShape]


@dataclass(frozen=True)
class CaseSection:
    key: str
    label: str | Promise
    url_name: str
    order: int = 100
    shape: ShapeProvider | str | None = None
    stylesheet: str = ""

    def shape_for(self, *, household: Any, user: Any) -> SectionShape | None:
        if self.shape is None:
            return None
        # A dotted path is imported on the first case page, not when Django starts.
        provider = import_string(self.shape) if isinstance(self.shape, str) else self.shape
        return provider(household=household, user=user)


@dataclass(frozen=True)
class CaseSlot:
    key: str
    url_name: str


_SECTIONS: dict[str, CaseSection] = {}
_SLOTS: dict[str, CaseSlot] = {}


def register_case_section(
    *,
    key: str,
    label: str | Promise,
    url_name: str,
    order: int = 100,
    shape: ShapeProvider | str | None = None,
    stylesheet: str = "",
) -> None:
    """Add a section to the case page (idempotent per key: a second call replaces the first)."""
    if not key.replace("-", "").isalnum():
        raise ValueError(f"Sectiesleutel {key!r} mag alleen letters, cijfers en '-' bevatten.")
    if shape is not None and not isinstance(shape, str) and not callable(shape):
        raise ValueError(f"De vorm van sectie {key!r} moet een functie of een dotted path zijn.")
    _SECTIONS[key] = CaseSection(
        key=key, label=label, url_name=url_name, order=order, shape=shape, stylesheet=stylesheet
    )


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
        rows.append(
            {
                "key": section.key,
                "label": section.label,
                "url": url,
                "stylesheet": section.stylesheet,
            }
        )
    return rows


def section_shapes(*, keys: Iterable[str], household: Any, user: Any) -> dict[str, SectionShape]:
    """Section key -> the room it will take on this household's case page, for those of `keys`
    whose app says so (see the module docstring)."""
    shapes = {}
    for key in keys:
        section = _SECTIONS.get(key)
        shape = section.shape_for(household=household, user=user) if section else None
        if shape is not None:
            shapes[key] = shape
    return shapes


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
