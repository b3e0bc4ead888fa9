from django import forms
from django.utils.translation import gettext_lazy as _

from core.models import AuditResult
from core.processing_register import register


class AuditFilterForm(forms.Form):
    actor = forms.CharField(label=_("Gebruikersnaam"), required=False)
    action = forms.CharField(
        label=_("Handeling"), required=False, help_text=_("Bijvoorbeeld household.read")
    )
    household_id = forms.IntegerField(label=_("Huishouden (nummer)"), required=False, min_value=1)
    result = forms.ChoiceField(
        label=_("Resultaat"), required=False, choices=[("", _("Alle")), *AuditResult.choices]
    )
    date_from = forms.DateField(
        label=_("Vanaf"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("Tot en met"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    processing_activity = forms.ChoiceField(label=_("Verwerkingsactiviteit"), required=False)
    trace_id = forms.RegexField(
        label=_("Trace"),
        required=False,
        regex=r"^[0-9a-f]{32}$",
        error_messages={"invalid": _("Een trace-id heeft 32 tekens 0-9 en a-f.")},
    )
    data_subject = forms.RegexField(
        label=_("Betrokkene (pseudoniem)"),
        required=False,
        regex=r"^ds-[0-9a-f]{32}$",
        error_messages={
            "invalid": _("Een pseudoniem ziet eruit als ds- met 32 tekens 0-9 en a-f.")
        },
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["processing_activity"].choices = [  # type: ignore[attr-defined]
            ("", _("Alle")),
            *((activity.code, activity.name) for activity in register().activities),
        ]

    def clean(self) -> dict:
        cleaned = super().clean() or {}
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("De einddatum ligt voor de begindatum."))
        return cleaned


class OtpCodeForm(forms.Form):
    """The second login step, or the first code of a new authenticator app."""

    code = forms.CharField(
        label=_("Code"),
        max_length=20,
        help_text=_("De 6 cijfers uit uw authenticator-app, of een van uw herstelcodes."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "text", "spellcheck": "false"}
        ),
        error_messages={"required": _("Vul de code in.")},
    )


class OtpEnrolForm(OtpCodeForm):
    code = forms.CharField(
        label=_("Code uit de app"),
        max_length=6,
        min_length=6,
        help_text=_("De 6 cijfers die de app nu toont."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
        error_messages={
            "required": _("Vul de code uit de app in."),
            "min_length": _("De code heeft 6 cijfers."),
            "max_length": _("De code heeft 6 cijfers."),
        },
    )
