"""Destruction lists (vernietigingslijsten) and the verklaring van vernietiging.

A scheduled job drafts a list of what is due in one municipality; one functional admin proposes
it, a second one (never the proposer: four eyes, also a CHECK constraint) approves it; then the
list is carried out in one transaction and a verklaring van vernietiging is written. Each line
keeps the term it was drafted under and its basis (the municipality's decision, the installation's
setting or the default). The verklaring holds categories, counts, terms with their basis, dates and
who proposed and approved, never a household or any personal data, and it is never changed or
removed.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core.models import Municipality
from retention.constants import MUNICIPAL_RECORD_TYPES, RecordType, TermSource, rule_for


class ListStatus(models.TextChoices):
    DRAFT = "draft", _("Concept")
    PROPOSED = "proposed", _("Voorgesteld")
    APPROVED = "approved", _("Goedgekeurd, wordt uitgevoerd")
    EXECUTED = "executed", _("Uitgevoerd")
    REJECTED = "rejected", _("Afgewezen")


OPEN_STATUSES = [ListStatus.DRAFT, ListStatus.PROPOSED, ListStatus.APPROVED]


class DestructionList(models.Model):
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="+", verbose_name=_("gemeente")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ListStatus.choices, default=ListStatus.DRAFT
    )
    # The day the terms were measured against: a dossier is due when closed on or before
    # `reference_date` minus its term.
    reference_date = models.DateField(_("peildatum"))
    created_at = models.DateTimeField(_("opgesteld"), auto_now_add=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    proposed_at = models.DateTimeField(_("voorgesteld"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("besloten"), null=True, blank=True)
    rejection_reason = models.TextField(_("reden van afwijzing"), blank=True)
    executed_at = models.DateTimeField(_("uitgevoerd"), null=True, blank=True)

    class Meta:
        verbose_name = _("vernietigingslijst")
        verbose_name_plural = _("vernietigingslijsten")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ListStatus.values), name="destruction_list_status"
            ),
            # Four eyes: whoever approves or rejects is not whoever proposed.
            models.CheckConstraint(
                condition=Q(decided_by__isnull=True) | ~Q(decided_by=F("proposed_by")),
                name="destruction_list_four_eyes",
                violation_error_message=_("Een tweede functioneel beheerder moet beslissen."),
            ),
            models.CheckConstraint(
                condition=~Q(status__in=[ListStatus.APPROVED, ListStatus.EXECUTED])
                | Q(proposed_by__isnull=False, decided_by__isnull=False),
                name="destruction_list_approved_by_two",
            ),
            # One list in progress per municipality: a second would propose the same dossiers.
            models.UniqueConstraint(
                fields=["municipality"],
                condition=Q(status__in=OPEN_STATUSES),
                name="destruction_list_one_open",
            ),
        ]

    def __str__(self) -> str:
        return _("Vernietigingslijst %(id)s") % {"id": self.pk}


class ItemOutcome(models.TextChoices):
    PENDING = "pending", _("Nog niet uitgevoerd")
    DONE = "done", _("Uitgevoerd")
    SKIPPED = "skipped", _("Overgeslagen (niet meer aan de beurt)")


class DestructionListItem(models.Model):
    """One dossier on the list, or (for audit rows and for login rows) one line with their number
    and cutoff. Login rows have a term in months (`term_months`), the others in years."""

    destruction_list = models.ForeignKey(
        DestructionList, on_delete=models.CASCADE, related_name="items"
    )
    record_type = models.CharField(_("soort"), max_length=30, choices=RecordType.choices)
    # The household for a dossier; empty for the audit and login lines.
    household_id = models.BigIntegerField(_("huishouden"), null=True, blank=True)
    team_name = models.CharField(_("team"), max_length=100, blank=True)
    # When the term started (closure date, or the cutoff day for audit and login rows) and when
    # it ended.
    term_started_on = models.DateField(_("termijn loopt vanaf"))
    due_on = models.DateField(_("termijn verstreken op"))
    cutoff = models.DateTimeField(_("tot tijdstip"), null=True, blank=True)
    # The term as configured when the list was drafted (a later change does not alter a list).
    # Exactly one of the two: months for the login line, years for the others.
    term_years = models.PositiveSmallIntegerField(
        _("bewaartermijn in jaren"), null=True, blank=True
    )
    term_months = models.PositiveSmallIntegerField(
        _("bewaartermijn in maanden"), null=True, blank=True
    )
    # What set that term on the reference date, so a list line and the verklaring can name it:
    # the municipality's decision (kept here), the installation's setting or the default.
    term_source = models.CharField(
        _("grondslag van de termijn"), max_length=10, choices=TermSource.choices
    )
    term_decision = models.ForeignKey(
        "RetentionTermDecision",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("besluit over de termijn"),
    )
    count = models.PositiveIntegerField(_("aantal"), default=1)
    outcome = models.CharField(
        _("uitkomst"), max_length=10, choices=ItemOutcome.choices, default=ItemOutcome.PENDING
    )

    class Meta:
        verbose_name = _("regel van een vernietigingslijst")
        verbose_name_plural = _("regels van vernietigingslijsten")
        ordering = ["destruction_list_id", "record_type", "term_started_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(record_type__in=RecordType.values), name="destruction_item_type"
            ),
            models.CheckConstraint(
                condition=Q(record_type=RecordType.AUDIT_LOG, cutoff__isnull=False)
                | Q(record_type=RecordType.LOGIN_LOG, cutoff__isnull=False)
                | Q(record_type=RecordType.HOUSEHOLD_DOSSIER, household_id__isnull=False),
                name="destruction_item_target",
            ),
            # The login line's term is in months, every other line's in years.
            models.CheckConstraint(
                # (months spelled out as not null: a CHECK on NULL alone would pass)
                condition=Q(
                    record_type=RecordType.LOGIN_LOG,
                    term_months__isnull=False,
                    term_months__gte=1,
                    term_years__isnull=True,
                )
                | (
                    ~Q(record_type=RecordType.LOGIN_LOG)
                    & Q(term_months__isnull=True, term_years__isnull=False)
                ),
                name="destruction_item_term_unit",
            ),
            models.CheckConstraint(
                condition=Q(term_source__in=TermSource.values), name="destruction_item_term_source"
            ),
            # A decision is named exactly when it set the term.
            models.CheckConstraint(
                condition=Q(term_source=TermSource.DECISION, term_decision__isnull=False)
                | (~Q(term_source=TermSource.DECISION) & Q(term_decision__isnull=True)),
                name="destruction_item_term_decision",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_record_type_display()} {self.household_id or ''}".strip()

    def term_basis_display(self) -> str:
        """The basis of the term in words, for the list page ("term_decision" selected along)."""
        if self.term_decision is not None:
            return _("besluit %(reference)s (geldt vanaf %(date)s)") % {
                "reference": self.term_decision.decision_reference,
                "date": self.term_decision.effective_from.strftime("%d-%m-%Y"),
            }
        if self.term_source == TermSource.ENVIRONMENT:
            return str(_("instelling van de installatie"))
        return _("standaardtermijn (%(source)s)") % {"source": rule_for(self.record_type).source}


class CertificateQuerySet(models.QuerySet["DestructionCertificate"]):
    def update(self, **kwargs: Any) -> int:
        raise PermissionError("Een verklaring van vernietiging wijzigt niet.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("Een verklaring van vernietiging wordt niet verwijderd.")


class DestructionCertificate(models.Model):
    """The verklaring van vernietiging of one executed list. Holds no personal data."""

    destruction_list = models.OneToOneField(
        DestructionList, on_delete=models.PROTECT, related_name="certificate"
    )
    number = models.CharField(_("nummer"), max_length=40, unique=True)
    issued_at = models.DateTimeField(_("afgegeven"), auto_now_add=True)
    content = models.JSONField(_("inhoud"))
    # SHA-256 of the canonical JSON of `content`: a copy handed to the archivist can be checked.
    sha256 = models.CharField(max_length=64)

    objects: ClassVar[CertificateQuerySet] = CertificateQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("verklaring van vernietiging")
        verbose_name_plural = _("verklaringen van vernietiging")
        ordering = ["-issued_at", "-id"]

    def __str__(self) -> str:
        return self.number

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("Een verklaring van vernietiging wijzigt niet.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("Een verklaring van vernietiging wordt niet verwijderd.")


class TermDecisionQuerySet(models.QuerySet["RetentionTermDecision"]):
    def update(self, **kwargs: Any) -> int:
        raise PermissionError("Een besluit over een bewaartermijn wijzigt niet; neem een nieuw.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("Een besluit over een bewaartermijn wordt niet verwijderd.")


class RetentionTermDecision(models.Model):
    """A municipality's decision on the term of one record type, from a date on.

    The college adopts the Selectielijst and may keep some records longer (Wmo 2015 art. 5.3.4:
    15 years). Append-only: a later decision supersedes an earlier one, so the history of who
    set which term, when and on what decision stays (model, queryset and a PostgreSQL trigger
    refuse updates and deletes).
    """

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="+", verbose_name=_("gemeente")
    )
    # Not login data: their term is the installation's (RETENTION_LOGIN_MONTHS).
    record_type = models.CharField(
        _("soort"),
        max_length=30,
        choices=[(record_type.value, record_type.label) for record_type in MUNICIPAL_RECORD_TYPES],
    )
    years = models.PositiveSmallIntegerField(_("bewaartermijn in jaren"))
    decision_reference = models.CharField(_("besluit"), max_length=200)
    # Applies to destruction lists drafted on or after this day.
    effective_from = models.DateField(_("geldt vanaf"))
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("vastgelegd door"),
    )
    created_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)

    objects: ClassVar[TermDecisionQuerySet] = TermDecisionQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("besluit over een bewaartermijn")
        verbose_name_plural = _("besluiten over bewaartermijnen")
        ordering = ["municipality_id", "record_type", "-effective_from", "-id"]
        indexes = [
            models.Index(
                fields=["municipality", "record_type", "effective_from"],
                name="retention_term_lookup_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(record_type__in=[t.value for t in MUNICIPAL_RECORD_TYPES]),
                name="retention_term_type",
            ),
            models.CheckConstraint(
                condition=Q(years__gte=1, years__lte=100),
                name="retention_term_years_range",
                violation_error_message=_("Een bewaartermijn ligt tussen 1 en 100 jaar."),
            ),
            models.CheckConstraint(
                condition=~Q(decision_reference=""), name="retention_term_has_decision"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_record_type_display()}: {self.years} ({self.decision_reference})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError(
                "Een besluit over een bewaartermijn wijzigt niet; neem een nieuw."
            )
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("Een besluit over een bewaartermijn wordt niet verwijderd.")
