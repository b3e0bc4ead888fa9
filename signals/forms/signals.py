"""Forms of the policy officer's signal pages. They validate only: the pseudonyms and their
resolution live in `signals.selectors`, the writes in `signals.services`."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from breakthroughs.constants import KnelpuntType, Theme
from signals.constants import SignalRoute, SignalStatus
from signals.models import Signal
from signals.selectors import PseudonymisedRow
from signals.workflow import SIGNAL_TRANSITIONS

TEXTAREA = {"rows": 4, "class": "utrecht-textarea"}
TEXT = {"class": "utrecht-textbox utrecht-textbox--html-input"}
SELECT = {"class": "utrecht-select utrecht-select--html-select"}


class SignalForm(forms.Form):
    """Create or edit a signal. All text is written for publication: no personal data."""

    title = forms.CharField(label=_("Titel"), max_length=200, widget=forms.TextInput(attrs=TEXT))
    regulation_code = forms.CharField(
        label=_("Regeling (code)"), max_length=60, widget=forms.TextInput(attrs=TEXT)
    )
    article = forms.CharField(
        label=_("Artikel"), max_length=60, required=False, widget=forms.TextInput(attrs=TEXT)
    )
    body = forms.CharField(
        label=_("Verantwoordelijke instantie"), max_length=150, widget=forms.TextInput(attrs=TEXT)
    )
    knelpunt_type = forms.ChoiceField(
        label=_("Soort knelpunt"),
        choices=[("", _("Kies een soort knelpunt")), *KnelpuntType.choices],
        widget=forms.Select(attrs=SELECT),
    )
    theme = forms.ChoiceField(
        label=_("Thema"),
        choices=[("", _("Kies een thema")), *Theme.choices],
        widget=forms.Select(attrs=SELECT),
    )
    description = forms.CharField(
        label=_("Neutrale omschrijving"),
        help_text=_(
            "Beschrijf de regel en waarom die knelt, zonder namen, BSN, adressen of details uit "
            "een dossier. Deze tekst gaat naar de VNG."
        ),
        widget=forms.Textarea(attrs=TEXTAREA),
    )
    workaround = forms.CharField(
        label=_("Gebruikte omweg"), required=False, widget=forms.Textarea(attrs=TEXTAREA)
    )
    proposed_fix = forms.CharField(
        label=_("Voorgestelde oplossing"), required=False, widget=forms.Textarea(attrs=TEXTAREA)
    )
    route = forms.ChoiceField(
        label=_("Route"),
        choices=[("", _("Kies een route")), *SignalRoute.choices],
        widget=forms.Select(attrs=SELECT),
    )
    # "Maak signaal van deze groep": the group whose breakthroughs are linked on creation.
    group_regulation = forms.CharField(required=False, widget=forms.HiddenInput)
    group_article = forms.CharField(required=False, widget=forms.HiddenInput)
    group_knelpunt = forms.CharField(required=False, widget=forms.HiddenInput)
    group_theme = forms.CharField(required=False, widget=forms.HiddenInput)

    def signal_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            key: data[key]
            for key in (
                "title",
                "regulation_code",
                "article",
                "body",
                "knelpunt_type",
                "theme",
                "description",
                "workaround",
                "proposed_fix",
                "route",
            )
        }

    def group(self) -> tuple[str, str, str, str] | None:
        data = self.cleaned_data
        if not data.get("group_regulation") and not data.get("group_theme"):
            return None
        return (
            data.get("group_regulation", ""),
            data.get("group_article", ""),
            data.get("group_knelpunt", ""),
            data.get("group_theme", ""),
        )

    def add_service_errors(self, error: ValidationError) -> None:
        """Put a service's ValidationError on the fields it names (else on the form)."""
        if hasattr(error, "error_dict"):
            for field, messages in error.message_dict.items():
                target = field if field in self.fields else None
                for message in messages:
                    self.add_error(target, message)
        else:
            for message in error.messages:
                self.add_error(None, message)

    @classmethod
    def initial_for(cls, signal: Signal) -> dict[str, Any]:
        return {
            "title": signal.title,
            "regulation_code": signal.regulation_code,
            "article": signal.article,
            "body": signal.body,
            "knelpunt_type": signal.knelpunt_type,
            "theme": signal.theme,
            "description": signal.description,
            "workaround": signal.workaround,
            "proposed_fix": signal.proposed_fix,
            "route": signal.route,
        }


class LinkForm(forms.Form):
    """Link (or unlink) breakthroughs by their opaque references."""

    breakthroughs = forms.MultipleChoiceField(
        label=_("Doorbraken"), widget=forms.CheckboxSelectMultiple, choices=()
    )

    def __init__(self, *args: Any, rows: Iterable[PseudonymisedRow] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["breakthroughs"].choices = [(row.ref, row.label) for row in rows]
        self.fields["breakthroughs"].error_messages["required"] = _(
            "Kies ten minste één doorbraak."
        )


class SignalMoveForm(forms.Form):
    to_status = forms.ChoiceField(label=_("Nieuwe status"), widget=forms.Select(attrs=SELECT))
    route = forms.ChoiceField(
        label=_("Route"),
        required=False,
        choices=[("", _("Ongewijzigd")), *SignalRoute.choices],
        widget=forms.Select(attrs=SELECT),
    )
    note = forms.CharField(
        label=_("Toelichting"), required=False, widget=forms.Textarea(attrs={**TEXTAREA, "rows": 2})
    )
    answer = forms.CharField(
        label=_("Ontvangen antwoord"),
        required=False,
        help_text=_("Het antwoord van de instantie, als dat er is (zonder persoonsgegevens)."),
        widget=forms.Textarea(attrs={**TEXTAREA, "rows": 3}),
    )

    def __init__(self, *args: Any, signal: Signal, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = dict(SignalStatus.choices)
        allowed = sorted(SIGNAL_TRANSITIONS.get(signal.status, frozenset()))
        self.fields["to_status"].choices = [
            ("", _("Kies een status")),
            *((status, labels[status]) for status in allowed),
        ]

    def add_service_errors(self, error: ValidationError) -> None:
        SignalForm.add_service_errors(self, error)  # type: ignore[arg-type]


class ProposalForm(forms.Form):
    """The costed proposal: one finished simulation of the municipality, or none."""

    simulation = forms.ChoiceField(
        label=_("Doorrekening als voorgestelde oplossing"),
        required=False,
        help_text=_(
            "De kosten per jaar en het aantal huishoudens dat erop vooruitgaat gaan mee in de "
            "rapportage (kleine aantallen onderdrukt)."
        ),
    )

    def __init__(self, *args: Any, simulations: Iterable[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["simulation"].choices = [("", _("(geen)"))] + [
            (str(s.public_id), f"{s.reform.name} ({s.reference_date:%d-%m-%Y})")
            for s in simulations
        ]
        self.fields["simulation"].widget.attrs["class"] = (
            "utrecht-select utrecht-select--html-select"
        )
