"""Two revisions of one municipality and period arriving at once: exactly one stays current."""

from __future__ import annotations

import threading

from django.db import connection, transaction

import pytest

from breakthroughs.constants import Theme
from hub import services
from hub.models import Figure, ReceivedReport
from signals.periods import parse_period
from signals.reporting.builder import canonical_json
from signals.services import report_approve, report_generate
from tests.signals.factories import approved_breakthroughs

pytestmark = pytest.mark.django_db(transaction=True)

Q3 = "2026Q3"


def test_a_revision_stored_while_another_is_uncommitted_does_not_stay_current_too(
    sending_municipality,
):
    municipality, team, officer, token = sending_municipality("GM0104", "Deedorp")
    approved_breakthroughs(municipality, team, n=12, theme=Theme.DEBTS)
    first, _ = report_generate(municipality=municipality, period=parse_period(Q3))
    first = report_approve(actor=officer, report=first)
    second, _ = report_generate(municipality=municipality, period=parse_period(Q3), revise=True)
    second = report_approve(actor=officer, report=second)

    stored_second = threading.Event()
    failures: list[BaseException] = []

    def receive_second_and_hold() -> None:
        # Revision 2 is stored but not yet committed while revision 1 arrives.
        try:
            with transaction.atomic():
                services.receive(
                    token=token,
                    idempotency_key=str(second.report_id),
                    body=canonical_json(second.content),
                )
                stored_second.set()
                threading.Event().wait(0.5)
        except BaseException as exc:  # the outcome under test: kept, not swallowed
            failures.append(exc)
            stored_second.set()
        finally:
            connection.close()

    holder = threading.Thread(target=receive_second_and_hold)
    holder.start()
    assert stored_second.wait(timeout=30)
    receipt = services.receive(
        token=token, idempotency_key=str(first.report_id), body=canonical_json(first.content)
    )
    holder.join(timeout=30)
    assert not failures
    assert receipt.status == 201
    current = ReceivedReport.objects.filter(cbs_code="GM0104", current=True)
    assert list(current.values_list("revision", flat=True)) == [2]
    assert not Figure.objects.filter(report__revision=1, current=True).exists()
