"""The regulation catalogue and the dated parameters, loaded from ``regulations/data/``.

Record formats (plain data, so the Django side can import them into tables and back):

``regulations.yaml``: ``regulations: [{code, name, level (rijk|uitvoerder|gemeente),
administering_body, legal_basis, article, law_url, pillar, theme, description}]``.

``parameters/<topic>.yaml``::

    parameters:
      - key: zorgtoeslag.standaardpremie       # dotted, <scheme or topic>.<name>
        unit: EUR/jaar                          # EUR/maand, EUR/jaar, EUR/kwartaal, EUR/uur, ratio, ...
        type: decimal                           # decimal | int | bool | str | table
        description: Standaardpremie (S) ...
        values:
          - valid_from: 2025-01-01
            valid_to: 2025-12-31                # optional; absent = open-ended
            value: "2112"                       # decimals as strings: YAML floats are binary
            grade: A                            # A official, B secondary/derived, C unverified
            source_url: https://...
            municipality_code: GM1731           # optional; absent = national/default value
            note: ...                           # optional
            final: true                         # optional; deliberately the last value

Each value becomes one ``ParameterRecord``; ``packs.parse_pack`` validates the files (the same
validator as an uploaded parameter pack). A ``table`` value stays the YAML structure (lists/dicts
with strings); the engine does not compute with tables.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from .packs import SAFE_LOADER, PackRecord, load_yaml, parse_pack
from .params import ParameterRecord, ParameterResolver, ParameterSet

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
LEVELS = ("rijk", "uitvoerder", "gemeente")
PILLARS = ("inkomenszekerheid", "werkzekerheid", "menselijke_maat", "wonen_en_zorg")
THEMES = ("schulden", "wonen", "zorg", "arbeidsmarkt_beperking", "uitvoerbaar_stelsel")


@dataclass(frozen=True, slots=True)
class Regulation:
    code: str
    name: str
    level: str
    administering_body: str
    legal_basis: str
    article: str
    law_url: str
    pillar: str
    theme: str
    description: str = ""


@lru_cache(maxsize=1)
def load_regulations(data_dir: Path = DATA_DIR) -> tuple[Regulation, ...]:
    raw = yaml.load((data_dir / "regulations.yaml").read_text(encoding="utf-8"), Loader=SAFE_LOADER)  # noqa: S506 - a safe loader
    regulations = []
    for item in raw["regulations"]:
        regulation = Regulation(**item)
        if regulation.level not in LEVELS:
            raise ValueError(f"{regulation.code}: onbekend niveau {regulation.level!r}")
        if regulation.pillar not in PILLARS:
            raise ValueError(f"{regulation.code}: onbekende pijler {regulation.pillar!r}")
        if regulation.theme not in THEMES:
            raise ValueError(f"{regulation.code}: onbekend thema {regulation.theme!r}")
        if not regulation.law_url.startswith("https://wetten.overheid.nl/"):
            raise ValueError(f"{regulation.code}: law_url moet naar wetten.overheid.nl wijzen")
        regulations.append(regulation)
    return tuple(regulations)


@lru_cache(maxsize=1)
def load_parameter_records(data_dir: Path = DATA_DIR) -> tuple[ParameterRecord, ...]:
    """The release's pack: every file under ``parameters/``, through the pack validator."""
    return tuple(item.record for item in load_pack_files(data_dir))


def load_pack_files(data_dir: Path = DATA_DIR) -> list[PackRecord]:
    documents = [
        (path.name, load_yaml(path.read_text(encoding="utf-8"), source=path.name))
        for path in sorted((data_dir / "parameters").glob("*.yaml"))
    ]
    titles = load_source_titles(data_dir)
    # A value without a title of its own gets its source's title from ``sources.yaml``.
    return [
        item
        if item.record.source_title or item.record.source_url not in titles
        else replace(item, record=replace(item.record, source_title=titles[item.record.source_url]))
        for item in parse_pack(documents)
    ]


@lru_cache(maxsize=4)
def load_source_titles(data_dir: Path = DATA_DIR) -> dict[str, str]:
    """``sources.yaml``: the publication title of a source address, as people cite it.

    One list for all parameter files, so a title is written once per source and the value files
    stay as they are. A value's own ``source_title`` wins.
    """
    path = data_dir / "sources.yaml"
    if not path.exists():
        return {}
    raw = yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER)  # noqa: S506 - a safe loader
    titles: dict[str, str] = {}
    for item in raw.get("sources") or []:
        url, title = item.get("url"), item.get("title")
        if not (isinstance(url, str) and isinstance(title, str) and title.strip()):
            raise ValueError(f"sources.yaml: url en title verwacht, kreeg {item!r}")
        if url in titles:
            raise ValueError(f"sources.yaml: {url} staat er twee keer in")
        titles[url] = title.strip()
    return titles


def source_label(url: str, title: str = "") -> str:
    """How a page names a source: its title, else the title in ``sources.yaml``, else the host."""
    if title:
        return title
    known = load_source_titles().get(url)
    if known:
        return known
    host = urlsplit(url).hostname or url
    return host.removeprefix("www.")


@lru_cache(maxsize=1)
def default_resolver() -> ParameterResolver:
    return ParameterResolver(load_parameter_records())


def default_parameters(*, reference_date: date, municipality_code: str | None) -> ParameterSet:
    """The catalogue's parameters for a date and municipality (cached per pair)."""
    return default_resolver().resolve(reference_date, municipality_code)
