from django.urls import path

from hub.api.views import ReceiveReportView, ReportSchemaView

urlpatterns = [
    path("reports/", ReceiveReportView.as_view(), name="hub-receive-report"),
    path("schema/signal-report-1.json", ReportSchemaView.as_view(), name="hub-report-schema"),
    path(
        "schema/signal-report-2.json",
        ReportSchemaView.as_view(),
        {"version": 2},
        name="hub-report-schema-2",
    ),
]
