"""Shared pieces of the signal pages: officer access, money notation and bar charts."""

from __future__ import annotations

import uuid
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from breakthroughs.models import Signal, SignalReport
from core.models import Municipality, Role
from core.permissions import access_for
from core.presentation.charts import bar_chart
from core.presentation.money import MISSING as DASH
from core.presentation.money import euro as _core_euro

__all__ = [
    "DASH",
    "bar_chart",
    "euro",
    "officer_municipalities",
    "officer_report",
    "officer_signal",
]

# --- access --------------------------------------------------------------------------------


def officer_municipalities(request_or_user: Any) -> list[Municipality]:
    """The municipalities in which the user is a policy officer; none: PermissionDenied."""
    ids = access_for(request_or_user).municipality_ids({Role.POLICY_OFFICER})
    if not ids:
        raise PermissionDenied
    return list(Municipality.objects.filter(pk__in=ids).order_by("pk"))


def officer_signal(request_or_user: Any, public_id: uuid.UUID) -> Signal:
    municipalities = officer_municipalities(request_or_user)
    return get_object_or_404(
        Signal.objects.select_related("municipality"),
        public_id=public_id,
        municipality__in=municipalities,
    )


def officer_report(request_or_user: Any, report_id: uuid.UUID) -> SignalReport:
    municipalities = officer_municipalities(request_or_user)
    return get_object_or_404(
        SignalReport.objects.select_related("municipality", "approved_by"),
        report_id=report_id,
        municipality__in=municipalities,
    )


def _municipality(request: HttpRequest) -> Municipality:
    return officer_municipalities(request)[0]


# --- formatting and charts -----------------------------------------------------------------


def euro(value: Any) -> str:
    """Dutch money notation (empty for None), through the one formatter in core."""
    return _core_euro(value, missing="")
