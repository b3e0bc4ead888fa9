"""What a breakthrough may say about the rule that blocked it: a catalogue code and an article.

Both values are published in the signal report (`by_regulation` row keys, also when the counts
are suppressed) and from there on the hub's national pages and open-data CSV. They are typed by
professionals, so they are held to a closed vocabulary:

- the regulation code is a code of the regulation catalogue, or `OTHER_REGULATION` ("overig")
  for a rule that is not in it;
- the article is a strict article reference: ``art.`` / ``artikel``, a number (``12``, ``36b``,
  ``1.5``, ``8:1``, a range ``19-22a``), optionally ``lid N``, optionally ``sub`` / ``onder`` /
  ``onderdeel X``, and optionally the name of a law from `LAW_NAMES`. Nothing else: no names,
  addresses or notes.

The same two checks serve the proposal (with a field error) and the report (where anything that
does not pass falls into the residual: `OTHER_REGULATION` and `NO_ARTICLE`), so rows stored before
the checks existed can never leak. Pure Python: the caller passes the catalogue codes.
"""

from __future__ import annotations

import re
from collections.abc import Collection

from core.identifiers import find_identifiers

OTHER_REGULATION = "overig"
NO_ARTICLE = "-"
ARTICLE_MAX_LENGTH = 60

# Laws (and their usual abbreviations) a professional may name after the article number. A closed
# list on purpose: an open "any words" suffix would let a family name through.
LAW_NAMES = (
    "Participatiewet",
    "Pw",
    "Algemene wet inkomensafhankelijke regelingen",
    "Awir",
    "Wet op de zorgtoeslag",
    "Wet op de huurtoeslag",
    "Wet op het kindgebonden budget",
    "Algemene Kinderbijslagwet",
    "AKW",
    "Wet kinderopvang",
    "Besluit kinderopvangtoeslag",
    "Gemeentewet",
    "Invorderingswet 1990",
    "Uitvoeringsregeling Invorderingswet 1990",
    "Wet gemeentelijke schuldhulpverlening",
    "Wgs",
    "Wet energietoeslag 2023",
    "Wet maatschappelijke ondersteuning 2015",
    "Wmo 2015",
    "Wmo",
    "Jeugdwet",
    "Zorgverzekeringswet",
    "Zvw",
    "Wet langdurige zorg",
    "Wlz",
    "Algemene wet bestuursrecht",
    "Awb",
    "Burgerlijk Wetboek",
    "BW",
    "Faillissementswet",
    "Fw",
    "Huisvestingswet 2014",
    "Woningwet",
    "Wet inburgering 2021",
    "Werkloosheidswet",
    "WW",
    "Wet werk en inkomen naar arbeidsvermogen",
    "WIA",
    "Wajong",
    "Ziektewet",
    "Algemene Ouderdomswet",
    "AOW",
    "IOAW",
    "IOAZ",
    "Wet studiefinanciering 2000",
    "verordening",
    "beleidsregels",
)

_NUMBER = r"\d{1,4}[a-z]{0,3}(?:[.:]\d{1,3}[a-z]{0,3}){0,2}"
_LAW = "|".join(
    r"\s+".join(re.escape(word) for word in name.split())
    for name in sorted(LAW_NAMES, key=len, reverse=True)
)
ARTICLE_RE = re.compile(
    rf"^(?:art\.?|artikel)\s+{_NUMBER}(?:\s*-\s*{_NUMBER})?"
    r"(?:\s+lid\s+\d{1,2})?"
    r"(?:\s+(?:sub|onder|onderdeel)\s+(?:[a-z]{1,2}|\d{1,2})\.?)?"
    rf"(?:\s+(?:{_LAW}))?$",
    re.IGNORECASE,
)
ARTICLE_EXAMPLES = "art. 12, art. 12 lid 3, artikel 8:1 lid 2 sub b Awb"


def normalise_article(text: str) -> str:
    """Surrounding and repeated white space removed; otherwise as typed."""
    return " ".join(str(text or "").split())


def is_article_reference(text: str) -> bool:
    """True for a strict article reference (see the module docstring); an empty text is not."""
    value = normalise_article(text)
    return (
        0 < len(value) <= ARTICLE_MAX_LENGTH
        and ARTICLE_RE.match(value) is not None
        and not find_identifiers(value)
    )


def published_regulation_code(code: str | None, *, catalogue: Collection[str]) -> str:
    """The code as it may be published: a catalogue code, else the residual `overig`."""
    value = (code or "").strip()
    return value if value in catalogue else OTHER_REGULATION


def published_article(article: str | None) -> str:
    """The article as it may be published: a strict reference, else `-`."""
    value = normalise_article(article or "")
    return value if is_article_reference(value) else NO_ARTICLE


# --- an article as parts: number, lid, law ----------------------------------------------------

_PARTS_RE = re.compile(
    rf"^(?:art\.?|artikel)\s+(?P<number>{_NUMBER}(?:\s*-\s*{_NUMBER})?)"
    r"(?:\s+lid\s+(?P<lid>\d{1,2}))?"
    r"(?:\s+(?:sub|onder|onderdeel)\s+(?P<sub>[a-z]{1,2}|\d{1,2})\.?)?"
    rf"(?:\s+(?P<law>{_LAW}))?$",
    re.IGNORECASE,
)
_LAW_BY_LOWER = {name.lower(): name for name in LAW_NAMES}


def article_parts(text: str) -> dict[str, str] | None:
    """A strict article reference split into number, lid, sub and law (law as in `LAW_NAMES`);
    None for anything else."""
    match = _PARTS_RE.match(normalise_article(text))
    if match is None:
        return None
    law = " ".join((match.group("law") or "").split())
    return {
        "number": re.sub(r"\s*-\s*", "-", match.group("number")).lower(),
        "lid": match.group("lid") or "",
        "sub": (match.group("sub") or "").lower(),
        "law": _LAW_BY_LOWER.get(law.lower(), law),
    }


def format_article(*, number: str, lid: str = "", sub: str = "", law: str = "") -> str:
    """The reference written the one way: "art. 35 lid 1 Participatiewet",
    "art. 31 lid 2 onderdeel m Pw"."""
    parts = [f"art. {number.strip()}"]
    if lid:
        parts.append(f"lid {lid}")
    if sub:
        parts.append(f"onderdeel {sub.strip().lower()}")
    if law:
        parts.append(law)
    return " ".join(parts)


def canonical_article(text: str) -> str:
    """A strict reference written the one way the proposal's parts write it ("sub m" and
    "onder m" become "onderdeel m", the law as in `LAW_NAMES`); anything else as typed."""
    parts = article_parts(text)
    if parts is None:
        return normalise_article(text)
    return format_article(**parts)


def article_group(text: str) -> str:
    """The article as signals group it: number and law, without lid or sub, so "art. 35" and
    "artikel 35 lid 1" of one law are one group. Anything that is not a strict reference is
    grouped as typed (white space normalised)."""
    parts = article_parts(text)
    if parts is None:
        return normalise_article(text)
    return format_article(number=parts["number"], law=parts["law"])


def knelpunt_anchor(regulation_code: str, article: str) -> str:
    """The fragment of a national knelpunt on the hub's public page: the hub writes it, the
    municipalities link to it, both from the regulation code and the article group."""
    words = re.sub(r"[^a-z0-9]+", "-", f"{regulation_code} {article}".lower()).strip("-")
    return f"knelpunt-{words}"
