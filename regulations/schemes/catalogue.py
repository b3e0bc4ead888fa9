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

Each value becomes one ``ParameterRecord``. A ``table`` value stays the YAML structure (lists/dicts
with strings); the engine does not compute with tables.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from .params import ParameterRecord, ParameterResolver, ParameterSet

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
# libyaml's loader when installed: the same safe constructors, a fraction of the start-up time.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
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
    raw = yaml.load((data_dir / "regulations.yaml").read_text(encoding="utf-8"), Loader=_LOADER)  # noqa: S506 - a safe loader
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
    records: list[ParameterRecord] = []
    for path in sorted((data_dir / "parameters").glob("*.yaml")):
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)  # noqa: S506 - a safe loader
        for definition in raw["parameters"]:
            records.extend(_records(definition, source=path.name))
    return tuple(records)


@lru_cache(maxsize=1)
def default_resolver() -> ParameterResolver:
    return ParameterResolver(load_parameter_records())


def default_parameters(*, reference_date: date, municipality_code: str | None) -> ParameterSet:
    """The catalogue's parameters for a date and municipality (cached per pair)."""
    return default_resolver().resolve(reference_date, municipality_code)


def _records(definition: dict[str, Any], *, source: str) -> list[ParameterRecord]:
    key = definition["key"]
    kind = definition.get("type", "decimal")
    records = []
    for value in definition["values"]:
        valid_from = value["valid_from"]
        valid_to = value.get("valid_to")
        if not isinstance(valid_from, date) or (
            valid_to is not None and not isinstance(valid_to, date)
        ):
            raise ValueError(f"{source}: {key}: datums moeten JJJJ-MM-DD zijn")
        records.append(
            ParameterRecord(
                key=key,
                value=_typed(value["value"], kind, f"{source}: {key}"),
                unit=definition["unit"],
                valid_from=valid_from,
                valid_to=valid_to,
                source_url=value["source_url"],
                grade=str(value["grade"]),
                municipality_code=value.get("municipality_code"),
                note=value.get("note", ""),
            )
        )
    return records


def _typed(raw: Any, kind: str, where: str) -> Any:
    if kind == "decimal":
        if isinstance(raw, float):
            raise ValueError(f'{where}: schrijf decimalen als tekst ("0.137"), niet als float')
        return Decimal(str(raw))
    if kind == "int":
        if not isinstance(raw, int) or isinstance(raw, bool):
            raise ValueError(f"{where}: geheel getal verwacht")
        return raw
    if kind == "bool":
        if not isinstance(raw, bool):
            raise ValueError(f"{where}: true/false verwacht")
        return raw
    if kind == "str":
        return str(raw)
    if kind == "table":
        return raw
    raise ValueError(f"{where}: onbekend type {kind!r}")
