from __future__ import annotations

from decimal import Decimal
from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from breakthroughs.constants import (
    Category,
    CostKind,
    GoalReached,
    KnelpuntType,
    LegalRoute,
    MandateLevel,
    NotificationKind,
    Pillar,
    Status,
    Theme,
    Urgency,
)
from breakthroughs.models.budget import MONEY, BudgetPot
from casework.models import Assessment, Household
from core.models import Municipality, Team


class Breakthrough(models.Model):
    """A doorbraak: a lawful non-standard step for one household, decided within mandate."""

    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="+")
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="+")
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    proposer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # What is needed and what blocks it.
    need = models.TextField(_("wat is er nodig (in de woorden van het huishouden)"))
    blocking_problem = models.TextField(_("wat blokkeert de oplossing"))
    life_domains = models.JSONField(_("leefgebieden"), default=list, blank=True)
    rules_checked = models.JSONField(
        _("getoetste regels"),
        default=list,
        blank=True,
        help_text=_("Per regeling: code, artikel en waarom die niet past."),
    )
    action = models.TextField(_("niet-gangbare stap"))
    category = models.CharField(_("categorie"), max_length=20, choices=Category.choices)
    legal_route = models.CharField(_("juridische route"), max_length=25, choices=LegalRoute.choices)
    # The regulation whose rule forced the breakthrough: the basis of signals to the VNG.
    regulation_code = models.CharField(_("knellende regeling"), max_length=60, blank=True)
    article = models.CharField(_("artikel"), max_length=60, blank=True)
    knelpunt_type = models.CharField(
        _("soort knelpunt"), max_length=30, choices=KnelpuntType.choices, blank=True
    )
    # Cost: one-off, or per month for a number of months.
    cost_kind = models.CharField(_("soort kosten"), max_length=10, choices=CostKind.choices)
    amount = models.DecimalField(_("bedrag"), **MONEY)
    duration_months = models.PositiveSmallIntegerField(_("looptijd in maanden"), default=1)
    total_cost = models.DecimalField(_("totale kosten"), **MONEY)
    budget_pot = models.ForeignKey(
        BudgetPot, on_delete=models.PROTECT, related_name="breakthroughs", verbose_name=_("budget")
    )
    theme = models.CharField(_("thema"), max_length=25, choices=Theme.choices)
    pillar = models.CharField(_("pijler"), max_length=20, choices=Pillar.choices)
    urgency = models.CharField(
        _("urgentie"), max_length=10, choices=Urgency.choices, default=Urgency.REGULAR
    )
    # Doormodderen or doorbreken: the yearly cost of carrying on against the breakthrough.
    doormodderen_yearly_cost = models.DecimalField(
        _("kosten doormodderen per jaar"), **MONEY, default=Decimal("0")
    )
    expected_avoided_cost = models.DecimalField(
        _("verwachte vermeden kosten"), **MONEY, default=Decimal("0")
    )
    avoided_cost_basis = models.TextField(_("onderbouwing van de schatting"), blank=True)
    screening_id = models.BigIntegerField(_("toetsing"), null=True, blank=True)

    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    mandate_level = models.CharField(
        _("mandaat"), max_length=5, choices=MandateLevel.choices, default=MandateLevel.TEAM
    )
    due_at = models.DateTimeField(_("uiterlijk besluit"), null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    overrun_approved = models.DecimalField(**MONEY, default=Decimal("0"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("doorbraak")
        verbose_name_plural = _("doorbraken")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "due_at"], name="bt_status_due"),
            models.Index(fields=["team", "status"], name="bt_team_status"),
            models.Index(fields=["municipality", "status", "decided_at"], name="bt_muni_decided"),
            # Local precedents of a legal lever: same municipality, blocking scheme and article.
            models.Index(
                fields=["municipality", "regulation_code", "article", "decided_at"],
                name="bt_precedents",
            ),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="bt_amount_positive"),
            models.CheckConstraint(condition=Q(total_cost__gt=0), name="bt_total_positive"),
            models.CheckConstraint(condition=Q(duration_months__gte=1), name="bt_duration_min"),
            models.CheckConstraint(
                condition=Q(doormodderen_yearly_cost__gte=0, expected_avoided_cost__gte=0),
                name="bt_costs_nonneg",
            ),
            models.CheckConstraint(condition=Q(status__in=Status.values), name="bt_status_valid"),
        ]

    def __str__(self) -> str:
        return _("Doorbraak %(id)s") % {"id": self.pk}

    @property
    def is_decided(self) -> bool:
        return self.status in {
            Status.APPROVED,
            Status.REJECTED,
            Status.CARRIED_OUT,
            Status.EVALUATED,
        }


class BreakthroughTransitionQuerySet(models.QuerySet["BreakthroughTransition"]):
    def update(self, **kwargs: Any) -> int:
        raise PermissionError("De statusgeschiedenis is alleen-toevoegen.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("De statusgeschiedenis is alleen-toevoegen.")


class BreakthroughTransition(models.Model):
    """Append-only history: every step with actor, time and the reasoned decision.

    Refused three times: the model, its queryset, and a PostgreSQL trigger (migration 0006).
    """

    breakthrough = models.ForeignKey(
        Breakthrough, on_delete=models.PROTECT, related_name="transitions"
    )
    transition = models.CharField(_("stap"), max_length=20)
    from_status = models.CharField(max_length=12, choices=Status.choices)
    to_status = models.CharField(max_length=12, choices=Status.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)
    motivation = models.TextField(_("motivering"))
    data = models.JSONField(default=dict, blank=True)

    objects: ClassVar[BreakthroughTransitionQuerySet] = BreakthroughTransitionQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("statusovergang")
        verbose_name_plural = _("statusgeschiedenis")
        ordering = ["breakthrough", "at", "id"]
        indexes = [models.Index(fields=["breakthrough", "at"], name="bt_transition_at")]

    def __str__(self) -> str:
        return f"{self.from_status} -> {self.to_status}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("De statusgeschiedenis is alleen-toevoegen.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("De statusgeschiedenis is alleen-toevoegen.")


class Evaluation(models.Model):
    breakthrough = models.OneToOneField(
        Breakthrough, on_delete=models.PROTECT, related_name="evaluation"
    )
    goal_reached = models.CharField(_("doel bereikt"), max_length=10, choices=GoalReached.choices)
    follow_up_assessment = models.ForeignKey(
        Assessment, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    doormodderen_after_yearly_cost = models.DecimalField(
        _("kosten doormodderen per jaar na de doorbraak"), **MONEY, null=True, blank=True
    )
    notes = models.TextField(_("toelichting"), blank=True)
    evaluated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    evaluated_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("evaluatie")
        verbose_name_plural = _("evaluaties")

    def __str__(self) -> str:
        return self.get_goal_reached_display()


class Notification(models.Model):
    """An in-app notification; the e-mail copy is sent by a task after commit."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    breakthrough = models.ForeignKey(
        Breakthrough, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=12, choices=NotificationKind.choices)
    text = models.CharField(max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("melding")
        verbose_name_plural = _("meldingen")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_unread")]

    def __str__(self) -> str:
        return self.text
