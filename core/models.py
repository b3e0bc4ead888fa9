"""Cross-cutting models: municipality, team, user, membership with role, and the audit log."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from django_otp.plugins.otp_static.models import StaticDevice, StaticToken


class Role(models.TextChoices):
    PROFESSIONAL = "professional", _("Professional")
    TEAM_LEAD = "team_lead", _("Teamleider")
    BOARD_MEMBER = "board_member", _("Lid doorbraakteam")
    POLICY_OFFICER = "policy_officer", _("Beleidsmedewerker")
    FUNCTIONAL_ADMIN = "functional_admin", _("Functioneel beheerder")
    AUDITOR = "auditor", _("Auditor / privacyfunctionaris")


# Roles that work inside one team; the others act for the whole municipality.
TEAM_ROLES = frozenset({Role.PROFESSIONAL, Role.TEAM_LEAD})
# A fixed order, so the constraint below does not change with hash randomisation.
TEAM_ROLE_VALUES = sorted(role.value for role in TEAM_ROLES)
# Roles that may see the content of a household dossier (need-to-know, BIO 8.03.02).
CASE_ROLES = TEAM_ROLES


class Municipality(models.Model):
    cbs_code = models.CharField(
        _("CBS-code"),
        max_length=6,
        unique=True,
        validators=[RegexValidator(r"^GM\d{4}$", _("Een CBS-code ziet eruit als GM0363."))],
    )
    name = models.CharField(_("naam"), max_length=100)

    class Meta:
        verbose_name = _("gemeente")
        verbose_name_plural = _("gemeenten")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.cbs_code})"


class Team(models.Model):
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="teams", verbose_name=_("gemeente")
    )
    name = models.CharField(_("naam"), max_length=100)
    kind = models.CharField(
        _("soort"),
        max_length=30,
        choices=[
            ("wijkteam", _("Wijkteam")),
            ("schuldhulp", _("Schuldhulpverlening")),
            ("werk_inkomen", _("Werk & inkomen")),
            ("other", _("Anders")),
        ],
        default="wijkteam",
    )

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="team_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """A person using Doorbraak. Rights come only from memberships, never from the user row."""

    class Meta:
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class Membership(models.Model):
    """A user's role in a municipality, and for team roles in one team."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    team = models.ForeignKey(
        Team, on_delete=models.CASCADE, null=True, blank=True, related_name="memberships"
    )
    role = models.CharField(_("rol"), max_length=30, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("lidmaatschap")
        verbose_name_plural = _("lidmaatschappen")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "municipality", "team", "role"],
                name="membership_unique",
                nulls_distinct=False,
            ),
            # Team roles need a team; municipality-wide roles have none.
            models.CheckConstraint(
                condition=(
                    models.Q(role__in=TEAM_ROLE_VALUES, team__isnull=False)
                    | (~models.Q(role__in=TEAM_ROLE_VALUES) & models.Q(team__isnull=True))
                ),
                name="membership_team_matches_role",
            ),
        ]

    def __str__(self) -> str:
        where = self.team or self.municipality
        return f"{self.user} - {self.get_role_display()} ({where})"


class AuditResult(models.TextChoices):
    SUCCESS = "success", _("gelukt")
    DENIED = "denied", _("geweigerd")
    FAILURE = "failure", _("mislukt")


class AuditLogQuerySet(models.QuerySet["AuditLog"]):
    def update(self, **kwargs: Any) -> int:
        raise PermissionError("Het auditlog is alleen-toevoegen: regels wijzigen kan niet.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("Het auditlog is alleen-toevoegen: regels verwijderen kan niet.")


class AuditLog(models.Model):
    """Append-only record of who did what to which object, when, from where, why, and the result.

    Fields follow BIO 8.15.01 (event logging). The table is protected three times: this model
    refuses updates and deletes, its queryset does too, and a PostgreSQL trigger raises on any
    UPDATE or DELETE whatever the client. Values never hold personal data: objects are named by
    type and id only. The one change the trigger allows is removing the row's personal data after
    its retention term (`core.audit.audit_remove_personal_data`).
    """

    timestamp = models.DateTimeField(_("tijdstip"), auto_now_add=True, db_index=True)
    # No database FK: a user may be deactivated, but the log must never be rewritten.
    actor = models.ForeignKey(
        User,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("gebruiker"),
    )
    actor_username = models.CharField(_("gebruikersnaam"), max_length=150, blank=True)
    action = models.CharField(_("handeling"), max_length=64, db_index=True)
    object_type = models.CharField(_("objectsoort"), max_length=64, blank=True)
    object_id = models.CharField(_("object-id"), max_length=64, blank=True)
    # The household the event concerns, so a data subject's access request finds every entry.
    household_id = models.BigIntegerField(_("huishouden"), null=True, blank=True, db_index=True)
    municipality_code = models.CharField(_("gemeente"), max_length=6, blank=True)
    result = models.CharField(
        _("resultaat"), max_length=10, choices=AuditResult.choices, default=AuditResult.SUCCESS
    )
    purpose = models.CharField(_("doel"), max_length=100, blank=True)
    ip_address = models.GenericIPAddressField(_("IP-adres"), null=True, blank=True)
    request_id = models.CharField(_("verzoek"), max_length=64, blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)
    # Logboek Dataverwerkingen: the trace and operation (W3C Trace Context) this processing is
    # part of, its activity in the register (core.processing_register) and a pseudonym per
    # data subject (core.audit.subject_pseudonym). Blank only on rows from before these existed.
    trace_id = models.CharField(_("trace"), max_length=32, blank=True, db_index=True)
    span_id = models.CharField(_("operatie"), max_length=16, blank=True)
    parent_span_id = models.CharField(_("aanroepende operatie"), max_length=16, blank=True)
    processing_activity = models.CharField(
        _("verwerkingsactiviteit"), max_length=64, blank=True, db_index=True
    )
    data_subjects = models.JSONField(_("betrokkenen (pseudoniem)"), default=list, blank=True)
    # Set when the row's own retention term ended and its personal data (actor, IP address,
    # household, request, details) were removed; the event itself stays (core migration 0006).
    personal_data_removed_at = models.DateTimeField(
        _("persoonsgegevens verwijderd op"), null=True, blank=True
    )

    objects: ClassVar[AuditLogQuerySet] = AuditLogQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("auditregel")
        verbose_name_plural = _("auditlog")
        ordering = ["-timestamp", "-id"]
        indexes = [
            models.Index(fields=["object_type", "object_id"], name="audit_object_idx"),
            models.Index(fields=["actor", "timestamp"], name="audit_actor_ts_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.timestamp:%Y-%m-%d %H:%M} {self.actor_username} {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("Het auditlog is alleen-toevoegen: regels wijzigen kan niet.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("Het auditlog is alleen-toevoegen: regels verwijderen kan niet.")


class ApiToken(models.Model):
    """A personal API token. Only its SHA-256 is stored; the token itself is shown once.

    Every token expires (API_TOKEN_LIFETIME_DAYS) and can be revoked per user. The prefix, its
    first characters, lets a user and an admin tell their tokens apart without the secret.
    """

    PREFIX_LENGTH = 8

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("naam"), max_length=100)
    prefix = models.CharField(_("begin van het token"), max_length=PREFIX_LENGTH)
    key_sha256 = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("aangemaakt"), auto_now_add=True)
    expires_at = models.DateTimeField(_("verloopt"))
    last_used_at = models.DateTimeField(_("laatst gebruikt"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("ingetrokken"), null=True, blank=True)

    class Meta:
        verbose_name = _("API-token")
        verbose_name_plural = _("API-tokens")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def hash(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @classmethod
    def create_for(cls, *, user: User, name: str, days: int) -> tuple[ApiToken, str]:
        """A new token row and the plaintext key (returned once, never stored)."""
        key = secrets.token_urlsafe(32)
        record = cls.objects.create(
            user=user,
            name=name,
            prefix=key[: cls.PREFIX_LENGTH],
            key_sha256=cls.hash(key),
            expires_at=timezone.now() + timedelta(days=days),
        )
        return record, key

    @property
    def is_usable(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()


class OutboxMessage(models.Model):
    """A Celery task recorded in the transaction of the change that asks for it (transactional
    outbox). It is sent to the broker only after the commit, and stays pending until a send
    succeeded: a broker outage delays the task, it never loses it (core.outbox.relay).

    `dedupe_key` names the work: while a message with that key waits, asking again adds nothing
    (two saves of one household before the relay need one re-screen, of the newest data).
    """

    task_name = models.CharField(max_length=200)
    kwargs = models.JSONField(default=dict)
    dedupe_key = models.CharField(max_length=200)
    created_at = models.DateTimeField(default=timezone.now)
    dispatched_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)

    class Meta:
        verbose_name = _("uitgaande taak")
        verbose_name_plural = _("uitgaande taken")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["dedupe_key"],
                condition=models.Q(dispatched_at__isnull=True),
                name="outbox_one_pending_per_key",
            )
        ]
        indexes = [
            models.Index(
                fields=["id"],
                condition=models.Q(dispatched_at__isnull=True),
                name="outbox_pending",
            )
        ]

    def __str__(self) -> str:
        return f"{self.task_name} [{self.dedupe_key}]"


# Part of the stored format: changing it invalidates every recovery code (migration 0007 has a copy).
RECOVERY_CODE_SALT = "doorbraak.core.RecoveryCodeDevice"
# StaticToken.token's max_length: 16 hex characters, 64 bits of an HMAC keyed with SECRET_KEY.
RECOVERY_CODE_HASH_LENGTH = 16


def recovery_code_hash(code: str, secret: str | bytes | None = None) -> str:
    """The keyed hash stored instead of a recovery code (SECRET_KEY unless `secret` is given)."""
    digest = salted_hmac(RECOVERY_CODE_SALT, code, secret=secret, algorithm="sha256").hexdigest()
    return digest[:RECOVERY_CODE_HASH_LENGTH]


class RecoveryCodeDevice(StaticDevice):
    """django-otp's static device with the recovery codes stored as keyed hashes, not as typed.

    A proxy: the rows stay in django-otp's tables, so its throttle, its session login
    (persistent id "core.recoverycodedevice/<id>") and its middleware work unchanged. A dump of
    the token table alone does not give a code: the hash needs SECRET_KEY.
    """

    class Meta:
        proxy = True
        verbose_name = _("herstelcodes")
        verbose_name_plural = _("herstelcodes")

    def add_codes(self, codes: list[str]) -> None:
        StaticToken.objects.bulk_create(
            StaticToken(device=self, token=recovery_code_hash(code)) for code in codes
        )

    def verify_token(self, token: str) -> bool:
        """django-otp's StaticDevice.verify_token, comparing hashes. Codes hashed under a key
        in SECRET_KEY_FALLBACKS still count, so rotating SECRET_KEY strands nobody."""
        if not self.verify_is_allowed()[0]:
            return False
        keys = [settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS]
        hashes = {recovery_code_hash(token, key) for key in keys}
        match = self.token_set.filter(token__in=hashes).values_list("pk", flat=True).first()
        # Deleting by key is the one use: of two requests with the same code, one deletes it.
        if match is None or not StaticToken.objects.filter(pk=match).delete()[0]:
            self.throttle_increment()
            return False
        self.throttle_reset(commit=False)
        self.set_last_used_timestamp(commit=False)
        self.save()
        return True
