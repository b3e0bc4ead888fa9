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


def household_destroy(*, household_id: int, closed_on_or_before: date) -> bool:
    """Destroy one dossier in the caller's transaction; False when it is no longer due.

    The row is locked and checked afresh: a dossier reopened (or closed again later) since the
    list was proposed is left alone. Relations that protect the household (doorbraken) must have
    been pseudonymised by the caller first; they keep pointing at the shell.
    """
    household = (
        Household.objects.select_for_update()
        .filter(pk=household_id, anonymised_at__isnull=True)
        .first()
    )
    if (
        household is None
        or household.status != HouseholdStatus.CLOSED
        or household.closed_on is None
        or household.closed_on > closed_on_or_before
    ):
        return False
    for field, value in SHELL_VALUES.items():
        setattr(household, field, value)
    household.anonymised_at = timezone.now()
    household.save(update_fields=[*SHELL_VALUES, "anonymised_at", "updated_at"])
    _destroy_journal(household)
    for relation in Household._meta.related_objects:
        if relation.on_delete is not models.CASCADE or relation.related_model is JournalEntry:
            continue  # PROTECT: pseudonymised by the caller; SET_NULL: not ours to remove
        relation.related_model._base_manager.filter(**{relation.field.name: household}).delete()
    return True


def _destroy_journal(household: Household) -> None:
    """The append-only journal goes through the database function that allows exactly this."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT casework_journal_destroy(%s)", [household.pk])
    else:  # the embedded SQLite default has no triggers to pass
        JournalEntry._base_manager.filter(household=household)._raw_delete(connection.alias)
