"""REST API of signals (knelpunten) and signal reports, for policy officers only.

Scoping: every object is read through the officer's municipalities (404 otherwise); other roles
get 403. Breakthroughs appear only pseudonymised (label D-0001 and an opaque `ref`), never by id.
Views parse input, call one service and serialise; service ValidationErrors become RFC 7807
problem details with invalidParams.

Layout: `common` (tags, permission, problem responses, OfficerMixin), `serializers`, `signals`
(signal views) and `reports` (signal-report views). Import from this package, not the modules.
"""

from signals.api.common import (
    PROBLEM_TEXT,
    TAG_REPORTS,
    TAG_SIGNALS,
    IsPolicyOfficer,
    OfficerMixin,
    problems,
)
from signals.api.reports import SignalReportSchemaView, SignalReportViewSet
from signals.api.serializers import (
    MONEY,
    AttemptSerializer,
    GenerateSerializer,
    LinkResultSerializer,
    LinkSerializer,
    MoveSerializer,
    PseudonymisedBreakthroughSerializer,
    ReportSerializer,
    SignalFiguresSerializer,
    SignalSerializer,
    SignalStatusChangeSerializer,
    SignalWriteSerializer,
)
from signals.api.signals import PseudonymisedBreakthroughsView, SignalViewSet

__all__ = [
    "MONEY",
    "PROBLEM_TEXT",
    "TAG_REPORTS",
    "TAG_SIGNALS",
    "AttemptSerializer",
    "GenerateSerializer",
    "IsPolicyOfficer",
    "LinkResultSerializer",
    "LinkSerializer",
    "MoveSerializer",
    "OfficerMixin",
    "PseudonymisedBreakthroughSerializer",
    "PseudonymisedBreakthroughsView",
    "ReportSerializer",
    "SignalFiguresSerializer",
    "SignalReportSchemaView",
    "SignalReportViewSet",
    "SignalSerializer",
    "SignalStatusChangeSerializer",
    "SignalViewSet",
    "SignalWriteSerializer",
    "problems",
]
