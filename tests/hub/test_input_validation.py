"""Probe findings 8 and 9 on the hub: integer ranges, nesting, periods, revision jumps and the
media type are refused as problem details before anything is stored or published."""

from __future__ import annotations

import copy
import json
import uuid

import pytest

from core.models import Role
from hub.models import MunicipalityToken, ReceivedReport
from signals.periods import parse_period
from signals.reporting.builder import canonical_json
from signals.services import report_approve, report_generate
from tests.signals.factories import approved_breakthroughs

pytestmark = pytest.mark.django_db

URL = "/hub/api/reports/"


@pytest.fixture
def report(organisation):
    approved_breakthroughs(organisation.municipality, organisation.team, n=12)
    generated, _ = report_generate(
        municipality=organisation.municipality, period=parse_period("2026Q3")
    )
    return report_approve(actor=organisation.users[Role.POLICY_OFFICER], report=generated).content


@pytest.fixture
def token(organisation):
    _record, key = MunicipalityToken.issue(
        cbs_code=organisation.municipality.cbs_code, name=organisation.municipality.name
    )
    return key


def _post(client, token, content, *, body=None, content_type="application/json"):
    return client.post(
        URL,
        data=body if body is not None else json.dumps(content),
        content_type=content_type,
        HTTP_AUTHORIZATION=f"Bearer {token}",
        HTTP_IDEMPOTENCY_KEY=content["report_id"],
    )


def _variant(content, **changes):
    changed = copy.deepcopy(content)
    changed["report_id"] = str(uuid.uuid4())
    for path, value in changes.items():
        target = changed
        *parents, last = path.split("__")
        for key in parents:
            target = target[key]
        target[last] = value
    return changed


# --- F8: integer ranges and nesting -------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "value", "status"),
    [
        ("totals__breakthroughs", 2**31 - 1, 201),
        ("totals__breakthroughs", 2**31, 400),
        ("totals__amount_eur", "9999999999.99", 201),
        ("totals__amount_eur", "10000000000.00", 400),
        ("totals__amount_eur", "1000000000000.00", 400),
    ],
)
def test_counts_and_amounts_at_and_beyond_the_columns(client, token, report, path, value, status):
    response = _post(client, token, _variant(report, **{path: value}))
    assert response.status_code == status, response.content
    if status == 400:
        assert response["Content-Type"].startswith("application/problem+json")
        assert response.json()["code"] == "out_of_range"
        assert not ReceivedReport.objects.exists()


def test_a_revision_beyond_the_column_is_refused(client, token, report):
    response = _post(client, token, _variant(report, revision=2**15))
    assert response.status_code == 400
    assert response.json()["invalidParams"][0]["name"] == "revision"


def test_deeply_nested_json_is_a_400(client, token, report):
    body = '{"report_id": "x", "a": ' + "[" * 50_000 + "]" * 50_000 + "}"
    response = _post(client, token, report, body=body)
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_json"


# --- F9: nonsense periods, revision jumps, media type -------------------------------------------


@pytest.mark.parametrize(
    ("start", "end"),
    [
        ("2026-09-30", "2026-07-01"),  # starts after it ends
        ("0001-01-01", "0001-03-31"),  # the year 1
        ("1999-10-01", "1999-12-31"),  # before the product's reports exist
        ("2026-07-02", "2026-09-30"),  # not from the first of a month
        ("2026-08-01", "2026-10-31"),  # three months, but not a calendar quarter
        ("2026-07-01", "2026-08-31"),  # two months
    ],
)
def test_nonsense_periods_are_refused(client, token, report, start, end):
    response = _post(client, token, _variant(report, period__start=start, period__end=end))
    assert response.status_code == 400
    assert response.json()["code"] == "period_invalid"
    assert not ReceivedReport.objects.exists()


@pytest.mark.parametrize(
    ("start", "end"), [("2026-07-01", "2026-09-30"), ("2026-08-01", "2026-08-31")]
)
def test_a_quarter_and_a_month_are_accepted(client, token, report, start, end):
    response = _post(client, token, _variant(report, period__start=start, period__end=end))
    assert response.status_code == 201


def test_a_revision_may_run_at_most_three_ahead(client, token, report):
    # Deliveries may overtake each other (2 before 1), but 1 then 15 is no revision.
    assert report["revision"] == 1
    assert _post(client, token, report).status_code == 201
    jump = _post(client, token, _variant(report, revision=5))
    assert jump.status_code == 409
    assert jump.json()["code"] == "revision_gap"
    assert _post(client, token, _variant(report, revision=15)).status_code == 409
    assert _post(client, token, _variant(report, revision=4)).status_code == 201
    assert ReceivedReport.objects.filter(current=True).get().revision == 4


def test_a_first_report_may_not_start_beyond_revision_3(client, token, report):
    assert _post(client, token, _variant(report, revision=4)).status_code == 409
    assert _post(client, token, _variant(report, revision=3)).status_code == 201


def test_only_json_is_accepted(client, token, report):
    response = _post(client, token, report, body=canonical_json(report), content_type="text/plain")
    assert response.status_code == 415
    assert response["Content-Type"].startswith("application/problem+json")
    assert not ReceivedReport.objects.exists()
