"""Retention benchmark: drafting a destruction list and carrying it out.

    python benchmarks/retention.py [--households 2000]

Recreates the dedicated database `doorbraak_bench_retention` (DATABASE_URL's server), seeds
realistic households (the demo seeder, multiplied in SQL), closes them all eleven years ago and
adds audit rows past their term, then times:
- `destruction_list_draft` (the nightly beat task's work) for the municipality;
- carrying out the approved list in one transaction (`destruction_list_execute`, here eager).
Prints the figures and the time per dossier. No goal is set by the issue; the job runs nightly.
"""

from __future__ import annotations

import argparse
import time

from common import cpu_reference, drop_database, setup_django
from seeding import multiply_households

DATABASE = "doorbraak_bench_retention"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--households", type=int, default=2000)
    args = parser.parse_args()

    print(cpu_reference())
    drop_database(DATABASE)
    setup_django(database=DATABASE)
    from datetime import timedelta

    from django.db import connection
    from django.test.utils import CaptureQueriesContext, override_settings
    from django.utils import timezone

    from casework.constants import HouseholdStatus
    from casework.demo import seed_households
    from casework.models import Household, JournalEntry, Member
    from core.demo import create_demo_organisation
    from core.models import AuditLog, Membership, Role, User
    from retention.models import DestructionCertificate
    from retention.services import (
        destruction_list_approve,
        destruction_list_draft,
        destruction_list_propose,
        years_before,
    )

    organisation = create_demo_organisation()
    started = time.perf_counter()
    base = min(args.households, 1000)
    seed_households(organisation=organisation, count=base, seed=1, if_empty=False)
    multiply_households(target=args.households)
    today = timezone.localdate()
    closed_on = years_before(today, 11)
    Household.objects.update(status=HouseholdStatus.CLOSED, closed_on=closed_on)
    with connection.cursor() as cursor:  # audit rows past their term, back-dated as the owner
        cursor.execute("ALTER TABLE core_auditlog DISABLE TRIGGER core_auditlog_no_update_delete")
        cursor.execute(
            "INSERT INTO core_auditlog (timestamp, actor_username, action, object_type, "
            "object_id, household_id, municipality_code, result, purpose, request_id, data, "
            "trace_id, span_id, parent_span_id, processing_activity, data_subjects) "
            "SELECT %s, 'professional', 'household.read', 'casework.household', id::text, id, "
            "%s, 'success', 'bench', '', '{}'::jsonb, md5(id::text), "
            "substr(md5('s' || id), 1, 16), '', '', jsonb_build_array('ds-' || md5(id::text)) "
            "FROM casework_household",
            [timezone.now() - timedelta(days=11 * 366), organisation.municipality.cbs_code],
        )
        cursor.execute("ALTER TABLE core_auditlog ENABLE TRIGGER core_auditlog_no_update_delete")
    seconds = time.perf_counter() - started
    print(
        f"seeded {Household.objects.count()} closed households, {Member.objects.count()} members, "
        f"{JournalEntry.objects.count()} journal entries, {AuditLog.objects.count()} audit rows "
        f"in {seconds:.1f} s"
    )

    admin = User.objects.filter(memberships__role=Role.FUNCTIONAL_ADMIN).first()
    second, _ = User.objects.get_or_create(username="beheerder_twee")
    Membership.objects.get_or_create(
        user=second, municipality=organisation.municipality, role=Role.FUNCTIONAL_ADMIN
    )

    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        destruction_list = destruction_list_draft(
            municipality=organisation.municipality, today=today
        )
    draft_s = time.perf_counter() - started
    items = destruction_list.items.count()
    print(f"draft: {items} list lines in {draft_s * 1000:.0f} ms, {len(queries)} queries")

    destruction_list_propose(actor=admin, destruction_list=destruction_list)
    started = time.perf_counter()
    with override_settings(CELERY_TASK_ALWAYS_EAGER=True):
        destruction_list_approve(actor=second, destruction_list=destruction_list)
    execute_s = time.perf_counter() - started
    totals = DestructionCertificate.objects.get(destruction_list=destruction_list).content[
        "totalen"
    ]
    dossiers = totals["dossiers_vernietigd"]
    print(
        f"approve + carry out: {dossiers} dossiers destroyed, "
        f"{totals['auditregels_zonder_persoonsgegevens']} audit rows stripped in "
        f"{execute_s:.1f} s ({execute_s * 1000 / max(dossiers, 1):.1f} ms per dossier)"
    )
    left = Member.objects.count()
    print(f"members left: {left}; journal entries left: {JournalEntry.objects.count()}")


if __name__ == "__main__":
    main()
