"""The periodic signal reports to the VNG (one row per municipality, period and revision) and
every attempt to deliver one. The tables keep the names the breakthroughs app gave them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.models import Municipality
from signals.constants import ReportStatus


class SignalReport(models.Model):
    """One report per municipality, period and revision; a correction is a new revision."""

    report_id = models.UUIDField(unique=True)
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    period_label = models.CharField(_("periode"), max_length=10)
    period_start = models.DateField()
    period_end = models.DateField()
    revision = models.PositiveSmallIntegerField(default=1)
    content = models.JSONField(_("rapport"))
    content_sha256 = models.CharField(max_length=64)
    status = models.CharField(
        max_length=12, choices=ReportStatus.choices, default=ReportStatus.GENERATED
    )
    generated_at = models.DateTimeField()
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    sent_at = models.DateTimeField(null=True, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "breakthroughs_signalreport"
        verbose_name = _("signaalrapportage")
        verbose_name_plural = _("signaalrapportages")
        ordering = ["-period_start", "-revision"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "period_start", "period_end", "revision"],
                name="report_unique_revision",
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")), name="report_period_order"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.period_label} r{self.revision}"


class DeliveryAttempt(models.Model):
    """Every attempt to deliver a report, visible to the policy officer."""

    report = models.ForeignKey(SignalReport, on_delete=models.CASCADE, related_name="attempts")
    attempted_at = models.DateTimeField(auto_now_add=True)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    outcome = models.CharField(max_length=20)
    detail = models.CharField(max_length=500, blank=True)

    class Meta:
        db_table = "breakthroughs_deliveryattempt"
        ordering = ["report", "attempted_at", "id"]

    def __str__(self) -> str:
        return f"{self.report_id} {self.outcome}"
