from django.contrib import admin

from hub.models import MunicipalityToken, ReceivedReport


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
