"""Shared pieces of the signal pages: money notation and bar charts, both from core."""

from __future__ import annotations

from typing import Any

from django.conf import settings

from breakthroughs.selectors import national_knelpunten_for
from core.presentation.charts import bar_chart
from core.presentation.money import MISSING as DASH
from core.presentation.money import euro as core_euro
from signals.models import Signal

__all__ = ["DASH", "bar_chart", "euro", "national_counterparts", "signal_summary"]


def euro(value: Any) -> str:
    """Dutch money notation (empty for None), through the one formatter in core."""
    return core_euro(value, missing="")


def signal_summary(signal: Signal) -> dict[str, Any]:
    """A signal with its live figures (from `signal_figures`) as the pages show them."""
    return {
        "signal": signal,
        "n_breakthroughs": signal.n_breakthroughs,
        "n_households": signal.n_households,
        "bridging": euro(signal.bridging_cost or 0),
        "avoided": euro(signal.avoided_cost or 0),
    }


def national_counterparts(signals: list[Signal]) -> dict[int, dict[str, Any]]:
    """Per local signal (pk): its national counterpart on the hub, from the last pulled copy of
    the hub's knelpunten feed, with the link to it on the hub's public page."""
    found = national_knelpunten_for([(s.regulation_code, s.article or "") for s in signals])
    base = settings.HUB_PUBLIC_URL
    result = {}
    for signal in signals:
        status = found.get((signal.regulation_code, signal.article or ""))
        if status is not None:
            result[signal.pk] = {"national": status, "url": f"{base}#{status.anchor}"}
    return result
