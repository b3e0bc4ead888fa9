"""Forms of the signal pages. Import from this package, not from its modules."""

from signals.forms.reports import ReportGenerateForm, default_period_label
from signals.forms.signals import LinkForm, ProposalForm, SignalForm, SignalMoveForm

__all__ = [
    "LinkForm",
    "ProposalForm",
    "ReportGenerateForm",
    "SignalForm",
    "SignalMoveForm",
    "default_period_label",
]
