"""Writes to a household dossier. Each public function is one transaction with its audit row.

Views, forms, serializers and commands parse input and call one of these; rules live here.
Errors are Django `ValidationError`s keyed by field (the form and the API both show them per field)
or `VersionConflictError` when the household changed since the caller read it.

The services live in submodules by subject; import them from this package
(`from casework.services import household_create`), which re-exports the public names.
"""

from casework.services.assessments import assessment_create
from casework.services.common import (
    PURPOSE,
    VersionConflictError,
    household_changed,
    household_search_bsn,
    record_list,
    record_read,
)
from casework.services.households import (
    HOUSEHOLD_FIELDS,
    HOUSING_FIELDS,
    INCOME_FIELDS,
    household_assign,
    household_close,
    household_create,
    household_reopen,
    household_update,
)
from casework.services.items import housing_save, item_delete, item_save, plan_save
from casework.services.journal import journal_add
from casework.services.members import (
    MEMBER_CONSTRAINT_FIELDS,
    MEMBER_FIELDS,
    MIN_PARENT_AGE_GAP_YEARS,
    OLDEST_BIRTH_DATE,
    member_add,
    member_remove,
    member_reveal_bsn,
    member_update,
    place_bsn,
    record_bsn_duplicate,
    validate_composition,
)
from casework.services.tasks import bsn_task_resolve, record_task_list

__all__ = [
    "HOUSEHOLD_FIELDS",
    "HOUSING_FIELDS",
    "INCOME_FIELDS",
    "MEMBER_CONSTRAINT_FIELDS",
    "MEMBER_FIELDS",
    "MIN_PARENT_AGE_GAP_YEARS",
    "OLDEST_BIRTH_DATE",
    "PURPOSE",
    "VersionConflictError",
    "assessment_create",
    "bsn_task_resolve",
    "household_assign",
    "household_changed",
    "household_close",
    "household_create",
    "household_reopen",
    "household_search_bsn",
    "household_update",
    "housing_save",
    "item_delete",
    "item_save",
    "journal_add",
    "member_add",
    "member_remove",
    "member_reveal_bsn",
    "member_update",
    "money_total",
    "place_bsn",
    "plan_save",
    "record_bsn_duplicate",
    "record_list",
    "record_read",
    "record_task_list",
    "validate_composition",
]
