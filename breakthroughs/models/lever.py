"""The catalogue of legal levers: the room the law gives when a rule blocks a solution (issue 14).

A lever is identified by its `code`; each change is a new dated version (`valid_from`), so a
proposal can be read against the text that held on its date. The catalogue is loaded from
`breakthroughs/data/legal_levers.json` and edited by a functional admin through
`breakthroughs.services.levers`, which audits every change.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from breakthroughs.constants import LegalRoute, MandateLevel


class LeverKind(models.TextChoices):
    HARDSHIP_CLAUSE = "hardheidsclausule", _("Hardheidsclausule")
    POWER_TO_DEVIATE = "afwijkingsbevoegdheid", _("Afwijkingsbevoegdheid")
    DISCRETION = "kan_bepaling", _("Kan-bepaling (beleidsvrijheid)")
    TAILORING_DUTY = "maatwerkplicht", _("Maatwerkplicht")
    DEFERRAL = "uitstel", _("Time-out of uitstel")
    PAYMENT_ARRANGEMENT = "betalingsregeling", _("Betalingsregeling")
    AWB_4_84 = "awb_4_84", _("Afwijken van beleidsregel (Awb 4:84)")


class LeverGrade(models.TextChoices):
    LAW = "A", _("A: wettekst of memorie van toelichting")
    GUIDANCE = "B", _("B: officiële uitvoeringsinformatie")


class LegalLever(models.Model):
    """One dated version of a legal lever."""

    code = models.SlugField(_("code"), max_length=40)
    valid_from = models.DateField(_("geldig vanaf"))
    valid_to = models.DateField(_("geldig tot en met"), null=True, blank=True)
    title = models.CharField(_("naam"), max_length=120)
    law = models.CharField(_("wet"), max_length=100)
    article = models.CharField(_("artikel"), max_length=60)
    # The strict reference a proposal takes over (core.legal_references checks it).
    article_reference = models.CharField(_("artikelverwijzing"), max_length=60)
    kind = models.CharField(_("soort"), max_length=25, choices=LeverKind.choices)
    legal_route = models.CharField(_("juridische route"), max_length=25, choices=LegalRoute.choices)
    summary = models.TextField(_("uitleg (B1)"))
    conditions = models.JSONField(_("voorwaarden"), default=list)
    decider = models.CharField(_("wie beslist"), max_length=200)
    mandate_level = models.CharField(_("mandaat"), max_length=10, choices=MandateLevel.choices)
    risks = models.TextField(_("risico's"))
    scheme_codes = models.JSONField(_("regelingen"), default=list)
    knelpunt_types = models.JSONField(_("soorten knelpunt"), default=list)
    # Words of a blocking situation this lever answers; used to rank suggestions.
    keywords = models.JSONField(_("trefwoorden"), default=list)
    law_url = models.URLField(_("link naar wetten.overheid.nl"), max_length=300)
    source = models.URLField(_("bron"), max_length=300)
    grade = models.CharField(_("graad van de bron"), max_length=1, choices=LeverGrade.choices)

    class Meta:
        verbose_name = _("juridische hefboom")
        verbose_name_plural = _("juridische hefbomen")
        ordering = ["code", "valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["code", "valid_from"], name="lever_unique_version"),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="lever_valid_period",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.article_reference}) vanaf {self.valid_from:%d-%m-%Y}"
