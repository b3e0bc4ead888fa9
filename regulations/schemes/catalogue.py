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

from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

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
    return parse_pack(documents)


@lru_cache(maxsize=1)
def default_resolver() -> ParameterResolver:
    return ParameterResolver(load_parameter_records())


def default_parameters(*, reference_date: date, municipality_code: str | None) -> ParameterSet:
    """The catalogue's parameters for a date and municipality (cached per pair)."""
    return default_resolver().resolve(reference_date, municipality_code)
