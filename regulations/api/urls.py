"""Routes of the regulations API, mounted under /api/v1/ by config/api.py."""

from django.urls import path

from rest_framework.routers import SimpleRouter

from regulations.api import views

router = SimpleRouter(use_regex_path=False)
router.register("screenings", views.ScreeningViewSet, basename="screening")
router.register(
    "households/<int:household_id>/screenings",
    views.HouseholdScreeningViewSet,
    basename="household-screening",
)
router.register("regulations", views.RegulationViewSet, basename="regulation")
router.register("proactive-grants", views.ProactiveGrantViewSet, basename="proactive-grant")

urlpatterns = [
    *router.urls,
    path(
        "households/<int:household_id>/work-pays/",
        views.WorkPaysViewSet.as_view({"get": "list"}),
        name="household-work-pays",
    ),
]
