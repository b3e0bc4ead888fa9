"""Forms of the regulations pages (Dutch labels; the views call services with cleaned data)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from regulations.models import ProactiveGrant
from regulations.schemes.reforms import SWITCHES

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


# --- reforms ---------------------------------------------------------------------------------

OVERRIDE_ROWS = 3
SWITCH_CHOICES = [("", _("Ongewijzigd")), ("true", _("Aan")), ("false", _("Uit"))]
# The switches' labels for the page (the pure module's Dutch labels, here through gettext).
SWITCH_LABELS = {
    "bijstand.kostendelersnorm.toepassen": _(
        "Kostendelersnorm in de bijstand toepassen (Pw art. 22a)"
    ),
    "minima.kostendelersnorm_toepassen": _(
        "Kostendelersnorm in het gemeentelijk minimabeleid toepassen"
    ),
    "minima.basis_inclusief_vakantietoeslag": _("Sociaal minimum inclusief vakantietoeslag"),
    "iit.referteperiode_maanden": _("Referteperiode individuele inkomenstoeslag (maanden)"),
    "iit.percentage_sociaal_minimum": _(
        "Inkomensgrens individuele inkomenstoeslag (deel van het sociaal minimum)"
    ),
    "czv.percentage_sociaal_minimum": _(
        "Inkomensgrens collectieve zorgverzekering (deel van het sociaal minimum)"
    ),
    "bijstand.vrijlating_arbeid.percentage": _("Vrijlating arbeidsinkomsten in de bijstand (deel)"),
    "bijstand.vrijlating_arbeid.maximum": _(
        "Vrijlating arbeidsinkomsten in de bijstand (maximum per maand)"
    ),
    "bijstand.vrijlating_arbeid.duur_maanden": _("Duur vrijlating arbeidsinkomsten (maanden)"),
}


def switch_field_name(key: str) -> str:
    return "switch_" + key.replace(".", "__")


class ReformForm(forms.Form):
    """A reform in the browser: the same data as the YAML file, validated by the same parser.

    Up to three overrides (a key or prefix, multiply or set) and the documented switches; the
    view maps the parser's field paths back onto these fields.
    """

    name = forms.CharField(label=_("Naam"), max_length=200)
    description = forms.CharField(
        label=_("Omschrijving"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    valid_from = forms.DateField(
        label=_("Geldig vanaf"),
        help_text=_("De simulatie rekent met deze peildatum."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    valid_to = forms.DateField(
        label=_("Geldig tot en met"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args: Any, keys: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        prefixes = sorted({key.rsplit(".", 1)[0] + ".*" for key in keys if "." in key})
        # The label spells the key without underscores: people read it, the value stays the key.
        key_choices = [("", _("(geen)"))] + [
            (k, k.replace("_", " ")) for k in sorted([*prefixes, *keys])
        ]
        for index in range(1, OVERRIDE_ROWS + 1):
            self.fields[f"override_{index}_key"] = forms.ChoiceField(
                label=_("Wijziging %(n)s: parameter") % {"n": index},
                choices=key_choices,
                required=False,
                help_text=_("Eén parameter, of alle parameters met een voorvoegsel (.*)."),
            )
            self.fields[f"override_{index}_mode"] = forms.ChoiceField(
                label=_("Wijziging %(n)s: soort") % {"n": index},
                choices=[("factor", _("Vermenigvuldigen met")), ("value", _("Vaste waarde"))],
                required=False,
                initial="factor",
            )
            self.fields[f"override_{index}_amount"] = forms.CharField(
                label=_("Wijziging %(n)s: factor of waarde") % {"n": index},
                required=False,
                help_text=_("Bijvoorbeeld 1,10 voor 10% hoger."),
            )
        for switch in SWITCHES.values():
            name = switch_field_name(switch.key)
            if switch.kind == "bool":
                self.fields[name] = forms.ChoiceField(
                    label=SWITCH_LABELS.get(switch.key, switch.label),
                    choices=SWITCH_CHOICES,
                    required=False,
                )
            else:
                self.fields[name] = forms.CharField(
                    label=SWITCH_LABELS.get(switch.key, switch.label),
                    required=False,
                    help_text=_("Leeg: ongewijzigd."),
                )
        for name, field in self.fields.items():
            if isinstance(field, forms.ChoiceField):
                field.widget.attrs["class"] = "utrecht-select utrecht-select--html-select"
            elif name == "description":
                field.widget.attrs["class"] = "utrecht-textarea utrecht-textarea--html-textarea"
            else:
                field.widget.attrs["class"] = "utrecht-textbox utrecht-textbox--html-input"

    def reform_data(self) -> dict[str, Any]:
        """The cleaned form as the reform document the parser reads."""
        data = self.cleaned_data
        overrides = []
        self.override_rows: list[int] = []  # form row of each override, for the errors
        for index in range(1, OVERRIDE_ROWS + 1):
            key = data.get(f"override_{index}_key")
            amount = (data.get(f"override_{index}_amount") or "").strip().replace(",", ".")
            if not key and not amount:
                continue
            mode = data.get(f"override_{index}_mode") or "factor"
            overrides.append({"key": key or "", mode: amount})
            self.override_rows.append(index)
        switches: dict[str, Any] = {}
        for switch in SWITCHES.values():
            raw = (data.get(switch_field_name(switch.key)) or "").strip()
            if raw == "":
                continue
            if switch.kind == "bool":
                switches[switch.key] = raw == "true"
            elif switch.kind == "int":
                switches[switch.key] = int(raw) if raw.isdigit() else raw
            else:
                switches[switch.key] = raw.replace(",", ".")
        return {
            "name": data.get("name", ""),
            "description": data.get("description", ""),
            "valid_from": data.get("valid_from"),
            "valid_to": data.get("valid_to"),
            "overrides": overrides,
            "switches": switches,
        }

    def add_reform_errors(self, errors: list[tuple[str, str]]) -> None:
        """Put the parser's errors (by field path) on the fields they are about."""
        for path, message in errors:
            self.add_error(self._field_for(path), message)

    def _field_for(self, path: str) -> str | None:
        if path in ("name", "description", "valid_from", "valid_to"):
            return path
        if path.startswith("overrides["):
            position = int(path[len("overrides[") : path.index("]")])
            row = self.override_rows[position] if position < len(self.override_rows) else 1
            part = path.split(".", 1)[1] if "." in path else "key"
            return f"override_{row}_key" if part == "key" else f"override_{row}_amount"
        if path.startswith("switches."):
            name = switch_field_name(path[len("switches.") :])
            return name if name in self.fields else None
        return None


class ReformUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Hervorming als YAML-bestand"),
        help_text=_("Zelfde opbouw als bij manage.py simulate (zie de README)."),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".yaml,.yml,text/yaml",
                "class": "utrecht-textbox utrecht-textbox--html-input",
            }
        ),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > 200_000:
            raise forms.ValidationError(_("Het bestand is groter dan 200 kB."))
        return upload


class SimulationStartForm(forms.Form):
    reference_date = forms.DateField(
        label=_("Peildatum"),
        required=False,
        help_text=_("Leeg: de eerste dag van de hervorming."),
        widget=forms.DateInput(
            attrs={"type": "date", "class": "utrecht-textbox utrecht-textbox--html-input"}
        ),
    )
