"""The form to record a municipality's decision on a retention term. The rules are checked again
in `retention.services.retention_term_decide`; the form gives the field-level Dutch messages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from retention.constants import MUNICIPAL_RECORD_TYPES
from retention.services import MAX_YEARS, MIN_YEARS

YEARS_OUT_OF_RANGE = _("Een bewaartermijn ligt tussen 1 en 100 jaar.")


class TermDecisionForm(forms.Form):
    record_type = forms.ChoiceField(
        label=_("Soort gegevens"),
        # Not login data: their term is the installation's, not the municipality's.
        choices=[(record_type.value, record_type.label) for record_type in MUNICIPAL_RECORD_TYPES],
        error_messages={
            "required": _("Kies een soort gegevens."),
            "invalid_choice": _("Kies een soort gegevens uit de lijst."),
        },
    )
    years = forms.IntegerField(
        label=_("Bewaartermijn in jaren"),
        min_value=MIN_YEARS,
        max_value=MAX_YEARS,
        error_messages={
            "required": _("Vul de bewaartermijn in jaren in."),
            "invalid": _("Vul een heel aantal jaren in."),
            "min_value": YEARS_OUT_OF_RANGE,
            "max_value": YEARS_OUT_OF_RANGE,
        },
    )
    decision_reference = forms.CharField(
        label=_("Besluit"),
        max_length=200,
        help_text=_("Bijvoorbeeld: Collegebesluit 12-11-2026, nr. 2026/1234."),
        error_messages={
            "required": _("Vermeld het besluit waarop de termijn berust."),
            "max_length": _("Het besluit mag hoogstens 200 tekens lang zijn."),
        },
    )
    below_default_confirmed = forms.BooleanField(
        label=_("Het besluit stelt bewust een kortere termijn vast dan de standaardtermijn"),
        help_text=_(
            "Alleen nodig bij een termijn onder de standaard (voor dossiers die van de "
            "Selectielijst): dan wordt eerder vernietigd dan de bron voorschrijft."
        ),
        required=False,
    )
    effective_from = forms.DateField(
        label=_("Geldt vanaf"),
        help_text=_(
            "Vernietigingslijsten die vanaf deze dag worden opgesteld, volgen dit besluit."
        ),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Vul de datum in waarop het besluit ingaat."),
            "invalid": _("Vul een geldige datum in, bijvoorbeeld 01-01-2027."),
        },
    )
