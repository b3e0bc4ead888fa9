"""Forms of the regulations pages (Dutch labels; the views call services with cleaned data)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from regulations.models import ProactiveGrant

MAX_STEPS = 100


class WorkPaysForm(forms.Form):
    member = forms.TypedChoiceField(label=_("Gezinslid"), coerce=int)
    max = forms.DecimalField(
        label=_("Tot hoeveel euro bruto per maand extra?"),
        min_value=Decimal("0"),
        max_value=Decimal("20000"),
        decimal_places=2,
        initial=Decimal("2000"),
    )
    step = forms.DecimalField(
        label=_("In stappen van (euro bruto per maand)"),
        min_value=Decimal("10"),
        max_value=Decimal("5000"),
        decimal_places=2,
        initial=Decimal("100"),
    )

    def __init__(self, *args: Any, members: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["member"].choices = members
        for name, field in self.fields.items():
            css = (
                "utrecht-select utrecht-select--html-select"
                if name == "member"
                else ("utrecht-textbox utrecht-textbox--html-input")
            )
            field.widget.attrs["class"] = css
        self.fields["max"].widget.attrs["inputmode"] = "decimal"
        self.fields["step"].widget.attrs["inputmode"] = "decimal"

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        maximum, step = data.get("max"), data.get("step")
        if maximum is not None and step and maximum / step > MAX_STEPS:
            self.add_error(
                "step",
                _("Te veel stappen: kies een grotere stap (hoogstens %(n)s stappen).")
                % {"n": MAX_STEPS},
            )
        return data


class ProactiveGrantHandleForm(forms.Form):
    status = forms.ChoiceField(
        choices=[
            (ProactiveGrant.Status.GRANTED.value, _("Toegekend")),
            (ProactiveGrant.Status.APPLIED.value, _("Aanvraag ingediend")),
            (ProactiveGrant.Status.DISMISSED.value, _("Niet van toepassing")),
        ]
    )
    note = forms.CharField(label=_("Toelichting"), required=False, max_length=2000)


class RescreenStartForm(forms.Form):
    reason = forms.CharField(
        label=_("Aanleiding"),
        max_length=200,
        initial=_("Nieuwe parameterwaarden"),
        help_text=_("Bijvoorbeeld: nieuwe normen per 1 januari."),
        widget=forms.TextInput(attrs={"class": "utrecht-textbox utrecht-textbox--html-input"}),
    )


class ParameterPackUploadForm(forms.Form):
    pack = forms.FileField(
        label=_("Parameterpakket (YAML)"),
        help_text=_(
            "Zelfde opbouw als de bestanden in regulations/data/parameters. Eerst wordt alles "
            "gecontroleerd en ziet u wat er verandert; een tweede functioneel beheerder keurt goed."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".yaml,.yml,text/yaml"}),
    )

    def clean_pack(self) -> tuple[str, str]:
        upload = self.cleaned_data["pack"]
        if upload.size > 2_000_000:
            raise forms.ValidationError(_("Het pakket is groter dan 2 MB."))
        try:
            content = upload.read().decode("utf-8")
        except UnicodeDecodeError as exc:
            raise forms.ValidationError(_("Het pakket is geen UTF-8-tekst.")) from exc
        return upload.name, content
