"""Destroying a closed household dossier after its retention term (AVG art. 5(1)(e), Archiefwet).

Called only by the retention app's execution of an approved destruction list, inside its
transaction. What goes: every row about the household and its members (members, incomes, debts,
assessments, plan, journal, screenings, ...). What stays: the household row itself as a shell
with no personal data (municipality, team, dates, status), because the doorbraken of the household
keep pointing at it: the signal figures count households by that id, and those figures must not
change when a dossier is destroyed.
"""

from __future__ import annotations

from datetime import date

from django.db import connection, models
from django.utils import timezone

from casework.constants import HouseholdStatus
from casework.models import Household, JournalEntry

# The household fields that are personal data, and what they become in the shell.
SHELL_VALUES = {
    "postcode": "",
    "house_number": 0,
    "house_number_suffix": "",
    "display_name": "",
    "status_reason": "",
    "assigned_professional": None,
    "latest_assessment": None,
    "low_income_since": None,
    "municipal_tax_yearly": None,
}


def households_due_for_destruction(
    *, municipality_id: int, closed_on_or_before: date
) -> models.QuerySet[Household]:
    """Closed, not yet destroyed dossiers of one municipality whose term has ended."""
    return Household.objects.filter(
        municipality_id=municipality_id,
        status=HouseholdStatus.CLOSED,
        closed_on__isnull=False,
        closed_on__lte=closed_on_or_before,
        anonymised_at__isnull=True,
    ).order_by("closed_on", "pk")


def households_destroy(
    *, municipality_id: int, household_ids: list[int], closed_on_or_before: date
) -> list[int]:
    """Destroy, in the caller's transaction, those of these dossiers that are still due.

    The rows are locked and checked afresh: a dossier reopened (or closed again later) since the
    list was proposed is left alone. Relations that protect the household (doorbraken) stay and
    point at the shell; the caller pseudonymises them. Returns the ids destroyed. Set-based: a
    fixed number of statements per call, whatever the number of dossiers.
    """
    if not household_ids:
        return []
    household = Household.objects.select_for_update().filter(
        pk__in=household_ids, municipality_id=municipality_id
    )
    due = sorted(
        household.filter(
            status=HouseholdStatus.CLOSED,
            closed_on__isnull=False,
            closed_on__lte=closed_on_or_before,
            anonymised_at__isnull=True,
        ).values_list("pk", flat=True)
    )
    if not due:
        return []
    now = timezone.now()
    Household.objects.filter(pk__in=due).update(**SHELL_VALUES, anonymised_at=now, updated_at=now)
    _destroy_journal(due)
    for relation in Household._meta.related_objects:
        if relation.on_delete is not models.CASCADE or relation.related_model is JournalEntry:
            continue  # PROTECT: pseudonymised by the caller; SET_NULL: not ours to remove
        relation.related_model._base_manager.filter(**{f"{relation.field.name}__in": due}).delete()
    return due


def _destroy_journal(household_ids: list[int]) -> None:
    """The append-only journal goes through the database function that allows exactly this."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT sum(casework_journal_destroy(target)) FROM unnest(%s::bigint[]) AS target",
                [household_ids],
            )
    else:  # the embedded SQLite default has no triggers to pass
        JournalEntry._base_manager.filter(household_id__in=household_ids)._raw_delete(
            connection.alias
        )
