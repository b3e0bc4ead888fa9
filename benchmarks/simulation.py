"""Reform simulation benchmark: what-if over a caseload, end to end in one process.

    python benchmarks/simulation.py [--households 100000] [--date 2026-07-01] [--seed 7]

Generates synthetic households (the screening benchmark's generator, one municipality), then
times the simulation core as the Celery task runs it after reading the dossiers: every household
screened under current law and under the reform "bijstand norms +10%" through the bulk adapter
(``regulations.simulation.screen_households``), the disposable income and sociaal minimum per
household, the aggregation and the disclosure control, and the typical households' marginal
burden. It prints the seconds, households per second (wall and CPU) and whether the goal of
100,000 households in under 10 seconds is met. Reading the dossiers from PostgreSQL is not
included (``screening.py bulk`` times that path).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.append(str(Path(__file__).resolve().parent))

from regulations import simulation
from regulations.schemes.catalogue import default_parameters
from regulations.schemes.facts import parse_household
from regulations.schemes.reforms import apply_reform, parse_reform

MUNICIPALITY = "GM0363"
GOAL_HOUSEHOLDS, GOAL_SECONDS = 100_000, 10.0


def run(*, households: int, on: date, seed: int) -> None:
    from common import cpu_reference
    from screening import synthetic_household

    print(cpu_reference())
    rng = random.Random(seed)
    facts = []
    for _ in range(households):
        raw = synthetic_household(rng, on=on)
        raw["municipality_code"] = MUNICIPALITY
        raw["reference_date"] = on.isoformat()
        facts.append(parse_household(raw))
    baseline = default_parameters(reference_date=on, municipality_code=MUNICIPALITY)
    spec = parse_reform(
        {
            "name": "Normen bijstand +10%",
            "valid_from": on,
            "overrides": [{"key": "bijstand.norm.*", "factor": "1.10"}],
        }
    )
    reform = apply_reform(baseline, spec)
    simulation.screen_households(facts[:10], reference_date=on, parameters=baseline)  # warm-up

    started, cpu_started = time.perf_counter(), time.process_time()
    effects = simulation.household_effects(
        facts, reference_date=on, baseline=baseline, reform=reform
    )
    raw_figures = simulation.aggregate(effects)
    published = simulation.publish(raw_figures)
    simulation.typical_burdens(
        reference_date=on, municipality_code=MUNICIPALITY, baseline=baseline, reform=reform
    )
    seconds = time.perf_counter() - started
    cpu_seconds = time.process_time() - cpu_started

    per_second = households / seconds
    projected = GOAL_HOUSEHOLDS / per_second
    print(f"households:                {households} (seed {seed}, reference date {on.isoformat()})")
    print(
        "engine:                    vectorised bulk engine (2 screenings each, columns built once)"
    )
    print(f"simulated end to end:      {seconds:.2f} s ({per_second:,.0f} households/s)")
    print(f"per CPU second:            {households / cpu_seconds:,.0f} households")
    print(f"cost per year (total):     {published['cost_yearly']['total']}")
    print(
        f"winners / losers:          {published['winners']['households']} / {published['losers']['households']}"
    )
    print(
        f"100,000 households:        {projected:.1f} s projected at this rate; goal under "
        f"{GOAL_SECONDS:.0f} s {'met' if projected < GOAL_SECONDS else 'NOT met'}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Doorbraak reform simulation benchmark")
    parser.add_argument("--households", type=int, default=100_000)
    parser.add_argument("--date", type=date.fromisoformat, default=date(2026, 7, 1))
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    run(households=args.households, on=args.date, seed=args.seed)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
