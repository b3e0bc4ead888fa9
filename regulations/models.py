"""The scheme catalogue in the database, screening snapshots and the re-screening bookkeeping.

Parameter values come from the data files in `regulations/data/` (reviewable in a diff) through
`manage.py load_regulations`; a functional admin can add or correct values (for next year, or a
municipality's own open terms) in the admin without a deploy.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from casework.models import Household
from core.models import Municipality, Team
from regulations.grant_routes import AMBTSHALVE_CODES


class Regulation(models.Model):
    code = models.CharField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("naam"), max_length=200)
    level = models.CharField(
        _("niveau"),
        max_length=12,
        choices=[("rijk", _("Rijk")), ("uitvoerder", _("Uitvoerder")), ("gemeente", _("Gemeente"))],
    )
    administering_body = models.CharField(_("uitvoerder"), max_length=150)
    legal_basis = models.CharField(_("wettelijke grondslag"), max_length=300)
    article = models.CharField(_("artikel"), max_length=200, blank=True)
    law_url = models.URLField(_("wetten.overheid.nl"), max_length=300)
    pillar = models.CharField(_("pijler"), max_length=30)
    theme = models.CharField(_("thema"), max_length=30)
    description = models.TextField(_("omschrijving"), blank=True)

    class Meta:
        verbose_name = _("regeling")
        verbose_name_plural = _("regelingen")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class ParameterValue(models.Model):
    """One dated parameter value; municipality_code empty means the national value or default."""

    key = models.CharField(_("parameter"), max_length=120, db_index=True)
    value = models.JSONField(_("waarde"), help_text=_('Bedragen als tekst, bv. "1234.56".'))
    kind = models.CharField(_("type"), max_length=20, default="decimal")
    unit = models.CharField(_("eenheid"), max_length=30, blank=True)
    valid_from = models.DateField(_("geldig vanaf"))
    valid_to = models.DateField(_("geldig tot en met"), null=True, blank=True)
    municipality_code = models.CharField(_("gemeente (CBS-code)"), max_length=6, blank=True)
    source_url = models.URLField(_("bron"), max_length=500)
    source_title = models.CharField(
        _("titel van de bron"),
        max_length=200,
        blank=True,
        help_text=_('De publicatie zoals men die noemt, bv. "Staatscourant 2025, 44064".'),
    )
    grade = models.CharField(
        _("betrouwbaarheid"),
        max_length=1,
        choices=[
            ("A", _("A: officiële bron")),
            ("B", _("B: secundaire bron")),
            ("C", _("C: onzeker")),
        ],
    )
    note = models.TextField(_("toelichting"), blank=True)
    final = models.BooleanField(
        _("laatste waarde"),
        default=False,
        help_text=_("De regeling is beëindigd: geen opvolger verwacht, niet doorgetrokken."),
    )
    origin = models.CharField(
        _("herkomst"),
        max_length=10,
        choices=[
            ("file", _("Databestand")),
            ("admin", _("Functioneel beheer")),
            ("pack", _("Parameterpakket")),
        ],
        default="admin",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("parameterwaarde")
        verbose_name_plural = _("parameterwaarden")
        ordering = ["key", "municipality_code", "valid_from"]
        # National values (no municipality code) change every municipality's screenings: only the
        # installation's national admin holds this; a municipality's own values need no extra right.
        permissions = [
            ("manage_national_parameters", _("Landelijke parameterwaarden beheren")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["key", "municipality_code", "valid_from"], name="parameter_unique_version"
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="parameter_valid_period",
            ),
        ]

    def __str__(self) -> str:
        where = f" ({self.municipality_code})" if self.municipality_code else ""
        return f"{self.key}{where} vanaf {self.valid_from:%d-%m-%Y}"


class ParameterPack(models.Model):
    """An uploaded set of parameter values, applied only after a second functional admin approves.

    The content is kept as uploaded (reviewable, reproducible); ``diff`` is what it would change,
    computed at upload and again at approval.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Wacht op goedkeuring")
        APPLIED = "applied", _("Goedgekeurd en toegepast")
        REJECTED = "rejected", _("Afgewezen")

    filename = models.CharField(_("bestandsnaam"), max_length=200)
    content = models.TextField(_("inhoud"))
    sha256 = models.CharField(max_length=64)
    diff = models.JSONField(_("wijzigingen"), default=list, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("parameterpakket")
        verbose_name_plural = _("parameterpakketten")
        ordering = ["-uploaded_at", "-id"]
        constraints = [
            # Four eyes, also in the database: the uploader never decides on the own pack.
            models.CheckConstraint(
                condition=Q(decided_by__isnull=True) | ~Q(decided_by=models.F("uploaded_by")),
                name="parameterpack_four_eyes",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_status_display()})"


class Screening(models.Model):
    """A reproducible snapshot: the inputs, the reference date, the results and the versions."""

    class Trigger(models.TextChoices):
        MANUAL = "manual", _("Handmatig")
        CHANGE = "change", _("Wijziging in het dossier")
        PARAMETERS = "parameters", _("Nieuwe parameters")

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="+")
    reference_date = models.DateField(_("peildatum"))
    inputs = models.JSONField(_("invoer"))
    results = models.JSONField(_("uitkomsten"))
    parameter_versions = models.JSONField(_("gebruikte parameterversies"), default=dict)
    engine_version = models.CharField(max_length=40)
    trigger = models.CharField(max_length=12, choices=Trigger.choices, default=Trigger.MANUAL)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Summary columns for lists and reports, so they need not parse `results`.
    eligible_codes = models.JSONField(default=list)
    non_take_up_codes = models.JSONField(default=list)
    # Schemes computed with a value carried past its end, and those parameter keys: a catalogue
    # update re-screens exactly these snapshots' households (SCHEMES.md §0).
    provisional_codes = models.JSONField(default=list, blank=True)
    provisional_keys = models.JSONField(default=list, blank=True)

    class Meta:
        verbose_name = _("toetsing")
        verbose_name_plural = _("toetsingen")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["household", "-created_at"], name="screening_hh_latest")]

    def __str__(self) -> str:
        return f"Toetsing {self.pk} ({self.reference_date:%d-%m-%Y})"


class ProactiveGrant(models.Model):
    """A household entitled to a scheme it does not receive: a piece of work for the team.

    The route depends on who grants the scheme (``regulations.grant_routes``): the gemeente's own
    schemes can be granted without an application (``granted``); for a toeslag or kinderbijslag
    the team helps the household apply to Dienst Toeslagen or the SVB and records that the
    application was made (``applied``, with the body in ``applied_to``).
    """

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        GRANTED = "granted", _("Toegekend")
        APPLIED = "applied", _("Aanvraag ingediend")
        DISMISSED = "dismissed", _("Niet van toepassing")

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="+")
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="+")
    scheme_code = models.CharField(_("regeling"), max_length=60)
    amount_monthly = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    screening = models.ForeignKey(Screening, on_delete=models.SET_NULL, null=True, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    # The latest screening found it with a value carried past its end: say so on the list.
    provisional = models.BooleanField(_("voorlopig"), default=False)
    note = models.TextField(_("toelichting"), blank=True)
    applied_to = models.CharField(_("aanvraag ingediend bij"), max_length=60, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    handled_at = models.DateTimeField(null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("proactief toekennen")
        verbose_name_plural = _("proactief toekennen")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["household", "scheme_code"],
                condition=Q(status="open"),
                name="proactive_one_open_per_scheme",
            ),
            # The gemeente cannot grant what Dienst Toeslagen or the SVB grants, and an
            # application is recorded with the body it went to.
            models.CheckConstraint(
                condition=~Q(status="granted") | Q(scheme_code__in=sorted(AMBTSHALVE_CODES)),
                name="proactive_granted_only_municipal",
            ),
            models.CheckConstraint(
                condition=~Q(status="applied")
                | (~Q(scheme_code__in=sorted(AMBTSHALVE_CODES)) & ~Q(applied_to="")),
                name="proactive_applied_with_body",
            ),
        ]
        indexes = [models.Index(fields=["team", "status"], name="proactive_team_status")]

    def __str__(self) -> str:
        return f"{self.scheme_code} ({self.household_id})"


class RescreenRun(models.Model):
    """A bulk re-screen of all open households, in chunks over the workers, with progress."""

    class Status(models.TextChoices):
        RUNNING = "running", _("Bezig")
        DONE = "done", _("Klaar")
        FAILED = "failed", _("Mislukt")

    reason = models.CharField(_("aanleiding"), max_length=200)
    reference_date = models.DateField(_("peildatum"))
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    failed = models.PositiveIntegerField(default=0)
    chunks_total = models.PositiveIntegerField(default=0)
    chunks_done = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.RUNNING)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("herberekening")
        verbose_name_plural = _("herberekeningen")
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"{self.reason} ({self.done}/{self.total})"

    @property
    def percentage(self) -> int:
        return int(100 * self.done / self.total) if self.total else 100


class RescreenChunk(models.Model):
    """Marks a chunk of a run as stored, in the same transaction as its snapshots.

    Tasks are acknowledged late, so a chunk can be delivered twice; the unique marker makes the
    second delivery store nothing and count nothing.
    """

    run = models.ForeignKey(RescreenRun, on_delete=models.CASCADE, related_name="chunks")
    index = models.PositiveIntegerField()
    done = models.PositiveIntegerField(default=0)
    failed = models.PositiveIntegerField(default=0)
    stored_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["run", "index"], name="rescreen_chunk_once")]

    def __str__(self) -> str:
        return f"{self.run_id}#{self.index}"


class Reform(models.Model):
    """A named, dated set of parameter overrides and switches (``regulations.schemes.reforms``).

    ``spec`` is the canonical form of the YAML; the other columns repeat its header for lists.
    """

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("naam"), max_length=200)
    description = models.TextField(_("omschrijving"), blank=True)
    valid_from = models.DateField(_("geldig vanaf"))
    valid_to = models.DateField(_("geldig tot en met"), null=True, blank=True)
    spec = models.JSONField(_("hervorming"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("hervorming")
        verbose_name_plural = _("hervormingen")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="reform_valid_period",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Simulation(models.Model):
    """One run of a reform over a municipality's open caseload.

    Immutable once finished (``done`` or ``failed``): the service never updates it and a
    PostgreSQL trigger refuses any UPDATE or DELETE of a finished row (regulations migration 0006).
    It keeps its inputs (the reform as run, the reference date, the number of households and a
    hash of their facts), the engine version and the parameter versions used.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("In de wachtrij")
        RUNNING = "running", _("Bezig")
        DONE = "done", _("Klaar")
        FAILED = "failed", _("Mislukt")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    reform = models.ForeignKey(Reform, on_delete=models.PROTECT, related_name="simulations")
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    reference_date = models.DateField(_("peildatum"))
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    inputs = models.JSONField(_("invoer"), default=dict)
    engine_version = models.CharField(max_length=40, blank=True)
    parameter_versions = models.JSONField(_("gebruikte parameterversies"), default=dict, blank=True)
    # The raw figures (for the report's own disclosure control) and the published ones; empty
    # until the run is done.
    figures = models.JSONField(default=dict, blank=True)
    results = models.JSONField(_("uitkomsten"), default=dict, blank=True)
    error = models.CharField(max_length=300, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("simulatie")
        verbose_name_plural = _("simulaties")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(done__lte=models.F("total")), name="simulation_progress_in_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reform.name} ({self.reference_date:%d-%m-%Y})"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def percentage(self) -> int:
        return int(100 * self.done / self.total) if self.total else 100
