"""Choices of the signal domain: signal statuses and routes, report statuses. Codes English,
labels Dutch. The codes are also the report format's (`signals.reporting.builder.constants`).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

# The purpose of processing in every audit row of the signal domain.
PURPOSE = "signalering"
# Published after the commit (signals.services.reports); SignalsConfig.ready() subscribes the
# delivery task.
REPORT_QUEUED = "signals.report_queued"


class SignalStatus(models.TextChoices):
    DRAFT = "draft", _("Concept")
    REVIEWED = "reviewed", _("Beoordeeld")
    SENT = "sent", _("Verstuurd")
    ACKNOWLEDGED = "acknowledged", _("Ontvangst bevestigd")
    IN_POLICY_CYCLE = "in_policy_cycle", _("In beleidscyclus")
    RESOLVED = "resolved", _("Opgelost")
    REJECTED = "rejected", _("Afgewezen")


class SignalRoute(models.TextChoices):
    LOCAL_POLICY = "local_policy", _("Lokaal beleid")
    REGIONAL = "regional", _("Regionaal")
    LMM = "landelijk_maatwerkloket", _("Landelijk maatwerkloket")
    MINISTRY = "ministry", _("Ministerie")
    VNG = "vng", _("VNG")


class ReportStatus(models.TextChoices):
    GENERATED = "generated", _("Opgesteld")
    APPROVED = "approved", _("Goedgekeurd")
    SENDING = "sending", _("Wordt verstuurd")
    SENT = "sent", _("Verstuurd")
    CONFLICT = "conflict", _("Conflict bij ontvanger")
    FAILED = "failed", _("Versturen mislukt")
    SUPERSEDED = "superseded", _("Vervangen door correctie")
