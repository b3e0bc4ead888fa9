"""The policy officer's pages: signal workspace (knelpunten) and the periodic signal reports.

Access: policy officers only (403 for every other role); a signal or report of another
municipality answers 404. The officer sees breakthroughs only pseudonymised (`signals.selectors`):
categories, regulation, article, knelpunt type, theme, amounts and the decision month, labelled
D-0001. Views parse input, call one service and render; writes are POST-redirect-GET.
"""

from __future__ import annotations

from signals.views.common import DASH, bar_chart, euro, signal_summary
from signals.views.report_tables import (
    COUNT_COLUMNS,
    report_charts,
    report_view_tables,
)
from signals.views.reports import (
    ATTEMPT_OUTCOMES,
    CSV_TABLES,
    REPORT_STATUS_BADGE,
    report_approve_view,
    report_csv_view,
    report_detail_view,
    report_json_view,
    report_list_view,
    report_revise_view,
    report_send_view,
)
from signals.views.signals import (
    signal_create_view,
    signal_detail_view,
    signal_edit_view,
    signal_link_view,
    signal_move_view,
    signal_propose_view,
    signal_unlink_view,
)
from signals.views.workspace import GROUP_ROWS_SHOWN, workspace_view

__all__ = [
    "ATTEMPT_OUTCOMES",
    "COUNT_COLUMNS",
    "CSV_TABLES",
    "DASH",
    "GROUP_ROWS_SHOWN",
    "REPORT_STATUS_BADGE",
    "bar_chart",
    "euro",
    "report_approve_view",
    "report_charts",
    "report_csv_view",
    "report_detail_view",
    "report_json_view",
    "report_list_view",
    "report_revise_view",
    "report_send_view",
    "report_view_tables",
    "signal_create_view",
    "signal_detail_view",
    "signal_edit_view",
    "signal_link_view",
    "signal_move_view",
    "signal_propose_view",
    "signal_summary",
    "signal_unlink_view",
    "workspace_view",
]
