"""The form renderer of the project: Django's, with the common widgets written in Python.

Why it exists (keep it): Django renders a select through one template include per option (about
50 µs each), and every input through two or three nested templates; the household list's filter
form spent more time on its ZRM-domain options than on its query. Rendering them here is about ten
times faster (a 60-option select: Django 10.7 ms, Python 1.1 ms), which the case page needs for
its p95 goal in `benchmarks/casework.py` (GOAL_P95_MS). It is one of the approved performance
exceptions to "presentation in templates"; `tests/core/test_form_rendering.py` keeps it honest.

The markup below is exactly what Django's `select.html`, `select_option.html`, `input.html`,
`textarea.html` and `attrs.html` make (that test compares them byte for byte); any other widget
template goes through Django as usual.
"""

from __future__ import annotations

from typing import Any

from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

SELECT_TEMPLATE = "django/forms/widgets/select.html"
OPTION_TEMPLATE = "django/forms/widgets/select_option.html"
TEXTAREA_TEMPLATE = "django/forms/widgets/textarea.html"
# Django's templates that consist of nothing but an include of input.html.
INPUT_TEMPLATES = frozenset(
    f"django/forms/widgets/{name}.html"
    for name in (
        "checkbox", "color", "date", "datetime", "email", "hidden", "number", "password",
        "search", "tel", "text", "time", "url",
    )
)  # fmt: skip


def _attrs(attrs: dict[str, Any]) -> str:
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            parts.append(f" {conditional_escape(name)}")
        else:
            parts.append(f' {conditional_escape(name)}="{conditional_escape(str(value))}"')
    return "".join(parts)


def render_select(widget: dict[str, Any]) -> SafeString:
    rows = []
    for group_name, group_choices, _index in widget["optgroups"]:
        options = "".join(
            f'\n  <option value="{conditional_escape(str(option["value"]))}"'
            f"{_attrs(option['attrs'])}>{conditional_escape(option['label'])}</option>\n"
            for option in group_choices
        )
        if group_name:
            rows.append(format_html('\n  <optgroup label="{}">', group_name))
            rows.append(options + "\n  </optgroup>")
        else:
            rows.append(options)
    # Every value that goes in above is escaped.
    return mark_safe(
        f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>'
        + "".join(rows)
        + "\n</select>"
    )


def render_input(widget: dict[str, Any]) -> SafeString:
    value = widget["value"]
    shown = "" if value is None else f' value="{conditional_escape(str(value))}"'
    # Every value that goes in is escaped.
    return mark_safe(
        f'<input type="{conditional_escape(widget["type"])}" '
        f'name="{conditional_escape(widget["name"])}"{shown}{_attrs(widget["attrs"])}>'
    )


def render_textarea(widget: dict[str, Any]) -> SafeString:
    value = widget["value"]
    text = conditional_escape(value) if value else ""
    # Every value that goes in is escaped.
    return mark_safe(
        f'<textarea name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>\n'
        f"{text}</textarea>"
    )


class FormRenderer(DjangoTemplates):
    def render(self, template_name: str, context: dict[str, Any], request: Any = None) -> str:
        widget = context.get("widget")
        if widget is not None and template_name in INPUT_TEMPLATES:
            return render_input(widget)
        if widget is not None and template_name == TEXTAREA_TEMPLATE:
            return render_textarea(widget)
        if (
            template_name == SELECT_TEMPLATE
            and widget is not None
            and all(
                option.get("template_name") == OPTION_TEMPLATE
                for _name, options, _index in widget["optgroups"]
                for option in options
            )
        ):
            return render_select(widget)
        return super().render(template_name, context, request)
