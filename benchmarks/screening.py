"""Screening benchmarks.

    python benchmarks/screening.py engine [--households 100000] [--date 2026-03-01] [--seed 7]

(a) ``engine``: generates synthetic households (seeded, realistic: 1-6 members, incomes around and
below the sociaal minimum, rents, assets), then times the pure-Python engine over all 12 schemes in
one process and prints households per second and peak memory.
(b) ``bulk`` (Celery re-screen) is added as another subcommand later.
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import time
import tracemalloc
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from regulations.schemes.engine import SCHEME_CODES, screen
from regulations.schemes.facts import parse_household

MUNICIPALITIES = ["GM0363", "GM1731", "GM0299", "GM0344", None]


def synthetic_household(rng: random.Random, *, on: date) -> dict[str, Any]:
    """One plausible household; some fields are left out on purpose (unknown, not zero)."""
    year = on.year

    def birth(min_age: int, max_age: int) -> str:
        return f"{year - rng.randint(min_age, max_age) - 1}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"

    def incomes(low: int, high: int) -> list[dict[str, Any]]:
        if rng.random() < 0.25:
            return []
        net = rng.randint(low, high)
        kind = rng.choice(["wages", "wages", "bijstand", "ww", "wia", "aow"])
        return [{"kind": kind, "net_monthly": net, "gross_monthly": round(net * 1.15, 2)}]

    size = rng.choices([1, 2, 3, 4, 5, 6], weights=[35, 25, 15, 13, 8, 4])[0]
    members: list[dict[str, Any]] = [
        {
            "ref": "a",
            "relation": "applicant",
            "birth_date": birth(18, 85),
            "incomes": incomes(0, 1900),
            "health_insured": rng.random() < 0.97,
        }
    ]
    has_partner = size >= 2 and rng.random() < 0.6
    if has_partner:
        members.append(
            {
                "ref": "p",
                "relation": "partner",
                "birth_date": birth(18, 85),
                "incomes": incomes(0, 1500),
                "health_insured": True,
                "works_or_studies": rng.random() < 0.5,
            }
        )
    while len(members) < size:
        index = len(members)
        if rng.random() < 0.8:
            child: dict[str, Any] = {
                "ref": f"c{index}",
                "relation": "child",
                "birth_date": birth(0, 24),
            }
            if rng.random() < 0.3:
                child["childcare"] = {
                    "kind": rng.choice(["dagopvang", "bso", "gastouder", "none"]),
                    "hours_monthly": rng.randint(20, 200),
                    "hourly_rate": rng.randint(7, 12),
                }
            members.append(child)
        else:
            members.append(
                {
                    "ref": f"h{index}",
                    "relation": "housemate",
                    "birth_date": birth(18, 80),
                    "incomes": incomes(0, 2000),
                }
            )
    for member in members[:2]:
        if rng.random() < 0.5 and member.get("incomes"):
            member["assessed_income_yearly"] = round(
                sum(i["gross_monthly"] for i in member["incomes"]) * 12, 2
            )
    data: dict[str, Any] = {"reference_date": on.isoformat(), "members": members}
    code = rng.choice(MUNICIPALITIES)
    if code:
        data["municipality_code"] = code
    if rng.random() < 0.9:
        data["assets_total"] = rng.choice([0, rng.randint(0, 5000), rng.randint(0, 60000)])
    tenure = rng.choices(
        ["social_rent", "private_rent", "owner", "living_in", "room_rent"],
        weights=[55, 20, 15, 7, 3],
    )[0]
    data["housing"] = {"tenure": tenure}
    if tenure.endswith("rent"):
        data["housing"].update(basic_rent=rng.randint(350, 1300), service_costs=rng.randint(0, 80))
    if rng.random() < 0.8:
        data["benefits_received"] = rng.sample(list(SCHEME_CODES), k=rng.randint(0, 3))
    if rng.random() < 0.7:
        data["debts"] = [
            {
                "creditor_kind": rng.choice(["energie", "verhuurder", "zorgverzekeraar", "bnpl"]),
                "amount": rng.randint(50, 8000),
            }
            for _ in range(rng.randint(0, 3))
        ]
    if rng.random() < 0.6:
        data["low_income_since"] = f"{year - rng.randint(0, 8)}-01-01"
    if rng.random() < 0.5:
        data["municipal_tax_yearly"] = rng.randint(200, 900)
    return data


def run_engine(*, households: int, on: date, seed: int, trace_memory: bool) -> None:
    rng = random.Random(seed)
    raw = [synthetic_household(rng, on=on) for _ in range(households)]

    started = time.perf_counter()
    facts = [parse_household(item) for item in raw]
    parse_seconds = time.perf_counter() - started

    screen(facts[0])  # warm-up: loads the YAML catalogue and resolves parameters once
    if trace_memory:
        tracemalloc.start()
    started = time.perf_counter()
    cpu_started = time.process_time()
    outcomes: dict[str, int] = {}
    for household in facts:
        for result in screen(household).results:
            outcomes[result.outcome] = outcomes.get(result.outcome, 0) + 1
    screen_seconds = time.perf_counter() - started
    screen_cpu_seconds = time.process_time() - cpu_started
    traced_peak = tracemalloc.get_traced_memory()[1] if trace_memory else None
    if trace_memory:
        tracemalloc.stop()

    sample = facts[: min(len(facts), 20000)]
    started = time.perf_counter()
    for household in sample:
        screen(household).to_json()
    json_seconds = time.perf_counter() - started

    peak_rss_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    print(f"households:                {households} (seed {seed}, reference date {on.isoformat()})")
    print(f"schemes per household:     {len(SCHEME_CODES)}")
    print(f"parse:                     {households / parse_seconds:,.0f} households/s")
    print(
        f"screen (engine only):      {households / screen_seconds:,.0f} households/s "
        f"({screen_seconds:.2f} s, {screen_seconds / households * 1e6:.0f} µs per household)"
    )
    print(
        f"screen per CPU second:     {households / screen_cpu_seconds:,.0f} households/s "
        "(CPU time of this process: the per-core figure, robust against other load)"
    )
    print(
        f"screen + to_json:          {len(sample) / json_seconds:,.0f} households/s "
        f"(first {len(sample)} households)"
    )
    print(f"outcomes:                  {dict(sorted(outcomes.items()))}")
    print(f"peak memory (max RSS):     {peak_rss_mib:,.1f} MiB (includes the generated input)")
    if traced_peak is not None:
        print(
            f"peak traced during screen: {traced_peak / 2**20:,.1f} MiB (tracemalloc; slows the run)"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Doorbraak screening benchmarks")
    commands = parser.add_subparsers(dest="command", required=True)
    engine = commands.add_parser("engine", help="time the pure-Python engine in one process")
    engine.add_argument("--households", type=int, default=100_000)
    engine.add_argument("--date", type=date.fromisoformat, default=date(2026, 3, 1))
    engine.add_argument("--seed", type=int, default=7)
    engine.add_argument("--tracemalloc", action="store_true", help="also trace Python allocations")
    # Part (b) adds: commands.add_parser("bulk", help="re-screen stored households via Celery")
    args = parser.parse_args(argv)
    if args.command == "engine":
        run_engine(
            households=args.households, on=args.date, seed=args.seed, trace_memory=args.tracemalloc
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
