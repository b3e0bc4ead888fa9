from pathlib import Path

from django.core.management import call_command

import yaml

ROOT = Path(__file__).resolve().parents[2]


def test_anonymous_api_call_gets_problem_details(api_client, db):
    response = api_client.get("/api/v1/me/")
    assert response.status_code in (401, 403)
    assert response["Content-Type"].startswith("application/problem+json")
    body = response.json()
    assert body["status"] == response.status_code
    assert body["title"] and body["detail"] and body["instance"] == "/api/v1/me/"


def test_unknown_api_path_gets_problem_details(api_client, professional, api_client_for):
    response = api_client_for(professional).get("/api/v1/bestaat-niet/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/problem+json")
    assert response.json()["code"] == "not_found"


def test_me_with_token_lists_roles(api_client_for, team_lead, organisation):
    response = api_client_for(team_lead).get("/api/v1/me/")
    assert response.status_code == 200
    assert response.json()["roles"] == ["team_lead"]
    assert response.json()["memberships"][0]["team"] == organisation.team.name


def test_schema_and_docs_are_served(client, professional):
    client.force_login(professional)
    assert client.get("/api/v1/schema/").status_code == 200
    assert client.get("/api/v1/docs/").status_code == 200


def test_committed_openapi_is_current(tmp_path, db):
    generated = tmp_path / "openapi.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(generated))
    committed = (ROOT / "openapi.yaml").read_text()
    assert generated.read_text() == committed, "openapi.yaml is stale: run `make openapi`"


def test_every_operation_is_tagged_and_described():
    schema = yaml.safe_load((ROOT / "openapi.yaml").read_text())
    missing = [
        f"{method.upper()} {path}"
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
        if not operation.get("tags")
        or not (operation.get("description") or operation.get("summary"))
    ]
    assert missing == []
