"""Retention terms per record type, with their source (AVG art. 5(1)(e), Archiefwet 1995).

A term is a decision of each municipality: its college adopts the Selectielijst and may set a
longer term. A functional admin records that decision in the app (`RetentionTermDecision`, page
"Bewaartermijnen" under "Vernietiging"), with its reference and the day it takes effect; the
decisions are append-only, so their history stays. Where a municipality has not decided, the
installation-wide `settings.RETENTION_TERM_YEARS` (env `RETENTION_TERM_YEARS`, e.g.
`household_dossier=15,audit_log=10`) applies, else the defaults below. `retention.selectors.term_in_force()`
resolves the three in that order and names which one applied (each destruction-list line and the
verklaring keep it); nothing else in the code hard-codes a term.

Sources
- Selectielijst gemeenten en intergemeentelijke organen 2020 (VNG; vastgesteld 18-02-2020,
  Stcrt. 2020, 11143), https://www.nationaalarchief.nl/archiveren/kennisbank/selectielijst-gemeenten-en-intergemeentelijke-organen-2020
  and the VNG handreiking, https://www.gemmaonline.nl/index.php?title=Handreiking_Selectielijst_compleet&oldid=828804 :
  process-based; the term of a process (a client dossier) counts from the end of the process,
  here the closure of the household dossier.
- Wmo 2015 art. 5.3.4: Wmo data are kept 15 years from their receipt or creation (longer when
  needed), https://schulinck.nl/opinie/gegevens-bewaren-archiveren-en-vernietigen-hoe-zit-het-met-de-privacy-4-tips .
  A municipality that keeps the Wmo dossier itself in Doorbraak records a decision of 15
  years for the dossier.
- The Selectielijst's categories (resultaten of procestype 8 "Voorzieningen verstrekken", read
  from the list as published in the VNG referentielijsten): 8.1 verstrekt, 10 years after the
  provision ends (procestermijn: the life of the process object); 8.1.1 a Wmo provision, 15 years;
  8.1.9 schuldhulpverlening, 5 years; 8.2 refused, 5 years. A household dossier in Doorbraak holds
  the support of a household across these, and closes when that support ends, so the default
  follows 8.1 from the closure date. The list has no category for an integral (wijkteam) dossier;
  the municipality's archivist maps it, and a decision here records the outcome.
- BIO 8.15.04: the retention of log data is set by risk; no fixed term. The Selectielijst has
  19.1.24 "login-gegevens" (6 months, procestermijn nihil; BIO 12.4.2.2/12.4.3.2) for login data
  only, and no category for the access log of a dossier, which AVG art. 15 needs as long as the
  dossier.

Login data (audit rows whose action starts with "auth.": logins, logouts, failed logins,
lockouts, the second step) name an employee and an IP address and say nothing about a client, so
they follow 19.1.24: `LOGIN_RULE`, a term in months counted from the event. It is one term for
the whole installation (`settings.RETENTION_LOGIN_MONTHS`, default 6, never below 1), not a
municipality's decision: a login row is shared by every municipality its user works for. The
other audit rows keep the audit term.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class RecordType(models.TextChoices):
    HOUSEHOLD_DOSSIER = "household_dossier", _("Afgesloten huishoudensdossier")
    AUDIT_LOG = "audit_log", _("Auditregels")
    LOGIN_LOG = "login_log", _("Inloggegevens")


# The audit rows that are login data (Selectielijst 19.1.24): `auth.login`, `auth.login_failed`, ...
LOGIN_ACTION_PREFIX = "auth."


class RetentionAction(models.TextChoices):
    DESTROY = "destroy", _("vernietigen (doorbraken gepseudonimiseerd)")
    REMOVE_PERSONAL_DATA = "remove_personal_data", _("persoonsgegevens verwijderen")


@dataclass(frozen=True)
class RetentionRule:
    record_type: str
    default_years: int
    counts_from: str | Promise
    action: str
    covers: str | Promise
    source: str


RULES: dict[str, RetentionRule] = {
    RecordType.HOUSEHOLD_DOSSIER: RetentionRule(
        record_type=RecordType.HOUSEHOLD_DOSSIER,
        # Selectielijst 2020, 8.1 (a provision granted): 10 years after it ends; see the module
        # docstring for the neighbouring categories.
        default_years=10,
        counts_from=_("de datum van afsluiting van het dossier"),
        action=RetentionAction.DESTROY,
        covers=_(
            "gezinsleden, inkomsten, vermogen, woning, schulden, vaste lasten, Wgs-verzoeken, "
            "ontvangen voorzieningen, ZRM-metingen, perspectiefplan, doelen, betrokken "
            "organisaties, journaal en toetsingen; de vrije tekst van de doorbraken"
        ),
        source=(
            "Selectielijst gemeenten en intergemeentelijke organen 2020 (Stcrt. 2020, 11143), "
            "categorie 8.1 (voorziening verstrekt): 10 jaar na het einde van de voorziening; "
            "8.1.1 en Wmo 2015 art. 5.3.4 (15 jaar) als het dossier Wmo-gegevens bevat; "
            "8.1.9 (5 jaar) als het alleen schuldhulpverlening betreft"
        ),
    ),
    RecordType.AUDIT_LOG: RetentionRule(
        record_type=RecordType.AUDIT_LOG,
        # As long as the dossier term: a data subject's access request (AVG art. 15) can then
        # show who read the dossier for as long as it exists.
        default_years=10,
        counts_from=_("het tijdstip van de gebeurtenis"),
        action=RetentionAction.REMOVE_PERSONAL_DATA,
        covers=_("gebruiker, IP-adres, huishouden, verzoek-id en details; de gebeurtenis blijft"),
        source=(
            "BIO 8.15.04 (bewaartermijn logging naar risico); gelijk aan de dossiertermijn. "
            "Niet voor inloggegevens: die volgen Selectielijst 2020 categorie 19.1.24 "
            "(login-gegevens, 6 maanden)"
        ),
    ),
}


# The record types whose term a municipality decides (RetentionTermDecision): those in RULES.
MUNICIPAL_RECORD_TYPES: list[RecordType] = [RecordType(record_type) for record_type in RULES]


@dataclass(frozen=True)
class MonthsRetentionRule:
    """A term in months for the whole installation, which no municipality decides (login data)."""

    record_type: str
    default_months: int
    counts_from: str | Promise
    action: str
    covers: str | Promise
    source: str


LOGIN_RULE = MonthsRetentionRule(
    record_type=RecordType.LOGIN_LOG,
    default_months=6,
    counts_from=_("het tijdstip van de gebeurtenis"),
    action=RetentionAction.REMOVE_PERSONAL_DATA,
    covers=_("gebruiker, IP-adres, verzoek-id en details; de gebeurtenis blijft"),
    source=(
        "Selectielijst gemeenten en intergemeentelijke organen 2020 (Stcrt. 2020, 11143), "
        "categorie 19.1.24 (login-gegevens): 6 maanden, procestermijn nihil; "
        "herkomst BIO 12.4.2.2 en 12.4.3.2"
    ),
)


def rule_for(record_type: str) -> RetentionRule | MonthsRetentionRule:
    """The rule of any record type, for what both kinds share (action, source, counts_from)."""
    return LOGIN_RULE if record_type == RecordType.LOGIN_LOG else RULES[record_type]


class TermSource(models.TextChoices):
    DECISION = "besluit", _("besluit van de gemeente")
    ENVIRONMENT = "omgeving", _("instelling van de installatie (RETENTION_TERM_YEARS)")
    DEFAULT = "standaard", _("standaardtermijn")


def installation_term(record_type: str) -> tuple[int, TermSource]:
    """The installation-wide term and where it comes from: the environment, else the default.

    Never below one year (a typo must not purge)."""
    configured = getattr(settings, "RETENTION_TERM_YEARS", {}) or {}
    if record_type in configured:
        return max(1, int(configured[record_type])), TermSource.ENVIRONMENT
    return RULES[record_type].default_years, TermSource.DEFAULT


def login_term() -> tuple[int, TermSource]:
    """The login data's term in months and where it comes from (RETENTION_LOGIN_MONTHS when set,
    else the default). Never below one month (a typo must not purge)."""
    configured = getattr(settings, "RETENTION_LOGIN_MONTHS", None)
    if configured is not None:
        return max(1, int(configured)), TermSource.ENVIRONMENT
    return LOGIN_RULE.default_months, TermSource.DEFAULT
