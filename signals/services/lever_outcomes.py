"""The municipality's contribution to the hub's national precedents (issue 14).

Every decided doorbraak whose (blocking scheme, article) is a lever of the catalogue counts, with
its cost and its evaluation; `signals.reporting.lever_outcomes` applies the disclosure control
before anything leaves. Sent daily with the municipality's hub token; the hub keeps only the
newest contribution, so a lost day is made good by the next.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils import timezone

import requests

from breakthroughs.constants import GoalReached
from breakthroughs.models import Breakthrough
from breakthroughs.selectors import lever_codes_by_rule
from core.legal_references import normalise_article
from core.models import Municipality
from signals.reporting.builder import canonical_json
from signals.reporting.lever_outcomes import LeverOutcomeFact, build_lever_outcomes
from signals.selectors import DECIDED_POSITIVELY


class HubRefused(Exception):  # noqa: N818 - reads as the outcome
    def __init__(self, status: int | None, reason: str):
        super().__init__(f"{status}: {reason}")
        self.status = status


def lever_outcome_facts(*, municipality: Municipality) -> list[LeverOutcomeFact]:
    levers = lever_codes_by_rule()
    rows = (
        Breakthrough.objects.filter(municipality=municipality, status__in=DECIDED_POSITIVELY)
        .exclude(article="")
        .order_by()
        .values_list(
            "household_id",
            "regulation_code",
            "article",
            "knelpunt_type",
            "total_cost",
            "evaluation__goal_reached",
        )
    )
    facts = []
    for household_id, scheme, article, knelpunt, cost, goal in rows:
        lever = levers.get((scheme, normalise_article(article)))
        if lever is None:
            continue
        facts.append(
            LeverOutcomeFact(
                household_key=str(household_id),  # counted, never output
                lever_code=lever,
                regulation_code=scheme,
                knelpunt_type=knelpunt or "",
                total_cost_eur=cost,
                goal_reached=(goal == GoalReached.YES) if goal else None,
            )
        )
    return facts


def lever_outcomes_payload(*, municipality: Municipality) -> dict[str, Any]:
    now = timezone.now()
    return build_lever_outcomes(
        cbs_code=municipality.cbs_code,
        as_of=timezone.localdate(now),
        generated_at=now,
        facts=lever_outcome_facts(municipality=municipality),
        min_cell=settings.SIGNAL_REPORT_MIN_CELL,
    )


def lever_outcomes_send(*, municipality: Municipality) -> int:
    """Post the contribution; returns the hub's status. Raises HubRefused (status None when there
    was no answer) so the task can retry the transient failures."""
    token = settings.SIGNAL_RECEIVER_TOKENS.get(municipality.cbs_code, "")
    try:
        response = requests.post(
            settings.HUB_LEVER_OUTCOMES_URL,
            data=canonical_json(lever_outcomes_payload(municipality=municipality)),
            headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"},
            timeout=settings.SIGNAL_DELIVERY_TIMEOUT_SECONDS,
        )
    except requests.RequestException as exc:
        raise HubRefused(None, exc.__class__.__name__) from exc
    if response.status_code not in (200, 201):
        raise HubRefused(response.status_code, response.text[:200])
    return response.status_code
