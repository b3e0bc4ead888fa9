"""The form renderer of the project: Django's, with `<select>` written in Python.

Django renders a select through one template include per option (about 50 µs each); the
household list's filter form spent more time on its ZRM-domain options than on its query. The
markup below is exactly what Django's `select.html`, `select_option.html` and `attrs.html` make.
"""

from __future__ import annotations

from typing import Any

from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

SELECT_TEMPLATE = "django/forms/widgets/select.html"
OPTION_TEMPLATE = "django/forms/widgets/select_option.html"


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


class FormRenderer(DjangoTemplates):
    def render(self, template_name: str, context: dict[str, Any], request: Any = None) -> str:
        widget = context.get("widget")
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
