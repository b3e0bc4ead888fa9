"""Dossier forms: member, items, housing, plan, ZRM assessment and journal."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from casework.constants import (
    SPECIAL_CATEGORY_BY_DOMAIN,
    ZRM_REASON_MAX_LENGTH,
    ChildcareKind,
    JournalKind,
    LandlordKind,
    Relation,
    WgsPhase,
    ZrmDomain,
    ZrmScore,
)
from casework.forms.common import (
    BLANK,
    AmountField,
    BsnField,
    UtrechtFormMixin,
    VersionedMixin,
    date_field,
    money_field,
    number_field,
)
from casework.models import (
    Asset,
    BenefitReceived,
    Debt,
    FixedCost,
    Housing,
    Income,
    InvolvedOrganisation,
    Member,
    PlanGoal,
    WgsRequest,
)

# --- edit forms -------------------------------------------------------------------------------


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
    has_no_income = forms.BooleanField(
        label=_("Heeft geen inkomen"),
        required=False,
        help_text=_(
            "Vink aan als dit gezinslid echt geen inkomen heeft. Heeft het wel inkomen, leg het "
            "dan vast met Inkomen toevoegen op de dossierpagina."
        ),
    )
    works_or_studies = forms.NullBooleanField(
        label=_("Werkt, studeert of volgt een traject"), widget=forms.NullBooleanSelect
    )
    childcare = forms.ChoiceField(
        label=_("Kinderopvang"),
        required=False,
        choices=[("", _("Onbekend")), *ChildcareKind.choices],
        help_text=_("Alleen voor kinderen: formele (geregistreerde) kinderopvang."),
    )
    childcare_hours_monthly = number_field(_("Uren kinderopvang per maand"))
    childcare_hourly_rate = money_field(_("Uurprijs kinderopvang"))

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
        "works_or_studies",
        "has_no_income",
        "assessed_income_yearly",
        "childcare",
        "childcare_hours_monthly",
        "childcare_hourly_rate",
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
            "stage",
            "collection_monthly",
            "deadline",
            "phase",
        ]
        labels = {"member": _("Op naam van")}

    def __init__(self, *args: Any, household: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, household=household, **kwargs)
        _optional_phase(self)
        self.fields["member"].queryset = Member.objects.filter(household=household)
        self.fields["member"].empty_label = _("Het huishouden (niet één persoon)")

    def clean_phase(self) -> str:
        return self.cleaned_data.get("phase") or WgsPhase.TOEGANG

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
        # Every domain is optional; a filled one needs its reason (checked by the service).
        for domain in ZrmDomain:
            self.fields[domain.value] = forms.TypedChoiceField(
                label=domain.label,
                choices=ZRM_SCORE_CHOICES,
                coerce=int,
                required=False,
                empty_value=None,
                widget=forms.RadioSelect(
                    attrs={"class": "utrecht-radio-button utrecht-radio-button--html-input"}
                ),
            )
            self.fields[f"reason_{domain.value}"] = forms.CharField(
                label=_("Reden voor %(domain)s") % {"domain": domain.label},
                required=False,
                max_length=ZRM_REASON_MAX_LENGTH,
                widget=forms.Textarea(attrs={"rows": 2}),
                help_text=(
                    _("Bijzonder persoonsgegeven: wordt versleuteld opgeslagen.")
                    if domain.value in SPECIAL_CATEGORY_BY_DOMAIN
                    else ""
                ),
            )

    def clean_assessed_on(self) -> Any:
        value = self.cleaned_data["assessed_on"]
        if value > timezone.localdate():
            raise ValidationError(_("Een meting kan niet in de toekomst liggen."))
        return value

    def domain_fields(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [(self[domain.value], self[f"reason_{domain.value}"]) for domain in ZrmDomain]

    def scores(self) -> dict[str, int]:
        return {
            domain.value: self.cleaned_data[domain.value]
            for domain in ZrmDomain
            if self.cleaned_data.get(domain.value) is not None
        }

    def reasons(self) -> dict[str, str]:
        return {
            domain.value: self.cleaned_data[f"reason_{domain.value}"]
            for domain in ZrmDomain
            if self.cleaned_data.get(f"reason_{domain.value}")
        }

    @staticmethod
    def service_field_map() -> dict[str, str]:
        mapping = {f"scores.{d}": d for d in ZrmDomain.values}
        mapping.update({f"reasons.{d}": f"reason_{d}" for d in ZrmDomain.values})
        return mapping


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


class FixedCostForm(ItemForm):
    class Meta:
        model = FixedCost
        fields = ["kind", "monthly", "description", "phase"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _optional_phase(self)

    def clean_phase(self) -> str:
        return self.cleaned_data.get("phase") or WgsPhase.TOEGANG


def _optional_phase(form: forms.ModelForm) -> None:
    """The debt-help phase defaults to toegang when a form leaves it out (casework.wgs_phases)."""
    form.fields["phase"].required = False


class WgsRequestForm(ItemForm):
    """A request for debt help; the service computes the latest date of the first conversation."""

    class Meta:
        model = WgsRequest
        fields = ["requested_on", "threat", "phase", "first_conversation_on"]
        help_texts = {
            "threat": _(
                "Bij een dreiging moet het eerste gesprek binnen drie werkdagen plaatsvinden, "
                "anders binnen vier weken (art. 4 Wgs)."
            ),
            "phase": _(
                "Per fase mag de gemeente alleen de gegevens gebruiken die het Besluit "
                "gemeentelijke schuldhulpverlening voor die fase toestaat."
            ),
        }
