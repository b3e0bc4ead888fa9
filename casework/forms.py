"""Forms of the casework pages. They parse and check input; the services decide and write.

Every form renders with NL Design System (Utrecht) classes and links each error to its field
(`aria-describedby`), so `partials/field.html` and the error summary work the same everywhere.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from casework.constants import (
    HouseholdStatus,
    IncomeKind,
    JournalKind,
    LandlordKind,
    Period,
    Relation,
    Tenure,
    ZrmDomain,
    ZrmScore,
)
from casework.models import (
    Asset,
    BenefitReceived,
    Debt,
    Housing,
    Income,
    InvolvedOrganisation,
    Member,
    PlanGoal,
    postcode_validator,
)
from core.bsn import validate_bsn

DATE_WIDGET = {"attrs": {"type": "date"}, "format": "%Y-%m-%d"}
BLANK = [("", _("Kies…"))]


def parse_amount(value: Any) -> Any:
    """Accept how people write amounts: `1.234,56`, `1234,56`, `1234.56`, `€ 1.234`."""
    if not isinstance(value, str):
        return value
    text = value.strip().replace("€", "").replace(" ", "").replace("\u00a0", "")
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"-?\d{1,3}(\.\d{3})+", text):
        text = text.replace(".", "")
    return text


class AmountField(forms.DecimalField):
    """An amount in euros, never negative, shown Dutch-style (1234,56)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", Decimal("0"))
        kwargs.setdefault("max_digits", 12)
        kwargs.setdefault("decimal_places", 2)
        kwargs["localize"] = True
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})
        )
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> Decimal | None:
        return super().to_python(parse_amount(value))


def money_field(label: str, *, required: bool = False, help_text: str = "") -> AmountField:
    return AmountField(label=label, required=required, help_text=help_text)


def date_field(label: str, *, required: bool = True, help_text: str = "") -> forms.DateField:
    return forms.DateField(
        label=label, required=required, help_text=help_text, widget=forms.DateInput(**DATE_WIDGET)
    )


WIDGET_CLASSES: dict[type[forms.Widget], str] = {
    forms.CheckboxInput: "utrecht-checkbox utrecht-checkbox--html-input",
    forms.RadioSelect: "utrecht-radio-button utrecht-radio-button--html-input",
    forms.Select: "utrecht-select utrecht-select--html-select",
    forms.Textarea: "utrecht-textarea utrecht-textarea--html-textarea",
    forms.widgets.Input: "utrecht-textbox utrecht-textbox--html-input",
}


class UtrechtFormMixin:
    """Utrecht classes on widgets; each field's error message is announced with the field."""

    fields: dict[str, forms.Field]
    _errors: Any

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.HiddenInput):
                continue
            for widget_type, css in WIDGET_CLASSES.items():
                if isinstance(widget, widget_type):
                    existing = widget.attrs.get("class", "")
                    widget.attrs["class"] = f"{existing} {css}".strip()
                    break
            if isinstance(widget, forms.Textarea):
                widget.attrs.setdefault("rows", 4)

    def add_error(self, field: str | None, error: Any) -> None:
        super().add_error(field, error)  # type: ignore[misc]
        self._describe_errors()

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        self._describe_errors()

    def _describe_errors(self) -> None:
        for name in self._errors or {}:
            field = self.fields.get(name)
            if field is None or isinstance(field.widget, forms.HiddenInput):
                continue
            bound = self[name]  # type: ignore[index]
            css = field.widget.attrs.get("class", "")
            if "--invalid" not in css and css:
                first = css.split()[0]
                field.widget.attrs["class"] = f"{css} {first}--invalid"
            if isinstance(field.widget, forms.RadioSelect):
                continue  # described by the fieldset (see partials/radio_field.html)
            ids = [f"{bound.auto_id}_error"]
            if field.help_text:
                ids.append(f"{bound.auto_id}_helptext")
            field.widget.attrs["aria-describedby"] = " ".join(ids)


class VersionedMixin(forms.Form):
    """The household version the user saw: a change on an older version is refused."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


def apply_service_errors(
    form: forms.BaseForm, error: ValidationError, *, field_map: Mapping[str, str] | None = None
) -> None:
    """Put the messages of a service `ValidationError` on the form's fields (else on the form)."""
    field_map = field_map or {}
    if not hasattr(error, "error_dict"):
        for message in error.messages:
            form.add_error(None, message)
        return
    for key, messages in error.message_dict.items():
        name = field_map.get(key, key)
        target = name if name in form.fields else None
        for message in messages:
            form.add_error(target, message)


# --- the household list -------------------------------------------------------------------------


class HouseholdFilterForm(UtrechtFormMixin, forms.Form):
    q = forms.CharField(
        label=_("Zoeken"),
        required=False,
        max_length=100,
        help_text=_("Naam, postcode of het volledige BSN."),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    team = forms.TypedChoiceField(label=_("Team"), required=False, coerce=int, empty_value=None)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Alle")), *HouseholdStatus.choices]
    )
    zrm = forms.ChoiceField(
        label=_("ZRM-score 1 of 2 op"),
        required=False,
        choices=[("", _("Geen filter")), ("any", _("Een willekeurig domein")), *ZrmDomain.choices],
    )
    debts = forms.ChoiceField(
        label=_("Schulden"),
        required=False,
        choices=[("", _("Alle")), ("ja", _("Met schulden")), ("nee", _("Zonder schulden"))],
    )
    assigned = forms.TypedChoiceField(
        label=_("Casusregisseur"), required=False, coerce=int, empty_value=None
    )

    def __init__(
        self,
        *args: Any,
        teams: Iterable[tuple[int, str]] = (),
        professionals: Iterable[tuple[int, str]] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        teams = list(teams)
        if len(teams) > 1:
            self.fields["team"].choices = [("", _("Alle teams")), *teams]
        else:
            del self.fields["team"]
        self.fields["assigned"].choices = [("", _("Iedereen")), *professionals]

    def filters(self) -> dict[str, Any]:
        """Keyword arguments for `selectors.household_list` (empty when the form is invalid)."""
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        has_debts = {"ja": True, "nee": False}.get(data.get("debts") or "")
        return {
            "search": data.get("q") or "",
            "team_id": data.get("team"),
            "status": data.get("status") or "",
            "zrm_domain_low": data.get("zrm") or "",
            "has_debts": has_debts,
            "assigned_to_id": data.get("assigned"),
        }


# --- the create wizard --------------------------------------------------------------------------


def _clean_postcode(value: str) -> str:
    compact = value.replace(" ", "").upper()
    value = f"{compact[:4]} {compact[4:]}" if len(compact) == 6 else value.strip().upper()
    postcode_validator(value)
    return value


class HouseholdStepForm(UtrechtFormMixin, forms.Form):
    team = forms.TypedChoiceField(label=_("Team"), coerce=int)
    postcode = forms.CharField(
        label=_("Postcode"),
        max_length=7,
        help_text=_("Bijvoorbeeld 1234 AB."),
        widget=forms.TextInput(attrs={"autocomplete": "postal-code"}),
    )
    house_number = forms.IntegerField(
        label=_("Huisnummer"),
        min_value=1,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    house_number_suffix = forms.CharField(label=_("Toevoeging"), max_length=10, required=False)
    start_date = date_field(_("Startdatum"))

    def __init__(self, *args: Any, teams: Iterable[tuple[int, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        teams = list(teams)
        self.fields["team"].choices = teams
        if len(teams) == 1:
            self.fields["team"].widget = forms.HiddenInput()
            self.fields["team"].initial = teams[0][0]

    def clean_postcode(self) -> str:
        return _clean_postcode(self.cleaned_data["postcode"])

    def clean_start_date(self) -> Any:
        value = self.cleaned_data["start_date"]
        if value > timezone.localdate():
            raise ValidationError(_("De startdatum kan niet in de toekomst liggen."))
        return value


class BsnField(forms.CharField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("BSN"))
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 11)
        kwargs.setdefault(
            "widget",
            forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        )
        super().__init__(**kwargs)

    def validate(self, value: str) -> None:
        super().validate(value)
        if value:
            validate_bsn(value)


class MemberRowForm(UtrechtFormMixin, forms.Form):
    """One member in the wizard, with at most one income."""

    relation = forms.ChoiceField(label=_("Relatie"), choices=[*BLANK, *Relation.choices])
    given_name = forms.CharField(
        label=_("Voornaam"), max_length=100, widget=forms.TextInput(attrs={"autocomplete": "off"})
    )
    family_name = forms.CharField(
        label=_("Achternaam"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "off"})
    )
    birth_date = date_field(_("Geboortedatum"))
    bsn = BsnField(help_text=_("Optioneel. 9 cijfers."))
    income_kind = forms.ChoiceField(
        label=_("Soort inkomen"),
        required=False,
        choices=[("", _("Geen inkomen")), *IncomeKind.choices],
    )
    income_gross = money_field(_("Bruto bedrag"))
    income_net = money_field(_("Netto bedrag"))
    income_period = forms.ChoiceField(
        label=_("Periode"), choices=Period.choices, initial=Period.MONTH
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("income_kind")
        gross, net = data.get("income_gross"), data.get("income_net")
        has_amount = gross is not None or net is not None
        if (
            kind
            and not has_amount
            and not self.has_error("income_gross")
            and not self.has_error("income_net")
        ):
            self.add_error("income_net", _("Vul een bruto of een netto bedrag in."))
        if has_amount and not kind:
            self.add_error("income_kind", _("Kies de soort inkomen bij dit bedrag."))
        return data

    def service_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        member = {key: data[key] for key in ("relation", "given_name", "family_name", "birth_date")}
        if data.get("bsn"):
            member["bsn"] = data["bsn"]
        member["incomes"] = (
            [
                {
                    "kind": data["income_kind"],
                    "gross_amount": data.get("income_gross"),
                    "net_amount": data.get("income_net"),
                    "period": data["income_period"],
                }
            ]
            if data.get("income_kind")
            else []
        )
        return member


class BaseMemberFormSet(forms.BaseFormSet):
    deletion_widget = forms.CheckboxInput

    def add_fields(self, form: forms.Form, index: int | None) -> None:
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Dit gezinslid niet opslaan")
            form.fields["DELETE"].widget.attrs["class"] = (
                "utrecht-checkbox utrecht-checkbox--html-input"
            )

    def clean(self) -> None:
        if any(self.errors):
            return
        rows = [f for f in self.forms if f.cleaned_data and not self._should_delete_form(f)]
        if not rows:
            raise ValidationError(_("Voeg ten minste de aanvrager toe."))


MemberFormSet = forms.formset_factory(
    MemberRowForm, formset=BaseMemberFormSet, extra=0, can_delete=True, max_num=20, absolute_max=20
)


class WizardHousingForm(UtrechtFormMixin, forms.Form):
    tenure = forms.ChoiceField(
        label=_("Woonsituatie"), required=False, choices=[("", _("Onbekend")), *Tenure.choices]
    )
    basic_rent = money_field(_("Kale huur per maand"))
    service_costs = money_field(_("Servicekosten per maand"))
    landlord_kind = forms.ChoiceField(
        label=_("Verhuurder"), required=False, choices=[("", _("Onbekend")), *LandlordKind.choices]
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("tenure") and any(
            data.get(k) not in (None, "") for k in ("basic_rent", "service_costs", "landlord_kind")
        ):
            self.add_error("tenure", _("Kies de woonsituatie bij deze gegevens."))
        return data

    def service_data(self) -> dict[str, Any] | None:
        data = self.cleaned_data
        if not data.get("tenure"):
            return None
        return {
            "tenure": data["tenure"],
            "basic_rent": data.get("basic_rent"),
            "service_costs": data.get("service_costs"),
            "landlord_kind": data.get("landlord_kind") or "",
        }


# --- edit forms -------------------------------------------------------------------------------


class HouseholdEditForm(UtrechtFormMixin, VersionedMixin):
    postcode = HouseholdStepForm.base_fields["postcode"]
    house_number = HouseholdStepForm.base_fields["house_number"]
    house_number_suffix = HouseholdStepForm.base_fields["house_number_suffix"]
    start_date = HouseholdStepForm.base_fields["start_date"]

    field_order = ["postcode", "house_number", "house_number_suffix", "start_date"]

    def clean_postcode(self) -> str:
        return _clean_postcode(self.cleaned_data["postcode"])


class MemberForm(UtrechtFormMixin, VersionedMixin):
    relation = forms.ChoiceField(label=_("Relatie"), choices=[*BLANK, *Relation.choices])
    given_name = forms.CharField(label=_("Voornaam"), max_length=100)
    family_name = forms.CharField(label=_("Achternaam"), max_length=150)
    birth_date = date_field(_("Geboortedatum"))
    bsn = BsnField(help_text=_("Optioneel. 9 cijfers."))
    lives_in = forms.BooleanField(label=_("Woont in het huishouden"), required=False, initial=True)
    health_insured = forms.NullBooleanField(
        label=_("Zorgverzekerd"), widget=forms.NullBooleanSelect
    )
    is_student = forms.BooleanField(label=_("Studeert (WSF/WTOS)"), required=False)
    in_detention = forms.BooleanField(label=_("Gedetineerd"), required=False)
    assessed_income_yearly = money_field(
        _("Toetsingsinkomen per jaar"),
        help_text=_("Het toetsingsinkomen volgens de Belastingdienst, als het bekend is."),
    )

    field_order = [
        "relation",
        "given_name",
        "family_name",
        "birth_date",
        "bsn",
        "lives_in",
        "health_insured",
        "is_student",
        "in_detention",
        "assessed_income_yearly",
    ]

    def __init__(self, *args: Any, member: Member | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if member is not None and member.bsn_last4:
            self.fields["bsn"].help_text = _(
                "Vastgelegd: %(masked)s. Laat leeg om het BSN niet te wijzigen."
            ) % {"masked": member.bsn_masked}

    def service_data(self) -> dict[str, Any]:
        data = {k: v for k, v in self.cleaned_data.items() if k not in ("version", "bsn")}
        if self.cleaned_data.get("bsn"):
            data["bsn"] = self.cleaned_data["bsn"]
        return data


class ItemForm(UtrechtFormMixin, forms.ModelForm):
    """A dossier item (income, debt, ...): validated by the model, saved by `item_save`."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args: Any, household: Any = None, **kwargs: Any) -> None:
        self.household = household
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            model_field = self._meta.model._meta.get_field(name) if name != "version" else None
            if isinstance(field, forms.DecimalField):
                field = self.fields[name] = AmountField(
                    label=field.label,
                    required=field.required,
                    help_text=field.help_text,
                    widget=forms.TextInput(
                        attrs={
                            "inputmode": "decimal",
                            "autocomplete": "off",
                            "class": "utrecht-textbox utrecht-textbox--html-input",
                        }
                    ),
                )
            elif isinstance(field, forms.DateField):
                field.widget = forms.DateInput(
                    attrs={"type": "date", "class": "utrecht-textbox utrecht-textbox--html-input"},
                    format="%Y-%m-%d",
                )
            if isinstance(field, forms.TypedChoiceField) and any(c[0] == "" for c in field.choices):
                blank_label = _("Onbekend") if getattr(model_field, "blank", False) else _("Kies…")
                field.choices = [("", blank_label), *[c for c in field.choices if c[0] != ""]]


class IncomeForm(ItemForm):
    class Meta:
        model = Income
        fields = ["member", "kind", "gross_amount", "net_amount", "period", "is_stable"]
        labels = {"member": _("Gezinslid")}

    def __init__(self, *args: Any, household: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, household=household, **kwargs)
        self.fields["member"].queryset = Member.objects.filter(household=household)
        self.fields["member"].empty_label = _("Kies…")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            data.get("gross_amount") is None
            and data.get("net_amount") is None
            and not self.has_error("gross_amount")
            and not self.has_error("net_amount")
        ):
            self.add_error("net_amount", _("Vul een bruto of een netto bedrag in."))
        return data

    def validate_constraints(self) -> None:
        # The amount rule is reported on its field (see clean); skip the model's form-wide copy.
        if self.has_error("net_amount"):
            return
        super().validate_constraints()


class DebtForm(ItemForm):
    class Meta:
        model = Debt
        fields = [
            "creditor_kind",
            "creditor_name",
            "amount",
            "arrears_months",
            "in_collection",
            "bkr_registered",
            "registered_on",
            "member",
        ]
        labels = {"member": _("Op naam van")}

    def __init__(self, *args: Any, household: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, household=household, **kwargs)
        self.fields["member"].queryset = Member.objects.filter(household=household)
        self.fields["member"].empty_label = _("Het huishouden (niet één persoon)")

    def clean_registered_on(self) -> Any:
        value = self.cleaned_data.get("registered_on")
        if value and value > timezone.localdate():
            raise ValidationError(_("Deze datum kan niet in de toekomst liggen."))
        return value


class AssetForm(ItemForm):
    class Meta:
        model = Asset
        fields = ["kind", "value", "description"]


class BenefitForm(ItemForm):
    class Meta:
        model = BenefitReceived
        fields = ["scheme_code", "amount_monthly", "since"]

    def validate_unique(self) -> None:
        # One row per scheme: reported on the field in Dutch (and enforced again by the service).
        code = self.cleaned_data.get("scheme_code")
        if code and self.household is not None:
            others = BenefitReceived.objects.filter(household=self.household, scheme_code=code)
            if self.instance.pk:
                others = others.exclude(pk=self.instance.pk)
            if others.exists():
                self.add_error("scheme_code", _("Deze regeling staat al bij dit huishouden."))

    def clean_since(self) -> Any:
        value = self.cleaned_data.get("since")
        if value and value > timezone.localdate():
            raise ValidationError(_("Deze datum kan niet in de toekomst liggen."))
        return value


class GoalForm(ItemForm):
    class Meta:
        model = PlanGoal
        fields = ["description", "status", "target_date"]


class OrganisationForm(ItemForm):
    class Meta:
        model = InvolvedOrganisation
        fields = ["name", "kind", "contact", "yearly_cost"]


class HousingForm(UtrechtFormMixin, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    class Meta:
        model = Housing
        fields = ["tenure", "basic_rent", "service_costs", "landlord_kind"]

    basic_rent = money_field(_("Kale huur per maand"))
    service_costs = money_field(_("Servicekosten per maand"))
    landlord_kind = forms.ChoiceField(
        label=_("Verhuurder"), required=False, choices=[("", _("Onbekend")), *LandlordKind.choices]
    )

    def service_data(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


class PlanForm(UtrechtFormMixin, VersionedMixin):
    own_words = forms.CharField(
        label=_("In eigen woorden"),
        required=False,
        widget=forms.Textarea,
        help_text=_("Hoe het huishouden de situatie zelf beschrijft."),
    )
    desired_situation = forms.CharField(
        label=_("Waar wil het huishouden over een jaar staan?"),
        required=False,
        widget=forms.Textarea,
    )
    needs = forms.CharField(
        label=_("Wat is daarvoor nodig?"), required=False, widget=forms.Textarea
    )

    field_order = ["own_words", "desired_situation", "needs"]


ZRM_SCORE_CHOICES = [(value, f"{value} \u2013 {label}") for value, label in ZrmScore.choices]


class AssessmentForm(UtrechtFormMixin, forms.Form):
    assessed_on = date_field(_("Datum van de meting"))
    member = forms.ModelChoiceField(
        label=_("Meting voor"),
        queryset=Member.objects.none(),
        required=False,
        empty_label=_("Het hele huishouden"),
    )

    def __init__(self, *args: Any, household: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assessed_on"].initial = timezone.localdate()
        self.fields["member"].queryset = Member.objects.filter(household=household)
        for domain in ZrmDomain:
            self.fields[domain.value] = forms.TypedChoiceField(
                label=domain.label,
                choices=ZRM_SCORE_CHOICES,
                coerce=int,
                widget=forms.RadioSelect(
                    attrs={"class": "utrecht-radio-button utrecht-radio-button--html-input"}
                ),
                error_messages={"required": _("Geef een score voor dit domein.")},
            )

    def clean_assessed_on(self) -> Any:
        value = self.cleaned_data["assessed_on"]
        if value > timezone.localdate():
            raise ValidationError(_("Een meting kan niet in de toekomst liggen."))
        return value

    def domain_fields(self) -> list[forms.BoundField]:
        return [self[domain.value] for domain in ZrmDomain]

    def scores(self) -> dict[str, int]:
        return {domain.value: self.cleaned_data[domain.value] for domain in ZrmDomain}


class JournalForm(UtrechtFormMixin, forms.Form):
    kind = forms.ChoiceField(
        label=_("Soort"),
        choices=[(k, label) for k, label in JournalKind.choices if k != JournalKind.STATUS],
        initial=JournalKind.NOTE,
    )
    occurred_on = date_field(_("Datum"))
    text = forms.CharField(label=_("Tekst"), widget=forms.Textarea, max_length=5000)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["occurred_on"].initial = timezone.localdate()


class ReasonForm(UtrechtFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reden"),
        widget=forms.Textarea,
        max_length=2000,
        error_messages={"required": _("Geef een reden op.")},
    )

    def clean_reason(self) -> str:
        value = self.cleaned_data["reason"].strip()
        if not value:
            raise ValidationError(_("Geef een reden op."))
        return value


class AssignForm(UtrechtFormMixin, forms.Form):
    professional = forms.TypedChoiceField(
        label=_("Casusregisseur"), coerce=int, empty_value=None, required=False
    )

    def __init__(
        self, *args: Any, professionals: Iterable[tuple[int, str]] = (), **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["professional"].choices = [("", _("Niemand")), *professionals]
