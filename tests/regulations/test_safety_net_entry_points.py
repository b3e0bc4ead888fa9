"""The safety net through its entry points: the command, the API, the dossier and the case page."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

from django.apps import apps
from django.core.management import call_command
from django.db import connection

import pytest

from casework.constants import CreditorKind, DebtStage, FixedCostKind
from casework.models import Debt, FixedCost, WgsRequest
from core.models import AuditLog
from regulations.models import ParameterValue
from regulations.schemes.safety_net import DEBT_STAGES, FIXED_COST_KINDS
from regulations.services import catalogue_sync_from_files
from regulations.services.safety_net import safety_net_summary
from tests.casework.factories import (
    BenefitReceivedFactory,
    DebtFactory,
    HouseholdFactory,
    IncomeFactory,
)

HOUSEHOLD = {
    "reference_date": "2025-09-01",
    "municipality_code": "GM0363",
    "members": [
        {
            "ref": "p1",
            "relation": "applicant",
            "birth_date": "1985-05-01",
            "incomes": [{"kind": "bijstand", "net_monthly": "1000.00"}],
        }
    ],
    "fixed_costs": [{"kind": "rent", "monthly": "700.00"}],
    "debts": [
        {
            "creditor_kind": "toeslagen",
            "amount": "2000.00",
            "stage": "beslag",
            "collection_monthly": "80.00",
        }
    ],
}


ROOT = Path(__file__).resolve().parents[2]


def write(tmp_path: Path, data: dict) -> Path:
    path = tmp_path / "huishouden.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def table_sizes() -> dict[str, int]:
    """Rows per table: 'stores nothing' means these stay equal."""
    return {
        model._meta.db_table: model._default_manager.count()
        for model in apps.get_models()
        if not model._meta.proxy
    }


def database_url() -> str:
    """The test database, so a subprocess reads (and must not write) the rows we count."""
    db = connection.settings_dict
    return (
        f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}"
    )


def assert_problem(response, status: int, *names: str) -> dict:
    """RFC 7807 problem details with this status, naming these fields in invalidParams."""
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/problem+json")
    body = response.json()
    assert body["status"] == status
    reported = {param["name"] for param in body.get("invalidParams", [])}
    for name in names:
        assert name in reported, (name, body)
    return body


# --- manage.py safety_net ------------------------------------------------------------------


@pytest.mark.django_db
def test_the_command_writes_the_contract(tmp_path):
    out = io.StringIO()
    call_command("safety_net", str(write(tmp_path, HOUSEHOLD)), "--date", "2025-10-01", stdout=out)
    output = json.loads(out.getvalue())
    assert set(output) == {"reference_date", "budget", "beslagvrije_voet", "debts", "alerts"}
    assert output["reference_date"] == "2025-10-01"
    assert output["beslagvrije_voet"]["amount_monthly"] == "950.00"
    assert {"amount_monthly", "explanation", "provisional"} <= set(output["beslagvrije_voet"])
    # 1000 - 80 leaves 920, 30.00 below the beslagvrije voet.
    assert output["alerts"][0]["code"] == "below_beslagvrije_voet"
    assert output["alerts"][0]["amount_monthly"] == "30.00"


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"fixed_costs": [{"kind": "rent", "monthly": -5}]}, "fixed_costs[0].monthly"),
        ({"fixed_costs": [{"kind": "boot", "monthly": 5}]}, "fixed_costs[0].kind"),
        ({"fixed_costs": [{"kind": "rent", "monthly": 2500000}]}, "fixed_costs[0].monthly"),
        ({"debts": [{"creditor_kind": "cjib", "stage": "ergens"}]}, "debts[0].stage"),
    ],
)
def test_the_command_exits_2_naming_the_field_and_stores_nothing(tmp_path, change, field):
    before = table_sizes()
    path = write(tmp_path, {**HOUSEHOLD, **change})
    process = _run_safety_net(str(path))
    assert process.returncode == 2, process.stderr
    assert field in process.stderr
    assert process.stdout == ""
    assert table_sizes() == before


def _run_safety_net(*args: str) -> subprocess.CompletedProcess:
    """The command as other tools call it: a separate process, exit code and streams."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": database_url(),
    }
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "safety_net", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


# --- POST /api/v1/safety-net/ ----------------------------------------------------------------


@pytest.fixture
def api(organisation, api_client_for):
    return api_client_for(organisation.users["professional"])


def test_the_api_takes_and_returns_the_same_json_and_stores_nothing(api, tmp_path):
    before = table_sizes()
    response = api.post("/api/v1/safety-net/?date=2025-10-01", HOUSEHOLD, format="json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["beslagvrije_voet"]["amount_monthly"] == "950.00"
    assert body["reference_date"] == "2025-10-01"
    assert table_sizes() == before
    # The same JSON as the command gives for the same file and date.
    path = write(tmp_path, HOUSEHOLD)
    out = io.StringIO()
    call_command("safety_net", str(path), "--date", "2025-10-01", stdout=out)
    assert json.loads(out.getvalue()) == body


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"fixed_costs": [{"kind": "rent", "monthly": "-0.01"}]}, "fixed_costs[0].monthly"),
        ({"fixed_costs": [{"kind": "jacht", "monthly": "1"}]}, "fixed_costs[0].kind"),
        ({"debts": [{"creditor_kind": "cjib", "amount": "1e12"}]}, "debts[0].amount"),
    ],
)
def test_the_api_answers_bad_input_with_a_problem_naming_the_field(api, change, field):
    before = table_sizes()
    response = api.post("/api/v1/safety-net/", {**HOUSEHOLD, **change}, format="json")
    assert_problem(response, 400, field)
    assert table_sizes() == before


def test_the_api_needs_a_login(api_client):
    assert api_client.post("/api/v1/safety-net/", HOUSEHOLD, format="json").status_code in (
        401,
        403,
    )


# --- the stored household ----------------------------------------------------------------------


@pytest.fixture
def household(organisation):
    household = HouseholdFactory(team=organisation.team)
    applicant = household.members.get()
    IncomeFactory(member=applicant, kind="participatiewet", net_amount=Decimal("1000.00"))
    return household


def test_fixed_costs_and_wgs_requests_are_kept_through_the_api_and_audited(api, household):
    base = f"/api/v1/households/{household.pk}"
    response = api.post(
        f"{base}/fixed-costs/", {"kind": "rent", "monthly": "725.50"}, format="json"
    )
    assert response.status_code == 201, response.content
    assert FixedCost.objects.get(household=household).monthly == Decimal("725.50")
    assert AuditLog.objects.filter(action="fixedcost.create", household_id=household.pk).exists()
    # Friday 24 April 2026, eviction threatens: three working days, Koningsdag (Monday) skipped.
    response = api.post(
        f"{base}/wgs-requests/",
        {"requested_on": "2026-04-24", "threat": "eviction", "phase": "toegang"},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["due_on"] == "2026-04-30"
    audit = AuditLog.objects.get(action="wgsrequest.create", household_id=household.pk)
    assert audit.purpose == "schuldhulpverlening:toegang"


@pytest.mark.parametrize(
    ("requested_on", "threat", "due_on"),
    [
        ("2025-12-22", "energy_cutoff", "2025-12-29"),  # Christmas, Boxing Day and a weekend
        ("2025-12-31", "water_cutoff", "2026-01-06"),  # New Year's Day and a weekend
        ("2026-04-24", "eviction", "2026-04-30"),  # Koningsdag on the Monday
        ("2025-12-19", "", "2026-01-16"),  # no threat: four calendar weeks
    ],
)
def test_the_wgs_limit_counts_working_days_across_weekends_and_holidays(
    api, household, requested_on, threat, due_on
):
    response = api.post(
        f"/api/v1/households/{household.pk}/wgs-requests/",
        {"requested_on": requested_on, "threat": threat},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["due_on"] == due_on


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("fixed-costs", {"kind": "rent", "monthly": "-1.00"}, "monthly"),
        ("fixed-costs", {"kind": "rent", "monthly": "25000.01"}, "monthly"),
        ("fixed-costs", {"kind": "jacht", "monthly": "10.00"}, "kind"),
        ("debts", {"creditor_kind": "cjib", "amount": "100000000.01"}, "amount"),
        ("debts", {"creditor_kind": "cjib", "amount": "10.00", "stage": "hel"}, "stage"),
        (
            "debts",
            {"creditor_kind": "cjib", "amount": "10.00", "collection_monthly": "-1"},
            "collection_monthly",
        ),
        (
            "wgs-requests",
            {"requested_on": "2025-05-02", "first_conversation_on": "2025-05-01"},
            "first_conversation_on",
        ),
        ("wgs-requests", {"requested_on": "2025-05-02", "phase": "later"}, "phase"),
    ],
)
def test_bad_dossier_input_is_a_field_error_and_nothing_is_saved(api, household, path, body, field):
    version = household.version
    response = api.post(f"/api/v1/households/{household.pk}/{path}/", body, format="json")
    assert_problem(response, 400, field)
    assert not FixedCost.objects.filter(household=household).exists()
    assert not Debt.objects.filter(household=household).exists()
    assert not WgsRequest.objects.filter(household=household).exists()
    household.refresh_from_db()
    assert household.version == version


def test_a_fixed_cost_at_the_limit_is_accepted(api, household):
    response = api.post(
        f"/api/v1/households/{household.pk}/fixed-costs/",
        {"kind": "rent", "monthly": "25000.00"},
        format="json",
    )
    assert response.status_code == 201, response.content


def test_the_browser_form_reports_a_negative_fixed_cost_on_its_field(
    client, professional, household
):
    client.force_login(professional)
    response = client.post(
        f"/huishoudens/{household.pk}/vaste-lasten/nieuw/",
        {"kind": FixedCostKind.RENT, "monthly": "-10", "version": household.version},
    )
    assert response.status_code == 422
    assert "monthly" in response.context["form"].errors
    assert not FixedCost.objects.exists()


def test_the_household_safety_net_api_is_audited_and_team_scoped(
    api, organisation, api_client_for, household
):
    FixedCost.objects.create(household=household, kind=FixedCostKind.RENT, monthly=Decimal("700"))
    DebtFactory(
        household=household,
        creditor_kind=CreditorKind.CJIB,
        amount=Decimal("900.00"),
        stage=DebtStage.BESLAG,
        collection_monthly=Decimal("100.00"),
    )
    BenefitReceivedFactory(
        household=household, scheme_code="kinderbijslag", amount_monthly=Decimal("80")
    )
    response = api.get(f"/api/v1/households/{household.pk}/safety-net/?date=2025-10-01")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["budget"]["fixed_costs_monthly"] == "700.00"
    assert body["beslagvrije_voet"]["amount_monthly"] == "950.00"
    codes = {alert["code"] for alert in body["alerts"]}
    assert {"below_beslagvrije_voet", "repayment_risk"} <= codes
    assert AuditLog.objects.filter(action="safetynet.read", household_id=household.pk).count() == 1
    other = api_client_for(organisation.other_team_users["professional"])
    response = other.get(f"/api/v1/households/{household.pk}/safety-net/")
    assert_problem(response, 404)
    assert AuditLog.objects.filter(action="safetynet.read", household_id=household.pk).count() == 1


def test_the_case_page_section_shows_the_safety_net(client, professional, organisation, household):
    FixedCost.objects.create(household=household, kind=FixedCostKind.RENT, monthly=Decimal("700"))
    WgsRequest.objects.create(
        household=household,
        requested_on=date(2025, 12, 22),
        threat="eviction",
        due_on=date(2025, 12, 29),
    )
    client.force_login(professional)
    response = client.get(f"/regelingen/huishouden/{household.pk}/financieel-vangnet/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Beslagvrije voet" in html
    assert "€\u00a0950,00" in html  # 95% of the 1000.00 income
    assert "gemeentelijke instelling" in html
    assert "29 december 2025" in html and "Termijn verstreken" in html
    assert AuditLog.objects.filter(action="safetynet.read", household_id=household.pk).exists()
    detail = client.get(f"/huishoudens/{household.pk}/")
    assert f"/regelingen/huishouden/{household.pk}/financieel-vangnet/" in detail.content.decode()
    client.force_login(organisation.other_team_users["professional"])
    assert (
        client.get(f"/regelingen/huishouden/{household.pk}/financieel-vangnet/").status_code == 404
    )


def test_a_date_the_stored_dossier_contradicts_is_a_400_on_the_date(api, household):
    response = api.get(f"/api/v1/households/{household.pk}/safety-net/?date=1900-01-01")
    assert_problem(response, 400, "date")


def test_the_access_export_contains_the_fixed_costs_and_the_debt_help_requests(api, household):
    FixedCost.objects.create(household=household, kind=FixedCostKind.ENERGY, monthly=Decimal("99"))
    WgsRequest.objects.create(
        household=household, requested_on=date(2025, 5, 2), due_on=date(2025, 5, 30)
    )
    data = api.get(f"/api/v1/households/{household.pk}/export/").json()
    assert data["fixed_costs"] == [
        {"kind": "energy", "kind_label": "Energie", "monthly": "99.00", "description": ""}
    ]
    assert data["debt_help_requests"][0]["due_on"] == "2025-05-30"


def test_the_summary_for_the_case_page_is_plain_data(household):
    DebtFactory(
        household=household,
        creditor_kind=CreditorKind.LANDLORD,
        amount=Decimal("1200.00"),
        stage=DebtStage.ONTRUIMING,
        deadline=date(2026, 12, 18),
    )
    DebtFactory(
        household=household,
        creditor_kind=CreditorKind.CJIB,
        amount=Decimal("400.00"),
        collection_monthly=Decimal("300.00"),
    )
    WgsRequest.objects.create(
        household=household,
        requested_on=date(2026, 12, 1),
        threat="eviction",
        due_on=date(2026, 12, 4),
    )
    summary = safety_net_summary(household=household, today=date(2026, 12, 7))
    assert set(summary) == {
        "alert_messages",
        "beslagvrije_voet_alerts",
        "urgent_arrears",
        "wgs_deadlines",
    }
    # Every alert of the section, for the room the case page keeps for it while it loads.
    assert len(summary["alert_messages"]) >= 2
    assert all(isinstance(message, str) for message in summary["alert_messages"])
    assert summary["beslagvrije_voet_alerts"][0]["amount_monthly"] == "250.00"  # 950 - 700
    assert summary["urgent_arrears"][0]["deadline"] == "2026-12-18"
    deadline = summary["wgs_deadlines"][0]
    assert deadline["due_on"] == date(2026, 12, 4) and deadline["overdue"] is True
    json.dumps(summary, default=str)  # plain data, serialisable


@pytest.mark.django_db
def test_the_demo_households_have_fixed_costs_and_collection_stages():
    call_command("seed_demo", households=12, stdout=io.StringIO())
    assert FixedCost.objects.values("household").distinct().count() == 12
    assert Debt.objects.exclude(stage="").filter(in_collection=True).exists()
    assert not Debt.objects.exclude(stage="").filter(in_collection=False).exists()


def test_a_changed_threat_moves_the_limit_and_restarts_the_tracker(api, household):
    base = f"/api/v1/households/{household.pk}/wgs-requests"
    created = api.post(f"{base}/", {"requested_on": "2025-12-19"}, format="json").json()
    assert created["due_on"] == "2026-01-16"
    WgsRequest.objects.filter(pk=created["id"]).update(reminded_at="2026-01-15T09:00:00Z")
    household.refresh_from_db()
    # A change that keeps the limit keeps the tracker's state (the plan van aanpak follows the
    # first conversation, art. 4a Wgs).
    response = api.patch(
        f"{base}/{created['id']}/",
        {
            "phase": "plan_van_aanpak",
            "first_conversation_on": "2026-01-05",
            "version": household.version,
        },
        format="json",
    )
    assert response.status_code == 200, response.content
    assert WgsRequest.objects.get(pk=created["id"]).reminded_at is not None
    household.refresh_from_db()
    response = api.patch(
        f"{base}/{created['id']}/",
        {"threat": "water_cutoff", "version": household.version},
        format="json",
    )
    assert response.json()["due_on"] == "2025-12-24"  # Friday 19th: 22nd, 23rd, 24th
    assert WgsRequest.objects.get(pk=created["id"]).reminded_at is None


@pytest.mark.parametrize("role", ["board_member", "policy_officer", "functional_admin", "auditor"])
def test_roles_without_cases_never_see_a_safety_net(
    organisation, api_client_for, client, household, role
):
    user = organisation.users[role]
    response = api_client_for(user).get(f"/api/v1/households/{household.pk}/safety-net/")
    assert response.status_code in (403, 404)
    client.force_login(user)
    assert client.get(f"/regelingen/huishouden/{household.pk}/financieel-vangnet/").status_code in (
        403,
        404,
    )
    assert not AuditLog.objects.filter(action="safetynet.read").exists()


def test_a_leefgeld_reference_set_by_the_municipality_is_shown_with_its_source(
    client, professional, household
):
    catalogue_sync_from_files()
    ParameterValue.objects.create(
        key="minima.leefgeld_referentie_week.alleenstaande",
        value="80.00",
        kind="decimal",
        unit="EUR/week",
        valid_from=date(2025, 1, 1),
        municipality_code=household.municipality.cbs_code,
        source_url="https://gemeente.example/raadsbesluit-leefgeld",
        grade="B",
        origin="admin",
    )
    FixedCost.objects.create(household=household, kind=FixedCostKind.RENT, monthly=Decimal("700"))
    client.force_login(professional)
    html = client.get(f"/regelingen/huishouden/{household.pk}/financieel-vangnet/").content.decode()
    assert "€\u00a080,00" in html
    assert "https://gemeente.example/raadsbesluit-leefgeld" in html
    # 300 left a month is 69.23 a week: below the reference.
    assert "Leefgeld €\u00a069,23 per week is minder dan de gemeentelijke referentie" in html


def test_the_dossier_codes_are_the_contract_codes():
    # The stored kinds and stages go into the calculation unchanged.
    assert tuple(FixedCostKind.values) == FIXED_COST_KINDS
    assert tuple(DebtStage.values) == DEBT_STAGES
