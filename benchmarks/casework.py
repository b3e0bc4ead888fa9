"""Casework benchmark: case page, list page and list API latency; create API throughput.

    python benchmarks/casework.py [--households 10000] [--requests 200]

Seeds the households once into the `doorbraak_bench` PostgreSQL database (reused on later runs),
then measures in-process through Django's test client, as a logged-in professional.
Goal: p95 under 50 ms for the case page and the list.
"""

from __future__ import annotations

import argparse
import random
import time

from common import cpu_reference, percentile, setup_django, summary, timed
from seeding import multiply_households

GOAL_P95_MS = 50  # the goal for the case page and the list, on a 2-core machine


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--households", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--creates", type=int, default=200)
    args = parser.parse_args()

    print(cpu_reference())
    setup_django()
    from django.test import Client
    from django.test.utils import override_settings

    from rest_framework.test import APIClient

    from casework.demo import seed_households
    from casework.models import Household, Member
    from core.demo import create_demo_organisation
    from core.models import User

    organisation = create_demo_organisation()
    have = Household.objects.filter(municipality=organisation.municipality).count()
    if have < args.households:
        started = time.perf_counter()
        base = min(args.households, 1000)
        if have < base:
            seed_households(organisation=organisation, count=base - have, seed=1, if_empty=False)
        multiply_households(target=args.households)
        print(f"seeded {args.households} households in {time.perf_counter() - started:.1f} s")
    professional = User.objects.get(username="professional")
    team = organisation.teams[0]
    ids = list(Household.objects.filter(team=team).values_list("pk", flat=True))
    print(f"{Household.objects.count()} households in the database, {len(ids)} in the team")

    rng = random.Random(1)
    # ALLOWED_HOSTS of the test settings; no re-screening tasks while measuring reads.
    with override_settings(CELERY_TASK_ALWAYS_EAGER=True):
        client = Client()
        client.force_login(professional)
        api = APIClient()
        api.force_authenticate(professional)

        def case_page() -> None:
            response = client.get(f"/huishoudens/{rng.choice(ids)}/")
            assert response.status_code == 200, response.status_code

        def list_page() -> None:
            page = rng.randint(1, 20)
            response = client.get(f"/huishoudens/?page={page}")
            assert response.status_code == 200, response.status_code

        # A search is posted, as the page's form does (the term stays out of the URL), and the
        # redirect to the result list is followed: both requests count.
        def list_search() -> None:
            data = {"status": "open", "debts": "ja", "q": "a"}
            response = client.post("/huishoudens/", data, follow=True)
            assert response.status_code == 200, response.status_code

        surnames = list(
            Member.objects.filter(household__team=team)
            .values_list("family_name", flat=True)
            .distinct()[:50]
        )

        def name_search() -> None:
            # What a professional types: the first letters of a surname.
            term = rng.choice(surnames)[:4]
            response = client.post("/huishoudens/", {"q": term}, follow=True)
            assert response.status_code == 200, response.status_code

        def list_api() -> None:
            response = api.get(f"/api/v1/households/?page={rng.randint(1, 20)}")
            assert response.status_code == 200, response.status_code

        for fn in (case_page, list_page, list_api):
            timed(fn, repeat=10)  # warm caches and connections
        case_samples = timed(case_page, repeat=args.requests)
        print(summary("case page  GET /huishoudens/<id>/", case_samples))
        list_samples = timed(list_page, repeat=args.requests)
        print(summary("list page  GET /huishoudens/", list_samples))
        print(
            summary(
                "list, filters + 1-letter search", timed(list_search, repeat=args.requests // 2)
            )
        )
        print(summary("list page, surname search", timed(name_search, repeat=args.requests // 2)))
        print(summary("list API   GET /api/v1/households/", timed(list_api, repeat=args.requests)))

        for name, samples in (("case page", case_samples), ("list page", list_samples)):
            p95 = percentile(samples, 95)
            verdict = "met" if p95 < GOAL_P95_MS else "NOT met"
            print(f"goal p95 < {GOAL_P95_MS} ms for the {name}: {verdict} ({p95:.1f} ms)")

        def create() -> None:
            payload = {
                "team": team.pk,
                "postcode": "1501 AB",
                "house_number": rng.randint(1, 999),
                "start_date": "2026-01-05",
                "members": [
                    {"relation": "applicant", "given_name": "Sam", "family_name": "Bench",
                     "birth_date": "1988-04-02",
                     "incomes": [{"kind": "wages", "net_amount": "1400.00", "period": "month"}]},
                    {"relation": "child", "given_name": "Noa", "family_name": "Bench",
                     "birth_date": "2016-09-09"},
                ],
                "housing": {"tenure": "social_rent", "basic_rent": "640.00"},
            }  # fmt: skip
            response = api.post("/api/v1/households/", payload, format="json")
            assert response.status_code == 201, response.content

        started = time.perf_counter()
        for _ in range(args.creates):
            create()
        elapsed = time.perf_counter() - started
        print(
            f"{'create API POST /api/v1/households/':<34} {args.creates / elapsed:7.1f} "
            f"households/s (incl. the screening run after commit)"
        )


if __name__ == "__main__":
    main()
