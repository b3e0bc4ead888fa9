"""Forms of the policy officer's signal workspace and report pages, and the pseudonyms.

A policy officer never sees a breakthrough's id: rows are labelled ``D-0001`` (the position in a
stable order) and forms refer to a breakthrough by an opaque reference, a keyed hash of the id that
is only resolvable on the server for the officer's own municipality. So no household, case or
breakthrough id ever appears in a page, a form or an API response.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from breakthroughs.constants import KnelpuntType, SignalRoute, SignalStatus, Theme
from breakthroughs.models import Signal, SignalLink
from breakthroughs.models.signal import SIGNAL_TRANSITIONS
from breakthroughs.report_services import Period, last_closed_quarter, parse_period
from breakthroughs.signal_services import pseudonymised_breakthroughs
from core.models import Municipality

REF_SALT = "doorbraak.signal.breakthrough-ref"

# --- pseudonyms ----------------------------------------------------------------------------


def breakthrough_ref(*, municipality_id: int, pk: int) -> str:
    """An opaque, stable reference to one breakthrough of one municipality (not its id)."""
    return salted_hmac(REF_SALT, f"{municipality_id}:{pk}", algorithm="sha256").hexdigest()[:20]


@dataclass(frozen=True)
class PseudonymisedRow:
    """What a policy officer may see of one approved breakthrough."""

    label: str  # D-0001
    ref: str  # opaque reference for forms and the API
    pk: int  # server-side only: never rendered, never serialised
    category: str
    category_label: str
    regulation_code: str
    article: str
    knelpunt_type: str
    knelpunt_label: str
    theme: str
    theme_label: str
    amount: Decimal
    avoided: Decimal
    decided_month: str  # 2026-08
    signals: tuple[str, ...]  # titles of the signals it is linked to

    @property
    def group_key(self) -> tuple[str, str, str, str]:
        return (self.regulation_code, self.article, self.knelpunt_type, self.theme)


def pseudonymised_rows(*, municipality: Municipality) -> list[PseudonymisedRow]:
    from breakthroughs.constants import Category

    linked: dict[int, list[str]] = {}
    for breakthrough_id, title in (
        SignalLink.objects.filter(signal__municipality=municipality)
        .order_by("signal__title")
        .values_list("breakthrough_id", "signal__title")
    ):
        linked.setdefault(breakthrough_id, []).append(title)
    categories = dict(Category.choices)
    knelpunten = dict(KnelpuntType.choices)
    themes = dict(Theme.choices)
    rows = []
    for position, item in enumerate(pseudonymised_breakthroughs(municipality=municipality), 1):
        decided = item["decided_at"]
        rows.append(
            PseudonymisedRow(
                label=f"D-{position:04d}",
                ref=breakthrough_ref(municipality_id=municipality.pk, pk=item["pk"]),
                pk=item["pk"],
                category=item["category"],
                category_label=str(categories.get(item["category"], item["category"])),
                regulation_code=item["regulation_code"] or "",
                article=item["article"] or "",
                knelpunt_type=item["knelpunt_type"] or "",
                knelpunt_label=str(knelpunten.get(item["knelpunt_type"], "")),
                theme=item["theme"],
                theme_label=str(themes.get(item["theme"], item["theme"])),
                amount=item["total_cost"] or Decimal("0"),
                avoided=item["expected_avoided_cost"] or Decimal("0"),
                decided_month=(timezone.localtime(decided).strftime("%Y-%m") if decided else ""),
                signals=tuple(linked.get(item["pk"], ())),
            )
        )
    return rows


def resolve_refs(*, municipality: Municipality, refs: Iterable[str]) -> list[int]:
    """Breakthrough ids for references of this municipality; unknown references raise."""
    wanted = {ref.strip() for ref in refs if ref and ref.strip()}
    by_ref = {
        breakthrough_ref(municipality_id=municipality.pk, pk=item["pk"]): item["pk"]
        for item in pseudonymised_breakthroughs(municipality=municipality).values("pk")
    }
    unknown = wanted - by_ref.keys()
    if unknown:
        raise ValidationError(
            {
                "breakthroughs": _(
                    "Onbekende doorbraak: alleen goedgekeurde doorbraken van uw gemeente kunnen "
                    "worden gekoppeld."
                )
            }
        )
    return sorted(by_ref[ref] for ref in wanted)


# --- signal forms --------------------------------------------------------------------------

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


# --- report forms --------------------------------------------------------------------------


class ReportGenerateForm(forms.Form):
    period = forms.CharField(
        label=_("Periode"),
        max_length=10,
        help_text=_("Een afgesloten periode: 2026Q3 (kwartaal), 2026-07 (maand) of 2026 (jaar)."),
        widget=forms.TextInput(attrs={**TEXT, "autocomplete": "off"}),
    )

    def __init__(self, *args: Any, today: date | None = None, **kwargs: Any) -> None:
        self.today = today or timezone.localdate()
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("period", default_period_label(self.today))

    def clean_period(self) -> Period:
        try:
            return parse_period(self.cleaned_data["period"], today=self.today)
        except ValidationError as error:
            raise ValidationError(error.message_dict.get("period", error.messages)) from error


def default_period_label(today: date) -> str:
    return last_closed_quarter(today).label
