"""System check: warn (never fail) when parameter values have ended or end within 60 days.

With a database at hand (``check --database default``, ``migrate``) the stored catalogue is
checked; otherwise the release's data files, so a deploy of stale values is visible too.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.checks import Warning, register
from django.db import DatabaseError
from django.utils import timezone

from regulations.schemes import catalogue
from regulations.schemes.params import ENDED, ENDING, Currency, parameter_currency
from regulations.services import currency_label, parameter_currency_alerts

SHOWN = 10


def _listed(items: list[Currency]) -> str:
    names = [currency_label(item) for item in items[:SHOWN]]
    more = f" en {len(items) - SHOWN} meer" if len(items) > SHOWN else ""
    return ", ".join(names) + more


@register("regulations")
def parameter_currency_check(
    app_configs: Sequence[Any] | None = None, databases: Sequence[str] | None = None, **kwargs: Any
) -> list[Warning]:
    alerts: list[Currency] | None = None
    if databases:
        try:
            alerts = parameter_currency_alerts()
        except DatabaseError:  # not migrated yet: fall back to the data files
            alerts = None
    if alerts is None:
        alerts = [
            item
            for item in parameter_currency(
                catalogue.load_parameter_records(), on=timezone.localdate()
            )
            if item.status in (ENDED, ENDING)
        ]
    ended = [item for item in alerts if item.status == ENDED]
    ending = [item for item in alerts if item.status == ENDING]
    warnings = []
    if ended:
        warnings.append(
            Warning(
                f"{len(ended)} parameterwaarden zijn verlopen zonder opvolger: {_listed(ended)}. "
                "De toets rekent er voorlopig mee door.",
                hint="Importeer een parameterpakket (manage.py import_parameters) of vul de "
                "waarden in via de catalogus.",
                id="regulations.W001",
            )
        )
    if ending:
        warnings.append(
            Warning(
                f"{len(ending)} parameterwaarden verlopen binnen 60 dagen: {_listed(ending)}.",
                hint="Leg de opvolgers vast voordat ze verlopen.",
                id="regulations.W002",
            )
        )
    return warnings
