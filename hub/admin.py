from django.contrib import admin

from hub.models import LeverContribution, MunicipalityToken, NationalKnelpunt, ReceivedReport


@admin.register(MunicipalityToken)
class MunicipalityTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "cbs_code", "active", "created_at"]
    readonly_fields = ["token_sha256"]


@admin.register(ReceivedReport)
class ReceivedReportAdmin(admin.ModelAdmin):
    list_display = ["cbs_code", "period_start", "period_end", "revision", "current", "received_at"]
    list_filter = ["current", "cbs_code"]

    def has_change_permission(self, request, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return False


@admin.register(NationalKnelpunt)
class NationalKnelpuntAdmin(admin.ModelAdmin):
    """Read-only here: editors change status and answer on /hub/knelpunten/, which audits it."""

    list_display = ["regulation_code", "article", "status", "updated_at"]
    list_filter = ["status"]

    def has_add_permission(self, request) -> bool:  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return False


@admin.register(LeverContribution)
class LeverContributionAdmin(admin.ModelAdmin):
    list_display = ["cbs_code", "as_of", "received_at"]

    def has_add_permission(self, request) -> bool:  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return False
