from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core.models import Municipality, Team

MONEY = {"max_digits": 12, "decimal_places": 2}


class BudgetPot(models.Model):
    """A maatwerkbudget for one year, owned by a team or by the municipality (the board's pot).

    `committed` (approved, not yet carried out) and `spent` (carried out) are kept by the services
    under a row lock. The database refuses any state where they exceed the amount plus what the
    board explicitly allowed as overrun, so no race can take a pot below zero.
    """

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, null=True, blank=True, related_name="budget_pots"
    )
    name = models.CharField(_("naam"), max_length=100)
    year = models.PositiveSmallIntegerField(_("jaar"))
    amount = models.DecimalField(_("budget"), **MONEY)
    team_lead_limit = models.DecimalField(
        _("mandaat teamleider per doorbraak"),
        **MONEY,
        default=Decimal("2500.00"),
        help_text=_("Tot dit bedrag besluit de teamleider; daarboven het doorbraakteam."),
    )
    spending_rules = models.TextField(_("bestedingsregels"), blank=True)
    committed = models.DecimalField(_("vastgelegd"), **MONEY, default=Decimal("0"))
    spent = models.DecimalField(_("uitgegeven"), **MONEY, default=Decimal("0"))
    overrun_allowed = models.DecimalField(
        _("toegestane overschrijding"), **MONEY, default=Decimal("0")
    )

    class Meta:
        verbose_name = _("budgetpot")
        verbose_name_plural = _("budgetpotten")
        ordering = ["-year", "name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name", "year"], name="pot_unique"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="pot_amount_positive"),
            models.CheckConstraint(condition=Q(team_lead_limit__gte=0), name="pot_limit_nonneg"),
            models.CheckConstraint(
                condition=Q(committed__gte=0, spent__gte=0, overrun_allowed__gte=0),
                name="pot_sums_nonneg",
            ),
            models.CheckConstraint(
                condition=Q(committed__lte=F("amount") + F("overrun_allowed") - F("spent")),
                name="pot_never_below_zero",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.year}"

    @property
    def remaining(self) -> Decimal:
        return self.amount - self.committed - self.spent
