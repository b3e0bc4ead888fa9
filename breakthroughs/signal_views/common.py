"""Shared pieces of the signal pages: officer access, money notation and bar charts."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from breakthroughs.models import Signal, SignalReport
from core.models import Municipality, Role
from core.permissions import access_for

DASH = "\u2013"  # shown for a value that is not known


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
    """Dutch money notation: € 1.234,50 (empty for None)."""
    if value is None or value == "":
        return ""
    amount = Decimal(str(value))
    text = f"{abs(amount):,.2f}".replace(",", "_").replace(".", ",").replace("_", ".")
    return f"€ {'-' if amount < 0 else ''}{text}"


def bar_chart(
    *, chart_id: str, title: str, rows: Sequence[tuple[str, int | None, str]]
) -> dict[str, Any]:
    """Geometry of a horizontal bar chart; rows are (label, value or None, text shown).

    A None value (a suppressed cell) gets no bar, only its text, so the chart never suggests a
    figure that was not published.
    """
    label_width, bar_max, row_height, top = 230, 330, 28, 8
    maximum = max([value for _label, value, _text in rows if value] or [1])
    bars = []
    for index, (label, value, text) in enumerate(rows):
        y = top + index * row_height
        width = round(bar_max * (value or 0) / maximum) if value else 0
        bars.append(
            {
                "label": label,
                "text": text,
                "y": y,
                "text_y": y + 15,
                "width": width,
                "value_x": label_width + width + 6,
                "suppressed": value is None,
            }
        )
    return {
        "id": chart_id,
        "title": title,
        "bars": bars,
        "label_x": label_width - 8,
        "bar_x": label_width,
        "width": label_width + bar_max + 90,
        "height": top * 2 + len(rows) * row_height,
    }
