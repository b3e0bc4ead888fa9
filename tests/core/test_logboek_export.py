"""The audit log exported as Logboek Dataverwerkingen log records: one data subject per record,
a span of its own per action, under the request's span; through the audit page's download and the
`logboek_export` command."""

from __future__ import annotations

import io
import json
import re
import tomllib
from pathlib import Path

from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import pytest

from core import tracing
from core.audit import audit_record, subject_pseudonym
from core.logboek import DATA_SUBJECT_ID_TYPE
from core.models import AuditLog, AuditResult, Role
from tests.casework.factories import HouseholdFactory, MemberFactory
from tests.core.factories import AuditLogFactory, MembershipFactory, MunicipalityFactory

ROOT = Path(__file__).resolve().parents[2]
HEX16 = re.compile(r"^[0-9a-f]{16}$")
SUBJECT = "dpl.core.data_subject_id"
SUBJECT_TYPE = "dpl.core.data_subject_id_type"
ACTIVITY = "dpl.core.processing_activity_id"
TRACE = "4bf92f3577b34da6a3ce929d0e0e4736"
CALLER = "00f067aa0ba902b7"


def _records(response) -> list[dict]:
    body = b"".join(response.streaming_content).decode()
    return [json.loads(line) for line in body.splitlines()]


def _download(client, **filters) -> list[dict]:
    response = client.get(reverse("core:audit-log"), {**filters, "formaat": "logboek"})
    assert response.status_code == 200
    assert response.streaming
    return _records(response)


def _spans(records: list[dict]) -> list[str]:
    return [record["span_id"] for record in records]


@pytest.fixture
def household_of_three(organisation):
    household = HouseholdFactory(team=organisation.team)
    MemberFactory(household=household)
    MemberFactory(household=household)
    assert household.members.count() == 3
    return household


@pytest.fixture
def read_household(client, organisation):
    def read(household) -> AuditLog:
        client.force_login(organisation.users[Role.PROFESSIONAL])
        assert client.get(reverse("casework:detail", args=[household.pk])).status_code == 200
        return AuditLog.objects.filter(action="household.read").latest("id")

    return read


def test_a_household_read_gives_an_action_record_and_one_child_per_member(
    client, organisation, household_of_three, read_household
):
    row = read_household(household_of_three)
    client.force_login(organisation.users[Role.AUDITOR])

    records = _download(client, action="household.read")

    assert len(records) == 4
    action, children = records[0], records[1:]
    assert SUBJECT not in action["attributes"] and SUBJECT_TYPE not in action["attributes"]
    assert action["parent_span_id"] == row.span_id  # the request it ran in
    assert action["trace_id"] == row.trace_id
    assert action["name"] == "household.read"
    assert action["status"] == "Ok"
    version = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    assert action["resource"] == {"name": "doorbraak", "version": version}
    assert action["attributes"][ACTIVITY].endswith("#casusregie")
    members = household_of_three.members.order_by("pk")
    assert [child["attributes"][SUBJECT] for child in children] == sorted(
        subject_pseudonym(member.pk) for member in members
    )
    for child in children:
        assert child["parent_span_id"] == action["span_id"]
        assert child["attributes"][SUBJECT_TYPE] == DATA_SUBJECT_ID_TYPE
        assert child["attributes"][ACTIVITY] == action["attributes"][ACTIVITY]
        assert (child["trace_id"], child["name"], child["status"]) == (
            row.trace_id,
            "household.read",
            "Ok",
        )
        assert (child["start_time"], child["end_time"]) == (
            action["start_time"],
            action["end_time"],
        )
    assert len(set(_spans(records))) == 4
    assert row.span_id not in _spans(records)
    assert action["start_time"].endswith("Z")


def test_one_subject_rides_on_the_action_record_and_a_login_has_none(client, organisation):
    household = HouseholdFactory(team=organisation.team)
    member = household.members.get()
    professional = organisation.users[Role.PROFESSIONAL]
    audit_record(
        actor=professional,
        action="member.reveal_bsn",
        obj=member,
        household_id=household.pk,
        municipality_code=organisation.municipality.cbs_code,
        purpose="casusregie",
        person_ids=[member.pk],
    )
    audit_record(actor=professional, action="auth.login")
    client.force_login(organisation.users[Role.AUDITOR])

    (reveal,) = _download(client, action="member.")
    (login,) = _download(client, action="auth.", actor=professional.username)

    assert reveal["attributes"][SUBJECT] == subject_pseudonym(member.pk)
    assert reveal["attributes"][SUBJECT_TYPE] == DATA_SUBJECT_ID_TYPE
    assert set(login["attributes"]) == {ACTIVITY}
    assert login["attributes"][ACTIVITY].endswith("#beveiliging")


def test_rows_of_one_request_get_spans_of_their_own_and_the_export_is_deterministic(
    client, organisation
):
    professional = organisation.users[Role.PROFESSIONAL]
    code = organisation.municipality.cbs_code
    request_operation = tracing.continue_or_start(f"00-{TRACE}-{CALLER}-01")
    with tracing.use(request_operation):
        first = audit_record(
            actor=professional,
            action="household.list",
            municipality_code=code,
            purpose="casusregie",
        )
        second = audit_record(
            actor=professional,
            action="household.list",
            municipality_code=code,
            purpose="casusregie",
        )
    assert first.span_id == second.span_id == request_operation.span_id
    client.force_login(organisation.users[Role.AUDITOR])

    records = _download(client, action="household.list")
    again = _download(client, action="household.list")

    assert len(records) == 2
    assert records[0]["span_id"] != records[1]["span_id"]
    assert {record["parent_span_id"] for record in records} == {request_operation.span_id}
    assert {record["trace_id"] for record in records} == {TRACE}
    assert again == records


def test_every_span_id_of_an_export_is_unique_lowercase_hex_and_not_zero(
    client, organisation, household_of_three, read_household
):
    read_household(household_of_three)
    read_household(household_of_three)
    audit_record(actor=organisation.users[Role.PROFESSIONAL], action="auth.login")
    client.force_login(organisation.users[Role.AUDITOR])
    client.get(reverse("core:audit-log"))  # an audit_log.read row as well

    records = _download(client)

    spans = _spans(records)
    assert len(records) >= 10
    assert len(spans) == len(set(spans))
    assert all(HEX16.match(span) and span != "0" * 16 for span in spans)
    traces = {record["trace_id"] for record in records}
    assert set(AuditLog.objects.values_list("trace_id", flat=True)) <= traces


def test_a_denied_row_has_status_error(client, organisation):
    audit_record(
        actor=organisation.users[Role.PROFESSIONAL],
        action="access.denied",
        result=AuditResult.DENIED,
        municipality_code=organisation.municipality.cbs_code,
    )
    client.force_login(organisation.users[Role.AUDITOR])

    (denied,) = _download(client, action="access.denied")

    assert denied["status"] == "Error"


def test_a_row_from_before_tracing_is_exported_without_a_trace(client, organisation):
    AuditLogFactory(
        actor=organisation.users[Role.PROFESSIONAL],
        action="household.update",
        municipality_code=organisation.municipality.cbs_code,
        trace_id="",
        span_id="",
        processing_activity="",
        data_subjects=[],
    )
    client.force_login(organisation.users[Role.AUDITOR])

    (old,) = _download(client, action="household.update")

    assert old["trace_id"] is None and old["parent_span_id"] is None
    assert HEX16.match(old["span_id"])
    assert old["attributes"] == {}


def test_the_download_is_json_lines_keeps_the_filters_and_is_audited(
    client, organisation, household_of_three, read_household
):
    read_household(household_of_three)
    auditor = organisation.users[Role.AUDITOR]
    client.force_login(auditor)

    page = client.get(reverse("core:audit-log"), {"action": "household.read"}).content.decode()
    assert 'href="?action=household.read&amp;formaat=logboek"' in page
    response = client.get(
        reverse("core:audit-log"), {"action": "household.read", "formaat": "logboek"}
    )

    assert response["Content-Type"].startswith("application/x-ndjson")
    assert re.match(
        r'attachment; filename="logboek-dataverwerkingen-\d{8}\.jsonl"',
        response["Content-Disposition"],
    )
    assert len(_records(response)) == 4
    export = AuditLog.objects.get(action="audit_log.export")
    assert export.actor_id == auditor.pk
    assert export.purpose == "toezicht"
    assert export.processing_activity == "beveiliging"
    assert export.data == {"filters": {"action": "household.read"}, "format": "logboek"}


def test_invalid_filters_show_the_page_with_errors_and_download_nothing(client, organisation):
    client.force_login(organisation.users[Role.AUDITOR])

    response = client.get(reverse("core:audit-log"), {"trace_id": "niet-hex", "formaat": "logboek"})

    assert response.status_code == 200
    assert not response.streaming
    content = response.content.decode()
    assert "Een trace-id heeft 32 tekens" in content
    assert "Download als Logboek Dataverwerkingen" not in content
    assert not AuditLog.objects.filter(action="audit_log.export").exists()


@pytest.mark.parametrize(
    "role",
    [
        Role.PROFESSIONAL,
        Role.TEAM_LEAD,
        Role.BOARD_MEMBER,
        Role.POLICY_OFFICER,
        Role.FUNCTIONAL_ADMIN,
    ],
)
def test_only_auditors_download(client, organisation, role):
    client.force_login(organisation.users[role])

    response = client.get(reverse("core:audit-log"), {"formaat": "logboek"})

    assert response.status_code == 403
    assert not AuditLog.objects.filter(action="audit_log.export").exists()


def test_an_auditor_of_another_municipality_gets_none_of_these_rows(
    client, organisation, household_of_three, read_household
):
    row = read_household(household_of_three)
    elsewhere = MunicipalityFactory()
    outsider = MembershipFactory(municipality=elsewhere, team=None, role=Role.AUDITOR).user
    client.force_login(outsider)

    records = _download(client)

    assert row.trace_id not in {record["trace_id"] for record in records}
    # Only the outsider's own login and this export.
    assert {record["name"] for record in records} <= {"auth.login", "audit_log.export"}


def test_the_download_query_count_does_not_grow_with_the_rows(client, organisation):
    professional = organisation.users[Role.PROFESSIONAL]
    code = organisation.municipality.cbs_code
    household = HouseholdFactory(team=organisation.team)
    MemberFactory(household=household)

    def add(count: int) -> None:
        for _index in range(count):
            audit_record(
                actor=professional,
                action="household.read",
                household_id=household.pk,
                municipality_code=code,
                purpose="casusregie",
            )

    def count_queries() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as queries:
            records = _download(client, action="household.read")
        return len(queries), len(records)

    client.force_login(organisation.users[Role.AUDITOR])
    add(3)
    few_queries, few_records = count_queries()
    add(27)
    many_queries, many_records = count_queries()

    assert (few_records, many_records) == (3 * 3, 30 * 3)
    assert many_queries == few_queries


# --- the command --------------------------------------------------------------------------------


def test_the_command_writes_json_lines_of_the_municipality_and_is_audited(
    organisation, household_of_three, read_household
):
    row = read_household(household_of_three)
    elsewhere = MunicipalityFactory()
    audit_record(actor=None, action="household.read", municipality_code=elsewhere.cbs_code)
    out = io.StringIO()

    call_command(
        "logboek_export",
        "--municipality",
        organisation.municipality.cbs_code,
        "--from",
        row.timestamp.date().isoformat(),
        stdout=out,
    )

    records = [json.loads(line) for line in out.getvalue().splitlines()]
    reads = [record for record in records if record["name"] == "household.read"]
    assert len(reads) == 4  # this municipality's one read: action record plus 3 members
    assert {record["trace_id"] for record in reads} == {row.trace_id}
    spans = _spans(records)
    assert len(spans) == len(set(spans))
    export = AuditLog.objects.get(action="audit_log.export")
    assert export.actor_id is None
    assert export.municipality_code == organisation.municipality.cbs_code
    assert export.data["filters"] == {"date_from": row.timestamp.date().isoformat()}

    again = io.StringIO()
    call_command(
        "logboek_export", "--municipality", organisation.municipality.cbs_code, stdout=again
    )
    assert out.getvalue().splitlines()[0] in again.getvalue().splitlines()


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--from", "01-02-2026"], "--from: gebruik JJJJ-MM-DD."),
        (["--to", "2026-13-01"], "--to: gebruik JJJJ-MM-DD."),
        (["--from", "2026-02-01", "--to", "2026-01-01"], "de einddatum ligt voor de begindatum"),
    ],
)
def test_the_command_refuses_bad_dates(organisation, arguments, message):
    with pytest.raises(CommandError, match=message) as error:
        call_command(
            "logboek_export", "--municipality", organisation.municipality.cbs_code, *arguments
        )
    assert error.value.returncode == 2
    assert not AuditLog.objects.filter(action="audit_log.export").exists()


def test_the_command_refuses_an_unknown_municipality(db):
    with pytest.raises(CommandError, match="Onbekende gemeente 'GM9999'"):
        call_command("logboek_export", "--municipality", "GM9999")
