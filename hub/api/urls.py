from django.urls import path

from hub.api.views import ReceiveReportView, ReportSchemaView

urlpatterns = [
    path("reports/", ReceiveReportView.as_view(), name="hub-receive-report"),
    path("schema/signal-report-1.json", ReportSchemaView.as_view(), name="hub-report-schema"),
]
