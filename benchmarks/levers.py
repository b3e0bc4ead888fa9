"""Legal-lever suggestions benchmark: the proposal page's suggestions partial (ranked levers with
local precedents) and the suggestions API, with many doorbraken stored.

    python benchmarks/levers.py [--breakthroughs 100000] [--requests 200]

Uses the dedicated database `doorbraak_bench_levers` (DATABASE_URL's server), loads the lever
catalogue and seeds the doorbraken once with one INSERT ... SELECT (reused on later runs): decided
items spread over the demo teams, blocking schemes and the catalogue's article references, so every
suggested lever has thousands of candidate precedents. Measured in-process through Django's test
client as a logged-in professional, with a pulled copy of the hub's national precedents (a cell
for every lever, scheme and knelpunt type). Goal: p95 under 50 ms.
"""

from __future__ import annotations

import argparse
import random
import time
from decimal import Decimal

from common import cpu_reference, percentile, setup_django, summary, timed

GOAL_P95_MS = 50
SITUATIONS = [
    ("bijstand", "samenloop", "Bijstand gekort omdat een gift van familie als inkomen telt"),
    ("schuldhulpverlening", "uitvoeringspraktijk", "Schuldhulp geweigerd na eerdere uitval"),
    ("huurtoeslag", "terugvordering_bevoorschotting", "Terugvordering toeslag is onbillijk"),
    ("bijzondere_bijstand", "geen_afwijkingsbevoegdheid", "Beleidsregel sluit witgoed uit"),
    ("kwijtschelding_gemeentelijke_belastingen", "leeftijds_of_inkomensgrens", "Net boven norm"),
]


def seed(*, target: int) -> None:
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from breakthroughs.models import Breakthrough, BudgetPot, LegalLever
    from casework.demo import seed_households
    from casework.models import Household
    from core.demo import create_demo_organisation

    call_command("load_regulations", verbosity=0)
    call_command("load_legal_levers", verbosity=0)
    organisation = create_demo_organisation()
    if not Household.objects.filter(municipality=organisation.municipality).exists():
        seed_households(organisation=organisation, count=200, seed=1, if_empty=False)
    have = Breakthrough.objects.count()
    if have >= target:
        return
    started = time.perf_counter()
    household = Household.objects.filter(municipality=organisation.municipality).first()
    pot, _ = BudgetPot.objects.get_or_create(
        municipality=organisation.municipality,
        team=household.team,
        name="Benchmark",
        year=timezone.localdate().year,
        defaults={"amount": Decimal("100000000"), "team_lead_limit": Decimal("2500")},
    )
    template = Breakthrough.objects.create(
        household=household,
        team=household.team,
        municipality=organisation.municipality,
        proposer=organisation.users[0],
        need="-",
        blocking_problem="-",
        action="-",
        category="inkomensgat",
        legal_route="beleidsruimte",
        regulation_code="bijstand",
        article="art. 35 lid 1 Pw",
        cost_kind="one_off",
        amount=Decimal("500"),
        total_cost=Decimal("500"),
        budget_pot=pot,
        theme="schulden",
        pillar="inkomenszekerheid",
        status="approved",
        decided_at=timezone.now(),
    )
    articles = sorted(set(LegalLever.objects.values_list("article_reference", flat=True)))
    schemes = [situation[0] for situation in SITUATIONS]
    households = list(
        Household.objects.filter(municipality=organisation.municipality).values_list(
            "pk", "team_id"
        )
    )
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO breakthroughs_breakthrough (
                household_id, team_id, municipality_id, proposer_id, need, blocking_problem,
                life_domains, rules_checked, action, category, legal_route, regulation_code,
                article, knelpunt_type, cost_kind, amount, duration_months, total_cost,
                budget_pot_id, theme, pillar, urgency, doormodderen_yearly_cost,
                expected_avoided_cost, avoided_cost_basis, status, mandate_level, decided_at,
                overrun_approved, created_at, updated_at)
            SELECT (%(households)s::bigint[])[1 + n %% %(nh)s],
                   (%(teams)s::bigint[])[1 + n %% %(nh)s],
                   b.municipality_id, b.proposer_id, b.need, b.blocking_problem,
                   b.life_domains, b.rules_checked, b.action, b.category, b.legal_route,
                   (%(schemes)s::text[])[1 + n %% %(ns)s],
                   (%(articles)s::text[])[1 + (n / 7) %% %(na)s],
                   b.knelpunt_type, b.cost_kind, 100 + n %% 2000, 1, 100 + n %% 2000,
                   b.budget_pot_id, b.theme, b.pillar, b.urgency, 0, 0, '',
                   (ARRAY['approved','carried_out','evaluated','rejected','draft'])[1 + n %% 5],
                   b.mandate_level, b.decided_at - (n %% 700) * interval '1 day',
                   0, b.created_at, b.updated_at
            FROM breakthroughs_breakthrough b, generate_series(1, %(count)s) AS n
            WHERE b.id = %(template)s
            """,
            {
                "households": [pk for pk, _team in households],
                "teams": [team for _pk, team in households],
                "nh": len(households),
                "schemes": schemes,
                "ns": len(schemes),
                "articles": articles,
                "na": len(articles),
                "count": target - have - 1,
                "template": template.pk,
            },
        )
        cursor.execute("ANALYZE breakthroughs_breakthrough")
    print(f"seeded {target} doorbraken in {time.perf_counter() - started:.1f} s")


def seed_hub_copy() -> int:
    """A pulled copy of the hub's precedents feed with a cell for every lever, scheme and
    knelpunt type, so the partial also shows (and pays for) the national figures."""
    from django.utils import timezone

    from breakthroughs.constants import KnelpuntType
    from breakthroughs.models import HubFeed, HubFeedCopy, LegalLever

    rows = [
        {
            "lever_code": code,
            "regulation_code": scheme,
            "knelpunt_type": knelpunt,
            "municipalities": 1 + n % 40,
            "breakthroughs": 10 + n % 500,
            "evaluated": None if n % 3 else 10 + n % 100,
            "goal_reached_share": None if n % 3 else "0.62",
            "median_cost_eur": f"{100 + n % 900}.00",
        }
        for n, (code, schemes) in enumerate(
            LegalLever.objects.values_list("code", "scheme_codes").distinct()
        )
        for scheme in schemes
        for knelpunt in KnelpuntType.values
    ]
    HubFeedCopy.objects.update_or_create(
        feed=HubFeed.PRECEDENTS,
        defaults={
            "etag": '"bench"',
            "content": {"schema": "doorbraak.lever-precedents/1", "precedents": rows},
            "fetched_at": timezone.now(),
        },
    )
    return len(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--breakthroughs", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()

    print(cpu_reference())
    setup_django(database="doorbraak_bench_levers")
    from django.test import Client

    from rest_framework.test import APIClient

    from breakthroughs.models import Breakthrough
    from casework.models import Household
    from core.models import User

    seed(target=args.breakthroughs)
    print(f"{seed_hub_copy()} national cells in the copy of the hub's feed")
    professional = User.objects.get(username="professional")
    team_ids = list(professional.memberships.values_list("team_id", flat=True))
    household = Household.objects.filter(team_id__in=team_ids).first()
    print(f"{Breakthrough.objects.count()} doorbraken in the database")

    rng = random.Random(1)
    client = Client()
    client.force_login(professional)
    api = APIClient()
    api.force_authenticate(professional)

    def partial() -> None:
        scheme, knelpunt, text = rng.choice(SITUATIONS)
        response = client.get(
            f"/doorbraken/hefbomen/{household.pk}/",
            {"regulation_code": scheme, "knelpunt_type": knelpunt, "blocking_problem": text},
        )
        assert response.status_code == 200, response.status_code
        assert b"data-lever-article" in response.content
        assert b"lever-national" in response.content

    def suggestions_api() -> None:
        scheme, knelpunt, text = rng.choice(SITUATIONS)
        response = api.get(
            "/api/v1/legal-levers/suggestions/",
            {"scheme": scheme, "knelpunt_type": knelpunt, "q": text},
        )
        assert response.status_code == 200, response.status_code

    for fn in (partial, suggestions_api):
        timed(fn, repeat=10)  # warm caches and connections
    partial_samples = timed(partial, repeat=args.requests)
    print(summary("suggestions partial GET /doorbraken/hefbomen/<id>/", partial_samples))
    api_samples = timed(suggestions_api, repeat=args.requests)
    print(summary("suggestions API GET /api/v1/legal-levers/suggestions/", api_samples))
    for name, samples in (("partial", partial_samples), ("API", api_samples)):
        p95 = percentile(samples, 95)
        verdict = "met" if p95 < GOAL_P95_MS else "NOT met"
        print(f"goal p95 < {GOAL_P95_MS} ms for the suggestions {name}: {verdict} ({p95:.1f} ms)")


if __name__ == "__main__":
    main()
