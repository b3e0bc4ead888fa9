from django.urls import path

from core import mfa_views, views

app_name = "core"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("audit/", views.audit_log, name="audit-log"),
    path("inloggen/verificatie/", mfa_views.verify_view, name="mfa-verify"),
    path("account/tweestapsverificatie/", mfa_views.setup_view, name="mfa-setup"),
    path(
        "account/tweestapsverificatie/herstelcodes/",
        mfa_views.recovery_codes_view,
        name="mfa-recovery-codes",
    ),
    path("account/tweestapsverificatie/opnieuw/", mfa_views.reset_view, name="mfa-reset"),
    path("verwerkingsregister/", views.processing_register_view, name="processing-register"),
]
