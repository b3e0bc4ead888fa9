from django.urls import path

from core import views

app_name = "core"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("audit/", views.audit_log, name="audit-log"),
    path("verwerkingsregister/", views.processing_register_view, name="processing-register"),
]
