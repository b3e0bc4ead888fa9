"""Routes of the signal and signal-report API, mounted under /api/v1/ by config/api.py."""

from django.urls import path

from rest_framework.routers import SimpleRouter

from signals import api as signal_api

router = SimpleRouter(use_regex_path=False)
router.register("signals", signal_api.SignalViewSet, basename="signal")
router.register("signal-reports", signal_api.SignalReportViewSet, basename="signal-report")

urlpatterns = [
    path(
        "signal-breakthroughs/",
        signal_api.PseudonymisedBreakthroughsView.as_view(),
        name="signal-breakthroughs",
    ),
    path(
        "signal-report-schema/",
        signal_api.SignalReportSchemaView.as_view(),
        name="signal-report-schema",
    ),
    *router.urls,
]
