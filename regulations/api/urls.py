"""Routes of the regulations API, mounted under /api/v1/ by config/api.py."""

from django.urls import path

from rest_framework.routers import SimpleRouter

from regulations.api import reforms, safety_net, views

router = SimpleRouter(use_regex_path=False)
router.register("screenings", views.ScreeningViewSet, basename="screening")
router.register(
    "households/<int:household_id>/screenings",
    views.HouseholdScreeningViewSet,
    basename="household-screening",
)
router.register("regulations", views.RegulationViewSet, basename="regulation")
router.register("proactive-grants", views.ProactiveGrantViewSet, basename="proactive-grant")
router.register("reforms", reforms.ReformViewSet, basename="reform")
router.register("simulations", reforms.SimulationViewSet, basename="simulation")

urlpatterns = [
    *router.urls,
    path("safety-net/", safety_net.SafetyNetView.as_view(), name="safety-net"),
    path(
        "households/<int:household_id>/safety-net/",
        safety_net.HouseholdSafetyNetView.as_view(),
        name="household-safety-net",
    ),
    path(
        "households/<int:household_id>/work-pays/",
        views.WorkPaysViewSet.as_view({"get": "list"}),
        name="household-work-pays",
    ),
]
