"""Logboek Dataverwerkingen in the audit log: W3C trace context, the processing activity from the
register, pseudonymous data subjects, and the register's export (page, CSV, JSON, API)."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

from django.urls import reverse

import pytest

from core import tracing
from core.audit import audit_record, subject_pseudonym
from core.models import AuditLog, Role
from core.processing_register import parse_register, register
from tests.casework.factories import HouseholdFactory, MemberFactory

ROOT = Path(__file__).resolve().parents[2]
TRACE = "4bf92f3577b34da6a3ce929d0e0e4736"
CALLER = "00f067aa0ba902b7"
HEX32 = re.compile(r"^[0-9a-f]{32}$")
HEX16 = re.compile(r"^[0-9a-f]{16}$")


# --- W3C traceparent ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (f"00-{TRACE}-{CALLER}-01", (TRACE, CALLER)),
        (f"00-{TRACE.upper()}-{CALLER}-00", (TRACE, CALLER)),  # case-insensitive, unsampled
        (f"00-{'0' * 32}-{CALLER}-01", None),  # all-zero trace id is invalid
        (f"00-{TRACE}-{'0' * 16}-01", None),  # all-zero parent id is invalid
        (f"ff-{TRACE}-{CALLER}-01", None),  # version ff is forbidden
        (f"00-{TRACE[:-1]}-{CALLER}-01", None),  # 31 digits
        (f"00-{TRACE}-{CALLER}", None),
        ("", None),
    ],
)
def test_traceparent_parsing_follows_the_w3c_rules(header, expected):
    assert tracing.parse_traceparent(header) == expected


def test_a_request_without_traceparent_starts_a_trace_and_every_row_carries_it(
    client, organisation
):
    household = HouseholdFactory(team=organisation.team)
    MemberFactory(household=household)
    client.force_login(organisation.users[Role.PROFESSIONAL])

    assert client.get(reverse("casework:detail", args=[household.pk])).status_code == 200

    row = AuditLog.objects.get(action="household.read")
    assert HEX32.match(row.trace_id) and HEX16.match(row.span_id)
    assert row.parent_span_id == ""
    assert row.processing_activity == "casusregie"
    # One pseudonym per person in the household.
    members = list(household.members.order_by("pk"))
    assert len(members) == 2
    assert row.data_subjects == sorted(subject_pseudonym(m.pk) for m in members)

    # A second request is a trace of its own.
    client.get(reverse("casework:detail", args=[household.pk]))
    rows = AuditLog.objects.filter(action="household.read")
    assert len({r.trace_id for r in rows}) == 2


def test_an_incoming_traceparent_is_continued_as_a_child_operation(client, organisation):
    household = HouseholdFactory(team=organisation.team)
    client.force_login(organisation.users[Role.PROFESSIONAL])

    client.get(
        reverse("casework:detail", args=[household.pk]),
        HTTP_TRACEPARENT=f"00-{TRACE}-{CALLER}-01",
    )

    row = AuditLog.objects.get(action="household.read")
    assert row.trace_id == TRACE
    assert row.parent_span_id == CALLER
    assert HEX16.match(row.span_id) and row.span_id != CALLER


def test_a_malformed_traceparent_starts_a_new_trace(client, organisation):
    household = HouseholdFactory(team=organisation.team)
    client.force_login(organisation.users[Role.PROFESSIONAL])

    client.get(
        reverse("casework:detail", args=[household.pk]),
        HTTP_TRACEPARENT=f"00-{'0' * 32}-{CALLER}-01",
    )

    row = AuditLog.objects.get(action="household.read")
    assert HEX32.match(row.trace_id) and row.trace_id != "0" * 32
    assert row.parent_span_id == ""


def test_subject_pseudonyms_are_stable_keyed_and_distinct(settings):
    first = subject_pseudonym(41)
    assert first == subject_pseudonym(41)
    assert first != subject_pseudonym(42)
    assert re.match(r"^ds-[0-9a-f]{32}$", first)
    settings.AUDIT_SUBJECT_KEY = "another-municipality-key"
    assert subject_pseudonym(41) != first  # not computable without the key


def test_rows_outside_a_request_get_a_trace_of_their_own(db):
    one = audit_record(actor=None, action="auth.login")
    two = audit_record(actor=None, action="auth.login")
    assert HEX32.match(one.trace_id) and one.trace_id != two.trace_id
    assert one.processing_activity == "beveiliging"
    with tracing.use(tracing.continue_or_start(f"00-{TRACE}-{CALLER}-01")):
        inside = audit_record(actor=None, action="membership.grant", purpose="beheer")
    assert inside.trace_id == TRACE and inside.processing_activity == "beheer"


def test_the_audit_log_stays_append_only_with_the_new_columns(db):
    from django.db import connection, transaction

    row = audit_record(actor=None, action="auth.login")
    with (
        pytest.raises(Exception, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("UPDATE core_auditlog SET trace_id = %s WHERE id = %s", ["f" * 32, row.pk])


# --- the register -----------------------------------------------------------------------------


def _audited_purposes_and_actions() -> tuple[set[str], set[str]]:
    """Every purpose and action the application code passes to the audit log."""
    purposes: set[str] = set()
    actions: set[str] = set()
    for path in ROOT.glob("*/**/*.py"):
        if path.parts[len(ROOT.parts)] in {".venv", "tests", "node_modules", "benchmarks"}:
            continue
        text = path.read_text(encoding="utf-8")
        purposes.update(re.findall(r'PURPOSE\s*=\s*"([^"]+)"', text))
        purposes.update(re.findall(r'purpose\s*=\s*f?"([a-z_]+)', text))
        actions.update(re.findall(r'action\s*=\s*f?"([a-z_]+)\.', text))
        actions.update(re.findall(r'what\s*=\s*"([a-z_]+)\.', text))
    return purposes, actions


def _actions_recorded_without_a_purpose() -> set[str]:
    """The literal actions of audit_record(...) calls in the application that pass no purpose."""
    actions: set[str] = set()
    for path in ROOT.glob("*/**/*.py"):
        if path.parts[len(ROOT.parts)] in {".venv", "tests", "node_modules", "benchmarks"}:
            continue
        text = path.read_text(encoding="utf-8")
        for match in re.finditer(r"audit_record(?:_many)?\(", text):
            depth, end = 1, match.end()
            while depth and end < len(text):
                depth += {"(": 1, ")": -1}.get(text[end], 0)
                end += 1
            call = text[match.start() : end]
            literal = re.search(r'action\s*=\s*f?"([a-z_.{}]+)"', call)
            if "purpose" not in call and literal:
                actions.add(literal.group(1))
    return actions


def test_actions_recorded_without_a_purpose_map_by_their_prefix():
    actions = _actions_recorded_without_a_purpose()
    assert {"auth.login", "access.denied", "legal_lever.load"} <= actions
    assert {a for a in actions if not register().maps(action=a)} == set()


def test_every_audited_purpose_and_action_maps_to_one_processing_activity():
    purposes, actions = _audited_purposes_and_actions()
    assert {"casusregie", "toetsing", "signalering", "beheer", "toezicht"} <= purposes
    assert {"auth", "household", "membership"} <= actions
    current = register()
    unmapped_purposes = {p for p in purposes if not current.maps(action="x", purpose=p)}
    assert unmapped_purposes == set()
    # An action without a purpose of its own needs a mapping by its prefix.
    for action in ("auth.login", "auth.mfa_failed", "access.denied", "processing_register.export"):
        assert current.maps(action=action)


def test_a_register_with_a_purpose_in_two_activities_is_refused():
    text = """
controller: x
activities:
  - {code: a, name: A, purpose: p, legal_basis: [], data_subjects: [], personal_data: [],
     recipients: [], retention: r, audit_purposes: [casusregie]}
  - {code: b, name: B, purpose: p, legal_basis: [], data_subjects: [], personal_data: [],
     recipients: [], retention: r, audit_purposes: [casusregie]}
"""
    with pytest.raises(ValueError, match="casusregie"):
        parse_register(text)


@pytest.mark.parametrize("role", [Role.AUDITOR, Role.FUNCTIONAL_ADMIN])
def test_the_register_page_lists_every_activity_with_its_legal_basis(client, organisation, role):
    client.force_login(organisation.users[role])
    response = client.get(reverse("core:processing-register"))
    assert response.status_code == 200
    html = response.content.decode()
    for activity in register().activities:
        assert f'id="{activity.code}"' in html
        assert activity.legal_basis[0] in html
    assert f"/verwerkingsregister/#{register().activities[0].code}" in html


def test_the_register_exports_as_csv_and_json_and_the_export_is_audited(client, organisation):
    auditor = organisation.users[Role.AUDITOR]
    client.force_login(auditor)
    url = reverse("core:processing-register")

    response = client.get(url, {"formaat": "csv"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="verwerkingsregister.csv"' in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode()), delimiter=";"))
    codes = [activity.code for activity in register().activities]
    assert [row["code"] for row in rows] == codes
    casework = next(row for row in rows if row["code"] == "casusregie")
    assert "Wet gemeentelijke schuldhulpverlening art. 7a-7d" in casework["legal_basis"]
    assert casework["retention"]

    data = json.loads(client.get(url, {"formaat": "json"}).content)
    assert [item["code"] for item in data["verwerkingsactiviteiten"]] == codes
    assert isinstance(data["verwerkingsactiviteiten"][0]["legal_basis"], list)

    exports = AuditLog.objects.filter(action="processing_register.export").order_by("id")
    assert [row.data["format"] for row in exports] == ["csv", "json"]
    assert {row.actor_id for row in exports} == {auditor.pk}
    assert {row.processing_activity for row in exports} == {"beveiliging"}


@pytest.mark.parametrize(
    "role", [Role.PROFESSIONAL, Role.TEAM_LEAD, Role.BOARD_MEMBER, Role.POLICY_OFFICER]
)
def test_other_roles_cannot_see_or_export_the_register(client, api_client_for, organisation, role):
    client.force_login(organisation.users[role])
    assert client.get(reverse("core:processing-register")).status_code == 403
    assert client.get(reverse("core:processing-register"), {"formaat": "csv"}).status_code == 403
    response = api_client_for(organisation.users[role]).get("/api/v1/verwerkingsactiviteiten/")
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"
    assert not AuditLog.objects.filter(action="processing_register.export").exists()


def test_the_register_api_gives_each_activity_its_uri(api_client_for, organisation, settings):
    settings.PROCESSING_REGISTER_URI = "https://gemeente.example/verwerkingsregister"
    response = api_client_for(organisation.users[Role.AUDITOR]).get(
        "/api/v1/verwerkingsactiviteiten/"
    )
    assert response.status_code == 200
    body = response.json()
    assert [item["code"] for item in body] == [a.code for a in register().activities]
    assert body[0]["uri"] == f"https://gemeente.example/verwerkingsregister#{body[0]['code']}"
    assert AuditLog.objects.filter(action="processing_register.export").count() == 1


def test_the_auditor_finds_every_row_about_a_person_and_every_row_of_a_trace(client, organisation):
    household = HouseholdFactory(team=organisation.team)
    other = HouseholdFactory(team=organisation.team)
    member = household.members.get()
    professional = organisation.users[Role.PROFESSIONAL]
    client.force_login(professional)
    client.get(reverse("casework:detail", args=[household.pk]))
    client.get(
        reverse("casework:detail", args=[other.pk]), HTTP_TRACEPARENT=f"00-{TRACE}-{CALLER}-01"
    )

    client.force_login(organisation.users[Role.AUDITOR])
    url = reverse("core:audit-log")
    page = client.get(url, {"data_subject": subject_pseudonym(member.pk)}).context["page"]
    assert [(row.action, row.household_id) for row in page] == [("household.read", household.pk)]
    page = client.get(url, {"trace_id": TRACE}).context["page"]
    assert [(row.action, row.household_id) for row in page] == [("household.read", other.pk)]
    page = client.get(url, {"processing_activity": "casusregie"}).context["page"]
    assert {row.household_id for row in page} == {household.pk, other.pk}
    response = client.get(url, {"trace_id": "niet-hex"})
    assert "Een trace-id heeft 32 tekens" in response.content.decode()
