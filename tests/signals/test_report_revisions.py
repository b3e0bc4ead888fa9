"""Revisions of a signal report: once a correction exists, only the newest revision can be
approved or sent (service, pages and API alike), and a report that failed to arrive still counts
in the publication ledger."""

from __future__ import annotations

from types import SimpleNamespace

from django.core.exceptions import ValidationError
from django.urls import reverse

import pytest

import signals.services.delivery as delivery_service
from core.models import Role
from signals.constants import ReportStatus
from signals.models import SignalReport
from signals.periods import parse_period
from signals.services import report_approve, report_generate, report_queue_delivery
from signals.tasks import deliver_report
from tests.signals.disclosure_checks import World, check_all, check_between_revisions, spec
from tests.signals.factories import approved_breakthroughs

pytestmark = pytest.mark.django_db

Q3 = "2026Q3"
NEWER = "Er is een nieuwere revisie van deze rapportage."


@pytest.fixture
def officer(organisation):
    return organisation.users[Role.POLICY_OFFICER]


@pytest.fixture
def api(api_client_for, officer):
    return api_client_for(officer)


@pytest.fixture
def first(organisation, officer):
    """Revision 1: approved, not sent."""
    approved_breakthroughs(organisation.municipality, organisation.team, n=12)
    report, _ = report_generate(municipality=organisation.municipality, period=parse_period(Q3))
    return report_approve(actor=officer, report=report)


def _revise(organisation) -> SignalReport:
    report, created = report_generate(
        municipality=organisation.municipality, period=parse_period(Q3), revise=True
    )
    assert created
    return report


# --- only the newest revision --------------------------------------------------------------


@pytest.mark.parametrize("status", [ReportStatus.APPROVED, ReportStatus.FAILED, ReportStatus.SENT])
def test_an_approved_correction_supersedes_every_earlier_revision(
    organisation, officer, first, status
):
    SignalReport.objects.filter(pk=first.pk).update(status=status)
    second = report_approve(actor=officer, report=_revise(organisation))
    first.refresh_from_db()
    assert first.status == ReportStatus.SUPERSEDED
    assert second.status == ReportStatus.APPROVED
    with pytest.raises(ValidationError, match=NEWER):
        report_queue_delivery(actor=officer, report=first)
    first.refresh_from_db()
    assert first.status == ReportStatus.SUPERSEDED


def test_an_older_revision_cannot_be_sent_while_a_correction_is_pending(
    organisation, officer, first, django_capture_on_commit_callbacks
):
    """Revision 2 is still a draft; revision 1 (approved, or failed) may no longer go out."""
    second = _revise(organisation)
    for status in (ReportStatus.APPROVED, ReportStatus.FAILED):
        SignalReport.objects.filter(pk=first.pk).update(status=status)
        with (
            django_capture_on_commit_callbacks(execute=False) as callbacks,
            pytest.raises(ValidationError, match=NEWER),
        ):
            report_queue_delivery(actor=officer, report=first)
        assert callbacks == []
        first.refresh_from_db()
        assert first.status == status
    # The correction itself goes the normal way.
    second = report_approve(actor=officer, report=second)
    with django_capture_on_commit_callbacks(execute=False):
        assert report_queue_delivery(actor=officer, report=second).status == ReportStatus.SENDING


def test_the_page_offers_no_send_for_an_older_revision_and_refuses_it(
    client, organisation, officer, first
):
    second = report_approve(actor=officer, report=_revise(organisation))
    client.force_login(officer)
    page = client.get(reverse("signals:report-detail", args=[first.report_id]))
    assert page.context["can_send"] is False and page.context["can_approve"] is False
    assert client.get(reverse("signals:report-detail", args=[second.report_id])).context["can_send"]

    SignalReport.objects.filter(pk=first.pk).update(status=ReportStatus.APPROVED)  # forced
    response = client.post(reverse("signals:report-send", args=[first.report_id]), follow=True)
    assert NEWER in response.content.decode()
    first.refresh_from_db()
    assert first.status == ReportStatus.APPROVED


def test_the_api_refuses_to_send_an_older_revision(api, organisation, officer, first):
    _revise(organisation)
    response = api.post(f"/api/v1/signal-reports/{first.report_id}/send/")
    assert response.status_code == 400
    assert NEWER in response.json()["invalidParams"][0]["reason"]
    first.refresh_from_db()
    assert first.status == ReportStatus.APPROVED


def test_no_correction_while_the_newest_revision_is_being_sent_api_and_page(
    api, client, organisation, officer, first, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        report_queue_delivery(actor=officer, report=first)
    # The API (by period) applies the check of the page (by report).
    response = api.post(
        "/api/v1/signal-reports/generate/", {"period": Q3, "revise": True}, format="json"
    )
    assert response.status_code == 400
    (param,) = response.json()["invalidParams"]
    assert param["name"] == "revise"
    assert "nieuwste revisie die niet verstuurd wordt" in param["reason"]
    client.force_login(officer)
    page = client.post(reverse("signals:report-revise", args=[first.report_id]), follow=True)
    assert "nieuwste revisie die niet verstuurd wordt" in page.content.decode()
    assert SignalReport.objects.count() == 1
    # Without revise the existing report comes back, as before.
    again = api.post("/api/v1/signal-reports/generate/", {"period": Q3}, format="json")
    assert again.status_code == 200 and again.json()["revision"] == 1


# --- a failed report is in the ledger ------------------------------------------------------


def _fail_delivery(monkeypatch, officer, report, django_capture_on_commit_callbacks) -> None:
    """Send the report through the real delivery task; the receiver refuses it (422)."""
    monkeypatch.setattr(
        delivery_service.requests,
        "post",
        lambda *args, **kwargs: SimpleNamespace(status_code=422, text="onverwerkbaar"),
    )
    with django_capture_on_commit_callbacks(execute=False):
        report_queue_delivery(actor=officer, report=report)
    assert deliver_report(report_pk=report.pk) == "rejected"
    report.refresh_from_db()
    assert report.status == ReportStatus.FAILED


def test_a_failed_revision_still_protects_its_suppressed_cells(
    monkeypatch, django_capture_on_commit_callbacks
):
    """Revision 1 (debts 12, housing 3 suppressed, care 11 complementary) fails to arrive, but the
    receiver may have kept it and it can be sent again. The correction adds 10 debts and 1 care;
    without revision 1 in the ledger it would publish care and total so that housing follows."""
    world = World()
    world.add([spec("schulden", 12), spec("wonen", 3), spec("zorg", 11)], family=0)
    period = parse_period(Q3)
    report1, _ = report_generate(municipality=world.municipality, period=period)
    report1 = report_approve(actor=world.officer, report=report1)
    _fail_delivery(monkeypatch, world.officer, report1, django_capture_on_commit_callbacks)

    world.add([spec("schulden", 10), spec("zorg", 1)], family=5)
    report2, created = report_generate(municipality=world.municipality, period=period, revise=True)
    assert created and report2.revision == 2
    check_all(report2.content, world)
    check_between_revisions(report1.content, report2.content)


def test_a_failed_newest_revision_can_be_sent_again(
    monkeypatch, organisation, officer, first, django_capture_on_commit_callbacks
):
    _fail_delivery(monkeypatch, officer, first, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        again = report_queue_delivery(actor=officer, report=first)
    assert again.status == ReportStatus.SENDING and len(callbacks) == 1
