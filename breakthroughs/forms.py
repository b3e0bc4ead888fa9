"""Forms of the breakthrough pages. They parse input; the services decide (and say no in Dutch).

Budget pots are written by `breakthroughs.services.budget_pot_save`; the pot form only parses.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from breakthroughs.constants import (
    CATEGORY_CLASSIFICATION,
    Category,
    CostKind,
    GoalReached,
    KnelpuntType,
    LegalRoute,
    Pillar,
    Theme,
    Urgency,
)
from breakthroughs.models import BudgetPot
from breakthroughs.services.proposals import article_error, regulation_catalogue, regulation_error
from breakthroughs.workflow import NEEDS_MOTIVATION, Step
from casework.constants import ZrmDomain
from casework.models import Assessment
from core.legal_references import (
    ARTICLE_MAX_LENGTH,
    LAW_NAMES,
    OTHER_REGULATION,
    article_parts,
    format_article,
    is_article_reference,
    normalise_article,
)
from core.models import Municipality, Team
from core.presentation.labels import label_for
from core.presentation.money import euro

RULES_PREFIX = "regels"
ADD_ROW = "_regel_toevoegen"
MONEY_FIELD = {"max_digits": 12, "decimal_places": 2}


def _blank(choices: Any) -> list[tuple[str, str]]:
    return [("", _("— kies —")), *choices]


class PotChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: BudgetPot) -> str:
        owner = obj.team.name if obj.team_id else _("gemeente (doorbraakteam)")
        return _("%(name)s %(year)s, %(owner)s: nog %(remaining)s") % {
            "name": obj.name,
            "year": obj.year,
            "owner": owner,
            "remaining": euro(obj.remaining, cents=False),
        }


class ProposalForm(forms.Form):
    """A proposal: what is needed, what blocks it, the step, its cost and the comparison."""

    need = forms.CharField(
        label=gettext_lazy("Wat is er nodig, in de woorden van het huishouden"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    blocking_problem = forms.CharField(
        label=gettext_lazy("Welk probleem blokkeert de oplossing"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    life_domains = forms.MultipleChoiceField(
        label=gettext_lazy("Leefgebieden (ZRM)"),
        choices=ZrmDomain.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    action = forms.CharField(
        label=gettext_lazy("De niet-gangbare stap"),
        help_text=gettext_lazy("Wat doet u anders dan de standaardregels voorschrijven?"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    category = forms.ChoiceField(label=gettext_lazy("Categorie"), choices=_blank(Category.choices))
    legal_route = forms.ChoiceField(
        label=gettext_lazy("Juridische route"), choices=_blank(LegalRoute.choices)
    )
    regulation_code = forms.ChoiceField(
        label=gettext_lazy("Knellende regeling"),
        required=False,
        help_text=gettext_lazy("De regeling waarvan de regel deze doorbraak nodig maakte."),
    )
    article = forms.CharField(
        label=gettext_lazy("Artikel"),
        max_length=ARTICLE_MAX_LENGTH,
        required=False,
        help_text=gettext_lazy(
            "Alleen de artikelverwijzing, bijvoorbeeld art. 12 lid 3 of artikel 8:1 lid 2 sub b "
            "Awb. Deze gaat mee in de signaalrapportage."
        ),
    )
    # The article as parts, so it is written one way and signals group by it; the page posts
    # these, the free `article` above stays for a draft saved before (and is then hidden).
    article_number = forms.CharField(
        label=gettext_lazy("Artikel"),
        max_length=20,
        required=False,
        help_text=gettext_lazy("Alleen het nummer, bijvoorbeeld 35, 36b of 8:1."),
    )
    article_lid = forms.IntegerField(
        label=gettext_lazy("Lid"), min_value=1, max_value=99, required=False
    )
    article_sub = forms.RegexField(
        label=gettext_lazy("Onderdeel"),
        regex=r"^(?:[a-zA-Z]{1,2}|\d{1,2})$",
        max_length=2,
        required=False,
        help_text=gettext_lazy("Alleen een letter of nummer, bijvoorbeeld m."),
        error_messages={"invalid": gettext_lazy("Geef één of twee letters, of een nummer.")},
    )
    article_law = forms.ChoiceField(
        label=gettext_lazy("Wet of regeling van het artikel"),
        required=False,
        choices=[("", _("— kies —")), *((name, name) for name in LAW_NAMES)],
    )
    knelpunt_type = forms.ChoiceField(
        label=gettext_lazy("Soort knelpunt"),
        choices=[("", _("— geen of onbekend —")), *KnelpuntType.choices],
        required=False,
    )
    cost_kind = forms.ChoiceField(
        label=gettext_lazy("Soort kosten"),
        choices=CostKind.choices,
        widget=forms.RadioSelect,
        initial=CostKind.ONE_OFF,
    )
    amount = forms.DecimalField(
        label=gettext_lazy("Bedrag in euro (per keer of per maand)"), **MONEY_FIELD
    )
    duration_months = forms.IntegerField(
        label=gettext_lazy("Looptijd in maanden"),
        help_text=gettext_lazy("Alleen bij kosten per maand."),
        min_value=1,
        max_value=120,
        initial=1,
        required=False,
    )
    budget_pot = PotChoiceField(
        label=gettext_lazy("Budget"),
        queryset=BudgetPot.objects.none(),
        empty_label=gettext_lazy("— kies een budget —"),
        error_messages={"invalid_choice": gettext_lazy("Kies een bestaand budget.")},
    )
    # Optional on the page: derived from the category when left empty (CATEGORY_CLASSIFICATION).
    theme = forms.ChoiceField(
        label=gettext_lazy("Doorbraakthema"), choices=_blank(Theme.choices), required=False
    )
    pillar = forms.ChoiceField(
        label=gettext_lazy("Pijler"), choices=_blank(Pillar.choices), required=False
    )
    urgency = forms.ChoiceField(
        label=gettext_lazy("Urgentie"),
        choices=Urgency.choices,
        widget=forms.RadioSelect,
        initial=Urgency.REGULAR,
        help_text=gettext_lazy("Acuut: besluit binnen twee werkdagen."),
    )
    doormodderen_yearly_cost = forms.DecimalField(
        label=gettext_lazy("Kosten van doormodderen per jaar (euro)"),
        help_text=gettext_lazy(
            "Voorgevuld met de jaarlijkse kosten van de betrokken organisaties; pas aan waar nodig."
        ),
        required=False,
        **MONEY_FIELD,
    )
    expected_avoided_cost = forms.DecimalField(
        label=gettext_lazy("Verwachte vermeden kosten (euro)"), required=False, **MONEY_FIELD
    )
    avoided_cost_basis = forms.CharField(
        label=gettext_lazy("Onderbouwing van de schatting"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    screening_id = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, pots: list[BudgetPot], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["budget_pot"]
        field.queryset = BudgetPot.objects.filter(pk__in=[pot.pk for pot in pots]).select_related(
            "team"
        )
        regulation = self.fields["regulation_code"]
        catalogue = sorted(regulation_catalogue().items(), key=lambda item: (item[1], item[0]))
        regulation.choices = [
            ("", _("— geen of onbekend —")),
            *catalogue,
            (OTHER_REGULATION, _("Overige regeling (niet in de lijst)")),
        ]
        regulation.error_messages["invalid_choice"] = regulation_error()

    def clean_article(self) -> str:
        article = normalise_article(self.cleaned_data.get("article") or "")
        if article and not is_article_reference(article):
            raise ValidationError(article_error())
        return article

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("cost_kind") == CostKind.MONTHLY and not cleaned.get("duration_months"):
            self.add_error("duration_months", _("Geef de looptijd in maanden (minstens 1)."))
        if "article_number" in self.data or f"{self.add_prefix('article_number')}" in self.data:
            number = (cleaned.get("article_number") or "").strip()
            if number:
                article = format_article(
                    number=number,
                    lid=str(cleaned.get("article_lid") or ""),
                    sub=cleaned.get("article_sub") or "",
                    law=cleaned.get("article_law") or "",
                )
                if is_article_reference(article):
                    cleaned["article"] = article
                else:
                    self.add_error("article_number", article_error())
            else:
                cleaned["article"] = ""
        theme, pillar = CATEGORY_CLASSIFICATION.get(cleaned.get("category") or "", ("", ""))
        cleaned["theme"] = cleaned.get("theme") or theme
        cleaned["pillar"] = cleaned.get("pillar") or pillar
        return cleaned

    def service_data(self, rules: list[dict[str, str]]) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        for name in ("article_number", "article_lid", "article_sub", "article_law"):
            data.pop(name, None)
        data["duration_months"] = data.get("duration_months") or 1
        if data.get("doormodderen_yearly_cost") is None:
            data.pop("doormodderen_yearly_cost", None)
        if data.get("expected_avoided_cost") is None:
            data["expected_avoided_cost"] = Decimal("0")
        data["rules_checked"] = rules
        return data


class RuleCheckedForm(forms.Form):
    """One scheme that was checked and why it does not fit (pre-filled from the screening)."""

    scheme = forms.CharField(label=gettext_lazy("Regeling"), max_length=100, required=False)
    article = forms.CharField(label=gettext_lazy("Artikel"), max_length=100, required=False)
    outcome = forms.CharField(widget=forms.HiddenInput, required=False)
    # Rows pre-filled from the screening are opt-in: only the ones the worker keeps (because they
    # block the solution) go into the proposal and need a reason. Rows added by hand always count.
    prefilled = forms.BooleanField(widget=forms.HiddenInput, required=False)
    keep = forms.BooleanField(
        label=gettext_lazy("Meenemen: deze regeling blokkeert de oplossing"), required=False
    )
    reason = forms.CharField(
        label=gettext_lazy("Waarom past dit niet"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )

    def __init__(self, *args: Any, require_reason: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.require_reason = require_reason

    @property
    def outcome_label(self) -> str:
        value = self["outcome"].value() or ""
        return label_for("scheme_outcome", value, missing="") if value else ""

    @property
    def is_prefilled(self) -> bool:
        return bool(self["prefilled"].value()) and self["prefilled"].value() not in ("False", "0")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if is_dropped(cleaned):
            return cleaned
        filled = any(cleaned.get(key) for key in ("scheme", "article", "reason"))
        if filled and not cleaned.get("scheme"):
            self.add_error("scheme", _("Noem de regeling."))
        if filled and self.require_reason and not cleaned.get("reason"):
            self.add_error("reason", _("Leg uit waarom deze regeling niet past."))
        return cleaned


def is_dropped(cleaned: dict[str, Any]) -> bool:
    """A row ticked for removal, or a pre-filled row the worker did not keep."""
    return bool(cleaned.get("DELETE")) or (
        bool(cleaned.get("prefilled")) and not cleaned.get("keep")
    )


RuleCheckedFormSet = forms.formset_factory(RuleCheckedForm, extra=0, can_delete=True)


def rules_formset(
    *, data: QueryDict | None = None, initial: list[dict[str, str]] | None = None, submit: bool
) -> forms.BaseFormSet:
    formset = RuleCheckedFormSet(
        data=data,
        initial=initial,
        prefix=RULES_PREFIX,
        form_kwargs={"require_reason": submit},
    )
    for form in formset.forms:
        form.fields["DELETE"].label = _("Deze regel verwijderen")
    return formset


def rules_from_formset(formset: forms.BaseFormSet) -> list[dict[str, str]]:
    rules = []
    for form in formset.forms:
        cleaned = getattr(form, "cleaned_data", {})
        if not cleaned or is_dropped(cleaned) or not cleaned.get("scheme"):
            continue
        rules.append(
            {
                "scheme": cleaned["scheme"],
                "article": cleaned.get("article", ""),
                "outcome": cleaned.get("outcome", ""),
                "reason": cleaned.get("reason", ""),
            }
        )
    return rules


def rows_with_one_more(data: QueryDict) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """'Add a row' without JavaScript: the posted values as initial data, plus one empty row.

    Rows ticked for removal are dropped here too, so the page shows what will be saved.
    """
    main = {key: (data.getlist(key) if key == "life_domains" else data.get(key)) for key in data}
    total = int(data.get(f"{RULES_PREFIX}-TOTAL_FORMS") or 0)
    rows = []
    for index in range(min(total, 50)):
        prefix = f"{RULES_PREFIX}-{index}-"
        if data.get(f"{prefix}DELETE"):
            continue
        row: dict[str, Any] = {
            name: data.get(f"{prefix}{name}", "")
            for name in ("scheme", "article", "outcome", "reason")
        }
        row["prefilled"] = data.get(f"{prefix}prefilled", "") not in ("", "False", "0")
        row["keep"] = bool(data.get(f"{prefix}keep"))
        rows.append(row)
    rows.append({"scheme": "", "article": "", "outcome": "", "reason": ""})
    return main, rows


def apply_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: by field where the form has it."""
    for key, messages in error.message_dict.items():
        field = key if key in form.fields else None
        if key == "article" and "article_number" in form.fields:
            field = "article_number"  # the page shows the article as parts
        for message in messages:
            form.add_error(field, message)


# --- steps -----------------------------------------------------------------------------------


class StepForm(forms.Form):
    """One step on the detail page. It carries the status the user saw (`expected_status`)."""

    step = forms.CharField(widget=forms.HiddenInput)
    expected_status = forms.CharField(widget=forms.HiddenInput)
    motivation = forms.CharField(
        label=gettext_lazy("Motivering"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    def __init__(self, *args: Any, step: str, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", step)
        super().__init__(*args, **kwargs)
        self.step = step
        motivation = self.fields["motivation"]
        if step in NEEDS_MOTIVATION:
            motivation.required = True
            motivation.error_messages["required"] = _("Geef een motivering voor dit besluit.")
        else:
            motivation.label = _("Toelichting (niet verplicht)")

    def service_kwargs(self) -> dict[str, Any]:
        return {"motivation": self.cleaned_data.get("motivation") or ""}


class BoardApproveForm(StepForm):
    allow_overrun = forms.BooleanField(
        label=gettext_lazy("Overschrijding van het budget toestaan"),
        help_text=gettext_lazy(
            "Alleen nodig als het budget te weinig heeft. De motivering is dan ook de reden voor "
            "de overschrijding; die wordt bij het besluit bewaard."
        ),
        required=False,
    )

    def service_kwargs(self) -> dict[str, Any]:
        return {**super().service_kwargs(), "allow_overrun": self.cleaned_data["allow_overrun"]}


class EvaluateForm(StepForm):
    goal_reached = forms.ChoiceField(
        label=gettext_lazy("Is het doel op korte termijn bereikt?"),
        choices=GoalReached.choices,
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Kies ja, gedeeltelijk of nee.")},
    )
    follow_up_assessment = forms.ModelChoiceField(
        label=gettext_lazy("ZRM-meting na de doorbraak"),
        queryset=Assessment.objects.none(),
        required=False,
        empty_label=gettext_lazy("— geen vervolgmeting —"),
    )
    doormodderen_after_yearly_cost = forms.DecimalField(
        label=gettext_lazy("Kosten van doormodderen per jaar, na de doorbraak (euro)"),
        required=False,
        **MONEY_FIELD,
    )
    notes = forms.CharField(
        label=gettext_lazy("Toelichting op de evaluatie"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )

    def __init__(self, *args: Any, household_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["follow_up_assessment"]
        field.queryset = Assessment.objects.filter(household_id=household_id).order_by(
            "-assessed_on", "-id"
        )

    def service_kwargs(self) -> dict[str, Any]:
        cleaned = self.cleaned_data
        return {
            **super().service_kwargs(),
            "evaluation": {
                "goal_reached": cleaned["goal_reached"],
                "follow_up_assessment": cleaned.get("follow_up_assessment"),
                "doormodderen_after_yearly_cost": cleaned.get("doormodderen_after_yearly_cost"),
                "notes": cleaned.get("notes") or "",
            },
        }


def step_form(
    *,
    step: str,
    status: str,
    household_id: int,
    data: QueryDict | None = None,
) -> StepForm:
    initial = {"step": step, "expected_status": status}
    if step == Step.EVALUATE:
        return EvaluateForm(data, step=step, initial=initial, household_id=household_id)
    if step == Step.APPROVE and status == "escalated":
        return BoardApproveForm(data, step=step, initial=initial)
    return StepForm(data, step=step, initial=initial)


# --- budget pots -----------------------------------------------------------------------------


class BudgetPotForm(forms.ModelForm):
    class Meta:
        model = BudgetPot
        fields = ["name", "team", "year", "amount", "team_lead_limit", "spending_rules"]
        labels = {"team": gettext_lazy("Team (leeg: budget van het doorbraakteam)")}
        widgets = {"spending_rules": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.municipality = municipality
        team = self.fields["team"]
        team.queryset = Team.objects.filter(municipality=municipality).order_by("name")
        team.required = False
        team.empty_label = _("— geen: gemeentelijk budget —")

    def clean_amount(self) -> Decimal:
        amount = self.cleaned_data["amount"]
        if amount is None or amount <= 0:
            raise ValidationError(_("Het budget moet groter zijn dan nul."))
        return amount

    def clean_team_lead_limit(self) -> Decimal:
        limit = self.cleaned_data["team_lead_limit"]
        if limit is None or limit < 0:
            raise ValidationError(_("Het mandaat kan niet negatief zijn."))
        return limit

    def validate_unique(self) -> None:
        # The municipality is not a form field; the service checks uniqueness with it.
        return


class ComparisonForm(forms.Form):
    """The figures of the live doormodderen-or-doorbreken comparison (no personal data)."""

    cost_kind = forms.ChoiceField(choices=CostKind.choices, required=False)
    amount = forms.DecimalField(required=False, min_value=Decimal("0"), **MONEY_FIELD)
    duration_months = forms.IntegerField(required=False, min_value=1, max_value=120)
    doormodderen_yearly_cost = forms.DecimalField(
        required=False, min_value=Decimal("0"), **MONEY_FIELD
    )
    expected_avoided_cost = forms.DecimalField(
        required=False, min_value=Decimal("0"), **MONEY_FIELD
    )

    def figures(self) -> dict[str, Any]:
        """The valid figures; a figure that does not parse counts as not filled in."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {name: data.get(name) for name in self.fields}


def article_initial(article: str) -> dict[str, Any]:
    """The parts of a stored article for the form (empty parts when it does not parse)."""
    parts = article_parts(article or "") or {}
    return {
        "article_number": parts.get("number", ""),
        "article_lid": parts.get("lid") or None,
        "article_sub": parts.get("sub", ""),
        "article_law": parts.get("law", ""),
    }
