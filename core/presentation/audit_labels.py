"""Dutch labels for the audit log's action and purpose codes (auditlog page, AVG access print).

An action code is ``object.verb`` (``household.read``, ``income.delete``); many are built at run
time from a model name or a workflow step. So besides whole codes the labels of objects and verbs
are registered, and a code without a label of its own reads as "<object>: <verb>". A code nobody
labelled is shown as it is; the pages always show the code next to the label.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.presentation.labels import label_for, register_labels

ACTION = "audit_action"
OBJECT = "audit_object"
VERB = "audit_verb"
PURPOSE_KIND = "audit_purpose"

ACTIONS = {
    "access.denied": _("Toegang geweigerd"),
    "auth.login": _("Ingelogd"),
    "auth.logout": _("Uitgelogd"),
    "auth.login_failed": _("Inloggen mislukt"),
    "auth.lockout": _("Account tijdelijk geblokkeerd"),
    "household.search_bsn": _("Huishouden gezocht op BSN"),
    "household.export": _("Dossier afgedrukt of gedownload (inzage)"),
    "member.reveal_bsn": _("BSN van gezinslid getoond"),
    "member.bsn_check": _("BSN van gezinslid gecontroleerd"),
    "breakthrough.household_summary.read": _("Huishouden ingezien bij een doorbraak"),
    "breakthrough.queue.read": _("Werkvoorraad doorbraken ingezien"),
    "breakthrough.queue": _("Werkvoorraad doorbraken ingezien"),
    "legal_lever.load": _("Juridische hefbomen geladen"),
    "rescreen.start": _("Herberekening gestart"),
    "membership.grant": _("Teamlidmaatschap toegekend"),
    "membership.revoke": _("Teamlidmaatschap ingetrokken"),
    "user.permissions": _("Rechten van gebruiker gewijzigd"),
    "api_token.issue": _("API-sleutel uitgegeven"),
    "api_token.revoke": _("API-sleutel ingetrokken"),
    "parameterpack.upload": _("Parameterpakket geüpload"),
    "parameterpack.apply": _("Parameterpakket toegepast"),
    "parameterpack.reject": _("Parameterpakket afgewezen"),
    "parameter.add": _("Parameterwaarde toegevoegd"),
    "parameter.change": _("Parameterwaarde gewijzigd"),
    "parameter.delete": _("Parameterwaarde verwijderd"),
    "signal_report.generate": _("Signaalrapportage gemaakt"),
    "signal_report.approve": _("Signaalrapportage goedgekeurd"),
    "signal_report.send": _("Signaalrapportage verzonden"),
    "signal_report.deliver": _("Signaalrapportage afgeleverd bij de hub"),
    "signal_report.download": _("Signaalrapportage gedownload"),
    "signal_workspace.read": _("Werkruimte signalen ingezien"),
    "signal.propose_simulation": _("Kostenraming aan signaal gekoppeld"),
    "breakthrough.signal_read": _("Doorbraak ingezien bij een signaal"),
    "auth.mfa_verified": _("Tweede stap van het inloggen geslaagd"),
    "auth.mfa_failed": _("Tweede stap van het inloggen mislukt"),
    "auth.mfa_lockout": _("Uitgelogd na te veel foute codes"),
    "mfa.enrol": _("Authenticator-app gekoppeld"),
    "mfa.recovery_codes": _("Nieuwe herstelcodes gemaakt"),
    "mfa.reset": _("Tweestapsverificatie hersteld door beheerder"),
    "household.close": _("Dossier gesloten"),
    "household.reopen": _("Dossier heropend"),
    "membership.change": _("Teamlidmaatschap gewijzigd"),
    "user.privileges": _("Beheerrechten van gebruiker gewijzigd"),
    "national_knelpunt.create": _("Landelijk knelpunt vastgelegd"),
    "national_knelpunt.update": _("Landelijk knelpunt bijgewerkt"),
    "processing_register.export": _("Verwerkingsregister geëxporteerd"),
    "audit_log.export": _("Auditlog geëxporteerd (Logboek Dataverwerkingen)"),
    "reform.create": _("Hervorming vastgelegd"),
    "simulation.start": _("Beleidssimulatie gestart"),
    "simulation.read": _("Beleidssimulatie ingezien"),
    "simulation.household_read": _("Huishouden gelezen voor een beleidssimulatie"),
    "retention.list_draft": _("Vernietigingslijst opgesteld"),
    "retention.list_propose": _("Vernietigingslijst voorgesteld"),
    "retention.list_approve": _("Vernietigingslijst goedgekeurd"),
    "retention.list_reject": _("Vernietigingslijst afgewezen"),
    "retention.list_execute": _("Vernietigingslijst uitgevoerd"),
    "retention.certificate_download": _("Verklaring van vernietiging gedownload"),
    "retention.term_decided": _("Besluit over een bewaartermijn vastgelegd"),
}

OBJECTS = {
    "household": _("Huishouden"),
    "member": _("Gezinslid"),
    "income": _("Inkomen"),
    "asset": _("Vermogen"),
    "housing": _("Woonsituatie"),
    "debt": _("Schuld"),
    "fixedcost": _("Vaste last"),
    "wgsrequest": _("Hulpvraag schuldhulpverlening"),
    "benefitreceived": _("Ontvangen regeling"),
    "assessment": _("ZRM-meting"),
    "perspectiveplan": _("Perspectiefplan"),
    "plangoal": _("Doel"),
    "involvedorganisation": _("Betrokken organisatie"),
    "journalentry": _("Journaalregel"),
    "bsn_task": _("BSN-controletaak"),
    "breakthrough": _("Doorbraak"),
    "budget_pot": _("Budget"),
    "legal_lever": _("Juridische hefboom"),
    "screening": _("Toets op regelingen"),
    "safetynet": _("Financieel vangnet"),
    "social_minimum": _("Vergelijking met het sociaal minimum"),
    "workpays": _("Werken loont"),
    "proactivegrant": _("Proactief toekennen"),
    "signal": _("Signaal"),
    "signal_report": _("Signaalrapportage"),
    "audit_log": _("Auditlog"),
    "user": _("Gebruiker"),
}

VERBS = {
    "read": _("ingezien"),
    "list": _("lijst ingezien"),
    "create": _("aangemaakt"),
    "update": _("gewijzigd"),
    "delete": _("verwijderd"),
    "assign": _("casusregisseur gekozen"),
    "resolve": _("afgehandeld"),
    "link": _("gekoppeld"),
    "unlink": _("ontkoppeld"),
    "move": _("verplaatst"),
    # The workflow steps of a doorbraak (breakthroughs.workflow.Step).
    "submit": _("ingediend"),
    "withdraw": _("ingetrokken"),
    "approve": _("goedgekeurd"),
    "reject": _("afgewezen"),
    "escalate": _("doorgezet naar het doorbraakteam"),
    "carry_out": _("uitgevoerd"),
    "evaluate": _("geëvalueerd"),
    # The statuses of a proactive grant (regulations.models.ProactiveGrant.Status).
    "open": _("heropend"),
    "granted": _("toegekend"),
    "applied": _("aanvraag ingediend"),
    "dismissed": _("niet van toepassing"),
}

PURPOSES = {
    "casusregie": _("Casusregie"),
    "doorbraak": _("Doorbraak"),
    "financieel_vangnet": _("Financieel vangnet"),
    "parameterbeheer": _("Parameterbeheer"),
    "signalering": _("Signalering"),
    "toetsing": _("Toetsing op regelingen"),
    "toezicht": _("Toezicht"),
    "beheer": _("Beheer"),
    "budgetbeheer": _("Budgetbeheer"),
    "schuldhulpverlening": _("Schuldhulpverlening"),
    "beleidssimulatie": _("Beleidssimulatie"),
    "archivering": _("Bewaartermijnen en vernietiging"),
}


def register() -> None:
    register_labels(ACTION, ACTIONS)
    register_labels(OBJECT, OBJECTS)
    register_labels(VERB, VERBS)
    register_labels(PURPOSE_KIND, PURPOSES)


def _labelled(kind: str, code: str) -> str | None:
    label = label_for(kind, code, missing="")
    return label if label and label != code else None


def audit_action_label(code: Any) -> str:
    """'household.read' -> 'Huishouden: ingezien'; an unknown code stays as it is."""
    code = str(code or "")
    if whole := _labelled(ACTION, code):
        return whole
    obj, _dot, verb = code.rpartition(".")
    obj_label, verb_label = _labelled(OBJECT, obj), _labelled(VERB, verb)
    if obj_label and verb_label:
        return gettext("%(object)s: %(verb)s") % {"object": obj_label, "verb": verb_label}
    return code


def audit_purpose_label(code: Any) -> str:
    """'schuldhulpverlening:intake' -> 'Schuldhulpverlening (intake)'; unknown codes stay."""
    code = str(code or "")
    if not code:
        return ""
    if whole := _labelled(PURPOSE_KIND, code):
        return whole
    base, _colon, detail = code.partition(":")
    if detail and (base_label := _labelled(PURPOSE_KIND, base)):
        return f"{base_label} ({detail.replace('_', ' ')})"
    return code
