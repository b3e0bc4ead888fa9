"""The form renderer of the project: Django's, with NL Design System classes on every control and
the common widgets written in Python.

Every input, select, textarea, checkbox and radio button gets its Utrecht component class here,
once, so no form or page has to set it per field (a class a form sets itself is kept).

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
CHOICE_INPUT_TEMPLATES = frozenset(
    {"django/forms/widgets/radio.html", "django/forms/widgets/checkbox_select.html"}
)
# One option rendered on its own, as a template does with `{{ option.tag }}`.
OPTION_INPUT_TEMPLATES = frozenset(
    {"django/forms/widgets/radio_option.html", "django/forms/widgets/checkbox_option.html"}
)
# Django's templates that consist of nothing but an include of input.html.
INPUT_TEMPLATES = frozenset(
    f"django/forms/widgets/{name}.html"
    for name in (
        "checkbox", "color", "date", "datetime", "email", "hidden", "number", "password",
        "search", "tel", "text", "time", "url",
    )
)  # fmt: skip


# Utrecht component classes per input type (None: a hidden input, styled by nothing).
INPUT_CLASSES: dict[str, str | None] = {
    "checkbox": "utrecht-checkbox utrecht-checkbox--html-input",
    "radio": "utrecht-radio-button utrecht-radio-button--html-input",
    "hidden": None,
}
TEXTBOX_CLASS = "utrecht-textbox utrecht-textbox--html-input"
SELECT_CLASS = "utrecht-select utrecht-select--html-select"
TEXTAREA_CLASS = "utrecht-textarea utrecht-textarea--html-textarea"
INVALID_MODIFIER = {
    "utrecht-textbox": "utrecht-textbox--invalid",
    "utrecht-select": "utrecht-select--invalid",
    "utrecht-textarea": "utrecht-textarea--invalid",
    "utrecht-checkbox": "utrecht-checkbox--invalid",
    "utrecht-radio-button": "utrecht-radio-button--invalid",
}


def _with_class(attrs: dict[str, Any], component: str | None) -> dict[str, Any]:
    """`attrs` with the component's classes in front, and its invalid modifier when invalid."""
    if component is None:
        return attrs
    base = component.split()[0]
    classes = str(attrs.get("class", "")).split()
    if base not in classes:
        classes = [*component.split(), *classes]
    if attrs.get("aria-invalid") in (True, "true") and INVALID_MODIFIER[base] not in classes:
        classes.append(INVALID_MODIFIER[base])
    return {**attrs, "class": " ".join(classes)}


def add_component_classes(template_name: str, context: dict[str, Any]) -> None:
    """Give the widget in `context` (and each of its radio/checkbox options) its Utrecht class."""
    widget = context.get("widget")
    if not isinstance(widget, dict) or "attrs" not in widget:
        return
    if template_name == SELECT_TEMPLATE:
        widget["attrs"] = _with_class(widget["attrs"], SELECT_CLASS)
    elif template_name == TEXTAREA_TEMPLATE:
        widget["attrs"] = _with_class(widget["attrs"], TEXTAREA_CLASS)
    elif template_name in INPUT_TEMPLATES or template_name in OPTION_INPUT_TEMPLATES:
        widget["attrs"] = _with_class(
            widget["attrs"], INPUT_CLASSES.get(widget.get("type", ""), TEXTBOX_CLASS)
        )
    elif template_name in CHOICE_INPUT_TEMPLATES:
        # The wrapper keeps its own attrs; each radio button or checkbox gets the class.
        for _group, options, _index in widget.get("optgroups", []):
            for option in options:
                option["attrs"] = _with_class(
                    option["attrs"], INPUT_CLASSES.get(option.get("type", ""))
                )


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


class ComponentTemplates(DjangoTemplates):
    """Django's widget templates with the Utrecht classes: the reference the fast path matches."""

    def render(self, template_name: str, context: dict[str, Any], request: Any = None) -> str:
        add_component_classes(template_name, context)
        return super().render(template_name, context, request)


class FormRenderer(ComponentTemplates):
    def render(self, template_name: str, context: dict[str, Any], request: Any = None) -> str:
        add_component_classes(template_name, context)
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
