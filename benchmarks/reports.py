"""Signal report benchmark: report generation for one municipality and quarter, and the hub's
national aggregation over the reports of every municipality.

    python benchmarks/reports.py [--breakthroughs 1000000] [--municipalities 50] [--quarters 4]

Recreates the dedicated database `doorbraak_bench_reports` (DATABASE_URL's server), migrates it,
bulk-loads the breakthroughs with COPY (psycopg 3 `cursor.copy`) over the municipalities and the
last `--quarters` closed quarters up to 2026Q3, then times:
- `report_generate` for one municipality and 2026Q3 (median of a few runs);
- generate + approve + `hub.services.receive` for every municipality and quarter (the hub's intake);
- the national aggregation per table (theme, regulation, knelpunt) and the hub page.
Goal: report generation and each national aggregation under 2 seconds.
Use `--breakthroughs 20000` for a quick run.
"""

from __future__ import annotations

import argparse
import io
import random
import time
from datetime import UTC, date, datetime, timedelta

from common import drop_database, summary, timed

DATABASE = "doorbraak_bench_reports"
THEMES = ["schulden", "wonen", "zorg", "arbeidsmarkt_beperking", "uitvoerbaar_stelsel"]
PILLAR = {
    "schulden": "inkomenszekerheid",
    "wonen": "wonen_en_zorg",
    "zorg": "wonen_en_zorg",
    "arbeidsmarkt_beperking": "werkzekerheid",
    "uitvoerbaar_stelsel": "menselijke_maat",
}
KNELPUNTEN = [
    "samenloop",
    "leeftijds_of_inkomensgrens",
    "geen_afwijkingsbevoegdheid",
    "uitvoeringspraktijk",
    "gegevensuitwisseling",
    "onduidelijk_wie_beslist",
    "terugvordering_bevoorschotting",
    "armoedeval",
    "",
]
REGULATIONS = [
    ("bijstand", "art. 35"),
    ("bijstand", "art. 18"),
    ("huurtoeslag", "art. 7"),
    ("zorgtoeslag", "art. 2"),
    ("kinderopvangtoeslag", "art. 1.5"),
    ("kindgebonden_budget", "art. 2"),
    ("schuldhulpverlening", "art. 3"),
    ("kwijtschelding_gemeentelijke_belastingen", "art. 26"),
    ("individuele_inkomenstoeslag", "art. 36"),
    ("collectieve_zorgverzekering", "art. 35"),
]
CATEGORIES = ["woonruimte", "schulden", "inkomensgat", "zorg", "werk", "acute_nood"]
QUARTER_STARTS = [date(2025, 10, 1), date(2026, 1, 1), date(2026, 4, 1), date(2026, 7, 1)]


def load(*, breakthroughs: int, municipalities: int, quarters: int) -> dict[str, object]:
    from django.db import connection

    from breakthroughs.models import Breakthrough, BudgetPot
    from casework.models import Household
    from core.models import Membership, Municipality, Role, Team, User

    rng = random.Random(4711)
    started = time.perf_counter()
    munis = Municipality.objects.bulk_create(
        Municipality(cbs_code=f"GM{2000 + i:04d}", name=f"Benchgemeente {i}")
        for i in range(municipalities)
    )
    teams = Team.objects.bulk_create(Team(municipality=m, name="Wijkteam") for m in munis)
    user = User.objects.create(username="bench", first_name="Bench")
    Membership.objects.bulk_create(
        Membership(user=user, municipality=m, role=Role.POLICY_OFFICER) for m in munis
    )
    pots = BudgetPot.objects.bulk_create(
        BudgetPot(
            municipality=m,
            team=t,
            name="Maatwerkbudget",
            year=2026,
            amount=10**9,
            team_lead_limit=2500,
        )
        for m, t in zip(munis, teams, strict=True)
    )
    per_municipality = max(breakthroughs // municipalities, 1)
    households_each = max(min(per_municipality // 4, 100), 1)  # a few thousand, reused
    households = Household.objects.bulk_create(
        Household(
            municipality=m,
            team=t,
            postcode="1234 AB",
            house_number=n + 1,
            start_date=date(2025, 1, 1),
        )
        for m, t in zip(munis, teams, strict=True)
        for n in range(households_each)
    )
    # bulk_create keeps the order: municipality 0's households first, and so on.
    household_ids = [
        [h.pk for h in households[i * households_each : (i + 1) * households_each]]
        for i in range(municipalities)
    ]
    setup_s = time.perf_counter() - started

    table = Breakthrough._meta.db_table
    columns = [
        "household_id", "team_id", "municipality_id", "proposer_id", "need", "blocking_problem",
        "life_domains", "rules_checked", "action", "category", "legal_route", "regulation_code",
        "article", "knelpunt_type", "cost_kind", "amount", "duration_months", "total_cost",
        "budget_pot_id", "theme", "pillar", "urgency", "doormodderen_yearly_cost",
        "expected_avoided_cost", "avoided_cost_basis", "status", "mandate_level", "submitted_at",
        "decided_at", "overrun_approved", "created_at", "updated_at",
    ]  # fmt: skip
    quarter_starts = QUARTER_STARTS[-quarters:]
    started = time.perf_counter()
    with connection.cursor() as cursor:
        raw = cursor.cursor  # the psycopg 3 cursor
        # A benchmark load: skip the per-row FK triggers (the ids are correct by construction).
        raw.execute("SET session_replication_role = replica")
        with raw.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            buffer = io.StringIO()
            for number in range(breakthroughs):
                m = number % municipalities
                start = quarter_starts[number // municipalities % len(quarter_starts)]
                decided = datetime(start.year, start.month, 1, 9, tzinfo=UTC) + timedelta(
                    minutes=rng.randrange(88 * 24 * 60)
                )
                theme = THEMES[min(int(rng.expovariate(0.9)), 4)]
                code, article = REGULATIONS[min(int(rng.expovariate(0.5)), len(REGULATIONS) - 1)]
                amount = rng.randrange(100, 5000)
                status = "approved" if rng.random() < 0.85 else "rejected"
                level = "team" if rng.random() < 0.8 else "board"
                buffer.write(
                    f"{rng.choice(household_ids[m])}\t{teams[m].pk}\t{munis[m].pk}\t{user.pk}\t"
                    f"nodig\tblokkade\t[]\t[]\tactie\t{rng.choice(CATEGORIES)}\tbudget\t{code}\t"
                    f"{article}\t{rng.choice(KNELPUNTEN)}\tone_off\t{amount}.00\t1\t{amount}.00\t"
                    f"{pots[m].pk}\t{theme}\t{PILLAR[theme]}\tregular\t0\t"
                    f"{rng.randrange(0, 20000)}.00\t\t{status}\t{level}\t"
                    f"{(decided - timedelta(days=3)).isoformat()}\t{decided.isoformat()}\t0\t"
                    f"{decided.isoformat()}\t{decided.isoformat()}\n"
                )
                if number % 20000 == 19999:
                    copy.write(buffer.getvalue())
                    buffer = io.StringIO()
            copy.write(buffer.getvalue())
        raw.execute("SET session_replication_role = DEFAULT")
        raw.execute(f"ANALYZE {table}")
    copy_s = time.perf_counter() - started
    return {
        "municipalities": munis,
        "user": user,
        "households": len(households),
        "setup_s": setup_s,
        "copy_s": copy_s,
        "quarters": quarter_starts,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--breakthroughs", type=int, default=1_000_000)
    parser.add_argument("--municipalities", type=int, default=50)
    parser.add_argument("--quarters", type=int, default=4, choices=[1, 2, 3, 4])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    total_started = time.perf_counter()
    drop_database(DATABASE)
    from common import cpu_reference, setup_django

    print(cpu_reference())
    started = time.perf_counter()
    setup_django(database=DATABASE)
    migrate_s = time.perf_counter() - started

    from django.db import connection, transaction
    from django.test import Client

    from hub.models import Figure, MunicipalityToken, ReceivedReport
    from hub.services import national_table, receive
    from hub.views import merged_table
    from signals.periods import parse_period
    from signals.reporting.builder import canonical_json
    from signals.services import report_approve, report_generate

    data = load(
        breakthroughs=args.breakthroughs,
        municipalities=args.municipalities,
        quarters=args.quarters,
    )
    munis = data["municipalities"]
    user = data["user"]
    print(
        f"loaded {args.breakthroughs:,} breakthroughs, {data['households']:,} households, "
        f"{len(munis)} municipalities, {args.quarters} quarters: "
        f"migrate {migrate_s:.1f} s, set-up {data['setup_s']:.1f} s, COPY {data['copy_s']:.1f} s"
    )

    # 1. One municipality, one quarter (regenerated in place each run: revise of a draft).
    period = parse_period("2026Q3")
    first = munis[0]
    samples = timed(
        lambda: report_generate(municipality=first, period=period, revise=True, actor=user),
        repeat=args.repeat,
    )
    print(summary("report_generate (1 gemeente, 2026Q3)", samples))

    # 2. Every municipality and quarter: generate, approve, receive at the hub.
    labels = [f"{start.year}Q{(start.month - 1) // 3 + 1}" for start in data["quarters"]]
    tokens = {
        m.cbs_code: MunicipalityToken.issue(cbs_code=m.cbs_code, name=m.name)[0] for m in munis
    }
    generate_ms, receive_ms = [], []
    for label in labels:
        quarter = parse_period(label)
        for municipality in munis:
            t0 = time.perf_counter()
            report, _created = report_generate(
                municipality=municipality, period=quarter, actor=user
            )
            report = report_approve(actor=user, report=report)
            t1 = time.perf_counter()
            receipt = receive(
                token=tokens[municipality.cbs_code],
                idempotency_key=str(report.report_id),
                body=canonical_json(report.content),
            )
            assert receipt.status == 201
            generate_ms.append((t1 - t0) * 1000)
            receive_ms.append((time.perf_counter() - t1) * 1000)
    print(summary("generate+approve per report", generate_ms))
    print(summary("hub receive per report", receive_ms))
    print(f"hub holds {ReceivedReport.objects.count()} reports, {Figure.objects.count():,} figures")

    # 3. National aggregation per table.
    try:
        with transaction.atomic():
            national_table(table="theme")
        national_ok = True
    except Exception as exc:
        national_ok = False
        print(f"hub.services.national_table FAILS: {exc.__class__.__name__}: {str(exc)[:80]}")
    for table in ("theme", "regulation", "knelpunt"):
        if national_ok:
            print(
                summary(
                    f"national_table({table})",
                    timed(lambda t=table: national_table(table=t), repeat=5),
                )
            )
        print(
            summary(
                f"hub national_table({table})",
                timed(lambda t=table: national_table(table=t), repeat=5),
            )
        )
        print(
            summary(f"hub merged_table({table})", timed(lambda t=table: merged_table(t), repeat=5))
        )
    client = Client()
    page = timed(lambda: client.get("/hub/"), repeat=5)
    print(summary("GET /hub/ (national page)", page))
    export = timed(lambda: client.get("/hub/export.csv?table=regulation"), repeat=5)
    print(summary("GET /hub/export.csv?table=regulation", export))
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
        print(f"database size {cursor.fetchone()[0]}")
    print(f"total {time.perf_counter() - total_started:.0f} s")


if __name__ == "__main__":
    main()
