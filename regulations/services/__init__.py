"""The Django side of screening: catalogue in the database, stored snapshots, re-screening.

The engine (`regulations.schemes`) stays pure; this package turns stored households into the
engine's plain facts, resolves parameters from the database once per (date, municipality), and
stores reproducible snapshots.

Layout: `parameters` (the catalogue in the database and the cached parameter resolver),
`dossiers` (stored households as engine facts), `screening` (one household's snapshot and the
engine version), `bulk` (re-screening a chunk of households), `grants` (proactive granting),
`reads` (audited reads for pages and API), `monitoring` (parameter values that ended or end soon),
`packs` (parameter packs: upload, diff, four-eyes approval), `parameter_rights` (who may change
national and municipal values; the audited edits in the admin).
Import from this package, not from the modules.
"""

from regulations.services.bulk import SCREENING_COPY_COLUMNS, screening_chunk
from regulations.services.dossiers import (
    CREDITOR_TO_ENGINE,
    INCOME_KIND_TO_ENGINE,
    TENURE_TO_ENGINE,
    bulk_dossiers,
    dossier_queryset,
    facts_json,
    household_facts,
)
from regulations.services.grants import proactive_grant_handle
from regulations.services.monitoring import (
    currency_label,
    functional_admin_emails,
    parameter_currency_alerts,
    parameter_currency_health,
    parameter_currency_list,
    parameter_currency_mail,
)
from regulations.services.packs import (
    pack_approve,
    pack_diff,
    pack_parse,
    pack_reject,
    pack_submit,
)
from regulations.services.parameter_rights import (
    NATIONAL_PERMISSION,
    administered_municipality_codes,
    may_manage_national_parameters,
    may_manage_parameter_value,
    parameter_code_refusal,
    parameter_value_save,
    parameter_values_delete,
    parameter_values_visible,
)
from regulations.services.parameters import (
    catalogue_sync_from_files,
    households_affected,
    parameter_resolver,
    parameters_changed,
    parameters_changed_notify,
    parameters_for,
)
from regulations.services.reads import PURPOSE, record_grant_list, record_read
from regulations.services.screening import (
    current_engine_version,
    latest_screening,
    screening_run_and_store,
)

__all__ = [
    "CREDITOR_TO_ENGINE",
    "INCOME_KIND_TO_ENGINE",
    "NATIONAL_PERMISSION",
    "PURPOSE",
    "SCREENING_COPY_COLUMNS",
    "TENURE_TO_ENGINE",
    "administered_municipality_codes",
    "bulk_dossiers",
    "catalogue_sync_from_files",
    "currency_label",
    "current_engine_version",
    "dossier_queryset",
    "facts_json",
    "functional_admin_emails",
    "household_facts",
    "households_affected",
    "latest_screening",
    "may_manage_national_parameters",
    "may_manage_parameter_value",
    "pack_approve",
    "pack_diff",
    "pack_parse",
    "pack_reject",
    "pack_submit",
    "parameter_code_refusal",
    "parameter_currency_alerts",
    "parameter_currency_health",
    "parameter_currency_list",
    "parameter_currency_mail",
    "parameter_resolver",
    "parameter_value_save",
    "parameter_values_delete",
    "parameter_values_visible",
    "parameters_changed",
    "parameters_changed_notify",
    "parameters_for",
    "proactive_grant_handle",
    "record_grant_list",
    "record_read",
    "screening_chunk",
    "screening_run_and_store",
]
