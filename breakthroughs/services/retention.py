"""Pseudonymising the doorbraken of a household whose dossier is destroyed after its term.

A doorbraak stays as a counted fact (category, theme, regulation, article, knelpunt, amounts,
dates, mandate level, status): the signal figures and the reports already sent are built from
those. Its free text, written about the household, goes. It keeps pointing at the household
shell, so the figures still count the household once.
"""

from __future__ import annotations

from django.utils.translation import gettext

from breakthroughs.models import Breakthrough, Evaluation


def pseudonymised_text() -> str:
    return gettext("Verwijderd na de bewaartermijn van het dossier.")


def breakthroughs_pseudonymise(*, household_id: int) -> int:
    """Strip the free text of every doorbraak of the household (caller's transaction)."""
    marker = pseudonymised_text()
    rows = list(Breakthrough.objects.select_for_update().filter(household_id=household_id))
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
        rows, ["need", "blocking_problem", "action", "avoided_cost_basis", "rules_checked"]
    )
    Evaluation.objects.filter(breakthrough__household_id=household_id).update(notes="")
    return len(rows)
