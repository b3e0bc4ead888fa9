"""The project's form renderer: Utrecht classes on every control, and the common widgets written
in Python, byte for byte what Django's templates make of the same (classed) widget."""

from __future__ import annotations

from django import forms

import pytest

from core.form_rendering import ComponentTemplates, FormRenderer


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
    choose_one = forms.ChoiceField(choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect)
    choose_many = forms.MultipleChoiceField(
        choices=[("a", "A"), ("b", "B")], widget=forms.CheckboxSelectMultiple
    )
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
            form.add_prefix(name), form[name].value(), renderer=ComponentTemplates()
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
        "f", "a", renderer=ComponentTemplates()
    )


EXPECTED_CLASS = {
    "plain": 'class="utrecht-select utrecht-select--html-select"',
    "many": 'class="utrecht-select utrecht-select--html-select"',
    # A class the form sets itself is kept, behind the component's.
    "flagged": 'class="utrecht-select"',
    "text": 'class="utrecht-textbox utrecht-textbox--html-input"',
    "when": 'class="utrecht-textbox utrecht-textbox--html-input"',
    "amount": 'class="utrecht-textbox utrecht-textbox--html-input"',
    "secret": 'class="utrecht-textbox utrecht-textbox--html-input"',
    "agree": 'class="utrecht-checkbox utrecht-checkbox--html-input"',
    "note": 'class="utrecht-textarea utrecht-textarea--html-textarea"',
}


@pytest.mark.parametrize(("name", "expected"), EXPECTED_CLASS.items())
def test_every_control_gets_its_utrecht_component_class(name: str, expected: str) -> None:
    html = str(ChoicesForm()[name])
    assert expected in html
    assert html.count("class=") == 1


def test_a_hidden_input_gets_no_class_and_options_get_theirs() -> None:
    form = ChoicesForm()
    assert "class" not in str(form["hidden"])
    radios = str(form["choose_one"])
    assert radios.count('class="utrecht-radio-button utrecht-radio-button--html-input"') == 2
    boxes = str(form["choose_many"])
    assert boxes.count('class="utrecht-checkbox utrecht-checkbox--html-input"') == 2
    # The wrapper around the options is no control and gets no component class.
    assert radios.startswith('<div id="id_choose_one">')
    # A template that renders each option itself ({{ option.tag }}) gets them too.
    assert 'class="utrecht-radio-button utrecht-radio-button--html-input"' in str(
        form["choose_one"][0].tag()
    )
    assert 'class="utrecht-checkbox utrecht-checkbox--html-input"' in str(
        form["choose_many"][1].tag()
    )


def test_an_invalid_field_gets_the_invalid_modifier() -> None:
    form = ChoicesForm(data={"text": "", "note": ""})
    assert not form.is_valid()
    assert "utrecht-textbox--invalid" in str(form["text"])
    assert "utrecht-textarea--invalid" in str(form["note"])


def test_the_project_uses_the_renderer(settings) -> None:
    from django.forms.renderers import get_default_renderer

    assert settings.FORM_RENDERER == "core.form_rendering.FormRenderer"
    assert isinstance(get_default_renderer(), FormRenderer)
