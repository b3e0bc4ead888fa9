"""Routes of the household dossier API, mounted under /api/v1/ by config/api.py."""

from django.urls import path

from rest_framework.routers import SimpleRouter

from casework.api import views

router = SimpleRouter(use_regex_path=False)
router.register("households", views.HouseholdViewSet, basename="household")
NESTED = "households/<int:household_id>"
router.register(f"{NESTED}/members", views.MemberViewSet, basename="household-member")
router.register(f"{NESTED}/incomes", views.IncomeViewSet, basename="household-income")
router.register(f"{NESTED}/assets", views.AssetViewSet, basename="household-asset")
router.register(f"{NESTED}/debts", views.DebtViewSet, basename="household-debt")
router.register(f"{NESTED}/fixed-costs", views.FixedCostViewSet, basename="household-fixed-cost")
router.register(f"{NESTED}/wgs-requests", views.WgsRequestViewSet, basename="household-wgs-request")
router.register(f"{NESTED}/benefits", views.BenefitViewSet, basename="household-benefit")
router.register(f"{NESTED}/goals", views.GoalViewSet, basename="household-goal")
router.register(
    f"{NESTED}/organisations", views.OrganisationViewSet, basename="household-organisation"
)
router.register(f"{NESTED}/assessments", views.AssessmentViewSet, basename="household-assessment")
router.register(f"{NESTED}/journal", views.JournalViewSet, basename="household-journal")

urlpatterns = [
    *router.urls,
    path(f"{NESTED}/plan/", views.PlanView.as_view(), name="household-plan"),
    path(f"{NESTED}/housing/", views.HousingView.as_view(), name="household-housing"),
]
