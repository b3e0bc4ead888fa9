"""Problem details name the path of the failed request, never its query string.

A query string can hold personal data (a BSN or a name in `search`); the error body is copied
into client logs and bug reports, so it must not echo it.
"""

from __future__ import annotations

import pytest

from tests.casework.factories import valid_bsn

pytestmark = pytest.mark.django_db


def test_bsn_in_url_problem_does_not_echo_the_bsn(api_client_for, professional):
    bsn = valid_bsn()
    response = api_client_for(professional).get(f"/api/v1/households/?search={bsn}&status=open")
    assert response.status_code == 400
    body = response.content.decode()
    assert bsn not in body
    assert response.json()["instance"] == "/api/v1/households/"


def test_dashed_bsn_in_url_problem_does_not_echo_the_digits(api_client_for, professional):
    bsn = valid_bsn()
    dashed = f"{bsn[:3]}-{bsn[3:6]}-{bsn[6:]}"
    response = api_client_for(professional).get("/api/v1/households/", {"search": dashed})
    assert response.status_code == 400
    body = response.content.decode()
    assert bsn not in body and dashed not in body and bsn[3:6] + "-" + bsn[6:] not in body


def test_other_problems_name_the_path_without_query(api_client_for, professional):
    response = api_client_for(professional).get("/api/v1/households/?status=bestaat-niet")
    assert response.status_code == 400
    assert response.json()["instance"] == "/api/v1/households/"
