"""The Django admin, scoped to the municipalities the signed-in functional admin administers.

A superuser sees everything. A functional admin (staff with the model permissions) sees the
users, teams and memberships of their own municipalities only, cannot set staff or superuser
flags, cannot change their own roles, and every grant or revocation goes through
core.services, which checks and audits it.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from core import mfa
from core.audit import audit_record
from core.models import ApiToken, AuditLog, Membership, Municipality, Team, User
from core.services import (
    administered_municipality_ids,
    api_token_revoke,
    membership_revoke,
    membership_save,
    user_save,
)


class MunicipalityScopedAdminMixin:
    """Limit a ModelAdmin's rows and choices to the acting admin's municipalities.

    `municipality_lookup` is the path from the model to its municipality id.
    """

    municipality_lookup = "municipality_id"

    def scope_ids(self, request: HttpRequest) -> frozenset[int] | None:
        return administered_municipality_ids(request.user)  # type: ignore[arg-type]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        queryset = super().get_queryset(request)  # type: ignore[misc]
        ids = self.scope_ids(request)
        if ids is None:
            return queryset
        return queryset.filter(**{f"{self.municipality_lookup}__in": ids})

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        ids = self.scope_ids(request)
        if ids is not None:
            if db_field.related_model is Municipality:
                kwargs["queryset"] = Municipality.objects.filter(pk__in=ids)
            elif db_field.related_model is Team:
                kwargs["queryset"] = Team.objects.filter(municipality_id__in=ids)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)  # type: ignore[misc]


class MembershipInline(MunicipalityScopedAdminMixin, admin.TabularInline):
    model = Membership
    extra = 0

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Nobody edits their own roles (core.services refuses it too).
        if obj is not None and obj.pk == request.user.pk and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    has_add_permission = has_change_permission  # type: ignore[assignment]
    has_delete_permission = has_change_permission  # type: ignore[assignment]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    inlines = [MembershipInline]
    actions = ["reset_second_factor"]

    @admin.action(description=_("Tweestapsverificatie opnieuw instellen (telefoon kwijt)"))
    def reset_second_factor(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        """Through core.mfa.reset: only users the admin administers, never their own, audited."""
        done = 0
        for user in queryset:
            if user.pk == request.user.pk:
                self.message_user(
                    request,
                    _("Uw eigen tweestapsverificatie stelt u opnieuw in via uw account."),
                    level=messages.ERROR,
                )
                continue
            try:
                mfa.reset(actor=request.user, user=user, request=request)  # type: ignore[arg-type]
            except PermissionDenied as error:
                self.message_user(request, f"{user}: {error}", level=messages.ERROR)
                continue
            done += 1
        if done:
            self.message_user(
                request,
                _("Tweestapsverificatie van %(n)d gebruiker(s) opnieuw ingesteld.") % {"n": done},
            )

    def get_queryset(self, request: HttpRequest) -> QuerySet[User]:
        queryset = super().get_queryset(request)
        ids = administered_municipality_ids(request.user)  # type: ignore[arg-type]
        if ids is None:
            return queryset
        # Users of the admin's municipalities, and new accounts nobody has given a role yet
        # (a first OIDC login), so a role can be granted.
        return queryset.filter(
            Q(memberships__municipality_id__in=ids) | Q(memberships__isnull=True)
        ).distinct()

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            fields += ["is_staff", "is_superuser", "groups", "user_permissions"]
        return fields

    def save_model(
        self, request: HttpRequest, obj: User, form: forms.ModelForm, change: bool
    ) -> None:
        user_save(actor=request.user, user=obj, request=request, created=not change)  # type: ignore[arg-type]

    def save_related(
        self, request: HttpRequest, form: forms.ModelForm, formsets: Any, change: bool
    ) -> None:
        user = form.instance
        before = {
            "groups": sorted(user.groups.values_list("pk", flat=True)),
            "user_permissions": sorted(user.user_permissions.values_list("pk", flat=True)),
        }
        super().save_related(request, form, formsets, change)
        after = {
            "groups": sorted(user.groups.values_list("pk", flat=True)),
            "user_permissions": sorted(user.user_permissions.values_list("pk", flat=True)),
        }
        if before != after:
            audit_record(
                actor=request.user,  # type: ignore[arg-type]
                action="user.permissions",
                obj=user,
                request=request,
                purpose="beheer",
                data={"before": before, "after": after},
            )

    def save_formset(
        self, request: HttpRequest, form: forms.ModelForm, formset: Any, change: bool
    ) -> None:
        if formset.model is not Membership:
            super().save_formset(request, form, formset, change)
            return
        instances = formset.save(commit=False)
        for membership in formset.deleted_objects:
            membership_revoke(actor=request.user, membership=membership, request=request)  # type: ignore[arg-type]
        for membership in instances:
            membership.user = form.instance
            membership_save(actor=request.user, membership=membership, request=request)  # type: ignore[arg-type]


@admin.register(Municipality)
class MunicipalityAdmin(MunicipalityScopedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "cbs_code"]
    search_fields = ["name", "cbs_code"]
    municipality_lookup = "pk"


@admin.register(Team)
class TeamAdmin(MunicipalityScopedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "municipality", "kind"]
    list_filter = ["kind"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens are issued with `manage.py api_token issue`; here they are only seen and revoked."""

    list_display = [
        "user",
        "name",
        "prefix",
        "created_at",
        "expires_at",
        "last_used_at",
        "revoked_at",
    ]
    list_filter = ["revoked_at"]
    readonly_fields = list_display
    exclude = ["key_sha256"]
    actions = ["revoke"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[ApiToken]:
        queryset = super().get_queryset(request).select_related("user")
        ids = administered_municipality_ids(request.user)  # type: ignore[arg-type]
        if ids is None:
            return queryset
        return queryset.filter(user__memberships__municipality_id__in=ids).distinct()

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # revoked tokens stay listed, so the audit trail has something to point at

    @admin.action(description=_("Geselecteerde tokens intrekken"), permissions=["change"])
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        for token in queryset:
            api_token_revoke(
                actor=request.user,  # type: ignore[arg-type]
                user=token.user,
                token_ids=[token.pk],
                request=request,
            )


@admin.register(AuditLog)
class AuditLogAdmin(admin.ModelAdmin):
    """Read-only: the log is append-only everywhere, the admin included."""

    list_display = [
        "timestamp",
        "actor_username",
        "action",
        "object_type",
        "object_id",
        "result",
        "processing_activity",
    ]
    list_filter = ["result", "object_type", "processing_activity"]
    search_fields = ["actor_username", "action", "trace_id"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[AuditLog]:
        queryset = super().get_queryset(request)
        ids = administered_municipality_ids(request.user)  # type: ignore[arg-type]
        if ids is None:
            return queryset
        codes = Municipality.objects.filter(pk__in=ids).values("cbs_code")
        return queryset.filter(municipality_code__in=codes)

    def has_add_permission(self, request, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return False


# django-otp's own admin pages show the TOTP keys (and the recovery codes' hashes): nobody but
# their owner may see those. A lost phone is handled by the audited reset action on the user.
for _device_model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(_device_model):
        admin.site.unregister(_device_model)
