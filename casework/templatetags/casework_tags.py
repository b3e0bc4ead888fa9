"""Row links and the server-rendered ZRM charts (SVG, no scripts, no inline styles).

Money, dates and counts are formatted by the `presentation` library of core."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from django import template
from django.urls import get_script_prefix, reverse
from django.utils.translation import gettext as _

from casework.constants import ZrmScore
from core.presentation.dates import date_short

register = template.Library()


# Stand-ins for the numeric arguments while a URL is reversed once; same length, so that none
# is part of another.
_ID_STANDINS = tuple(str(987654320 + n) for n in range(4))
_STANDIN_PATTERN = re.compile("(" + "|".join(_ID_STANDINS) + ")")


@lru_cache(maxsize=512)
def _url_parts(name: str, shape: tuple[str | None, ...], prefix: str) -> tuple[str | int, ...]:
    """The reversed URL as literal pieces and argument positions (ints)."""
    args = [_ID_STANDINS[i] if part is None else part for i, part in enumerate(shape)]
    pieces = _STANDIN_PATTERN.split(reverse(name, args=args))
    return tuple(_ID_STANDINS.index(p) if p in _ID_STANDINS else p for p in pieces)


@register.simple_tag
def row_url(name: str, *args: Any) -> str:
    """`{% url %}` for links repeated on every row of a dossier table. Django's reverse() takes
    about 50 µs; a case page has dozens of row links. The URL is reversed once per URL name and
    text arguments (the same checks as `{% url %}`), then the ids are put in."""
    if len(args) > len(_ID_STANDINS):
        return reverse(name, args=args)
    shape = tuple(None if isinstance(arg, int) else str(arg) for arg in args)
    parts = _url_parts(name, shape, get_script_prefix())
    return "".join(str(args[part]) if isinstance(part, int) else part for part in parts)


@register.filter
def zrm_label(score: Any) -> str:
    try:
        return str(ZrmScore(int(score)).label)
    except (TypeError, ValueError):
        return ""


@register.filter
def zrm_level(score: Any) -> str:
    """A CSS modifier for a score: the colour repeats what the number and label already say."""
    try:
        value = int(score)
    except (TypeError, ValueError):
        return "none"
    return str(value) if 1 <= value <= 5 else "none"


@register.filter
def signed(value: Any) -> str:
    if value is None:
        return ""
    number = int(value)
    if number > 0:
        return f"+{number}"
    if number < 0:
        return f"\u2212{abs(number)}"
    return "0"


BAR_LABEL_WIDTH = 210
BAR_UNIT = 56
BAR_ROW = 30
BAR_TOP = 8


@register.inclusion_tag("casework/charts/zrm_bars.html")
def zrm_bar_chart(profile: Any) -> dict[str, Any]:
    """Horizontal bars of the current 13 scores, coloured by level, each with its text label."""
    rows = []
    for index, item in enumerate(profile.current):
        y = BAR_TOP + index * BAR_ROW
        score = item["score"]
        width = (score or 0) * BAR_UNIT
        change = item["change"]
        if score is None:
            text = _("geen score")
        else:
            text = f"{score} {ZrmScore(score).label.lower()}"
            if change:
                text += (
                    " (" + _("%(change)s sinds vorige meting") % {"change": signed(change)} + ")"
                )
        rows.append(
            {
                "label": item["label"],
                "score": score,
                "level": zrm_level(score),
                "label_y": y + 19,
                "bar_x": BAR_LABEL_WIDTH,
                "bar_y": y + 4,
                "bar_width": width,
                "text_x": BAR_LABEL_WIDTH + width + 8,
                "text": text,
            }
        )
    height = BAR_TOP * 2 + len(rows) * BAR_ROW + 20
    grid = [
        {
            "x": BAR_LABEL_WIDTH + n * BAR_UNIT,
            "label": n,
            "label_x": BAR_LABEL_WIDTH + n * BAR_UNIT - BAR_UNIT // 2,
        }
        for n in range(1, 6)
    ]
    return {
        "rows": rows,
        "grid": grid,
        "grid_x0": BAR_LABEL_WIDTH,
        "grid_bottom": BAR_TOP + len(rows) * BAR_ROW,
        "axis_y": BAR_TOP + len(rows) * BAR_ROW + 16,
        "width": BAR_LABEL_WIDTH + 5 * BAR_UNIT + 330,
        "height": height,
        "assessed_on": profile.assessed_on,
    }


LINE_LEFT, LINE_RIGHT, LINE_TOP, LINE_BOTTOM = 40, 600, 16, 166


@register.inclusion_tag("casework/charts/zrm_line.html")
def zrm_line_chart(profile: Any) -> dict[str, Any]:
    """The average score per assessment over time (points joined by a line)."""
    history = profile.history
    count = len(history)
    span = LINE_RIGHT - LINE_LEFT
    points = []
    for index, item in enumerate(history):
        x = LINE_LEFT + (span * index / (count - 1) if count > 1 else span / 2)
        average = float(item["average"])
        y = LINE_BOTTOM - (average - 1) / 4 * (LINE_BOTTOM - LINE_TOP)
        show_label = count <= 8 or index in (0, count - 1)
        points.append(
            {
                "x": round(x, 1),
                "y": round(y, 1),
                "average": item["average"],
                "date": item["date"],
                "date_label": date_short(item["date"]) if show_label else "",
                "value_y": round(y - 9, 1),
            }
        )
    levels = [
        {"value": n, "y": round(LINE_BOTTOM - (n - 1) / 4 * (LINE_BOTTOM - LINE_TOP), 1)}
        for n in range(1, 6)
    ]
    return {
        "points": points,
        "polyline": " ".join(f"{p['x']},{p['y']}" for p in points),
        "levels": levels,
        "left": LINE_LEFT,
        "right": LINE_RIGHT,
        "date_y": LINE_BOTTOM + 24,
        "width": LINE_RIGHT + 40,
        "height": LINE_BOTTOM + 34,
    }


@register.filter
def split_pipe(value: str) -> list[str]:
    return [part.strip() for part in str(value).split("|")]


@register.filter
def split_words(value: str) -> list[str]:
    return str(value).split()


@register.filter
def lookup(row: Any, key: str) -> Any:
    return row.get(key) if isinstance(row, dict) else None


@register.filter
def export_value(value: Any) -> str:
    """A value of the dossier export as text: yes/no for booleans, a dash for nothing."""
    if value is True:
        return _("ja")
    if value is False:
        return _("nee")
    if value is None or value == "":
        return "\u2013"
    return str(value)
