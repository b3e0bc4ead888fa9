"""Household forms: the list filter, the create wizard, the edit, status and assign forms."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from casework.constants import (
    ChildcareKind,
    HouseholdStatus,
    IncomeKind,
    LandlordKind,
    Period,
    Relation,
    SchemeCode,
    Tenure,
    zrm_filterable_choices,
)
from casework.forms.common import (
    BLANK,
    BsnField,
    UtrechtFormMixin,
    VersionedMixin,
    date_field,
    money_field,
    number_field,
)
from casework.models import postcode_validator

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
        choices=[
            ("", _("Geen filter")),
            ("any", _("Een willekeurig domein")),
            *zrm_filterable_choices(),
        ],
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


LOW_INCOME_SINCE_HELP = _(
    "Sinds wanneer heeft het huishouden een inkomen rond het sociaal minimum? Nodig voor de "
    "individuele inkomenstoeslag."
)
MUNICIPAL_TAX_HELP = _(
    "Het bedrag op de aanslag gemeentelijke belastingen. Nodig voor de kwijtschelding."
)


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
    low_income_since = date_field(
        _("Laag inkomen sinds"), required=False, help_text=LOW_INCOME_SINCE_HELP
    )
    municipal_tax_yearly = money_field(
        _("Gemeentelijke belastingen per jaar"), help_text=MUNICIPAL_TAX_HELP
    )
    # Not stored on the household: the wizard turns these into an asset row and benefit rows.
    assets_total = money_field(
        _("Vermogen"),
        help_text=_(
            "Spaargeld, tegoed op de bank en bezittingen samen. Vul 0 in als er geen vermogen is; "
            "leeg laten betekent onbekend."
        ),
    )
    benefits_received = forms.MultipleChoiceField(
        label=_("Ontvangen regelingen"),
        required=False,
        choices=SchemeCode.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Vink aan wat het huishouden nu al ontvangt."),
    )

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

    def clean_low_income_since(self) -> Any:
        value = self.cleaned_data.get("low_income_since")
        if value is not None and value > timezone.localdate():
            raise ValidationError(_("Deze datum kan niet in de toekomst liggen."))
        return value


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
    health_insured = forms.NullBooleanField(
        label=_("Zorgverzekerd"), widget=forms.NullBooleanSelect
    )
    works_or_studies = forms.NullBooleanField(
        label=_("Werkt, studeert of volgt een traject"), widget=forms.NullBooleanSelect
    )
    childcare = forms.ChoiceField(
        label=_("Kinderopvang (alleen kinderen)"),
        required=False,
        choices=[("", _("Onbekend")), *ChildcareKind.choices],
    )
    childcare_hours_monthly = number_field(_("Uren kinderopvang per maand"))
    childcare_hourly_rate = money_field(_("Uurprijs kinderopvang"))

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
        member = {
            key: data.get(key)
            for key in (
                "relation", "given_name", "family_name", "birth_date", "health_insured",
                "works_or_studies", "childcare_hours_monthly", "childcare_hourly_rate",
            )
        }  # fmt: skip
        member["childcare"] = data.get("childcare") or ""
        # "Geen inkomen" chosen as the kind is a known zero, not an unknown income.
        member["has_no_income"] = not data.get("income_kind")
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
    low_income_since = HouseholdStepForm.base_fields["low_income_since"]
    municipal_tax_yearly = HouseholdStepForm.base_fields["municipal_tax_yearly"]

    field_order = [
        "postcode",
        "house_number",
        "house_number_suffix",
        "start_date",
        "low_income_since",
        "municipal_tax_yearly",
    ]

    def clean_low_income_since(self) -> Any:
        return HouseholdStepForm.clean_low_income_since(self)  # type: ignore[arg-type]

    def clean_postcode(self) -> str:
        return _clean_postcode(self.cleaned_data["postcode"])


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
