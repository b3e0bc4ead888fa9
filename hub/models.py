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
