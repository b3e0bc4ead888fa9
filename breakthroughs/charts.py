"""Server-rendered SVG charts (the CSP allows no inline script or style: presentation attributes).

Every chart is an `<svg role="img">` named by its `<title>` and described by its `<desc>`, has a
legend in text, and the page shows the same figures as a table next to it. Colours are the
Rijkshuisstijl blues and the badge colours of app.css; each has a contrast of at least 4.5:1 on
white, so no bar depends on a light colour to be seen.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

BLUE = "#01689b"  # 5.9:1 on white
DARK_BLUE = "#154273"  # 10.6:1
GREEN = "#1e6b1e"  # 6.6:1
AMBER = "#8a4b00"  # 6.9:1
RED = "#a90000"  # 7.6:1
GREY = "#595959"  # 7.0:1
TEXT = "#222222"
GRID = "#767676"  # 4.5:1, for axis lines

MONTH_NAMES = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)
MONTHS = ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec")


def euro(value: Decimal | int | float, *, cents: bool = False) -> str:
    """Dutch money notation: € 1.234 or € 1.234,50."""
    amount = Decimal(str(value))
    if cents:
        text = f"{amount.quantize(Decimal('0.01'), rounding=ROUND_HALF_UP):,.2f}"
    else:
        text = f"{amount.quantize(Decimal('1'), rounding=ROUND_HALF_UP):,.0f}"
    text = text.replace(",", "_").replace(".", ",").replace("_", ".")
    return f"€ {text}"


def _n(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


@dataclass(frozen=True)
class Bar:
    label: str
    value: Decimal | int
    colour: str = BLUE
    text: str = ""  # the value as printed; defaults to the number


def _open_svg(*, chart_id: str, title: str, description: str, width: int, height: int) -> str:
    return format_html(
        '<svg class="chart" id="{id}" role="img" aria-labelledby="{id}-title {id}-desc" '
        'viewBox="0 0 {w} {h}" width="{w}" height="{h}" xmlns="http://www.w3.org/2000/svg" '
        'font-family="inherit">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>',
        id=chart_id,
        w=width,
        h=height,
        title=title,
        desc=description,
    )


def horizontal_bars(
    *, chart_id: str, title: str, description: str, bars: Sequence[Bar], width: int = 560
) -> SafeString:
    """One bar per row, label left, value right of the bar (counts by status, outcomes)."""
    row, label_width, value_width, top = 28, 190, 70, 8
    height = top * 2 + row * max(len(bars), 1)
    plot = width - label_width - value_width
    largest = max((Decimal(bar.value) for bar in bars), default=Decimal("0")) or Decimal("1")
    parts = [_open_svg(chart_id=chart_id, title=title, description=description, width=width,
                       height=height)]  # fmt: skip
    for index, bar in enumerate(bars):
        y = top + index * row
        length = float(Decimal(bar.value) / largest) * plot
        parts.append(
            format_html(
                '<text x="{lx}" y="{ty}" text-anchor="end" fill="{text}" font-size="13">{label}'
                "</text>"
                '<rect x="{x}" y="{y}" width="{w}" height="{h}" fill="{colour}"></rect>'
                '<text x="{vx}" y="{ty}" fill="{text}" font-size="13">{value}</text>',
                lx=label_width - 8,
                ty=_n(y + row / 2 + 4),
                text=TEXT,
                label=bar.label,
                x=label_width,
                y=_n(y + 4),
                w=_n(max(length, 1.0 if bar.value else 0.0)),
                h=row - 8,
                colour=bar.colour,
                vx=_n(label_width + length + 6),
                value=bar.text or str(bar.value),
            )
        )
    parts.append(
        format_html(
            '<line x1="{x}" y1="{y1}" x2="{x}" y2="{y2}" stroke="{grid}" stroke-width="1"></line>',
            x=label_width,
            y1=top,
            y2=height - top,
            grid=GRID,
        )
    )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # every value went through format_html


def spend_against_budget(
    *,
    chart_id: str,
    title: str,
    description: str,
    months: Sequence[dict[str, Decimal | int]],
    budget: Decimal,
    width: int = 640,
    height: int = 300,
) -> SafeString:
    """Bars: granted per month; line: cumulative; dashed line: the year's budget."""
    left, right, top, bottom = 78, 16, 16, 64
    plot_w, plot_h = width - left - right, height - top - bottom
    peak = max([budget, *(Decimal(m["cumulative"]) for m in months)]) or Decimal("1")
    slot = plot_w / max(len(months), 1)

    def y_of(value: Decimal) -> float:
        return top + plot_h - float(Decimal(value) / peak) * plot_h

    parts = [_open_svg(chart_id=chart_id, title=title, description=description, width=width,
                       height=height)]  # fmt: skip
    # Axis with four gridlines and their amounts.
    for step in range(5):
        value = peak * step / 4
        y = y_of(value)
        parts.append(
            format_html(
                '<line x1="{x1}" y1="{y}" x2="{x2}" y2="{y}" stroke="{grid}" stroke-width="{sw}">'
                '</line><text x="{tx}" y="{ty}" text-anchor="end" fill="{text}" font-size="11">'
                "{label}</text>",
                x1=left,
                x2=width - right,
                y=_n(y),
                grid=GRID,
                sw="1" if step == 0 else "0.5",
                tx=left - 6,
                ty=_n(y + 4),
                text=TEXT,
                label=euro(value),
            )
        )
    points = []
    for index, month in enumerate(months):
        x = left + index * slot
        amount = Decimal(month["amount"])
        y = y_of(amount)
        parts.append(
            format_html(
                '<rect x="{x}" y="{y}" width="{w}" height="{h}" fill="{colour}">'
                "<title>{label}: {value}</title></rect>"
                '<text x="{cx}" y="{ly}" text-anchor="middle" fill="{text}" font-size="11">'
                "{label}</text>",
                x=_n(x + slot * 0.15),
                y=_n(y),
                w=_n(slot * 0.7),
                h=_n(top + plot_h - y),
                colour=BLUE,
                label=MONTHS[int(month["month"]) - 1],
                value=euro(amount),
                cx=_n(x + slot / 2),
                ly=top + plot_h + 16,
                text=TEXT,
            )
        )
        points.append(f"{_n(x + slot / 2)},{_n(y_of(Decimal(month['cumulative'])))}")
    if points:
        parts.append(
            format_html(
                '<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2.5">'
                "</polyline>",
                points=" ".join(points),
                colour=DARK_BLUE,
            )
        )
    if budget > 0:
        parts.append(
            format_html(
                '<line x1="{x1}" y1="{y}" x2="{x2}" y2="{y}" stroke="{colour}" stroke-width="2" '
                'stroke-dasharray="6 4"></line>',
                x1=left,
                x2=width - right,
                y=_n(y_of(budget)),
                colour=AMBER,
            )
        )
    # Legend in text, below the month labels.
    legend_y = height - 16
    legend = [
        ("rect", BLUE, _("Toegekend in de maand")),
        ("line", DARK_BLUE, _("Totaal tot en met de maand")),
        ("dash", AMBER, _("Budget van het jaar")),
    ]
    x = left
    for kind, colour, label in legend:
        if kind == "rect":
            mark = format_html(
                '<rect x="{x}" y="{y}" width="14" height="10" fill="{c}"></rect>',
                x=x,
                y=legend_y - 9,
                c=colour,
            )
        else:
            mark = format_html(
                '<line x1="{x}" y1="{y}" x2="{x2}" y2="{y}" stroke="{c}" stroke-width="2.5"{d}>'
                "</line>",
                x=x,
                x2=x + 14,
                y=legend_y - 4,
                c=colour,
                d=mark_safe(' stroke-dasharray="4 3"') if kind == "dash" else "",
            )
        parts.append(mark)
        parts.append(
            format_html(
                '<text x="{x}" y="{y}" fill="{t}" font-size="12">{label}</text>',
                x=x + 20,
                y=legend_y,
                t=TEXT,
                label=label,
            )
        )
        x += 28 + 7 * len(str(label))
    parts.append("</svg>")
    return mark_safe("".join(parts))  # every value went through format_html


def pot_bar(*, chart_id: str, amount: Decimal, committed: Decimal, spent: Decimal) -> SafeString:
    """A stacked bar: spent, committed and remaining of one pot (the figures are beside it)."""
    width, height = 240, 18
    total = max(amount, committed + spent) or Decimal("1")
    segments = [
        (spent, DARK_BLUE),
        (committed, BLUE),
    ]
    remaining = amount - committed - spent
    title = _("Uitgegeven %(spent)s, vastgelegd %(committed)s, resterend %(remaining)s") % {
        "spent": euro(spent),
        "committed": euro(committed),
        "remaining": euro(remaining),
    }
    parts = [
        format_html(
            '<svg class="pot-bar" id="{id}" role="img" aria-labelledby="{id}-title" '
            'viewBox="0 0 {w} {h}" width="{w}" height="{h}" xmlns="http://www.w3.org/2000/svg">'
            '<title id="{id}-title">{title}</title>'
            '<rect x="0.5" y="0.5" width="{iw}" height="{ih}" fill="#ffffff" stroke="{grid}">'
            "</rect>",
            id=chart_id,
            w=width,
            h=height,
            iw=width - 1,
            ih=height - 1,
            title=title,
            grid=GRID,
        )
    ]
    x = 1.0
    for value, colour in segments:
        w = float(Decimal(value) / total) * (width - 2)
        if w > 0:
            parts.append(
                format_html(
                    '<rect x="{x}" y="1" width="{w}" height="{h}" fill="{c}"></rect>',
                    x=_n(x),
                    w=_n(w),
                    h=height - 2,
                    c=colour,
                )
            )
            x += w
    parts.append("</svg>")
    return mark_safe("".join(parts))  # every value went through format_html
