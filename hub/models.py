"""Reports received from municipalities, and their figures exploded into rows for SQL."""

from __future__ import annotations

import hashlib
import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _


class MunicipalityToken(models.Model):
    """A municipality's delivery token. Only its hash is stored; the token is shown once."""

    cbs_code = models.CharField(_("CBS-code"), max_length=6)
    name = models.CharField(_("gemeente"), max_length=100)
    token_sha256 = models.CharField(max_length=64, unique=True)
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("aflevertoken")
        verbose_name_plural = _("aflevertokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.cbs_code})"

    @staticmethod
    def hash(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()

    @classmethod
    def issue(cls, *, cbs_code: str, name: str) -> tuple[MunicipalityToken, str]:
        token = secrets.token_urlsafe(32)
        return cls.objects.create(cbs_code=cbs_code, name=name, token_sha256=cls.hash(token)), token


class ReceivedReport(models.Model):
    report_id = models.UUIDField(unique=True)
    cbs_code = models.CharField(max_length=6)
    municipality_name = models.CharField(max_length=100)
    period_start = models.DateField()
    period_end = models.DateField()
    revision = models.PositiveSmallIntegerField()
    content = models.JSONField()
    content_sha256 = models.CharField(max_length=64)
    received_at = models.DateTimeField(auto_now_add=True)
    # Only the newest revision per municipality and period counts in the national figures.
    current = models.BooleanField(default=True)

    class Meta:
        verbose_name = _("ontvangen rapportage")
        verbose_name_plural = _("ontvangen rapportages")
        ordering = ["-period_start", "cbs_code", "-revision"]
        constraints = [
            models.UniqueConstraint(
                fields=["cbs_code", "period_start", "period_end", "revision"],
                name="hub_report_unique_revision",
            )
        ]
        indexes = [models.Index(fields=["current", "period_start"], name="hub_current_period")]

    def __str__(self) -> str:
        return f"{self.cbs_code} {self.period_start}..{self.period_end} r{self.revision}"


class Figure(models.Model):
    """One published row of one table of a report (nulls are suppressed cells)."""

    report = models.ForeignKey(ReceivedReport, on_delete=models.CASCADE, related_name="figures")
    current = models.BooleanField(default=True)
    period_start = models.DateField()
    period_end = models.DateField()
    table = models.CharField(max_length=20)
    key = models.CharField(max_length=120)
    label = models.CharField(max_length=200, blank=True)
    breakthroughs = models.IntegerField(null=True)
    households = models.IntegerField(null=True)
    amount_eur = models.DecimalField(max_digits=14, decimal_places=2, null=True)
    avoided_cost_eur = models.DecimalField(max_digits=14, decimal_places=2, null=True)

    class Meta:
        indexes = [
            models.Index(fields=["current", "table", "period_start", "key"], name="hub_figure_agg")
        ]

    def __str__(self) -> str:
        return f"{self.table}:{self.key}"


class LeverContribution(models.Model):
    """The newest lever-outcomes contribution of one municipality (doorbraak.lever-outcomes/1).

    A contribution is a stock (every decided doorbraak up to `as_of`), so a new one replaces the
    rows of the previous one as a whole.
    """

    cbs_code = models.CharField(max_length=6, unique=True)
    as_of = models.DateField()
    content_sha256 = models.CharField(max_length=64)
    received_at = models.DateTimeField()

    class Meta:
        verbose_name = _("bijdrage hefboomuitkomsten")
        verbose_name_plural = _("bijdragen hefboomuitkomsten")

    def __str__(self) -> str:
        return f"{self.cbs_code} tot {self.as_of}"


class LeverOutcome(models.Model):
    """One row of a municipality's contribution: already under its disclosure control."""

    contribution = models.ForeignKey(
        LeverContribution, on_delete=models.CASCADE, related_name="rows"
    )
    lever_code = models.CharField(max_length=60)
    regulation_code = models.CharField(max_length=60)
    knelpunt_type = models.CharField(max_length=60)
    breakthroughs = models.PositiveIntegerField()
    households = models.PositiveIntegerField()
    evaluated = models.PositiveIntegerField(null=True)
    goal_reached = models.PositiveIntegerField(null=True)
    median_cost_eur = models.DecimalField(max_digits=12, decimal_places=2)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["contribution", "lever_code", "regulation_code", "knelpunt_type"],
                name="hub_lever_outcome_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.lever_code}|{self.regulation_code}|{self.knelpunt_type}"


class KnelpuntStatus(models.TextChoices):
    SIGNALLED = "gesignaleerd", _("Gesignaleerd")
    IN_PROGRESS = "in_behandeling", _("In behandeling")
    SOLVED = "opgelost", _("Opgelost")
    NOT_SOLVED = "niet_opgelost", _("Niet opgelost")


class NationalKnelpunt(models.Model):
    """A blocking rule as the hub's editors follow it nationally: its status and the answer of
    national government. Keyed like the municipalities group their signals: the regulation code
    and the article without lid or onderdeel (`core.legal_references.article_group`)."""

    regulation_code = models.CharField(_("regeling"), max_length=60)
    article = models.CharField(_("artikel"), max_length=60, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=KnelpuntStatus.choices, default=KnelpuntStatus.SIGNALLED
    )
    answer = models.TextField(_("antwoord van het Rijk"), max_length=2000, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("landelijk knelpunt")
        verbose_name_plural = _("landelijke knelpunten")
        ordering = ["regulation_code", "article"]
        permissions = [("edit_national_knelpunt", _("Status en antwoord van knelpunten invullen"))]
        constraints = [
            models.UniqueConstraint(
                fields=["regulation_code", "article"], name="hub_national_knelpunt_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=KnelpuntStatus.values),
                name="hub_knelpunt_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.regulation_code} {self.article}".strip()
