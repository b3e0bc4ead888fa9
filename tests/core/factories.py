from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

import factory
from factory.django import DjangoModelFactory

from core.models import (
    ApiToken,
    AuditLog,
    AuditResult,
    Membership,
    Municipality,
    OutboxMessage,
    RecoveryCodeDevice,
    Role,
    Team,
    User,
)


class MunicipalityFactory(DjangoModelFactory[Municipality]):
    class Meta:
        model = Municipality
        django_get_or_create = ("cbs_code",)

    cbs_code = factory.Sequence(lambda n: f"GM{(n % 9000) + 100:04d}")
    name = factory.Faker("city", locale="nl_NL")


class TeamFactory(DjangoModelFactory[Team]):
    class Meta:
        model = Team

    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.Sequence(lambda n: f"Wijkteam {n}")


class UserFactory(DjangoModelFactory[User]):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    # Fixed width: no username is the start of another ("gebruiker12" in "gebruiker120"), so a
    # test that asserts one is absent from a page cannot fail on a neighbour's.
    username = factory.Sequence(lambda n: f"gebruiker{n:06d}")
    first_name = factory.Faker("first_name", locale="nl_NL")
    last_name = factory.Faker("last_name", locale="nl_NL")
    password = factory.PostGenerationMethodCall("set_password", "geheim-wachtwoord-123")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            obj.save()


class MembershipFactory(DjangoModelFactory[Membership]):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    team = factory.SubFactory(TeamFactory)
    municipality = factory.LazyAttribute(lambda o: o.team.municipality)
    role = Role.PROFESSIONAL


class AuditLogFactory(DjangoModelFactory[AuditLog]):
    """An audit row as `core.audit.audit_record` writes it (the table is append-only)."""

    class Meta:
        model = AuditLog

    actor = factory.SubFactory(UserFactory)
    actor_username = factory.LazyAttribute(lambda o: o.actor.username if o.actor else "")
    action = "household.read"
    result = AuditResult.SUCCESS
    purpose = "casusregie"


class ApiTokenFactory(DjangoModelFactory[ApiToken]):
    class Meta:
        model = ApiToken

    user = factory.SubFactory(UserFactory)
    name = "API"
    prefix = factory.Sequence(lambda n: f"p{n:07d}")
    key_sha256 = factory.Sequence(lambda n: ApiToken.hash(f"test-token-{n}"))
    expires_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=30))


class OutboxMessageFactory(DjangoModelFactory[OutboxMessage]):
    """A re-screen waiting in the outbox (not sent yet)."""

    class Meta:
        model = OutboxMessage

    task_name = "regulations.tasks.rescreen_household"
    kwargs = factory.Sequence(lambda n: {"household_id": n + 1})
    dedupe_key = factory.Sequence(lambda n: f"rescreen-household:{n + 1}")


class RecoveryCodeDeviceFactory(DjangoModelFactory[RecoveryCodeDevice]):
    """A user's recovery-code device, without codes (add them with `add_codes`)."""

    class Meta:
        model = RecoveryCodeDevice

    user = factory.SubFactory(UserFactory)
    name = "herstelcodes"
    confirmed = True
