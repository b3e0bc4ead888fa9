"""Views of the household dossier API: parse, call one service or selector, render.

Scoping: every household comes from `casework.selectors` (404 outside the user's teams), and every
nested object is read through that household, so an id of another team's object is 404 too.
Auditing: services audit writes; reads of one household call `services.record_read`.
"""

from casework.api.views.common import (
    PROBLEM_TEXT,
    HouseholdScopedMixin,
    ServiceErrorsMixin,
    ok,
    problems,
)
from casework.api.views.households import HouseholdViewSet
from casework.api.views.items import (
    AssetViewSet,
    BenefitViewSet,
    DebtViewSet,
    DossierItemViewSet,
    FixedCostViewSet,
    GoalViewSet,
    IncomeViewSet,
    OrganisationViewSet,
    WgsRequestViewSet,
    item_schema,
)
from casework.api.views.members import MemberViewSet
from casework.api.views.records import AssessmentViewSet, JournalViewSet
from casework.api.views.singletons import HousingView, PlanView

__all__ = [
    "PROBLEM_TEXT",
    "AssessmentViewSet",
    "AssetViewSet",
    "BenefitViewSet",
    "DebtViewSet",
    "DossierItemViewSet",
    "FixedCostViewSet",
    "GoalViewSet",
    "HouseholdScopedMixin",
    "HouseholdViewSet",
    "HousingView",
    "IncomeViewSet",
    "JournalViewSet",
    "MemberViewSet",
    "OrganisationViewSet",
    "PlanView",
    "ServiceErrorsMixin",
    "WgsRequestViewSet",
    "item_schema",
    "ok",
    "problems",
]
