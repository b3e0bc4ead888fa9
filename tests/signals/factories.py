"""Factories of every signal model, and the approved breakthroughs a policy officer works from.

`SignalReportFactory` builds its content with the real (pure) report builder over an empty
caseload, so a report row always holds a valid report and the hash of its canonical JSON.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import factory
from factory.django import DjangoModelFactory

from breakthroughs.constants import KnelpuntType, Status, Theme
from core.models import Role
from signals.constants import ReportStatus, SignalRoute, SignalStatus
from signals.models import DeliveryAttempt, Signal, SignalLink, SignalReport, SignalStatusChange
from signals.reporting.builder import build_report, canonical_json
from tests.breakthroughs.factories import BreakthroughFactory, BudgetPotFactory
from tests.casework.factories import HouseholdFactory, MemberFactory, valid_bsn
from tests.core.factories import MunicipalityFactory, UserFactory

DECIDED = datetime(2026, 8, 12, 10, 0, tzinfo=UTC)
FAMILY = "Zwartewaterkloof"
NEED = "Een dak boven het hoofd voor moeder en kind."
OTHER_ROLES = [Role.PROFESSIONAL, Role.TEAM_LEAD, Role.AUDITOR, Role.BOARD_MEMBER]


def approved_breakthroughs(
    municipality,
    team,
    *,
    n: int,
    theme: str = Theme.DEBTS,
    regulation: str = "bijstand",
    article: str = "art. 35",
    knelpunt: str = KnelpuntType.CONCURRENCE,
    decided_at: datetime = DECIDED,
    family_name: str = FAMILY,
    pot=None,
):
    """n approved breakthroughs, each for its own household with a named member and a BSN."""
    pot = pot or BudgetPotFactory(municipality=municipality, team=team, amount=Decimal("9000000"))
    items = []
    for _ in range(n):
        household = HouseholdFactory(team=team, display_name=family_name)
        # A given name no generated user carries: tests assert it never reaches a page.
        MemberFactory(
            household=household, bsn=valid_bsn(), given_name="Wobkelien", family_name=family_name
        )
        items.append(
            BreakthroughFactory(
                household=household,
                budget_pot=pot,
                status=Status.APPROVED,
                theme=theme,
                regulation_code=regulation,
                article=article,
                knelpunt_type=knelpunt,
                submitted_at=decided_at - timedelta(days=3),
                decided_at=decided_at,
                amount=Decimal("850.00"),
                expected_avoided_cost=Decimal("4000.00"),
            )
        )
    return items


class SignalFactory(DjangoModelFactory[Signal]):
    class Meta:
        model = Signal

    municipality = factory.SubFactory(MunicipalityFactory)
    title = factory.Sequence(lambda n: f"Samenloop bijstand en toeslagen {n}")
    regulation_code = "bijstand"
    article = "art. 35"
    body = "Gemeente"
    knelpunt_type = KnelpuntType.CONCURRENCE
    theme = Theme.DEBTS
    description = "De regel sluit een noodzakelijke tegemoetkoming uit."
    route = SignalRoute.VNG
    status = SignalStatus.DRAFT
    created_by = factory.SubFactory(UserFactory)


class SignalLinkFactory(DjangoModelFactory[SignalLink]):
    class Meta:
        model = SignalLink

    signal = factory.SubFactory(SignalFactory)
    breakthrough = factory.SubFactory(
        BreakthroughFactory,
        status=Status.APPROVED,
        decided_at=DECIDED,
        submitted_at=DECIDED - timedelta(days=3),
    )
    added_by = factory.SelfAttribute("signal.created_by")


class SignalStatusChangeFactory(DjangoModelFactory[SignalStatusChange]):
    class Meta:
        model = SignalStatusChange

    signal = factory.SubFactory(SignalFactory, status=SignalStatus.REVIEWED)
    from_status = SignalStatus.DRAFT
    to_status = SignalStatus.REVIEWED
    route = SignalRoute.VNG
    actor = factory.SelfAttribute("signal.created_by")


def _empty_report(report: Any) -> dict[str, Any]:
    return build_report(
        municipality_cbs_code=report.municipality.cbs_code,
        municipality_name=report.municipality.name,
        period_start=report.period_start,
        period_end=report.period_end,
        revision=report.revision,
        generated_at=report.generated_at,
        breakthroughs=[],
        signals=[],
        non_take_up=[],
    )


class SignalReportFactory(DjangoModelFactory[SignalReport]):
    class Meta:
        model = SignalReport

    municipality = factory.SubFactory(MunicipalityFactory)
    period_label = "2026Q3"
    period_start = date(2026, 7, 1)
    period_end = date(2026, 9, 30)
    revision = 1
    generated_at = datetime(2026, 10, 2, 2, 30, tzinfo=UTC)
    status = ReportStatus.GENERATED
    content = factory.LazyAttribute(_empty_report)
    report_id = factory.LazyAttribute(lambda o: o.content["report_id"])
    content_sha256 = factory.LazyAttribute(
        lambda o: hashlib.sha256(canonical_json(o.content)).hexdigest()
    )


class DeliveryAttemptFactory(DjangoModelFactory[DeliveryAttempt]):
    class Meta:
        model = DeliveryAttempt

    report = factory.SubFactory(SignalReportFactory, status=ReportStatus.SENDING)
    status_code = 503
    outcome = "retry"
    detail = "Service Unavailable"
