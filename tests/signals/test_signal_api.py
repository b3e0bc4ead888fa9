"""The signal and signal-report API: policy officers only, scoped to their municipality."""

from __future__ import annotations

import json

import pytest

from core.models import Role
from signals.constants import ReportStatus, SignalStatus
from signals.models import Signal, SignalReport
from signals.periods import parse_period
from signals.reporting.builder import load_schema
from signals.services import report_generate
from tests.signals.factories import FAMILY, OTHER_ROLES, approved_breakthroughs

SIGNAL = {
    "title": "Samenloop",
    "regulation_code": "bijstand",
    "article": "art. 35",
    "body": "Gemeente",
    "knelpunt_type": "samenloop",
    "theme": "schulden",
    "description": "De regel sluit een noodzakelijke tegemoetkoming uit.",
    "route": "vng",
}


@pytest.fixture
def api(api_client_for, officer):
    return api_client_for(officer)


@pytest.mark.parametrize("role", [*OTHER_ROLES, Role.FUNCTIONAL_ADMIN])
@pytest.mark.parametrize(
    "path",
    ["/api/v1/signals/", "/api/v1/signal-reports/", "/api/v1/signal-breakthroughs/",
     "/api/v1/signal-report-schema/"],
)  # fmt: skip
def test_other_roles_get_403(api_client_for, organisation, role, path):
    response = api_client_for(organisation.users[role]).get(path)
    assert response.status_code == 403
    assert response["Content-Type"].startswith("application/problem+json")


def test_anonymous_gets_401_or_403(api_client, db):
    assert api_client.get("/api/v1/signals/").status_code in (401, 403)


def test_other_municipality_objects_answer_404(
    api_client_for, organisation, officer, other_municipality, make_signal
):
    approved_breakthroughs(organisation.municipality, organisation.team, n=10)
    signal = make_signal(organisation, officer)
    report, _ = report_generate(
        municipality=organisation.municipality, period=parse_period("2026Q3")
    )
    api = api_client_for(other_municipality[2])
    assert api.get(f"/api/v1/signals/{signal.public_id}/").status_code == 404
    assert api.patch(f"/api/v1/signals/{signal.public_id}/", {"title": "x"}).status_code == 404
    assert (
        api.post(f"/api/v1/signals/{signal.public_id}/move/", {"to_status": "reviewed"}).status_code
        == 404
    )
    assert api.get(f"/api/v1/signal-reports/{report.report_id}/").status_code == 404
    assert api.post(f"/api/v1/signal-reports/{report.report_id}/approve/").status_code == 404
    assert api.get(f"/api/v1/signal-reports/{report.report_id}/attempts/").status_code == 404
    assert api.get("/api/v1/signals/").json()["count"] == 0


def test_pseudonymised_breakthroughs_hold_no_identifiers(api, organisation):
    items = approved_breakthroughs(organisation.municipality, organisation.team, n=3)
    response = api.get("/api/v1/signal-breakthroughs/")
    assert response.status_code == 200
    rows = response.json()
    assert [row["label"] for row in rows] == ["D-0001", "D-0002", "D-0003"]
    assert set(rows[0]) == {
        "label", "ref", "category", "regulation_code", "article", "knelpunt_type", "theme",
        "amount_eur", "avoided_cost_eur", "decided_month", "signals",
    }  # fmt: skip
    text = json.dumps(rows)
    assert FAMILY not in text
    for item in items:
        assert item.household.postcode not in text
        assert str(item.pk) not in {row["ref"] for row in rows}


def test_create_link_unlink_move_and_retrieve(api, organisation):
    approved_breakthroughs(organisation.municipality, organisation.team, n=4)
    refs = [row["ref"] for row in api.get("/api/v1/signal-breakthroughs/").json()]
    response = api.post("/api/v1/signals/", {**SIGNAL, "breakthroughs": refs[:2]}, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["figures"] == {
        "breakthroughs": 2,
        "households": 2,
        "bridging_cost_eur": "1700.00",
        "avoided_cost_eur": "8000.00",
    }
    assert sorted(body["breakthroughs"]) == sorted(refs[:2])
    url = f"/api/v1/signals/{body['id']}/"

    linked = api.post(url + "link/", {"breakthroughs": refs[2:]}, format="json")
    assert linked.status_code == 200 and linked.json()["signal"]["figures"]["breakthroughs"] == 4
    unlinked = api.post(url + "unlink/", {"breakthroughs": refs[:1]}, format="json")
    assert unlinked.json()["changed"] == 1
    bad = api.post(url + "link/", {"breakthroughs": ["12"]}, format="json")
    assert bad.status_code == 400 and bad.json()["invalidParams"][0]["name"] == "breakthroughs"

    patched = api.patch(url, {"proposed_fix": "Hardheidsclausule invoeren."}, format="json")
    assert (
        patched.status_code == 200
        and patched.json()["proposed_fix"] == "Hardheidsclausule invoeren."
    )
    assert patched.json()["title"] == "Samenloop"

    moved = api.post(url + "move/", {"to_status": "reviewed", "note": "ok"}, format="json")
    assert moved.status_code == 200 and moved.json()["status"] == SignalStatus.REVIEWED
    refused = api.post(url + "move/", {"to_status": "resolved"}, format="json")
    assert refused.status_code == 400
    assert refused.json()["invalidParams"][0]["name"] == "to_status"
    detail = api.get(url).json()
    assert [change["to_status"] for change in detail["history"]] == ["reviewed"]
    assert api.get("/api/v1/signals/").json()["count"] == 1


@pytest.mark.parametrize("field", ["description", "workaround", "proposed_fix", "title"])
def test_identifiers_are_refused_per_field(api, field):
    response = api.post(
        "/api/v1/signals/", {**SIGNAL, field: "Bel mevrouw op 1234 AB 7."}, format="json"
    )
    assert response.status_code == 400
    assert [param["name"] for param in response.json()["invalidParams"]] == [field]
    assert not Signal.objects.exists()


def test_reports_generate_approve_send_attempts(
    api, organisation, django_capture_on_commit_callbacks
):
    approved_breakthroughs(organisation.municipality, organisation.team, n=11)
    bad = api.post("/api/v1/signal-reports/generate/", {"period": "2026Q4"}, format="json")
    assert bad.status_code == 400 and bad.json()["invalidParams"][0]["name"] == "period"
    created = api.post("/api/v1/signal-reports/generate/", {"period": "2026Q3"}, format="json")
    assert created.status_code == 201
    body = created.json()
    assert body["revision"] == 1 and body["content"]["totals"]["breakthroughs"] == 11
    again = api.post("/api/v1/signal-reports/generate/", {"period": "2026Q3"}, format="json")
    assert again.status_code == 200 and again.json()["id"] == body["id"]

    url = f"/api/v1/signal-reports/{body['id']}/"
    assert api.post(url + "send/").status_code == 400  # not approved yet
    approved = api.post(url + "approve/")
    assert approved.status_code == 200 and approved.json()["status"] == ReportStatus.APPROVED
    assert api.post(url + "approve/").status_code == 400
    with django_capture_on_commit_callbacks(execute=False):
        sent = api.post(url + "send/")
    assert sent.status_code == 202 and sent.json()["status"] == ReportStatus.SENDING
    report = SignalReport.objects.get()
    report.attempts.create(status_code=503, outcome="retry")
    attempts = api.get(url + "attempts/").json()
    assert [(a["status_code"], a["outcome"]) for a in attempts] == [(503, "retry")]

    listing = api.get("/api/v1/signal-reports/").json()
    assert listing["count"] == 1 and "content" not in listing["results"][0]
    # No correction while the newest revision is being sent (as in the browser) ...
    refused = api.post(
        "/api/v1/signal-reports/generate/", {"period": "2026Q3", "revise": True}, format="json"
    )
    assert refused.status_code == 400 and refused.json()["invalidParams"][0]["name"] == "revise"
    # ... but once it is delivered, a correction is the next revision.
    SignalReport.objects.filter(pk=report.pk).update(status=ReportStatus.SENT)
    revision = api.post(
        "/api/v1/signal-reports/generate/", {"period": "2026Q3", "revise": True}, format="json"
    )
    assert revision.status_code == 201 and revision.json()["revision"] == 2


def test_report_schema_is_served(api):
    response = api.get("/api/v1/signal-report-schema/")
    assert response.status_code == 200
    assert response.json() == load_schema()


def test_openapi_lists_the_endpoints_with_tags(api):
    schema = api.get("/api/v1/schema/", HTTP_ACCEPT="application/json").json()
    for path in (
        "/api/v1/signals/",
        "/api/v1/signals/{id}/move/",
        "/api/v1/signal-reports/generate/",
        "/api/v1/signal-reports/{id}/attempts/",
        "/api/v1/signal-report-schema/",
    ):
        assert path in schema["paths"], path
        for operation in schema["paths"][path].values():
            assert operation["tags"] in (["signalen"], ["signaalrapportages"])
            assert operation.get("summary")
