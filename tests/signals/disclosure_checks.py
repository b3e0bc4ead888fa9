"""A caseload builder and a disclosure checker for signal reports, shared by the property tests
and the revision tests.

The checker is written independently of `signals.reporting.disclosure`: it only reads the
published JSON, as a reader would.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from breakthroughs.constants import KnelpuntType, MandateLevel, Status
from casework.models import Household, Member
from core.models import Role
from tests.breakthroughs.factories import BreakthroughFactory, BudgetPotFactory
from tests.casework.factories import HouseholdFactory, MemberFactory, valid_bsn
from tests.core.factories import MembershipFactory, MunicipalityFactory, TeamFactory, UserFactory

MIN_CELL = 10
PERIOD = "2026Q3"
REGULATIONS = [("bijstand", "art. 35"), ("huurtoeslag", "art. 7"), ("zorgtoeslag", "art. 2")]
KNELPUNTEN = [*KnelpuntType.values, ""]
FAMILY_NAMES = ["Brouwersgracht", "Vondelkerk", "Zuiderhout", "Oosterpark", "Ijsselmonde"]
FORBIDDEN_KEYS = {
    "household",
    "household_id",
    "household_key",
    "households_ids",
    "breakthrough",
    "breakthrough_id",
    "member",
    "bsn",
    "name_of",
    "postcode",
    "birth_date",
    "user",
    "username",
    "proposer",
}

# --- building a caseload -------------------------------------------------------------------


class World:
    def __init__(self) -> None:
        self.municipality = MunicipalityFactory()
        self.team = TeamFactory(municipality=self.municipality)
        self.officer = UserFactory(username=f"beleid_{self.municipality.cbs_code}")
        MembershipFactory(
            user=self.officer,
            municipality=self.municipality,
            team=None,
            role=Role.POLICY_OFFICER,
        )
        self.pot = BudgetPotFactory(
            municipality=self.municipality, team=self.team, amount=Decimal("90000000")
        )
        self.bsns: list[str] = []
        self.family_names: list[str] = []

    def add(self, groups: list[dict[str, Any]], *, family: int) -> list[int]:
        ids = []
        start = datetime(2026, 7, 1, 9, 0, tzinfo=UTC)
        for index, spec in enumerate(groups):
            family_name = f"{FAMILY_NAMES[(family + index) % len(FAMILY_NAMES)]}{family}{index}"
            self.family_names.append(family_name)
            household = None
            for number in range(spec["n"]):
                if household is None or not spec["share_households"] or number % 2 == 0:
                    household = HouseholdFactory(team=self.team, display_name=family_name)
                    bsn = valid_bsn()
                    self.bsns.append(bsn)
                    MemberFactory(household=household, bsn=bsn, family_name=family_name)
                decided = start + timedelta(days=spec["day"], hours=number % 8)
                code, article = spec["regulation"]
                item = BreakthroughFactory(
                    household=household,
                    budget_pot=self.pot,
                    status=Status.APPROVED,
                    theme=spec["theme"],
                    regulation_code=code,
                    article=article,
                    knelpunt_type=spec["knelpunt"],
                    mandate_level=MandateLevel.BOARD if spec["board"] else MandateLevel.TEAM,
                    submitted_at=decided - timedelta(days=2),
                    decided_at=decided,
                    amount=Decimal("100.00") + number,
                    expected_avoided_cost=Decimal("1000.00"),
                )
                ids.append(item.pk)
        return ids


# --- the independent checker -----------------------------------------------------------------

MARGIN_TABLES = {
    # table: (list of rows, key of a row, whether every breakthrough falls in exactly one row)
    "by_theme": ("theme", True),
    "by_regulation": ("regulation", True),
    "by_knelpunt_type": ("knelpunt_type", False),  # breakthroughs without type: hidden residual
}


def _key(table: str, row: dict[str, Any]) -> str:
    if table == "by_regulation":
        return f"{row['regulation_code']}|{row['article']}"
    return row[MARGIN_TABLES[table][0]]


def _rows(report: dict[str, Any], table: str) -> dict[str, int | None]:
    if table == "escalation":
        return {key: report["escalation"][key] for key in ("decided_in_team", "escalated_to_board")}
    return {_key(table, row): row["breakthroughs"] for row in report[table]}


def _tables(report: dict[str, Any]) -> dict[str, bool]:
    return {**{name: spec[1] for name, spec in MARGIN_TABLES.items()}, "escalation": True}


def _all_counts(report: dict[str, Any]) -> list[tuple[str, Any]]:
    counts = [("totals." + c, report["totals"][c]) for c in ("breakthroughs", "households")]
    for table in ("by_theme", "by_regulation", "by_knelpunt_type"):
        for row in report[table]:
            for column in ("breakthroughs", "households"):
                counts.append((f"{table}.{_key(table, row)}.{column}", row[column]))
    for key in ("decided_in_team", "escalated_to_board"):
        counts.append((f"escalation.{key}", report["escalation"][key]))
    for row in report["signals"]:
        counts.append((f"signals.{row['signal_id']}", row["households_affected"]))
    for row in report["non_take_up"]:
        counts.append((f"non_take_up.{row['regulation_code']}", row["households"]))
    return counts


def check_small_counts(report: dict[str, Any]) -> None:
    for name, value in _all_counts(report):
        assert value is None or value == 0 or value >= MIN_CELL, f"{name} = {value}"


def _residual(report: dict[str, Any], table: str) -> tuple[int | None, list[str]]:
    """What a reader derives for the unpublished rows of a table: total - published rows."""
    total = report["totals"]["breakthroughs"]
    rows = _rows(report, table)
    hidden = [key for key, value in rows.items() if value is None]
    if total is None:
        return None, hidden
    return total - sum(value for value in rows.values() if value is not None), hidden


def check_within_report(report: dict[str, Any]) -> None:
    total = report["totals"]["breakthroughs"]
    for table, exhaustive in _tables(report).items():
        residual, hidden = _residual(report, table)
        if total is None:
            # The margin must not be the sum of a fully published exhaustive table.
            assert not exhaustive or hidden, f"{table}: the suppressed total is the sum of rows"
            continue
        assert residual is not None
        # The unpublished rows together: nothing, or at least the threshold.
        assert residual == 0 or residual >= MIN_CELL, f"{table}: unpublished rows sum {residual}"
        if exhaustive:
            # A single unpublished row is its residual: recomputable.
            assert len(hidden) != 1, f"{table}: {hidden[0]} = {residual} is recomputable"
    # Amounts follow the rows: a suppressed count never has a published amount.
    for table in ("by_theme", "by_regulation"):
        for row in report[table]:
            if row["breakthroughs"] is None:
                assert row["amount_eur"] is None, f"{table} amount of a suppressed row"


def check_between_revisions(
    first: dict[str, Any], second: dict[str, Any], *, group_differencing: bool = True
) -> None:
    """A reader holding both revisions may subtract them.

    `group_differencing`: also check the unpublished rows of a table *together* (total minus
    published rows) across the revisions (rule R4 of the disclosure module; see
    `test_the_suppressed_group_cannot_be_differenced_between_revisions`).
    """
    t1, t2 = first["totals"], second["totals"]
    for column in ("breakthroughs", "households"):
        if t1[column] is not None and t2[column] is not None:
            change = abs(t2[column] - t1[column])
            assert change == 0 or change >= MIN_CELL, f"totals.{column} changed by {change}"
    for table in ("by_theme", "by_regulation", "by_knelpunt_type"):
        old = {_key(table, row): row for row in first[table]}
        for row in second[table]:
            before = old.get(_key(table, row))
            if before is None:
                continue
            if before["breakthroughs"] is None:
                # Suppressed once, suppressed in the correction of the same period.
                assert row["breakthroughs"] is None, f"{table}.{_key(table, row)} unsuppressed"
                continue
            if row["breakthroughs"] is None:
                continue
            for column in ("breakthroughs", "households"):
                change = abs(row[column] - before[column])
                assert change == 0 or change >= MIN_CELL, (
                    f"{table}.{_key(table, row)}.{column} changed by {change}"
                )
    if not group_differencing:
        return
    for table in _tables(second):
        r1, hidden1 = _residual(first, table)
        r2, hidden2 = _residual(second, table)
        if r1 is None or r2 is None:
            continue
        rows1 = _rows(first, table)
        # Rows hidden now but published before: the reader knows their old value.
        known_before = sum(rows1.get(key) or 0 for key in hidden2 if key not in hidden1)
        change = abs(r2 - r1 - known_before)
        assert change == 0 or change >= MIN_CELL, (
            f"{table}: the unpublished rows changed by {change} between revisions"
        )


def _keys(value: Any) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {key for item in value.values() for key in _keys(item)}
    if isinstance(value, list):
        return {key for item in value for key in _keys(item)}
    return set()


def _strings(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[tuple[Any, ...], str]]:
    """Every string value of the report with its path."""
    if isinstance(value, dict):
        return [item for key, sub in value.items() for item in _strings(sub, (*path, key))]
    if isinstance(value, list):
        return [item for index, sub in enumerate(value) for item in _strings(sub, (*path, index))]
    return [(path, value)] if isinstance(value, str) else []


def check_no_identifiers(report: dict[str, Any], world: World) -> None:
    text = json.dumps(report, ensure_ascii=False)
    assert not _keys(report) & FORBIDDEN_KEYS, _keys(report) & FORBIDDEN_KEYS
    for bsn in world.bsns:
        assert bsn not in text
    for name in world.family_names:
        assert name not in text
    households = Household.objects.filter(municipality=world.municipality)
    for postcode, pk in households.values_list("postcode", "pk"):
        assert postcode not in text
        for telling in (f'"household": {pk}', f'"household": "{pk}"', f'"household_id": {pk}'):
            assert telling not in text
    # The municipality's own (public) name may start with a given name ("Noa" in "Noardeast-Fryslân").
    values = [value for path, value in _strings(report) if path != ("municipality", "name")]
    for member in Member.objects.filter(household__municipality=world.municipality):
        assert member.birth_date.isoformat() not in text
        given_name = re.compile(rf"\b{re.escape(member.given_name)}\b")
        assert not any(given_name.search(value) for value in values), member.given_name
    assert world.officer.username not in text


def check_all(report: dict[str, Any], world: World) -> None:
    check_small_counts(report)
    check_within_report(report)
    check_no_identifiers(report, world)


def spec(theme: str, n: int, regulation: tuple[str, str] = REGULATIONS[0]) -> dict[str, Any]:
    """One group of a caseload: n breakthroughs of one theme and regulation."""
    return {
        "theme": theme,
        "regulation": regulation,
        "knelpunt": "samenloop",
        "n": n,
        "share_households": False,
        "board": False,
        "day": 10,
    }
