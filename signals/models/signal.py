"""Signals (knelpunten) curated by policy officers, their links to breakthroughs and history.

The tables were created by the breakthroughs app and keep their names (`db_table`): the models
moved, the rows did not.
"""

from __future__ import annotations

import uuid
from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from breakthroughs.constants import KnelpuntType, Theme
from breakthroughs.models import Breakthrough
from core.models import Municipality
from regulations.models import Simulation
from signals.constants import SignalRoute, SignalStatus


class Signal(models.Model):
    """A knelpunt: a rule that forces breakthroughs. Text is written for publication."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("titel"), max_length=200)
    regulation_code = models.CharField(_("regeling"), max_length=60)
    article = models.CharField(_("artikel"), max_length=60, blank=True)
    body = models.CharField(_("verantwoordelijke instantie"), max_length=150)
    knelpunt_type = models.CharField(
        _("soort knelpunt"), max_length=40, choices=KnelpuntType.choices
    )
    theme = models.CharField(_("thema"), max_length=25, choices=Theme.choices)
    description = models.TextField(_("neutrale omschrijving"))
    workaround = models.TextField(_("gebruikte omweg"), blank=True)
    proposed_fix = models.TextField(_("voorgestelde oplossing"), blank=True)
    route = models.CharField(_("route"), max_length=30, choices=SignalRoute.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=SignalStatus.choices, default=SignalStatus.DRAFT
    )
    answer = models.TextField(_("ontvangen antwoord"), blank=True)
    breakthroughs = models.ManyToManyField(
        Breakthrough, through="SignalLink", related_name="signals", blank=True
    )
    # The costed proposal: a finished simulation of a reform that would fix the knelpunt. The
    # report (version 2) carries its cost and the households it helps.
    proposed_simulation = models.ForeignKey(
        Simulation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("kostenraming (doorrekening)"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "breakthroughs_signal"
        verbose_name = _("signaal")
        verbose_name_plural = _("signalen")
        ordering = ["-updated_at", "-id"]
        indexes = [models.Index(fields=["municipality", "status"], name="signal_muni_status")]

    def __str__(self) -> str:
        return self.title


class SignalLink(models.Model):
    signal = models.ForeignKey(Signal, on_delete=models.CASCADE, related_name="links")
    breakthrough = models.ForeignKey(Breakthrough, on_delete=models.PROTECT, related_name="+")
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "breakthroughs_signallink"
        constraints = [
            models.UniqueConstraint(fields=["signal", "breakthrough"], name="signal_link_unique")
        ]

    def __str__(self) -> str:
        return f"{self.signal_id}-{self.breakthrough_id}"


class SignalStatusChangeQuerySet(models.QuerySet["SignalStatusChange"]):
    def update(self, **kwargs: Any) -> int:
        raise PermissionError("De statusgeschiedenis van een signaal is alleen-toevoegen.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("De statusgeschiedenis van een signaal is alleen-toevoegen.")


class SignalStatusChange(models.Model):
    """Append-only: every move of a signal, with the route taken and the answer received.

    Refused by the model, its queryset and a PostgreSQL trigger (signals migration 0002).
    """

    signal = models.ForeignKey(Signal, on_delete=models.PROTECT, related_name="history")
    from_status = models.CharField(max_length=20, choices=SignalStatus.choices)
    to_status = models.CharField(max_length=20, choices=SignalStatus.choices)
    route = models.CharField(max_length=30, choices=SignalRoute.choices, blank=True)
    answer = models.TextField(blank=True)
    note = models.TextField(blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    objects: ClassVar[SignalStatusChangeQuerySet] = SignalStatusChangeQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        db_table = "breakthroughs_signalstatuschange"
        ordering = ["signal", "at", "id"]

    def __str__(self) -> str:
        return f"{self.from_status} -> {self.to_status}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("De statusgeschiedenis van een signaal is alleen-toevoegen.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("De statusgeschiedenis van een signaal is alleen-toevoegen.")
