"""The regulations API: stateless and stored screening, Werken loont, catalogue, proactive grants."""

from __future__ import annotations

import copy
from decimal import Decimal

import pytest

from core.models import AuditLog
from regulations.models import ProactiveGrant, Regulation, Screening
from regulations.schemes.engine import SCHEME_CODES
from tests.casework.factories import HouseholdFactory

pytestmark = pytest.mark.django_db

HOUSEHOLD = {
    "reference_date": "2025-03-01",
    "municipality_code": "GM0363",
    "members": [
        {
            "ref": "p1",
            "relation": "applicant",
            "birth_date": "1990-05-01",
            "assessed_income_yearly": 28000,
            "incomes": [{"kind": "wages", "gross_monthly": 2100.00, "net_monthly": 1750.00}],
            "health_insured": True,
        },
        {"ref": "p2", "relation": "partner", "birth_date": "1991-02-11"},
        {"ref": "c1", "relation": "child", "birth_date": "2019-04-01"},
        {"ref": "h1", "relation": "housemate", "birth_date": "1980-07-07"},
    ],
    "assets_total": 3000.00,
    "housing": {"tenure": "social_rent", "basic_rent": 900.00, "service_costs": 0.00},
    "benefits_received": ["zorgtoeslag"],
}
SCREENINGS = "/api/v1/screenings/"


@pytest.fixture
def pro(organisation, api_client_for):
    return api_client_for(organisation.users["professional"])


def _counts():
    return (Screening.objects.count(), ProactiveGrant.objects.count())


# --- stateless screening ------------------------------------------------------------------------


def test_stateless_screening_returns_the_contract_and_stores_nothing(pro, catalogue):
    before = _counts()
    audit_before = AuditLog.objects.count()

    response = pro.post(SCREENINGS, HOUSEHOLD, format="json")

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["reference_date"] == "2025-03-01"
    assert [r["scheme"] for r in body["results"]] == list(SCHEME_CODES)
    kinderbijslag = next(r for r in body["results"] if r["scheme"] == "kinderbijslag")
    assert kinderbijslag["outcome"] == "eligible"
    assert kinderbijslag["non_take_up"] is True
    assert Decimal(kinderbijslag["amount_monthly"]) > 0
    zorgtoeslag = next(r for r in body["results"] if r["scheme"] == "zorgtoeslag")
    assert zorgtoeslag["received"] is True
    assert set(zorgtoeslag) >= {"missing", "explanation", "version", "amount_yearly"}
    assert _counts() == before
    assert AuditLog.objects.count() == audit_before


def test_stateless_screening_of_a_list_keeps_the_order(pro):
    second = copy.deepcopy(HOUSEHOLD)
    second["reference_date"] = "2025-06-01"
    response = pro.post(SCREENINGS, [HOUSEHOLD, second], format="json")
    assert response.status_code == 200
    assert [item["reference_date"] for item in response.json()] == ["2025-03-01", "2025-06-01"]


def test_date_and_schemes_from_the_query(pro):
    response = pro.post(
        f"{SCREENINGS}?date=2025-07-01&schemes=kinderbijslag&schemes=zorgtoeslag",
        HOUSEHOLD,
        format="json",
    )
    assert response.status_code == 200
    body = response.json()
    assert body["reference_date"] == "2025-07-01"
    assert [r["scheme"] for r in body["results"]] == ["kinderbijslag", "zorgtoeslag"]


def test_date_and_schemes_in_a_body_wrapper(pro):
    response = pro.post(
        SCREENINGS,
        {"household": HOUSEHOLD, "date": "2025-05-01", "schemes": ["huurtoeslag"]},
        format="json",
    )
    assert response.status_code == 200
    body = response.json()
    assert body["reference_date"] == "2025-05-01"
    assert [r["scheme"] for r in body["results"]] == ["huurtoeslag"]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda h: h["members"][1].update(birth_date="2025-02-30"), "members[1].birth_date"),
        (lambda h: h["members"][1].update(relation="neef"), "members[1].relation"),
        (lambda h: h.update(assets_total=-5), "assets_total"),
        (lambda h: h.pop("members"), "members"),
    ],
)
def test_malformed_input_is_a_problem_naming_the_field(pro, change, field):
    household = copy.deepcopy(HOUSEHOLD)
    change(household)
    before = _counts()

    response = pro.post(SCREENINGS, household, format="json")

    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/problem+json")
    body = response.json()
    assert body["status"] == 400
    [param] = body["invalidParams"]
    assert param["name"] == field
    assert param["reason"]  # Dutch, from the engine
    assert _counts() == before


def test_unknown_scheme_and_bad_date_are_problems(pro):
    response = pro.post(f"{SCREENINGS}?schemes=vakantiegeld", HOUSEHOLD, format="json")
    assert response.status_code == 400
    assert response.json()["invalidParams"][0]["name"] == "schemes[0]"
    assert "onbekende regeling" in response.json()["invalidParams"][0]["reason"]

    response = pro.post(f"{SCREENINGS}?date=2025-13-01", HOUSEHOLD, format="json")
    assert response.status_code == 400
    assert response.json()["invalidParams"][0]["name"] == "date"


def test_an_error_in_a_list_names_the_position(pro):
    broken = copy.deepcopy(HOUSEHOLD)
    broken["members"][0]["birth_date"] = "gisteren"
    response = pro.post(SCREENINGS, [HOUSEHOLD, broken], format="json")
    assert response.status_code == 400
    assert response.json()["invalidParams"][0]["name"] == "[1].members[0].birth_date"


def test_screening_needs_a_login(api_client):
    response = api_client.post(SCREENINGS, HOUSEHOLD, format="json")
    assert response.status_code in (401, 403)
    assert response["Content-Type"].startswith("application/problem+json")


# --- stored screenings --------------------------------------------------------------------------


def test_household_screening_stores_a_snapshot(complete_household, organisation, pro, catalogue):
    household = complete_household(organisation.team)

    response = pro.post(f"/api/v1/households/{household.pk}/screenings/")

    assert response.status_code == 201, response.content
    body = response.json()
    screening = Screening.objects.get(pk=body["id"])
    assert screening.household_id == household.pk
    assert screening.created_by == organisation.users["professional"]
    assert body["inputs"]["members"]
    assert body["reference_date"] == screening.reference_date.isoformat()
    assert [r["scheme"] for r in body["results"]] == list(SCHEME_CODES)
    assert body["parameter_versions"] == screening.parameter_versions != {}
    assert "kinderbijslag" in body["non_take_up_codes"]
    assert AuditLog.objects.filter(action="screening.create", household_id=household.pk).exists()


def test_list_and_retrieve_snapshots_are_audited(complete_household, organisation, pro, catalogue):
    household = complete_household(organisation.team)
    created = pro.post(f"/api/v1/households/{household.pk}/screenings/").json()

    listed = pro.get(f"/api/v1/households/{household.pk}/screenings/")
    assert listed.status_code == 200
    assert [row["id"] for row in listed.json()["results"]] == [created["id"]]
    assert AuditLog.objects.filter(action="screening.list", household_id=household.pk).exists()

    one = pro.get(f"{SCREENINGS}{created['id']}/")
    assert one.status_code == 200
    assert one.json()["results"] == created["results"]
    assert AuditLog.objects.filter(
        action="screening.read", household_id=household.pk, object_id=str(created["id"])
    ).exists()


def test_other_teams_household_and_snapshot_are_404(
    complete_household, organisation, api_client_for, catalogue
):
    household = complete_household(organisation.other_team)
    other = api_client_for(organisation.other_team_users["professional"])
    snapshot = other.post(f"/api/v1/households/{household.pk}/screenings/").json()
    client = api_client_for(organisation.users["professional"])

    assert client.post(f"/api/v1/households/{household.pk}/screenings/").status_code == 404
    assert client.get(f"/api/v1/households/{household.pk}/screenings/").status_code == 404
    assert client.get(f"{SCREENINGS}{snapshot['id']}/").status_code == 404
    assert client.get(f"/api/v1/households/{household.pk}/work-pays/?member=1").status_code == 404
    assert Screening.objects.filter(household=household).count() == 1
    # Roles without cases see no household at all.
    policy = api_client_for(organisation.users["policy_officer"])
    assert policy.get(f"{SCREENINGS}{snapshot['id']}/").status_code == 404


# --- Werken loont -------------------------------------------------------------------------------


def test_work_pays_returns_the_steps(complete_household, organisation, pro, catalogue):
    household = complete_household(organisation.team)
    applicant = household.members.get(relation="applicant")

    response = pro.get(
        f"/api/v1/households/{household.pk}/work-pays/?member={applicant.pk}&max=1000&step=250"
    )

    assert response.status_code == 200, response.content
    steps = response.json()["steps"]
    assert [Decimal(s["extra_gross_monthly"]) for s in steps] == [0, 250, 500, 750, 1000]
    assert steps[0]["marginal_burden"] is None
    assert all(s["marginal_burden"] is not None for s in steps[1:])
    for step in steps[1:]:
        assert step["armoedeval"] == (Decimal(step["marginal_burden"]) > Decimal("0.8"))
    assert AuditLog.objects.filter(action="workpays.read", household_id=household.pk).exists()


def test_work_pays_refuses_bad_parameters(complete_household, organisation, pro, catalogue):
    household = complete_household(organisation.team)
    stranger = HouseholdFactory(team=organisation.team).members.get()
    applicant = household.members.get(relation="applicant")
    url = f"/api/v1/households/{household.pk}/work-pays/"

    response = pro.get(f"{url}?member={stranger.pk}")
    assert response.status_code == 400
    assert response.json()["invalidParams"][0]["name"] == "member"

    response = pro.get(f"{url}?member={applicant.pk}&max=10000&step=10")
    assert response.status_code == 400
    assert response.json()["invalidParams"][0]["name"] == "step"

    assert pro.get(url).status_code == 400  # member is required


# --- catalogue and proactive grants -------------------------------------------------------------


def test_catalogue_lists_regulations_with_current_parameters(
    organisation, api_client_for, catalogue
):
    client = api_client_for(organisation.users["policy_officer"])
    response = client.get("/api/v1/regulations/")
    assert response.status_code == 200
    by_code = {r["code"]: r for r in response.json()}
    assert set(SCHEME_CODES) <= set(by_code)
    assert by_code["zorgtoeslag"]["law_url"].startswith("https://wetten.overheid.nl/")
    keys = [p["key"] for p in by_code["zorgtoeslag"]["parameters"]]
    assert keys and all(k.startswith("zorgtoeslag.") for k in keys)
    assert all(
        p["source_url"] and p["grade"] in "ABC" for p in by_code["zorgtoeslag"]["parameters"]
    )


def test_proactive_grants_list_and_handle(
    complete_household, organisation, api_client_for, pro, catalogue
):
    household = complete_household(organisation.team)
    theirs = complete_household(organisation.other_team)
    pro.post(f"/api/v1/households/{household.pk}/screenings/")
    api_client_for(organisation.other_team_users["professional"]).post(
        f"/api/v1/households/{theirs.pk}/screenings/"
    )

    response = pro.get("/api/v1/proactive-grants/")
    assert response.status_code == 200
    rows = response.json()["results"]
    assert rows and {row["household"] for row in rows} == {household.pk}
    grant = next(row for row in rows if row["scheme_code"] == "kinderbijslag")
    assert grant["scheme_name"] == Regulation.objects.get(code="kinderbijslag").name

    # Kinderbijslag is the SVB's: the gemeente helps apply, it does not grant.
    assert (grant["grant_route"], grant["granted_by"]) == ("aanvraag", "de SVB")
    assert "svb.nl" in grant["how"]
    refused = pro.post(
        f"/api/v1/proactive-grants/{grant['id']}/handle/", {"status": "granted"}, format="json"
    )
    assert refused.status_code == 400
    assert refused.json()["invalidParams"][0]["name"] == "status"
    assert "de SVB" in refused.json()["invalidParams"][0]["reason"]
    handled = pro.post(
        f"/api/v1/proactive-grants/{grant['id']}/handle/",
        {"status": "applied", "note": "samen aangevraagd via Mijn SVB"},
        format="json",
    )
    assert handled.status_code == 200
    assert (handled.json()["status"], handled.json()["applied_to"]) == ("applied", "de SVB")
    logged = AuditLog.objects.get(action="proactivegrant.applied", household_id=household.pk)
    assert logged.data == {"scheme": "kinderbijslag", "applied_to": "de SVB"}
    assert grant["id"] not in [
        row["id"] for row in pro.get("/api/v1/proactive-grants/").json()["results"]
    ]

    again = pro.post(
        f"/api/v1/proactive-grants/{grant['id']}/handle/", {"status": "dismissed"}, format="json"
    )
    assert again.status_code == 400
    bad = pro.post(
        f"/api/v1/proactive-grants/{rows[-1]['id']}/handle/", {"status": "x"}, format="json"
    )
    assert bad.status_code == 400
    assert bad.json()["invalidParams"][0]["name"] == "status"

    other_grant = ProactiveGrant.objects.filter(household=theirs).first()
    assert (
        pro.post(
            f"/api/v1/proactive-grants/{other_grant.pk}/handle/",
            {"status": "granted"},
            format="json",
        ).status_code
        == 404
    )
    auditor = api_client_for(organisation.users["auditor"])
    assert auditor.get("/api/v1/proactive-grants/").status_code == 403


def test_municipal_schemes_are_granted_ambtshalve_not_applied_for(
    complete_household, organisation, pro, catalogue
):
    household = complete_household(organisation.team)
    grant = ProactiveGrant.objects.create(
        household=household, team=organisation.team, scheme_code="bijzondere_bijstand"
    )
    row = next(
        r for r in pro.get("/api/v1/proactive-grants/").json()["results"] if r["id"] == grant.pk
    )
    assert (row["grant_route"], row["granted_by"]) == ("ambtshalve", "de gemeente")
    applied = pro.post(
        f"/api/v1/proactive-grants/{grant.pk}/handle/", {"status": "applied"}, format="json"
    )
    assert applied.status_code == 400
    granted = pro.post(
        f"/api/v1/proactive-grants/{grant.pk}/handle/", {"status": "granted"}, format="json"
    )
    assert (granted.status_code, granted.json()["applied_to"]) == (200, "")


@pytest.mark.parametrize(
    "code", ["zorgtoeslag", "huurtoeslag", "kindgebonden_budget", "kinderbijslag"]
)
def test_the_database_refuses_a_municipal_grant_of_a_national_scheme(
    complete_household, organisation, catalogue, code
):
    from django.db import IntegrityError, transaction

    household = complete_household(organisation.team)
    with pytest.raises(IntegrityError), transaction.atomic():
        ProactiveGrant.objects.create(
            household=household, team=organisation.team, scheme_code=code, status="granted"
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        ProactiveGrant.objects.create(  # an application without the body it went to
            household=household, team=organisation.team, scheme_code=code, status="applied"
        )
