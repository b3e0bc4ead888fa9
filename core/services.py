"""Changes to who may do what: memberships and account privileges, each checked and audited.

The Django admin calls these instead of saving the rows itself, so a grant, a change or a
revocation is refused outside the acting admin's municipality and always leaves an audit row in
the same transaction (ASVS 7.2.2, BIO 9.2.2).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.models import ApiToken, Membership, Role, User
from core.permissions import access_for

PRIVILEGE_FIELDS = ("is_active", "is_staff", "is_superuser")


def administered_municipality_ids(actor: User) -> frozenset[int] | None:
    """The municipalities `actor` administers; None for a superuser (all of them)."""
    if actor.is_superuser:
        return None
    return access_for(actor).municipality_ids([Role.FUNCTIONAL_ADMIN])


def _require_administers(actor: User, municipality_id: int) -> None:
    ids = administered_municipality_ids(actor)
    if ids is not None and municipality_id not in ids:
        raise PermissionDenied(_("U beheert deze gemeente niet."))


def _membership_data(membership: Membership) -> dict[str, object]:
    return {
        "user_id": membership.user_id,
        "role": membership.role,
        "team_id": membership.team_id,
    }


@transaction.atomic
def membership_save(
    *, actor: User, membership: Membership, request: HttpRequest | None = None
) -> Membership:
    """Grant a new membership or change one, within the actor's own municipality."""
    _require_administers(actor, membership.municipality_id)
    before = None
    if membership.pk is not None:
        before = Membership.objects.select_for_update().get(pk=membership.pk)
        _require_administers(actor, before.municipality_id)
    if membership.user_id == actor.pk and not actor.is_superuser:
        # Nobody raises their own rights: a second admin has to.
        raise PermissionDenied(_("U kunt uw eigen rollen niet wijzigen."))
    if membership.team_id is not None and membership.team.municipality_id != (
        membership.municipality_id
    ):
        raise ValidationError({"team": _("Dit team hoort niet bij deze gemeente.")})
    membership.full_clean()
    membership.save()
    audit_record(
        actor=actor,
        action="membership.grant" if before is None else "membership.change",
        obj=membership,
        request=request,
        municipality_code=membership.municipality.cbs_code,
        purpose="beheer",
        data={
            **_membership_data(membership),
            **({"before": _membership_data(before)} if before is not None else {}),
        },
    )
    return membership


@transaction.atomic
def membership_revoke(
    *, actor: User, membership: Membership, request: HttpRequest | None = None
) -> None:
    _require_administers(actor, membership.municipality_id)
    if membership.user_id == actor.pk and not actor.is_superuser:
        raise PermissionDenied(_("U kunt uw eigen rollen niet wijzigen."))
    audit_record(
        actor=actor,
        action="membership.revoke",
        obj=membership,
        request=request,
        municipality_code=membership.municipality.cbs_code,
        purpose="beheer",
        data=_membership_data(membership),
    )
    membership.delete()


@transaction.atomic
def user_save(
    *, actor: User, user: User, request: HttpRequest | None = None, created: bool = False
) -> User:
    """Save an account from the admin; privilege flags only a superuser may set, audited."""
    before = None if created else User.objects.select_for_update().filter(pk=user.pk).first()
    changed = {
        field: getattr(user, field)
        for field in PRIVILEGE_FIELDS
        if getattr(before, field, False) != getattr(user, field)
    }
    if not actor.is_superuser and changed.keys() & {"is_staff", "is_superuser"}:
        raise PermissionDenied(_("Alleen een superuser kent beheerrechten toe."))
    if not actor.is_superuser and before is not None:
        ids = administered_municipality_ids(actor) or frozenset()
        memberships = Membership.objects.filter(user=user)
        if memberships.exists() and not memberships.filter(municipality_id__in=ids).exists():
            raise PermissionDenied(_("U beheert deze gebruiker niet."))
    user.save()
    if created or changed:
        audit_record(
            actor=actor,
            action="user.create" if created else "user.privileges",
            obj=user,
            request=request,
            purpose="beheer",
            data={"changed": changed} if changed else {},
        )
    return user


# --- personal API tokens ------------------------------------------------------------------------


@transaction.atomic
def api_token_issue(
    *,
    actor: User | None,
    user: User,
    name: str,
    days: int | None = None,
    request: HttpRequest | None = None,
) -> tuple[ApiToken, str]:
    """Issue a token for `user`; the plaintext is returned once and never stored."""
    lifetime = days if days is not None else settings.API_TOKEN_LIFETIME_DAYS
    if not 1 <= lifetime <= settings.API_TOKEN_MAX_LIFETIME_DAYS:
        raise ValidationError(
            {
                "days": _("Een token geldt 1 tot en met %(max)d dagen.")
                % {"max": settings.API_TOKEN_MAX_LIFETIME_DAYS}
            }
        )
    token, key = ApiToken.create_for(user=user, name=name, days=lifetime)
    audit_record(
        actor=actor,
        action="api_token.issue",
        obj=token,
        request=request,
        purpose="beheer",
        data={"user_id": user.pk, "days": lifetime},
    )
    return token, key


@transaction.atomic
def api_token_revoke(
    *,
    actor: User | None,
    user: User,
    token_ids: list[int] | None = None,
    request: HttpRequest | None = None,
) -> int:
    """Revoke the user's usable tokens (all, or those in `token_ids`); returns how many."""
    tokens = ApiToken.objects.select_for_update().filter(user=user, revoked_at__isnull=True)
    if token_ids is not None:
        tokens = tokens.filter(pk__in=token_ids)
    ids = sorted(tokens.values_list("pk", flat=True))
    ApiToken.objects.filter(pk__in=ids).update(revoked_at=timezone.now())
    if ids:
        audit_record(
            actor=actor,
            action="api_token.revoke",
            obj=user,
            request=request,
            purpose="beheer",
            data={"user_id": user.pk, "token_ids": ids},
        )
    return len(ids)
