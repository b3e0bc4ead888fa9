"""The casework pages: household list, create wizard, case page, edit forms and the export.

Views parse input, call one selector or service and render. Access: a household is reachable only
through `selectors.household_get`/`household_dossier` (404 outside the user's teams); the list and
the wizard need a case role (403 otherwise). Every write is POST-redirect-GET with a message.

The views live in one module per page group; this package re-exports them for `casework.urls`.
"""

from casework.views.case_page import (
    CASE_SECTIONS,
    export_json_view,
    export_view,
    household_detail_view,
)
from casework.views.common import CONFLICT_MESSAGE, SAVE_LABEL
from casework.views.household import (
    household_assign_view,
    household_close_view,
    household_edit_view,
    household_reopen_view,
)
from casework.views.household_create import (
    WIZARD_STEPS,
    MemberFormSetWithRow,
    household_create_view,
)
from casework.views.household_list import PAGE_SIZE, household_list_view
from casework.views.items import (
    ITEM_KINDS,
    ItemKind,
    assessment_add_view,
    housing_edit_view,
    item_delete_view,
    item_edit_view,
    journal_add_view,
    plan_edit_view,
)
from casework.views.members import member_bsn_view, member_edit_view, member_remove_view
from casework.views.tasks import task_list_view, task_resolve_view

__all__ = [
    "CASE_SECTIONS",
    "CONFLICT_MESSAGE",
    "ITEM_KINDS",
    "PAGE_SIZE",
    "SAVE_LABEL",
    "WIZARD_STEPS",
    "ItemKind",
    "MemberFormSetWithRow",
    "assessment_add_view",
    "export_json_view",
    "export_view",
    "household_assign_view",
    "household_close_view",
    "household_create_view",
    "household_detail_view",
    "household_edit_view",
    "household_list_view",
    "household_reopen_view",
    "housing_edit_view",
    "item_delete_view",
    "item_edit_view",
    "journal_add_view",
    "member_bsn_view",
    "member_edit_view",
    "member_remove_view",
    "plan_edit_view",
    "task_list_view",
    "task_resolve_view",
]
