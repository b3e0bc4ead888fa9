"""Server-rendered SVG charts (presentation attributes only: the CSP forbids
inline styles and scripts). Every chart has a table alternative in the template that uses it."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template
from django.utils.safestring import SafeString

from regulations.prose import engine_prose
from regulations.schemes import catalogue

register = template.Library()


@register.filter
def prose(text: str) -> SafeString:
    """An engine sentence with Dutch amounts and parameter keys as code."""
    return engine_prose(text or "")


def _nice_max(value: Decimal) -> Decimal:
    """A round upper bound for an axis: 1, 2, 2.5 or 5 times a power of ten."""
    if value <= 0:
        return Decimal(100)
    exponent = len(str(int(value))) - 1
    base = Decimal(10) ** exponent
    for factor in (1, 2, Decimal("2.5"), 5, 10):
        if value <= base * factor:
            return base * factor
    return base * 10


@register.inclusion_tag("regulations/charts/minimum_bar.html")
def minimum_chart(summary: dict[str, Any]) -> dict[str, Any]:
    """A horizontal bar: household net income against 100/110/120/130% of the sociaal minimum."""
    width, left, right, bar_y, bar_h = 640, 10, 20, 30, 28
    net, levels = summary.get("net_income"), summary.get("levels") or []
    if net is None or not levels:
        return {"show": False}
    top = _nice_max(max(Decimal(net), levels[-1]["amount"]) * Decimal("1.05"))
    span = width - left - right

    def x(amount: Decimal) -> int:
        return left + int(span * Decimal(amount) / top)

    markers = [
        {"x": x(level["amount"]), "label": f"{level['percent']}%", "amount": level["amount"]}
        for level in levels
    ]
    return {
        "show": True,
        "width": width,
        "height": 92,
        "left": left,
        "bar_y": bar_y,
        "bar_h": bar_h,
        "bar_w": max(1, x(Decimal(net)) - left),
        "marker_top": bar_y - 8,
        "marker_bottom": bar_y + bar_h + 8,
        "label_y": bar_y + bar_h + 24,
        "markers": markers,
        "net": net,
        "below": Decimal(net) < levels[0]["amount"],
    }


@register.inclusion_tag("regulations/charts/work_pays_line.html")
def work_pays_chart(steps: list[Any]) -> dict[str, Any]:
    """A line chart of disposable income as extra gross earnings rise; armoedeval steps marked."""
    points = [s for s in steps if s.disposable_income_monthly is not None]
    if len(points) < 2:
        return {"show": False}
    width, height = 640, 300
    left, right, top_pad, bottom = 80, 20, 20, 50
    x_max = _nice_max(max(s.extra_gross_monthly for s in points))
    lowest = min(s.disposable_income_monthly for s in points)
    highest = max(s.disposable_income_monthly for s in points)
    y_min = (
        Decimal(0) if lowest < 0 else (lowest / 500).to_integral_value(rounding="ROUND_FLOOR") * 500
    )
    y_max = y_min + _nice_max(max(highest - y_min, Decimal(1)))
    plot_w, plot_h = width - left - right, height - top_pad - bottom

    def px(value: Decimal) -> int:
        return left + int(plot_w * value / x_max)

    def py(value: Decimal) -> int:
        return top_pad + plot_h - int(plot_h * (value - y_min) / (y_max - y_min))

    coords = [
        {
            "x": px(s.extra_gross_monthly),
            "y": py(s.disposable_income_monthly),
            "armoedeval": s.armoedeval,
            "gross": s.extra_gross_monthly,
            "disposable": s.disposable_income_monthly,
        }
        for s in points
    ]
    x_ticks = [{"x": px(x_max * i / 4), "label": int(x_max * i / 4)} for i in range(5)]
    y_ticks = [
        {"y": py(y_min + (y_max - y_min) * i / 4), "label": int(y_min + (y_max - y_min) * i / 4)}
        for i in range(5)
    ]
    return {
        "show": True,
        "width": width,
        "height": height,
        "left": left,
        "right_x": width - right,
        "top": top_pad,
        "bottom_y": top_pad + plot_h,
        "polyline": " ".join(f"{c['x']},{c['y']}" for c in coords),
        "coords": coords,
        "x_ticks": x_ticks,
        "y_ticks": y_ticks,
        "x_label_y": height - 8,
        "tick_label_y": top_pad + plot_h + 18,
        "any_armoedeval": any(c["armoedeval"] for c in coords),
    }


@register.filter
def schemes_total(step: Any) -> Decimal | None:
    """The sum of the known scheme amounts of one Werken-loont step."""
    amounts = [a for a in step.scheme_amounts_monthly.values() if a is not None]
    return sum(amounts, Decimal(0))


@register.filter
def source_label(url: str, title: str = "") -> str:
    """A source by its publication title ("Staatscourant 2025, 44064"), else by its host."""
    return catalogue.source_label(str(url or ""), str(title or ""))
