from django.urls import path

from hub.api.views import (
    KnelpuntenFeedView,
    PrecedentsFeedView,
    ReceiveLeverOutcomesView,
    ReceiveReportView,
    ReportSchemaView,
)

urlpatterns = [
    path("reports/", ReceiveReportView.as_view(), name="hub-receive-report"),
    path("lever-outcomes/", ReceiveLeverOutcomesView.as_view(), name="hub-lever-outcomes"),
    path("feeds/precedents.json", PrecedentsFeedView.as_view(), name="hub-feed-precedents"),
    path("feeds/knelpunten.json", KnelpuntenFeedView.as_view(), name="hub-feed-knelpunten"),
    path("schema/signal-report-1.json", ReportSchemaView.as_view(), name="hub-report-schema"),
    path(
        "schema/signal-report-2.json",
        ReportSchemaView.as_view(),
        {"version": 2},
        name="hub-report-schema-2",
    ),
]
