"""Pseudonymising the doorbraken of a household whose dossier is destroyed after its term.

A doorbraak stays as a counted fact (category, theme, regulation, article, knelpunt, amounts,
dates, mandate level, status): the signal figures and the reports already sent are built from
those. Its free text, written about the household, goes (also the reasoning in its status history and
its in-app notifications). It keeps pointing at the household
shell, so the figures still count the household once.
"""

from __future__ import annotations

from django.db import connection, models
from django.utils.translation import gettext

from breakthroughs.models import Breakthrough, BreakthroughTransition, Evaluation, Notification


def pseudonymised_text() -> str:
    return gettext("Verwijderd na de bewaartermijn van het dossier.")


def breakthroughs_pseudonymise(*, household_ids: list[int]) -> int:
    """Strip the free text of every doorbraak of these households (caller's transaction).

    Call after the household itself is marked destroyed: the status history's reasoning may
    only be rewritten for a destroyed dossier (breakthroughs migration 0007).
    """
    marker = pseudonymised_text()
    if not household_ids:
        return 0
    rows = list(Breakthrough.objects.select_for_update().filter(household_id__in=household_ids))
    for breakthrough in rows:
        breakthrough.need = marker
        breakthrough.blocking_problem = marker
        breakthrough.action = marker
        breakthrough.avoided_cost_basis = ""
        # Which schemes were checked stays (it is what the signal is about); why, in words, goes.
        breakthrough.rules_checked = [
            {key: value for key, value in rule.items() if key != "reason"}
            for rule in breakthrough.rules_checked or []
            if isinstance(rule, dict)
        ]
    Breakthrough.objects.bulk_update(
        rows,
        ["need", "blocking_problem", "action", "avoided_cost_basis", "rules_checked"],
        batch_size=500,
    )
    Evaluation.objects.filter(breakthrough__household_id__in=household_ids).update(notes="")
    # In-app notifications name the household; they served their purpose long ago.
    Notification.objects.filter(breakthrough__household_id__in=household_ids).delete()
    _pseudonymise_history(household_ids, marker)
    return len(rows)


def _pseudonymise_history(household_ids: list[int], marker: str) -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT sum(breakthroughs_transition_pseudonymise(target, %s)) "
                "FROM unnest(%s::bigint[]) AS target",
                [marker, household_ids],
            )
    else:  # the embedded SQLite default: the same change, past the model guard on purpose
        models.QuerySet(BreakthroughTransition).filter(
            breakthrough__household_id__in=household_ids
        ).update(motivation=marker)
