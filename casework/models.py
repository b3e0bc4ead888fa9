"""The household dossier: who lives there, what comes in, what is owed, and how they are doing.

Dates that cannot lie in the future are CHECK constraints added by migration 0003 on PostgreSQL
(SQLite, the embedded default, refuses a clock in a CHECK).

Every invariant that the database can hold is a constraint here; the services check the rest
(cross-row rules such as a child's plausible age) before they write.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from casework.constants import (
    MAX_COLLECTION_MONTHLY,
    MAX_DEBT_AMOUNT,
    MAX_FIXED_COST_MONTHLY,
    MONTHLY_FACTOR,
    SPECIAL_DOMAINS,
    ZRM_VERSION,
    AssetKind,
    ChildcareKind,
    CreditorKind,
    DebtStage,
    FixedCostKind,
    GoalStatus,
    HouseholdStatus,
    IncomeKind,
    JournalKind,
    LandlordKind,
    OrganisationKind,
    Period,
    Relation,
    SchemeCode,
    Tenure,
    WgsPhase,
    WgsThreat,
    ZrmDomain,
    ZrmScore,
)
from core.bsn import decrypt_bsn, decrypt_text, encrypt_text
from core.choices import ChoiceLabelsMixin
from core.models import Municipality, Team

MONEY = {"max_digits": 12, "decimal_places": 2}
NON_NEGATIVE = [MinValueValidator(Decimal("0"))]
postcode_validator = RegexValidator(
    r"^[1-9][0-9]{3} ?[A-Z]{2}$", _("Vul een postcode in als 1234 AB.")
)


def _not_in_future(instance: models.Model, field: str) -> None:
    value = getattr(instance, field)
    if value is not None and value > timezone.localdate():
        raise ValidationError({field: _("Deze datum kan niet in de toekomst liggen.")})


def _non_negative(field: str, name: str) -> models.CheckConstraint:
    return models.CheckConstraint(condition=Q(**{f"{field}__gte": 0}), name=name)


class HouseholdQuerySet(models.QuerySet["Household"]):
    def in_teams(self, team_ids: frozenset[int]) -> HouseholdQuerySet:
        # A dossier destroyed after its retention term is only a pseudonymous shell: never a case.
        return self.filter(team_id__in=team_ids, anonymised_at__isnull=True)


class Household(ChoiceLabelsMixin, models.Model):
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, related_name="households", verbose_name=_("team")
    )
    # Only what is needed to find the address; no street names or town.
    postcode = models.CharField(
        _("postcode"), max_length=7, validators=[postcode_validator], db_index=True
    )
    house_number = models.PositiveIntegerField(_("huisnummer"), validators=[MinValueValidator(1)])
    house_number_suffix = models.CharField(_("toevoeging"), max_length=10, blank=True)
    start_date = models.DateField(_("startdatum"))
    status = models.CharField(
        _("status"), max_length=10, choices=HouseholdStatus.choices, default=HouseholdStatus.OPEN
    )
    status_reason = models.TextField(_("reden van de laatste statuswijziging"), blank=True)
    # The retention term of a closed dossier counts from this date (Selectielijst: the end of the
    # process); empty while open.
    closed_on = models.DateField(_("afgesloten op"), null=True, blank=True)
    # Set when the dossier was destroyed after its retention term: what remains is a shell with
    # no personal data, kept so the doorbraken and their signal figures still count households.
    anonymised_at = models.DateTimeField(_("vernietigd op"), null=True, blank=True)
    assigned_professional = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_households",
        verbose_name=_("casusregisseur"),
    )
    # Denormalised for the list: the applicant's family name, kept in step by the services.
    display_name = models.CharField(_("naam"), max_length=200, blank=True, db_index=True)
    latest_assessment = models.ForeignKey(
        "Assessment", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Facts the screening asks for (individuele inkomenstoeslag, kwijtschelding); empty is unknown.
    low_income_since = models.DateField(_("laag inkomen sinds"), null=True, blank=True)
    municipal_tax_yearly = models.DecimalField(
        _("gemeentelijke belastingen per jaar"),
        **MONEY,
        null=True,
        blank=True,
        validators=NON_NEGATIVE,
    )
    # Optimistic locking: every change bumps it; a change based on an old version is refused.
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = HouseholdQuerySet.as_manager()

    class Meta:
        verbose_name = _("huishouden")
        verbose_name_plural = _("huishoudens")
        ordering = ["-updated_at", "-id"]
        indexes = [
            models.Index(fields=["team", "status", "-updated_at"], name="hh_team_status"),
            # The list's default order within a user's teams: an index scan stops at the page.
            models.Index(fields=["team", "-updated_at", "-id"], name="hh_team_recent"),
        ]
        constraints = [_non_negative("municipal_tax_yearly", "hh_municipal_tax_nonneg")]

    def __str__(self) -> str:
        return _("Huishouden %(name)s (%(id)s)") % {"name": self.display_name, "id": self.pk}

    @property
    def is_open(self) -> bool:
        return self.status == HouseholdStatus.OPEN

    @property
    def address_label(self) -> str:
        return f"{self.postcode} {self.house_number}{self.house_number_suffix}".strip()


class Member(ChoiceLabelsMixin, models.Model):
    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="members")
    relation = models.CharField(_("relatie"), max_length=12, choices=Relation.choices)
    given_name = models.CharField(_("voornaam"), max_length=100)
    family_name = models.CharField(_("achternaam"), max_length=150)
    birth_date = models.DateField(_("geboortedatum"))
    # The BSN is stored encrypted; the keyed hash (which includes the municipality code) finds an
    # exact match and keeps a BSN unique within a municipality.
    bsn_encrypted = models.TextField(blank=True, editable=False)
    bsn_hash = models.CharField(max_length=64, blank=True, editable=False, db_index=True)
    bsn_last4 = models.CharField(max_length=4, blank=True, editable=False)
    lives_in = models.BooleanField(_("woont in het huishouden"), default=True)
    health_insured = models.BooleanField(_("zorgverzekerd"), null=True, blank=True)
    is_student = models.BooleanField(_("studeert (WSF/WTOS)"), default=False)
    in_detention = models.BooleanField(_("gedetineerd"), default=False)
    assessed_income_yearly = models.DecimalField(
        _("toetsingsinkomen per jaar"),
        **MONEY,
        null=True,
        blank=True,
        validators=NON_NEGATIVE,
        help_text=_("Het toetsingsinkomen volgens de Belastingdienst, als het bekend is."),
    )
    # Facts the screening asks for; empty (None, "") means "not asked yet", never "no".
    has_no_income = models.BooleanField(
        _("heeft geen inkomen"),
        default=False,
        help_text=_("Aangevinkt: het gezinslid heeft echt geen inkomen (niet: onbekend)."),
    )
    works_or_studies = models.BooleanField(
        _("werkt, studeert of volgt een traject"), null=True, blank=True
    )
    childcare = models.CharField(
        _("kinderopvang"), max_length=12, choices=ChildcareKind.choices, blank=True
    )
    childcare_hours_monthly = models.DecimalField(
        _("uren kinderopvang per maand"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        validators=NON_NEGATIVE,
    )
    childcare_hourly_rate = models.DecimalField(
        _("uurprijs kinderopvang"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        validators=NON_NEGATIVE,
    )

    class Meta:
        verbose_name = _("gezinslid")
        verbose_name_plural = _("gezinsleden")
        # `household_id`, not `household`: a foreign key in `ordering` makes Django join the parent
        # table and sort by the parent's own ordering, on every query of the children.
        ordering = ["household_id", "relation", "birth_date", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["household"],
                condition=Q(relation=Relation.APPLICANT),
                name="member_one_applicant",
                violation_error_message=_("Een huishouden heeft precies één aanvrager."),
            ),
            models.UniqueConstraint(
                fields=["household"],
                condition=Q(relation=Relation.PARTNER),
                name="member_one_partner",
                violation_error_message=_("Een huishouden heeft hoogstens één partner."),
            ),
            models.UniqueConstraint(
                fields=["bsn_hash"],
                condition=~Q(bsn_hash=""),
                name="member_bsn_unique_in_municipality",
                violation_error_message=_("Dit BSN is al geregistreerd in deze gemeente."),
            ),
            models.CheckConstraint(
                condition=Q(relation__in=Relation.values), name="member_relation_valid"
            ),
            _non_negative("assessed_income_yearly", "member_assessed_income_nonneg"),
            models.CheckConstraint(
                condition=Q(childcare__in=["", *ChildcareKind.values]),
                name="member_childcare_valid",
            ),
            _non_negative("childcare_hours_monthly", "member_childcare_hours_nonneg"),
            _non_negative("childcare_hourly_rate", "member_childcare_rate_nonneg"),
        ]

    def __str__(self) -> str:
        return f"{self.given_name} {self.family_name}"

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}"

    @property
    def bsn_masked(self) -> str:
        return ("*****" + self.bsn_last4) if self.bsn_last4 else ""

    def reveal_bsn(self) -> str:
        """The full BSN. Call only through `casework.services.member_reveal_bsn` (audited)."""
        return decrypt_bsn(self.bsn_encrypted) if self.bsn_encrypted else ""


class Income(ChoiceLabelsMixin, models.Model):
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="incomes")
    kind = models.CharField(_("soort"), max_length=20, choices=IncomeKind.choices)
    gross_amount = models.DecimalField(
        _("bruto bedrag"), **MONEY, null=True, blank=True, validators=NON_NEGATIVE
    )
    net_amount = models.DecimalField(
        _("netto bedrag"), **MONEY, null=True, blank=True, validators=NON_NEGATIVE
    )
    period = models.CharField(
        _("periode"), max_length=12, choices=Period.choices, default=Period.MONTH
    )
    is_stable = models.BooleanField(_("vast inkomen"), default=True)
    # Normalised per month when saved through the services (MONTHLY_FACTOR).
    gross_monthly = models.DecimalField(**MONEY, null=True, blank=True, editable=False)
    net_monthly = models.DecimalField(**MONEY, null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("inkomen")
        verbose_name_plural = _("inkomens")
        ordering = ["member_id", "id"]
        constraints = [
            _non_negative("gross_amount", "income_gross_nonneg"),
            _non_negative("net_amount", "income_net_nonneg"),
            models.CheckConstraint(
                condition=Q(gross_amount__isnull=False) | Q(net_amount__isnull=False),
                name="income_has_an_amount",
                violation_error_message=_("Vul een bruto of een netto bedrag in."),
            ),
            models.CheckConstraint(condition=Q(kind__in=IncomeKind.values), name="income_kind"),
            models.CheckConstraint(condition=Q(period__in=Period.values), name="income_period"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.member}"

    def normalise(self) -> None:
        factor = MONTHLY_FACTOR[self.period]
        cent = Decimal("0.01")
        self.gross_monthly = (
            (self.gross_amount * factor).quantize(cent) if self.gross_amount is not None else None
        )
        self.net_monthly = (
            (self.net_amount * factor).quantize(cent) if self.net_amount is not None else None
        )


class Asset(ChoiceLabelsMixin, models.Model):
    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="assets")
    kind = models.CharField(_("soort"), max_length=20, choices=AssetKind.choices)
    value = models.DecimalField(_("waarde"), **MONEY, validators=NON_NEGATIVE)
    description = models.CharField(_("omschrijving"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("vermogensbestanddeel")
        verbose_name_plural = _("vermogen")
        ordering = ["household_id", "id"]
        constraints = [
            _non_negative("value", "asset_value_nonneg"),
            models.CheckConstraint(condition=Q(kind__in=AssetKind.values), name="asset_kind"),
        ]

    def __str__(self) -> str:
        return self.get_kind_display()


class Housing(ChoiceLabelsMixin, models.Model):
    household = models.OneToOneField(Household, on_delete=models.CASCADE, related_name="housing")
    tenure = models.CharField(_("woonsituatie"), max_length=20, choices=Tenure.choices)
    basic_rent = models.DecimalField(
        _("kale huur per maand"), **MONEY, null=True, blank=True, validators=NON_NEGATIVE
    )
    service_costs = models.DecimalField(
        _("servicekosten per maand"), **MONEY, null=True, blank=True, validators=NON_NEGATIVE
    )
    landlord_kind = models.CharField(
        _("verhuurder"), max_length=20, choices=LandlordKind.choices, blank=True
    )

    class Meta:
        verbose_name = _("woonsituatie")
        verbose_name_plural = _("woonsituaties")
        constraints = [
            _non_negative("basic_rent", "housing_rent_nonneg"),
            _non_negative("service_costs", "housing_service_nonneg"),
            models.CheckConstraint(condition=Q(tenure__in=Tenure.values), name="housing_tenure"),
        ]

    def __str__(self) -> str:
        return self.get_tenure_display()


class Debt(ChoiceLabelsMixin, models.Model):
    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="debts")
    member = models.ForeignKey(
        Member, on_delete=models.SET_NULL, null=True, blank=True, related_name="debts"
    )
    creditor_kind = models.CharField(
        _("soort schuldeiser"), max_length=20, choices=CreditorKind.choices
    )
    creditor_name = models.CharField(_("schuldeiser"), max_length=150, blank=True)
    amount = models.DecimalField(
        _("openstaand bedrag"),
        **MONEY,
        validators=[*NON_NEGATIVE, MaxValueValidator(MAX_DEBT_AMOUNT)],
    )
    arrears_months = models.PositiveSmallIntegerField(_("maanden achterstand"), default=0)
    in_collection = models.BooleanField(_("bij incasso of deurwaarder"), default=False)
    bkr_registered = models.BooleanField(_("BKR-registratie"), default=False)
    registered_on = models.DateField(_("vastgelegd op"), null=True, blank=True)
    stage = models.CharField(
        _("stadium van de invordering"), max_length=12, choices=DebtStage.choices, blank=True
    )
    collection_monthly = models.DecimalField(
        _("ingehouden per maand"),
        **MONEY,
        null=True,
        blank=True,
        validators=[*NON_NEGATIVE, MaxValueValidator(MAX_COLLECTION_MONTHLY)],
        help_text=_(
            "Wat de schuldeiser maandelijks inhoudt of verrekent (beslag, verrekening door Dienst "
            "Toeslagen, CJIB of Belastingdienst, of een betalingsregeling)."
        ),
    )
    deadline = models.DateField(
        _("uiterste datum"),
        null=True,
        blank=True,
        help_text=_("Bijvoorbeeld de aangezegde datum van ontruiming of afsluiting."),
    )
    phase = models.CharField(
        _("fase schuldhulpverlening"),
        max_length=20,
        choices=WgsPhase.choices,
        default=WgsPhase.TOEGANG,
        help_text=_(
            "In de vroegsignalering gebruikt de gemeente alleen de gegevens van het signaal: "
            "schuldeiser, bedrag en duur van de achterstand (art. 8b Wgs)."
        ),
    )

    class Meta:
        verbose_name = _("schuld")
        verbose_name_plural = _("schulden")
        ordering = ["household_id", "-amount", "id"]
        constraints = [
            _non_negative("amount", "debt_amount_nonneg"),
            models.CheckConstraint(
                condition=Q(creditor_kind__in=CreditorKind.values), name="debt_creditor_kind"
            ),
            models.CheckConstraint(
                condition=Q(stage="") | Q(stage__in=DebtStage.values), name="debt_stage"
            ),
            models.CheckConstraint(condition=Q(phase__in=WgsPhase.values), name="debt_phase"),
            models.CheckConstraint(
                condition=Q(collection_monthly__gte=0)
                & Q(collection_monthly__lte=MAX_COLLECTION_MONTHLY),
                name="debt_collection_range",
            ),
        ]

    def __str__(self) -> str:
        return self.creditor_name or self.get_creditor_kind_display()

    def clean(self) -> None:
        _not_in_future(self, "registered_on")


class FixedCost(ChoiceLabelsMixin, models.Model):
    """One fixed monthly cost of the household budget (rent, energy, premiums, ...)."""

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="fixed_costs")
    kind = models.CharField(_("soort"), max_length=20, choices=FixedCostKind.choices)
    monthly = models.DecimalField(
        _("bedrag per maand"),
        **MONEY,
        validators=[*NON_NEGATIVE, MaxValueValidator(MAX_FIXED_COST_MONTHLY)],
    )
    description = models.CharField(_("omschrijving"), max_length=200, blank=True)
    phase = models.CharField(
        _("fase schuldhulpverlening"),
        max_length=20,
        choices=WgsPhase.choices,
        default=WgsPhase.TOEGANG,
        help_text=_(
            "Een huishoudbudget hoort bij de toegang of het plan van aanpak (art. 8a Wgs)."
        ),
    )

    class Meta:
        verbose_name = _("vaste last")
        verbose_name_plural = _("vaste lasten")
        ordering = ["household_id", "kind", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(monthly__gte=0) & Q(monthly__lte=MAX_FIXED_COST_MONTHLY),
                name="fixed_cost_monthly_range",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=FixedCostKind.values), name="fixed_cost_kind"
            ),
            models.CheckConstraint(condition=Q(phase__in=WgsPhase.values), name="fixed_cost_phase"),
        ]

    def __str__(self) -> str:
        return self.get_kind_display()


class WgsRequest(ChoiceLabelsMixin, models.Model):
    """A request for debt help under the Wgs, with its statutory time limit (art. 4 Wgs).

    `phase` says for which phase of the Besluit gemeentelijke schuldhulpverlening the record is
    kept; it travels into every audit row written for it. `due_on` is computed by the service
    from `requested_on` and `threat` (three working days, else four weeks).
    """

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="wgs_requests")
    requested_on = models.DateField(_("datum hulpvraag"))
    threat = models.CharField(_("dreiging"), max_length=30, choices=WgsThreat.choices, blank=True)
    phase = models.CharField(
        _("fase"), max_length=20, choices=WgsPhase.choices, default=WgsPhase.TOEGANG
    )
    first_conversation_on = models.DateField(_("datum eerste gesprek"), null=True, blank=True)
    due_on = models.DateField(_("eerste gesprek uiterlijk"), editable=False)
    reminded_at = models.DateTimeField(null=True, blank=True, editable=False)
    escalated_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("hulpvraag schuldhulpverlening")
        verbose_name_plural = _("hulpvragen schuldhulpverlening")
        ordering = ["household_id", "-requested_on", "-id"]
        indexes = [
            # The beat task reads the open requests by due date.
            models.Index(
                fields=["due_on"],
                condition=Q(first_conversation_on__isnull=True),
                name="wgs_open_due",
            )
        ]
        constraints = [
            models.CheckConstraint(condition=Q(phase__in=WgsPhase.values), name="wgs_phase"),
            models.CheckConstraint(
                condition=Q(threat="") | Q(threat__in=WgsThreat.values), name="wgs_threat"
            ),
            models.CheckConstraint(
                condition=Q(first_conversation_on__isnull=True)
                | Q(first_conversation_on__gte=models.F("requested_on")),
                name="wgs_conversation_after_request",
                violation_error_message=_("Het eerste gesprek kan niet vóór de hulpvraag liggen."),
            ),
            models.CheckConstraint(
                condition=Q(due_on__gte=models.F("requested_on")), name="wgs_due_after_request"
            ),
        ]

    def __str__(self) -> str:
        return _("Hulpvraag van %(date)s") % {"date": self.requested_on.strftime("%d-%m-%Y")}

    def clean(self) -> None:
        _not_in_future(self, "requested_on")
        _not_in_future(self, "first_conversation_on")
        if (
            self.requested_on is not None
            and self.first_conversation_on is not None
            and self.first_conversation_on < self.requested_on
        ):
            raise ValidationError(
                {
                    "first_conversation_on": _(
                        "Het eerste gesprek kan niet vóór de hulpvraag liggen."
                    )
                }
            )


class BenefitReceived(ChoiceLabelsMixin, models.Model):
    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="benefits")
    scheme_code = models.CharField(_("regeling"), max_length=50, choices=SchemeCode.choices)
    amount_monthly = models.DecimalField(
        _("bedrag per maand"), **MONEY, null=True, blank=True, validators=NON_NEGATIVE
    )
    since = models.DateField(_("sinds"), null=True, blank=True)

    class Meta:
        verbose_name = _("ontvangen regeling")
        verbose_name_plural = _("ontvangen regelingen")
        ordering = ["household_id", "scheme_code"]
        constraints = [
            models.UniqueConstraint(fields=["household", "scheme_code"], name="benefit_unique"),
            _non_negative("amount_monthly", "benefit_amount_nonneg"),
            models.CheckConstraint(
                condition=Q(scheme_code__in=SchemeCode.values), name="benefit_scheme_code"
            ),
        ]

    def __str__(self) -> str:
        return self.get_scheme_code_display()

    def clean(self) -> None:
        _not_in_future(self, "since")


class Assessment(ChoiceLabelsMixin, models.Model):
    """A ZRM 2017 assessment of the household (or one member) on one date."""

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="assessments")
    member = models.ForeignKey(
        Member, on_delete=models.SET_NULL, null=True, blank=True, related_name="assessments"
    )
    assessed_on = models.DateField(_("datum"))
    version = models.CharField(_("versie"), max_length=20, default=ZRM_VERSION)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("ZRM-meting")
        verbose_name_plural = _("ZRM-metingen")
        ordering = ["household_id", "-assessed_on", "-id"]

    def __str__(self) -> str:
        return f"{self.version} {self.assessed_on:%d-%m-%Y}"


class AssessmentScore(ChoiceLabelsMixin, models.Model):
    """One filled ZRM domain. Domains are optional (data minimisation, AVG art. 5(1)(c)): a domain
    is scored only with a reason why it matters for this household.

    The score and reason of a health, addiction or justice domain are special personal data
    (AVG art. 9/10): they are stored only encrypted, with the BSN's keys (`score_encrypted`,
    `reason_encrypted`; `score` stays empty). Other domains keep both in plain text. The
    constraints hold these rules in the database. Read the values through `score_value()` and
    `reason_text()`; SQL over `score` (list filters, lowest score) sees the other domains only.
    """

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="scores")
    domain = models.CharField(_("domein"), max_length=40, choices=ZrmDomain.choices)
    score = models.PositiveSmallIntegerField(
        _("score"), choices=ZrmScore.choices, null=True, blank=True
    )
    score_encrypted = models.TextField(blank=True, editable=False)
    reason = models.TextField(_("reden"), blank=True)
    reason_encrypted = models.TextField(blank=True, editable=False)

    class Meta:
        verbose_name = _("ZRM-score")
        verbose_name_plural = _("ZRM-scores")
        ordering = ["assessment_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "domain"], name="score_unique_domain"),
            models.CheckConstraint(condition=Q(score__gte=1, score__lte=5), name="score_1_to_5"),
            models.CheckConstraint(condition=Q(domain__in=ZrmDomain.values), name="score_domain"),
            models.CheckConstraint(
                condition=~Q(reason="") | ~Q(reason_encrypted=""),
                name="score_has_reason",
                violation_error_message=_("Geef aan waarom dit domein is ingevuld."),
            ),
            # Special categories never in plain text; the others never encrypted (no false comfort).
            models.CheckConstraint(
                condition=(
                    (
                        Q(domain__in=SPECIAL_DOMAINS)
                        & Q(score__isnull=True, reason="")
                        & ~Q(score_encrypted="")
                    )
                    | (
                        ~Q(domain__in=SPECIAL_DOMAINS)
                        & Q(score__isnull=False, score_encrypted="", reason_encrypted="")
                    )
                ),
                name="score_special_encrypted",
            ),
        ]

    def __str__(self) -> str:
        return str(self.get_domain_display())

    @classmethod
    def for_domain(
        cls, assessment: Assessment, domain: str, score: int, reason: str
    ) -> AssessmentScore:
        """An unsaved score row, encrypted where the domain is a special category (the other
        domains in plain text, as the constraint above demands)."""
        if domain in SPECIAL_DOMAINS:
            return cls(
                assessment=assessment,
                domain=domain,
                score_encrypted=encrypt_text(str(score)),
                reason_encrypted=encrypt_text(reason),
            )
        return cls(assessment=assessment, domain=domain, score=score, reason=reason)

    def score_value(self) -> int:
        """The score, decrypted for a special domain. Callers showing it audit the read."""
        return int(decrypt_text(self.score_encrypted)) if self.score_encrypted else int(self.score)

    def reason_text(self) -> str:
        """The reason in plain text. Callers of a special domain's reason audit the read."""
        return decrypt_text(self.reason_encrypted) if self.reason_encrypted else self.reason


class PerspectivePlan(ChoiceLabelsMixin, models.Model):
    """Where the household wants to be, in its own words."""

    household = models.OneToOneField(
        Household, on_delete=models.CASCADE, related_name="perspective_plan"
    )
    own_words = models.TextField(_("in eigen woorden"), blank=True)
    desired_situation = models.TextField(
        _("waar wil het huishouden over een jaar staan"), blank=True
    )
    needs = models.TextField(_("wat is daarvoor nodig"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("perspectiefplan")
        verbose_name_plural = _("perspectiefplannen")

    def __str__(self) -> str:
        return str(_("Perspectiefplan"))


class PlanGoal(ChoiceLabelsMixin, models.Model):
    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="goals")
    description = models.CharField(_("doel"), max_length=300)
    status = models.CharField(
        _("status"), max_length=12, choices=GoalStatus.choices, default=GoalStatus.OPEN
    )
    target_date = models.DateField(_("streefdatum"), null=True, blank=True)

    class Meta:
        verbose_name = _("doel")
        verbose_name_plural = _("doelen")
        ordering = ["household_id", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=GoalStatus.values), name="goal_status"),
        ]

    def __str__(self) -> str:
        return self.description


class InvolvedOrganisation(ChoiceLabelsMixin, models.Model):
    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="organisations")
    name = models.CharField(_("organisatie"), max_length=150)
    kind = models.CharField(_("soort"), max_length=20, choices=OrganisationKind.choices)
    contact = models.CharField(_("contactpersoon"), max_length=150, blank=True)
    yearly_cost = models.DecimalField(
        _("geschatte kosten per jaar"), **MONEY, default=Decimal("0"), validators=NON_NEGATIVE
    )

    class Meta:
        verbose_name = _("betrokken organisatie")
        verbose_name_plural = _("betrokken organisaties")
        ordering = ["household_id", "name"]
        constraints = [
            _non_negative("yearly_cost", "organisation_cost_nonneg"),
            models.CheckConstraint(
                condition=Q(kind__in=OrganisationKind.values), name="organisation_kind"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class JournalEntryQuerySet(models.QuerySet["JournalEntry"]):
    def update(self, **kwargs: Any) -> int:
        raise PermissionError("Het journaal is alleen-toevoegen: regels wijzigen kan niet.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("Het journaal is alleen-toevoegen: regels verwijderen kan niet.")


class JournalEntry(ChoiceLabelsMixin, models.Model):
    """The case journal: append-only, like the audit log.

    This model and its queryset refuse updates and deletes. On PostgreSQL, triggers refuse any
    UPDATE (migration 0002) and any DELETE of an entry whose household still exists (0007,
    checked at commit): an entry goes only with its whole dossier, when the household itself is
    deleted (Django's cascade deletes the entries first, in the same transaction).
    """

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="journal")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    kind = models.CharField(_("soort"), max_length=10, choices=JournalKind.choices)
    occurred_on = models.DateField(_("datum"))
    text = models.TextField(_("tekst"))
    created_at = models.DateTimeField(auto_now_add=True)

    objects: ClassVar[JournalEntryQuerySet] = JournalEntryQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("journaalregel")
        verbose_name_plural = _("journaal")
        ordering = ["household_id", "-occurred_on", "-id"]
        # The case page reads the newest entries of one household in exactly this order.
        indexes = [
            models.Index(fields=["household", "-occurred_on", "-id"], name="journal_hh_occurred")
        ]

    def __str__(self) -> str:
        return f"{self.occurred_on:%d-%m-%Y} {self.get_kind_display()}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("Het journaal is alleen-toevoegen.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("Het journaal is alleen-toevoegen: regels verwijderen kan niet.")


class BsnDuplicateTask(models.Model):
    """A BSN entered for a member that the municipality already knows: for the team lead.

    The professional who typed it gets the same answer as for a new BSN (otherwise the form
    tells anyone whether a person is a client elsewhere, BIO 9.4.1 need-to-know). The member is
    kept with the BSN encrypted but without its lookup hash, and each team involved gets one
    task that names its own household and the other team (never the other household); the two
    leads sort out the duplicate together. Reading the task list is audited.
    """

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="+")
    other_team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="+")
    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="+")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="+")
    # True for the side whose member was just entered; False for the member registered earlier.
    entered_here = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("taak mogelijk dubbel BSN")
        verbose_name_plural = _("taken mogelijk dubbel BSN")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["team", "resolved_at"], name="bsn_task_team_open")]

    def __str__(self) -> str:
        return f"BSN-taak {self.pk}"
