"""Routes of the breakthrough API, mounted under /api/v1/ by config/api.py."""

from django.urls import path

from rest_framework.routers import SimpleRouter

from breakthroughs.api import levers, views

router = SimpleRouter(use_regex_path=False)
router.register("breakthroughs", views.BreakthroughViewSet, basename="breakthrough")
router.register("budget-pots", views.BudgetPotViewSet, basename="budget-pot")

urlpatterns = [
    path("legal-levers/", levers.LegalLeverListView.as_view(), name="legal-lever-list"),
    path(
        "legal-levers/suggestions/",
        levers.LegalLeverSuggestionView.as_view(),
        name="legal-lever-suggestions",
    ),
    path(
        "legal-levers/precedents/",
        levers.LegalLeverPrecedentsView.as_view(),
        name="legal-lever-precedents",
    ),
    *router.urls,
    path("queues/team/", views.TeamQueueView.as_view(), name="queue-team"),
    path("queues/board/", views.BoardQueueView.as_view(), name="queue-board"),
]
