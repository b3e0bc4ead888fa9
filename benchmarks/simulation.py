"""Reform simulation benchmark: what-if over a caseload, end to end.

    python benchmarks/simulation.py [--households 100000] [--date 2026-07-01] [--seed 7]
                                    [--per-household] [--database]

Generates synthetic households (the screening benchmark's generator, one municipality), then
times the simulation core as the Celery task runs it after reading the dossiers: every household
screened under current law and under the reform "bijstand norms +10%" on the vectorised bulk
engine, the disposable income and sociaal minimum per household and the aggregation, all
column-wise in whole cents (``regulations.simulation.effect_columns`` and ``aggregate_columns``),
then the disclosure control and the typical households' marginal burden. It prints the seconds
(wall and CPU), households per second and whether the goal of 100,000 households in under 10
seconds is met.

``--per-household`` also times the per-household path (``household_effects`` + ``aggregate``,
Decimal objects per household) on the same input and checks that both give the same figures.

``--database`` adds the part before the core: the caseload stored in PostgreSQL (database
``doorbraak_bench_simulation``; a realistic base of demo households multiplied in SQL to
``--households``), and the Celery task's body (``regulations.services.simulations
.simulation_run``) timed in this process: reading the dossiers in chunks, their audit rows,
the computation and storing the result (``--processes``: the task's worker processes, which
read, parse and screen the chunks; their CPU is not in this process's figure either).
PostgreSQL's own CPU time is not in this process's CPU figure; the wall-clock figure includes
it.
"""

from __future__ import annotations

import argparse
import gc
import random
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.append(str(Path(__file__).resolve().parent))

MUNICIPALITY = "GM0363"
GOAL_HOUSEHOLDS, GOAL_SECONDS = 100_000, 10.0
REFORM = {
    "name": "Normen bijstand +10%",
    "overrides": [{"key": "bijstand.norm.*", "factor": "1.10"}],
}


def _verdict(households: int, seconds: float) -> str:
    projected = GOAL_HOUSEHOLDS / (households / seconds)
    met = "met" if projected < GOAL_SECONDS else "NOT met"
    return f"{projected:.1f} s projected for {GOAL_HOUSEHOLDS:,}; goal under {GOAL_SECONDS:.0f} s {met}"


def run(*, households: int, on: date, seed: int, per_household: bool) -> None:
    from common import cpu_reference
    from screening import synthetic_household

    from regulations import simulation
    from regulations.schemes.catalogue import default_parameters
    from regulations.schemes.facts import parse_household
    from regulations.schemes.reforms import apply_reform, parse_reform

    print(cpu_reference())
    rng = random.Random(seed)
    facts = []
    for _ in range(households):
        raw = synthetic_household(rng, on=on)
        raw["municipality_code"] = MUNICIPALITY
        raw["reference_date"] = on.isoformat()
        facts.append(parse_household(raw))
    baseline = default_parameters(reference_date=on, municipality_code=MUNICIPALITY)
    reform = apply_reform(baseline, parse_reform({**REFORM, "valid_from": on}))
    simulation.effect_columns(facts[:10], reference_date=on, baseline=baseline, reform=reform)
    gc.collect()
    gc.freeze()  # the generated input stays alive; keep the collector from rescanning it

    def core() -> dict:
        effects = simulation.effect_columns(
            facts, reference_date=on, baseline=baseline, reform=reform
        )
        raw_figures = simulation.aggregate_columns(effects)
        published = simulation.publish(raw_figures)
        simulation.typical_burdens(
            reference_date=on, municipality_code=MUNICIPALITY, baseline=baseline, reform=reform
        )
        return published | {"raw": raw_figures}

    started, cpu_started = time.perf_counter(), time.process_time()
    published = core()
    seconds = time.perf_counter() - started
    cpu_seconds = time.process_time() - cpu_started

    print(f"households:                {households} (seed {seed}, reference date {on.isoformat()})")
    print(
        "engine:                    vectorised bulk engine (2 screenings, columns built once), "
        "effects and aggregation column-wise in cents"
    )
    print(
        f"simulated (core):          {seconds:.2f} s wall ({households / seconds:,.0f} "
        f"households/s), {cpu_seconds:.2f} s CPU ({households / cpu_seconds:,.0f} per CPU second)"
    )
    print(f"cost per year (total):     {published['cost_yearly']['total']}")
    print(
        f"winners / losers:          {published['winners']['households']} / "
        f"{published['losers']['households']}"
    )
    print(f"100,000 households (CPU):  {_verdict(households, cpu_seconds)}")
    print(f"100,000 households (wall): {_verdict(households, seconds)}")

    if per_household:
        started, cpu_started = time.perf_counter(), time.process_time()
        effects = simulation.household_effects(
            facts, reference_date=on, baseline=baseline, reform=reform
        )
        raw_figures = simulation.aggregate(effects)
        simulation.publish(raw_figures)
        simulation.typical_burdens(
            reference_date=on, municipality_code=MUNICIPALITY, baseline=baseline, reform=reform
        )
        seconds = time.perf_counter() - started
        cpu_seconds = time.process_time() - cpu_started
        same = raw_figures == published["raw"]
        print(
            f"per-household path:        {seconds:.2f} s wall, {cpu_seconds:.2f} s CPU "
            f"({households / cpu_seconds:,.0f} per CPU second); same figures: {same}"
        )


def run_database(*, households: int, on: date, base: int, processes: int | None) -> None:
    """The Celery task's body over a stored caseload: read, audit, compute, store."""
    from common import cpu_reference, setup_django

    setup_django(database="doorbraak_bench_simulation")
    from django.conf import settings

    if processes is not None:
        settings.SIMULATION_PROCESSES = processes
    import logging

    # The demo seeder makes some dossiers inconsistent on purpose: the task leaves them out with
    # a warning each; the count is printed below instead.
    logging.getLogger("regulations.services").setLevel(logging.ERROR)
    from seeding import multiply_households

    from casework.constants import HouseholdStatus
    from casework.demo import seed_households
    from casework.models import Household
    from core.demo import DEMO_USERS, create_demo_organisation
    from core.models import AuditLog, Role
    from regulations.models import Simulation
    from regulations.services import catalogue_sync_from_files
    from regulations.services.simulations import reform_create, reform_parse, simulation_run

    print(cpu_reference())
    catalogue_sync_from_files()
    organisation = create_demo_organisation()
    municipality = organisation.municipality
    if Household.objects.count() < base:
        seed_households(organisation=organisation, count=base, seed=3, if_empty=False)
    multiply_households(target=households)
    Household.objects.update(status=HouseholdStatus.OPEN)
    stored = Household.objects.filter(municipality=municipality).count()
    officer = next(
        user
        for user, (*_names, role, _team) in zip(organisation.users, DEMO_USERS, strict=True)
        if role == Role.POLICY_OFFICER
    )
    reform = reform_create(
        actor=officer,
        municipality=municipality,
        spec=reform_parse({**REFORM, "valid_from": on.isoformat()}),
    )
    # What simulation_start stores, without queueing it: this process runs the task's body.
    simulation = Simulation.objects.create(
        reform=reform,
        municipality=municipality,
        reference_date=on,
        total=stored,
        inputs={"reform": reform.spec, "reference_date": on.isoformat()},
        started_by=officer,
    )
    audit_before = AuditLog.objects.filter(action="simulation.household_read").count()
    gc.collect()
    started, cpu_started = time.perf_counter(), time.process_time()
    finished = simulation_run(simulation.pk)
    seconds = time.perf_counter() - started
    cpu_seconds = time.process_time() - cpu_started
    assert finished is not None and finished.status == Simulation.Status.DONE, finished
    audit_rows = AuditLog.objects.filter(action="simulation.household_read").count() - audit_before
    left_out = finished.inputs["households_left_out"]
    print(
        f"stored households:         {stored} open in {municipality.cbs_code} "
        f"({left_out} left out as unreadable, as the task does)"
    )
    print(
        f"task body (end to end):    {seconds:.2f} s wall ({stored / seconds:,.0f} households/s), "
        f"{cpu_seconds:.2f} s CPU of this process (read from PostgreSQL in chunks, "
        f"{audit_rows} audit rows, computed, stored)"
    )
    print(f"cost per year (total):     {finished.results['cost_yearly']['total']}")
    print(f"facts digest:              {finished.inputs['facts_sha256']}")
    print(f"100,000 households (wall): {_verdict(stored, seconds)}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Doorbraak reform simulation benchmark")
    parser.add_argument("--households", type=int, default=100_000)
    parser.add_argument("--date", type=date.fromisoformat, default=date(2026, 7, 1))
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--per-household", action="store_true", help="also time the per-household path"
    )
    parser.add_argument(
        "--database", action="store_true", help="time the task body over a stored caseload"
    )
    parser.add_argument("--base", type=int, default=1000, help="realistic households to multiply")
    parser.add_argument(
        "--processes",
        type=int,
        default=None,
        help="worker processes of the task (SIMULATION_PROCESSES; 0: one per core, 1: none)",
    )
    args = parser.parse_args(argv)
    if args.database:
        run_database(
            households=args.households, on=args.date, base=args.base, processes=args.processes
        )
    else:
        run(
            households=args.households,
            on=args.date,
            seed=args.seed,
            per_household=args.per_household,
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
