"""Reforms: a named, dated set of parameter overrides and switches, kept as data (never as code).

Pure Python (no Django). A reform never changes the catalogue: ``apply_reform`` returns a new
``ParameterSet`` with the overrides laid over the resolved one, so the same engine computes the
current law and the reform side by side.

The format (YAML or JSON; ``parse_reform`` validates it and names every wrong field in Dutch)::

    name: Normen bijstand +10%                 # required, at most 200 characters
    description: Alle bijstandsnormen 10% hoger  # optional
    valid_from: 2026-07-01                     # required; the simulation's reference date by default
    valid_to: 2026-12-31                       # optional; absent = open-ended
    overrides:                                 # optional list
      - key: bijstand.norm.*                   # one key, or a prefix ending in ".*"
        factor: "1.10"                         # multiply (decimal values only) ...
      - key: iit.percentage_sociaal_minimum
        value: "1.30"                          # ... or set the value (decimals as text)
    switches:                                  # optional mapping of documented switches
      minima.kostendelersnorm_toepassen: false

Rules: an override has exactly one of ``value`` and ``factor``; a factor is a positive decimal and
applies only to decimal values; a money result (unit ``EUR...``) is rounded half-up to cents,
ratios are kept exact. A key (or prefix) must name parameters the catalogue knows on the reference
date. Switches are parameters too, limited to ``SWITCHES`` with their type. Overrides apply in
order, switches last.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from .params import ParameterRecord, ParameterSet

CENT = Decimal("0.01")
MAX_FACTOR = Decimal(10)


@dataclass(frozen=True, slots=True)
class Switch:
    key: str
    kind: str  # "bool" | "int" | "decimal"
    label: str


# The documented switches (README "Reforms"). Each is a catalogue parameter; a reform may set it.
SWITCHES: dict[str, Switch] = {
    switch.key: switch
    for switch in (
        Switch(
            "bijstand.kostendelersnorm.toepassen",
            "bool",
            "Kostendelersnorm in de bijstand toepassen (Pw art. 22a)",
        ),
        Switch(
            "minima.kostendelersnorm_toepassen",
            "bool",
            "Kostendelersnorm in het gemeentelijk minimabeleid toepassen",
        ),
        Switch(
            "minima.basis_inclusief_vakantietoeslag",
            "bool",
            "Sociaal minimum inclusief vakantietoeslag",
        ),
        Switch(
            "iit.referteperiode_maanden",
            "int",
            "Referteperiode individuele inkomenstoeslag (maanden)",
        ),
        Switch(
            "iit.percentage_sociaal_minimum",
            "decimal",
            "Inkomensgrens individuele inkomenstoeslag (deel van het sociaal minimum)",
        ),
        Switch(
            "czv.percentage_sociaal_minimum",
            "decimal",
            "Inkomensgrens collectieve zorgverzekering (deel van het sociaal minimum)",
        ),
        Switch(
            "bijstand.vrijlating_arbeid.percentage",
            "decimal",
            "Vrijlating arbeidsinkomsten in de bijstand (deel)",
        ),
        Switch(
            "bijstand.vrijlating_arbeid.maximum",
            "decimal",
            "Vrijlating arbeidsinkomsten in de bijstand (maximum per maand)",
        ),
        Switch(
            "bijstand.vrijlating_arbeid.duur_maanden",
            "int",
            "Duur vrijlating arbeidsinkomsten (maanden)",
        ),
    )
}
# Switches the engine on this branch does not read yet (added with the bulk engine); setting
# one is accepted and recorded, and changes nothing until the engine reads the key.
SWITCH_DEFAULTS: dict[str, bool] = {"bijstand.kostendelersnorm.toepassen": True}


@dataclass(frozen=True, slots=True)
class Override:
    key: str  # an exact key, or a prefix ending in ".*"
    value: Decimal | int | bool | None = None
    factor: Decimal | None = None

    @property
    def is_prefix(self) -> bool:
        return self.key.endswith(".*")

    def matches(self, key: str) -> bool:
        return key.startswith(self.key[:-1]) if self.is_prefix else key == self.key

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"key": self.key}
        if self.factor is not None:
            data["factor"] = str(self.factor)
        else:
            data["value"] = _json_value(self.value)
        return data


@dataclass(frozen=True, slots=True)
class ReformSpec:
    name: str
    valid_from: date
    valid_to: date | None = None
    description: str = ""
    overrides: tuple[Override, ...] = ()
    switches: dict[str, Decimal | int | bool] = field(default_factory=dict)

    def is_empty(self) -> bool:
        return not self.overrides and not self.switches

    def to_json(self) -> dict[str, Any]:
        """The canonical form (stored with every simulation; ``parse_reform`` reads it back)."""
        return {
            "name": self.name,
            "description": self.description,
            "valid_from": self.valid_from.isoformat(),
            "valid_to": self.valid_to.isoformat() if self.valid_to else None,
            "overrides": [override.to_json() for override in self.overrides],
            "switches": {key: _json_value(value) for key, value in sorted(self.switches.items())},
        }


class ReformInvalid(ValueError):  # noqa: N818 - the name is the contract
    """Every problem found, as (field path, Dutch message)."""

    def __init__(self, errors: list[tuple[str, str]]) -> None:
        super().__init__("; ".join(f"{path}: {message}" for path, message in errors))
        self.errors = errors


def _json_value(value: Any) -> Any:
    return str(value) if isinstance(value, Decimal) else value


def _date(raw: Any, path: str, errors: list[tuple[str, str]]) -> date | None:
    if isinstance(raw, date):
        return raw
    if isinstance(raw, str):
        try:
            return date.fromisoformat(raw)
        except ValueError:
            pass
    errors.append((path, "geen geldige datum; gebruik JJJJ-MM-DD"))
    return None


def _decimal(raw: Any, path: str, errors: list[tuple[str, str]]) -> Decimal | None:
    # Text or an integer: a YAML float is binary and would not be the amount written.
    if isinstance(raw, bool) or not isinstance(raw, (str, int)):
        errors.append((path, 'schrijf een bedrag of getal als tekst, bijvoorbeeld "1.10"'))
        return None
    try:
        value = Decimal(str(raw).strip())
    except InvalidOperation:
        errors.append((path, "geen geldig getal"))
        return None
    if not value.is_finite():
        errors.append((path, "geen geldig getal"))
        return None
    return value


def _typed(kind: str, raw: Any, path: str, errors: list[tuple[str, str]]) -> Any:
    if kind == "bool":
        if isinstance(raw, bool):
            return raw
        errors.append((path, "kies waar (true) of onwaar (false)"))
        return None
    if kind == "int":
        if isinstance(raw, int) and not isinstance(raw, bool) and raw >= 0:
            return raw
        errors.append((path, "geef een geheel getal van 0 of meer"))
        return None
    value = _decimal(raw, path, errors)
    if value is not None and value < 0:
        errors.append((path, "mag niet negatief zijn"))
        return None
    return value


def parse_reform(raw: Any, *, known: Mapping[str, str] | None = None) -> ReformSpec:
    """Validate a loaded reform document; raise ``ReformInvalid`` with every error.

    ``known`` maps the catalogue's keys to their type (``decimal``, ``int``, ``bool``, ``str``,
    ``table``); with it, every key and prefix must exist and a factor needs a decimal key.
    """
    errors: list[tuple[str, str]] = []
    if not isinstance(raw, Mapping):
        raise ReformInvalid(
            [("", "een hervorming is een object met naam, geldigheid en wijzigingen")]
        )
    allowed = {"name", "description", "valid_from", "valid_to", "overrides", "switches"}
    for extra in sorted(set(map(str, raw)) - allowed):
        errors.append((extra, "onbekend veld"))
    name = raw.get("name")
    if not isinstance(name, str) or not name.strip():
        errors.append(("name", "geef de hervorming een naam"))
        name = ""
    elif len(name) > 200:
        errors.append(("name", "de naam is te lang (hoogstens 200 tekens)"))
    description = raw.get("description") or ""
    if not isinstance(description, str):
        errors.append(("description", "schrijf de omschrijving als tekst"))
        description = ""
    valid_from = (
        _date(raw["valid_from"], "valid_from", errors)
        if raw.get("valid_from") is not None
        else errors.append(("valid_from", "verplicht: de datum vanaf wanneer de hervorming geldt"))
    )
    valid_to = (
        _date(raw["valid_to"], "valid_to", errors) if raw.get("valid_to") is not None else None
    )
    if valid_from and valid_to and valid_to < valid_from:
        errors.append(("valid_to", "ligt vóór de begindatum"))

    overrides: list[Override] = []
    raw_overrides = raw.get("overrides") or []
    if not isinstance(raw_overrides, list):
        errors.append(("overrides", "geef een lijst van wijzigingen"))
        raw_overrides = []
    for index, item in enumerate(raw_overrides):
        override = _override(item, f"overrides[{index}]", errors, known)
        if override is not None:
            overrides.append(override)

    switches: dict[str, Decimal | int | bool] = {}
    raw_switches = raw.get("switches") or {}
    if not isinstance(raw_switches, Mapping):
        errors.append(("switches", "geef de schakelaars als sleutel: waarde"))
        raw_switches = {}
    for key, value in raw_switches.items():
        path = f"switches.{key}"
        switch = SWITCHES.get(str(key))
        if switch is None:
            errors.append((path, "onbekende schakelaar; kies uit " + ", ".join(sorted(SWITCHES))))
            continue
        typed = _typed(switch.kind, value, path, errors)
        if typed is not None:
            switches[switch.key] = typed
    if errors:
        raise ReformInvalid(errors)
    assert valid_from is not None  # noqa: S101 - errors would have been raised
    return ReformSpec(
        name=name.strip(),
        description=description.strip(),
        valid_from=valid_from,
        valid_to=valid_to,
        overrides=tuple(overrides),
        switches=switches,
    )


def _override(
    item: Any, path: str, errors: list[tuple[str, str]], known: Mapping[str, str] | None
) -> Override | None:
    if not isinstance(item, Mapping):
        errors.append((path, "een wijziging is een object met key en value of factor"))
        return None
    for extra in sorted(set(map(str, item)) - {"key", "value", "factor"}):
        errors.append((f"{path}.{extra}", "onbekend veld"))
    key = item.get("key")
    if not isinstance(key, str) or not key.strip():
        errors.append((f"{path}.key", "verplicht: de parameter (of een voorvoegsel met .*)"))
        return None
    key = key.strip()
    if ("value" in item) == ("factor" in item):
        errors.append((path, "geef precies één van value en factor"))
        return None
    matched: list[str] = []
    if known is not None:
        prefix = key[:-1] if key.endswith(".*") else None
        matched = (
            [k for k in known if k.startswith(prefix)] if prefix else [key] if key in known else []
        )
        if not matched:
            errors.append((f"{path}.key", f"onbekende parameter {key!r}"))
            return None
    if "factor" in item:
        factor = _decimal(item["factor"], f"{path}.factor", errors)
        if factor is None:
            return None
        if not Decimal(0) < factor <= MAX_FACTOR:
            errors.append((f"{path}.factor", f"moet groter dan 0 en hoogstens {MAX_FACTOR} zijn"))
            return None
        if known is not None and any(known[k] != "decimal" for k in matched):
            errors.append(
                (f"{path}.factor", "alleen bedragen en verhoudingen kun je vermenigvuldigen")
            )
            return None
        return Override(key=key, factor=factor)
    if key.endswith(".*"):
        errors.append(
            (f"{path}.value", "een vaste waarde geldt voor één parameter, niet een voorvoegsel")
        )
        return None
    kind = known[key] if known is not None else "decimal"
    if kind in ("str", "table"):
        errors.append((f"{path}.key", "tekst- en tabelwaarden kunnen niet worden gewijzigd"))
        return None
    value = _typed(kind, item["value"], f"{path}.value", errors)
    return None if value is None else Override(key=key, value=value)


def apply_reform(parameters: ParameterSet, reform: ReformSpec) -> ParameterSet:
    """A new set with the reform's overrides and switches laid over ``parameters``.

    A key the set does not hold stays absent for an override (nothing to change on that date);
    a switch the set does not hold is added, so a switch always has its stated effect.
    """
    records: dict[str, ParameterRecord] = {
        key: parameters.record(key) for key in list(parameters.keys())
    }  # type: ignore[misc]
    for override in reform.overrides:
        for key, record in list(records.items()):
            if not override.matches(key):
                continue
            if override.factor is not None:
                if not isinstance(record.value, Decimal):
                    continue
                value: Any = record.value * override.factor
                if record.unit.startswith("EUR"):
                    value = value.quantize(CENT, rounding=ROUND_HALF_UP)
            else:
                value = override.value
            records[key] = replace(record, value=value, note=f"hervorming: {reform.name}")
    for key, value in reform.switches.items():
        record = records.get(key)
        if record is None:
            records[key] = ParameterRecord(
                key=key,
                value=value,
                unit="ja/nee" if isinstance(value, bool) else "",
                valid_from=reform.valid_from,
                valid_to=reform.valid_to,
                source_url="",
                grade="C",
                municipality_code=parameters.municipality_code,
                note=f"hervorming: {reform.name}",
            )
        else:
            records[key] = replace(record, value=value, note=f"hervorming: {reform.name}")
    return ParameterSet(
        reference_date=parameters.reference_date,
        municipality_code=parameters.municipality_code,
        records=records,
    )


def changed_keys(before: ParameterSet, after: ParameterSet) -> list[str]:
    """The keys whose value the reform changed (for the simulation's receipt)."""

    def value(parameters: ParameterSet, key: str) -> tuple[bool, Any]:
        record = parameters.record(key)
        return (False, None) if record is None else (True, record.value)

    keys = sorted(set(before.keys()) | set(after.keys()))
    return [key for key in keys if value(before, key) != value(after, key)]
