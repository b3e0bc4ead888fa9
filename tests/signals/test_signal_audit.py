"""The signal pages are audited as reads: each pseudonymised breakthrough a policy officer is
shown is a read of one household's data; a report opened or downloaded is recorded once."""

from __future__ import annotations

from django.urls import reverse

import pytest

from core.audit import subject_pseudonym
from core.models import AuditLog, AuditResult
from signals.periods import parse_period
from signals.services import report_generate
from tests.signals.factories import approved_breakthroughs


def _shown(action: str = "breakthrough.signal_read") -> list[AuditLog]:
    return list(AuditLog.objects.filter(action=action).order_by("object_id"))


def test_the_workspace_records_one_read_per_breakthrough_shown(
    officer_client, organisation, officer
):
    items = approved_breakthroughs(organisation.municipality, organisation.team, n=3)

    assert officer_client.get(reverse("signals:workspace")).status_code == 200

    page = AuditLog.objects.get(action="signal_workspace.read")
    assert page.actor == officer
    assert page.data == {"page": "workspace", "breakthroughs": 3}
    assert page.municipality_code == organisation.municipality.cbs_code
    rows = _shown()
    assert sorted(int(row.object_id) for row in rows) == sorted(item.pk for item in items)
    for row in rows:
        item = next(i for i in items if i.pk == int(row.object_id))
        assert row.object_type == "breakthroughs.breakthrough"
        assert row.household_id == item.household_id
        assert row.purpose == "signalering" and row.processing_activity == "signalering"
        assert row.data_subjects == sorted(
            subject_pseudonym(pk) for pk in item.household.members.values_list("pk", flat=True)
        )
        assert row.trace_id == page.trace_id  # one request, one trace
        assert row.result == AuditResult.SUCCESS


def test_the_workspace_audit_costs_a_fixed_number_of_queries(
    officer_client, organisation, django_assert_num_queries
):
    approved_breakthroughs(organisation.municipality, organisation.team, n=2)
    url = reverse("signals:workspace")
    officer_client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        officer_client.get(url)
    approved_breakthroughs(organisation.municipality, organisation.team, n=9)
    with django_assert_num_queries(len(small.captured_queries)):
        officer_client.get(url)
    assert AuditLog.objects.filter(action="breakthrough.signal_read").count() == 2 + 2 + 11


def test_a_signal_page_records_the_signal_and_the_breakthroughs_it_offers(
    officer_client, organisation, officer, make_signal
):
    items = approved_breakthroughs(organisation.municipality, organisation.team, n=4)
    signal = make_signal(organisation, officer)

    officer_client.get(reverse("signals:detail", args=[signal.public_id]))

    page = AuditLog.objects.get(action="signal.read")
    assert page.object_id == str(signal.pk)
    assert page.data["breakthroughs"] == 4
    assert sorted(int(row.object_id) for row in _shown()) == sorted(item.pk for item in items)


def test_opening_and_downloading_a_report_is_recorded(officer_client, organisation, officer):
    approved_breakthroughs(organisation.municipality, organisation.team, n=12)
    report, _ = report_generate(
        municipality=organisation.municipality, period=parse_period("2026Q3")
    )

    officer_client.get(reverse("signals:report-detail", args=[report.report_id]))
    officer_client.get(reverse("signals:report-json", args=[report.report_id]))
    officer_client.get(reverse("signals:report-csv", args=[report.report_id, "by_theme"]))
    officer_client.get(reverse("signals:report-csv", args=[report.report_id, "onbekend"]))  # 404

    assert list(
        AuditLog.objects.filter(action__startswith="signal_report.")
        .exclude(action="signal_report.generate")
        .order_by("id")
        .values_list("action", "data")
    ) == [
        ("signal_report.read", {"what": "page"}),
        ("signal_report.download", {"what": "json"}),
        ("signal_report.download", {"what": "by_theme"}),
    ]
    for row in AuditLog.objects.filter(action__in=["signal_report.read", "signal_report.download"]):
        assert row.actor == officer and row.object_id == str(report.pk)
        assert row.household_id is None and row.data_subjects == []  # aggregates only


@pytest.mark.parametrize("page", ["workspace", "detail"])
def test_a_refused_officer_page_records_no_read(client, organisation, page, make_signal):
    from core.models import Role

    signal = make_signal(organisation, organisation.users[Role.POLICY_OFFICER])
    approved_breakthroughs(organisation.municipality, organisation.team, n=2)
    client.force_login(organisation.users[Role.PROFESSIONAL])
    url = (
        reverse("signals:workspace")
        if page == "workspace"
        else reverse("signals:detail", args=[signal.public_id])
    )
    assert client.get(url).status_code in (403, 404)
    assert not AuditLog.objects.filter(action="breakthrough.signal_read").exists()
