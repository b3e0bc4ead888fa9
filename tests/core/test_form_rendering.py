"""The project's form renderer writes `<select>` itself; it must match Django's templates."""

from __future__ import annotations

from django import forms
from django.forms.renderers import DjangoTemplates

import pytest

from core.form_rendering import FormRenderer


class ChoicesForm(forms.Form):
    plain = forms.ChoiceField(choices=[("", "Alle"), ("a", "Één"), ("b", 'Twee "quoted" <b>')])
    grouped = forms.ChoiceField(
        choices=[("Groep & co", [("x", "X"), ("y", "Y")]), ("z", "Zonder groep")]
    )
    many = forms.MultipleChoiceField(choices=[(1, "een"), (2, "twee"), (3, "drie")])
    flagged = forms.ChoiceField(
        choices=[("ja", "Ja"), ("nee", "Nee")],
        widget=forms.Select(attrs={"class": "utrecht-select", "data-x": 'a"b', "disabled": True}),
    )
    empty = forms.ChoiceField(choices=[], required=False)
    yes_no = forms.NullBooleanField()
    text = forms.CharField(widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}))
    when = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    amount = forms.DecimalField()
    mail = forms.EmailField()
    secret = forms.CharField(widget=forms.PasswordInput(render_value=True))
    hidden = forms.CharField(widget=forms.HiddenInput)
    agree = forms.BooleanField()
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}))
    moment = forms.TimeField()
    site = forms.URLField(assume_scheme="https")


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"plain": "b", "grouped": "y", "many": ["1", "3"], "flagged": "nee", "yes_no": "true"},
        {"plain": "<script>", "grouped": "z", "many": ["9"], "yes_no": "false"},
        {
            "text": 'Jansen & "zn" <b>',
            "when": "2026-01-05",
            "amount": "12.50",
            "mail": "a@b.nl",
            "secret": "x<y",
            "hidden": "7",
            "agree": "on",
            "note": "regel 1\nregel <2>",
            "moment": "10:00",
            "site": "https://example.org/?a=1&b=2",
        },
        {"note": "", "agree": "", "amount": "", "text": ""},
    ],
)
def test_select_markup_is_identical_to_djangos_templates(data: dict) -> None:
    form = ChoicesForm(data=data or None)
    for name in form.fields:
        django_html = form.fields[name].widget.render(
            form.add_prefix(name), form[name].value(), renderer=DjangoTemplates()
        )
        ours = form.fields[name].widget.render(
            form.add_prefix(name), form[name].value(), renderer=FormRenderer()
        )
        assert ours == django_html, name


def test_a_custom_option_template_falls_back_to_the_templates() -> None:
    class Custom(forms.Select):
        option_template_name = "django/forms/widgets/input.html"

    widget = Custom(choices=[("a", "A")])
    assert widget.render("f", "a", renderer=FormRenderer()) == widget.render(
        "f", "a", renderer=DjangoTemplates()
    )


def test_the_project_uses_the_renderer(settings) -> None:
    from django.forms.renderers import get_default_renderer

    assert settings.FORM_RENDERER == "core.form_rendering.FormRenderer"
    assert isinstance(get_default_renderer(), FormRenderer)
