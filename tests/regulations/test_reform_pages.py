"""The reform pages and API: only policy officers, field-level Dutch errors, the result page with
its chart and table, problem details, and no query growth with the number of reforms."""

from __future__ import annotations

import pytest

from core.models import AuditLog, Role
from regulations.models import Reform, Simulation
from tests.regulations.factories import ReformFactory, SimulationFactory

pytestmark = pytest.mark.usefixtures("catalogue")


@pytest.fixture
def officer(organisation):
    return organisation.users[Role.POLICY_OFFICER]


@pytest.fixture
def officer_client(client, officer):
    client.force_login(officer)
    return client


FORM = {
    "name": "Normen bijstand +10%",
    "description": "",
    "valid_from": "2026-07-01",
    "valid_to": "",
    "override_1_key": "bijstand.norm.*",
    "override_1_mode": "factor",
    "override_1_amount": "1,10",
}


def test_the_officer_defines_a_reform_in_the_browser(officer_client, organisation):
    response = officer_client.post("/regelingen/hervormingen/nieuw/", FORM)
    assert response.status_code == 302
    reform = Reform.objects.get()
    assert reform.municipality == organisation.municipality
    assert reform.spec["overrides"] == [{"key": "bijstand.norm.*", "factor": "1.10"}]
    assert AuditLog.objects.filter(action="reform.create").count() == 1
    page = officer_client.get(response["Location"]).content.decode()
    assert "vermenigvuldigd met 1.10" in page


def test_wrong_fields_get_dutch_errors_on_the_field(officer_client):
    data = {
        **FORM,
        "valid_to": "2026-01-01",
        "override_1_amount": "elf",
        "switch_iit__referteperiode_maanden": "-3",
    }
    response = officer_client.post("/regelingen/hervormingen/nieuw/", data)
    assert response.status_code == 422
    form = response.context["form"]
    assert form.errors["valid_to"] == ["ligt vóór de begindatum"]
    assert form.errors["override_1_amount"] == ["geen geldig getal"]
    assert form.errors["switch_iit__referteperiode_maanden"] == [
        "geef een geheel getal van 0 of meer"
    ]
    assert not Reform.objects.exists()


def test_a_yaml_file_is_a_reform_too_and_a_bad_one_names_the_field(officer_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    good = b"name: Geen kostendelersnorm\nvalid_from: 2026-07-01\nswitches:\n  minima.kostendelersnorm_toepassen: false\n"
    response = officer_client.post(
        "/regelingen/hervormingen/uploaden/", {"file": SimpleUploadedFile("h.yaml", good)}
    )
    assert response.status_code == 302
    assert Reform.objects.get().spec["switches"] == {"minima.kostendelersnorm_toepassen": False}
    bad = b"name: X\nvalid_from: morgen\n"
    response = officer_client.post(
        "/regelingen/hervormingen/uploaden/", {"file": SimpleUploadedFile("h.yaml", bad)}
    )
    assert response.status_code == 422
    assert "valid_from: geen geldige datum; gebruik JJJJ-MM-DD" in response.content.decode()


@pytest.mark.parametrize("role", [Role.PROFESSIONAL, Role.TEAM_LEAD, Role.FUNCTIONAL_ADMIN])
def test_other_roles_get_403(client, organisation, role):
    client.force_login(organisation.users[role])
    assert client.get("/regelingen/hervormingen/").status_code == 403
    assert client.get("/api/v1/reforms/").status_code == 403


def test_another_municipality_sees_nothing(officer_client, organisation):
    foreign = SimulationFactory()
    assert officer_client.get(f"/regelingen/hervormingen/{foreign.reform_id}/").status_code == 404
    assert officer_client.get(f"/regelingen/simulaties/{foreign.public_id}/").status_code == 404
    assert officer_client.get(f"/api/v1/simulations/{foreign.public_id}/").status_code == 404


def test_the_result_page_shows_chart_table_and_suppression(officer_client, organisation):
    simulation = SimulationFactory(
        municipality=organisation.municipality,
        status=Simulation.Status.DONE,
        total=12,
        done=12,
        results={
            "households": 12,
            "min_cell": 10,
            "cost_yearly": {
                "total": "20440.80",
                "households_changed": 12,
                "by_scheme": [
                    {"scheme": "bijstand", "cost": "20440.80", "households_changed": 12},
                    {"scheme": "zorgtoeslag", "cost": None, "households_changed": None},
                ],
            },
            "winners": {"households": 12, "gain_yearly": "20440.80"},
            "losers": {"households": None, "loss_yearly": None},
            "distribution": [
                {"band": "gelijk", "households": 0},
                {"band": "winst_100_200", "households": 12},
            ],
            "crossings": [{"level": 100, "up": 0, "down": 0, "below_before": 0, "below_after": 0}],
            "unknown_position": 0,
            "typical": [],
            "suppressed": [],
        },
    )
    response = officer_client.get(f"/regelingen/simulaties/{simulation.public_id}/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "€\u00a020.440,80" in page
    assert "<svg" in page and "Huishoudens naar verandering per maand" in page
    assert page.count("onderdrukt") >= 2  # zorgtoeslag's cost and the losers
    assert AuditLog.objects.filter(action="simulation.read").count() == 1


def test_the_reform_list_does_not_grow_queries_with_more_reforms(
    officer_client, organisation, django_assert_max_num_queries
):
    for _ in range(3):
        SimulationFactory(
            municipality=organisation.municipality,
            reform=ReformFactory(municipality=organisation.municipality),
        )
    with django_assert_max_num_queries(12) as few:
        officer_client.get("/regelingen/hervormingen/")
    for _ in range(10):
        SimulationFactory(
            municipality=organisation.municipality,
            reform=ReformFactory(municipality=organisation.municipality),
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        officer_client.get("/regelingen/hervormingen/")


def test_the_api_creates_a_reform_and_names_wrong_fields(api_client_for, officer):
    client = api_client_for(officer)
    response = client.post(
        "/api/v1/reforms/",
        {
            "name": "X",
            "valid_from": "2026-07-01",
            "overrides": [{"key": "bestaat.niet", "value": "1"}],
        },
        format="json",
    )
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/problem+json")
    assert response.json()["invalidParams"] == [
        {
            "name": "overrides[0].key",
            "code": "invalid",
            "reason": "onbekende parameter 'bestaat.niet'",
        }
    ]
    response = client.post(
        "/api/v1/reforms/",
        {
            "name": "Normen +10%",
            "valid_from": "2026-07-01",
            "valid_to": "2026-12-31",
            "overrides": [{"key": "bijstand.norm.*", "factor": "1.10"}],
        },
        format="json",
    )
    assert response.status_code == 201
    reform_id = response.json()["id"]
    response = client.post(
        f"/api/v1/reforms/{reform_id}/simulations/", {"reference_date": "2027-01-01"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["invalidParams"][0]["name"] == "reference_date"


def test_the_api_queues_a_simulation_with_its_inputs(api_client_for, officer, organisation):
    reform = ReformFactory(municipality=organisation.municipality, created_by=officer)
    client = api_client_for(officer)
    response = client.post(f"/api/v1/reforms/{reform.pk}/simulations/", {}, format="json")
    assert response.status_code == 202
    body = response.json()
    assert body["status"] == "queued"
    assert body["reference_date"] == "2026-07-01"
    assert body["inputs"]["reform"]["overrides"] == [{"key": "bijstand.norm.*", "factor": "1.10"}]
    detail = client.get(f"/api/v1/simulations/{body['id']}/")
    assert detail.status_code == 200
    assert detail.json()["id"] == body["id"]
