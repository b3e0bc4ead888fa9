"""Forms of the casework pages. They parse and check input; the services decide and write.

Every form renders with NL Design System (Utrecht) classes and links each error to its field
(`aria-describedby`), so `partials/field.html` and the error summary work the same everywhere.

The forms live in submodules by subject; import them from this package
(`from casework import forms as cf`), which re-exports the public names.
"""

from casework.forms.common import (
    BLANK,
    DATE_WIDGET,
    WIDGET_CLASSES,
    AmountField,
    BsnField,
    UtrechtFormMixin,
    VersionedMixin,
    apply_service_errors,
    date_field,
    money_field,
    number_field,
    parse_amount,
)
from casework.forms.household import (
    AssignForm,
    BaseMemberFormSet,
    HouseholdEditForm,
    HouseholdFilterForm,
    HouseholdStepForm,
    MemberFormSet,
    MemberRowForm,
    ReasonForm,
    WizardHousingForm,
)
from casework.forms.items import (
    ZRM_SCORE_CHOICES,
    AssessmentForm,
    AssetForm,
    BenefitForm,
    DebtForm,
    FixedCostForm,
    GoalForm,
    HousingForm,
    IncomeForm,
    ItemForm,
    JournalForm,
    MemberForm,
    OrganisationForm,
    PlanForm,
    WgsRequestForm,
)

__all__ = [
    "BLANK",
    "DATE_WIDGET",
    "WIDGET_CLASSES",
    "ZRM_SCORE_CHOICES",
    "AmountField",
    "AssessmentForm",
    "AssetForm",
    "AssignForm",
    "BaseMemberFormSet",
    "BenefitForm",
    "BsnField",
    "DebtForm",
    "FixedCostForm",
    "GoalForm",
    "HouseholdEditForm",
    "HouseholdFilterForm",
    "HouseholdStepForm",
    "HousingForm",
    "IncomeForm",
    "ItemForm",
    "JournalForm",
    "MemberForm",
    "MemberFormSet",
    "MemberRowForm",
    "OrganisationForm",
    "PlanForm",
    "ReasonForm",
    "UtrechtFormMixin",
    "VersionedMixin",
    "WgsRequestForm",
    "WizardHousingForm",
    "apply_service_errors",
    "date_field",
    "money_field",
    "number_field",
    "parse_amount",
]
