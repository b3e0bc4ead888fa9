"""Choices of the breakthrough domain (DOMAIN.md section 3). Codes English, labels Dutch."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    DRAFT = "draft", _("Concept")
    SUBMITTED = "submitted", _("Ingediend")
    ESCALATED = "escalated", _("Doorgezet naar doorbraakteam")
    APPROVED = "approved", _("Goedgekeurd")
    REJECTED = "rejected", _("Afgewezen")
    WITHDRAWN = "withdrawn", _("Ingetrokken")
    CARRIED_OUT = "carried_out", _("Uitgevoerd")
    EVALUATED = "evaluated", _("Geëvalueerd")


class Category(models.TextChoices):
    HOUSING = "woonruimte", _("Woonruimte")
    DEBTS = "schulden", _("Schulden of achterstand")
    INCOME_GAP = "inkomensgat", _("Inkomensgat")
    CARE = "zorg", _("Zorg")
    YOUTH = "jeugd", _("Jeugd")
    WORK = "werk", _("Werk")
    ACUTE = "acute_nood", _("Acute nood")
    OTHER = "other", _("Anders")


class LegalRoute(models.TextChoices):
    POLICY_ROOM = "beleidsruimte", _("Binnen beleidsruimte")
    HARDSHIP_CLAUSE = "hardheidsclausule", _("Hardheidsclausule")
    POWER_TO_DEVIATE = "afwijkingsbevoegdheid", _("Afwijkingsbevoegdheid")
    TIME_OUT = "time_out", _("Time-out")
    BUDGET_ONLY = "budget", _("Alleen budget")


class CostKind(models.TextChoices):
    ONE_OFF = "one_off", _("Eenmalig")
    MONTHLY = "monthly", _("Per maand")


class Urgency(models.TextChoices):
    ACUTE = "acute", _("Acuut")
    REGULAR = "regular", _("Regulier")


class Pillar(models.TextChoices):
    INCOME = "inkomenszekerheid", _("Inkomenszekerheid")
    WORK = "werkzekerheid", _("Werkzekerheid")
    HUMAN_MEASURE = "menselijke_maat", _("Menselijke maat")
    HOUSING_CARE = "wonen_en_zorg", _("Wonen en zorg")


class Theme(models.TextChoices):
    DEBTS = "schulden", _("Schulden")
    HOUSING = "wonen", _("Wonen")
    CARE = "zorg", _("Zorg")
    LABOUR_DISABILITY = "arbeidsmarkt_beperking", _("Arbeidsmarkt en beperking")
    EXECUTABLE_SYSTEM = "uitvoerbaar_stelsel", _("Uitvoerbaar stelsel")


class KnelpuntType(models.TextChoices):
    CONCURRENCE = "samenloop", _("Samenloop van regels")
    CLIFF = "leeftijds_of_inkomensgrens", _("Leeftijds- of inkomensgrens")
    NO_POWER_TO_DEVIATE = "geen_afwijkingsbevoegdheid", _("Geen bevoegdheid om af te wijken")
    IMPLEMENTATION = "uitvoeringspraktijk", _("Uitvoeringspraktijk")
    DATA_EXCHANGE = "gegevensuitwisseling", _("Gegevensuitwisseling")
    UNCLEAR_DECIDER = "onduidelijk_wie_beslist", _("Onduidelijk wie beslist")
    RECOVERY = "terugvordering_bevoorschotting", _("Terugvordering / bevoorschotting")
    POVERTY_TRAP = "armoedeval", _("Armoedeval")


class MandateLevel(models.TextChoices):
    TEAM = "team", _("Teamleider")
    BOARD = "board", _("Doorbraakteam")


class GoalReached(models.TextChoices):
    YES = "yes", _("Ja")
    PARTLY = "partly", _("Gedeeltelijk")
    NO = "no", _("Nee")


class NotificationKind(models.TextChoices):
    SUBMITTED = "submitted", _("Nieuw voorstel")
    REMINDER = "reminder", _("Herinnering termijn")
    ESCALATED = "escalated", _("Doorgezet")
    DECIDED = "decided", _("Besluit genomen")


# Each legal route in plain Dutch with its basis, shown next to the choice on the proposal form.
LEGAL_ROUTE_HELP: dict[str, tuple[str, str]] = {
    LegalRoute.POLICY_ROOM: (
        _(
            "De wet laat de gemeente ruimte om af te stemmen op de situatie van dit huishouden; "
            "u gebruikt die ruimte, zonder van een regel af te wijken."
        ),
        _("bijvoorbeeld art. 18 lid 1 Participatiewet: bijstand afstemmen op de omstandigheden"),
    ),
    LegalRoute.HARDSHIP_CLAUSE: (
        _(
            "De regeling zelf zegt dat het college mag afwijken als de regel in dit geval "
            "onredelijk uitpakt."
        ),
        _("de hardheidsclausule in de wet of de gemeentelijke verordening zelf"),
    ),
    LegalRoute.POWER_TO_DEVIATE: (
        _(
            "De gemeente wijkt van haar eigen beleidsregel af, omdat die door bijzondere "
            "omstandigheden onevenredig uitpakt voor dit huishouden."
        ),
        _("art. 4:84 Algemene wet bestuursrecht"),
    ),
    LegalRoute.TIME_OUT: (
        _(
            "Instanties zetten invordering, maatregelen of termijnen tijdelijk stil, zodat er "
            "ruimte is om het probleem op te lossen."
        ),
        _("geen eigen wettelijke grondslag: afspraken tussen de betrokken instanties"),
    ),
    LegalRoute.BUDGET_ONLY: (
        _(
            "Geen regel hoeft opzij: de oplossing wordt betaald uit het maatwerkbudget, omdat geen "
            "regeling haar dekt."
        ),
        _("het maatwerkbudget van de gemeente"),
    ),
}

# The report's theme and pillar follow from the category unless the professional says otherwise.
CATEGORY_CLASSIFICATION: dict[str, tuple[str, str]] = {
    Category.HOUSING: (Theme.HOUSING, Pillar.HOUSING_CARE),
    Category.DEBTS: (Theme.DEBTS, Pillar.INCOME),
    Category.INCOME_GAP: (Theme.EXECUTABLE_SYSTEM, Pillar.INCOME),
    Category.CARE: (Theme.CARE, Pillar.HOUSING_CARE),
    Category.YOUTH: (Theme.CARE, Pillar.HOUSING_CARE),
    Category.WORK: (Theme.LABOUR_DISABILITY, Pillar.WORK),
    Category.ACUTE: (Theme.EXECUTABLE_SYSTEM, Pillar.HUMAN_MEASURE),
    Category.OTHER: (Theme.EXECUTABLE_SYSTEM, Pillar.HUMAN_MEASURE),
}
