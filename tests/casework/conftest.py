"""Fixtures shared by the casework tests (helpers come as fixtures, never imported from another
test module)."""

from __future__ import annotations

import pytest

from tests.casework.factories import valid_bsn


def _invalid_bsn() -> str:
    bsn = valid_bsn()
    return bsn[:-1] + str((int(bsn[-1]) + 1) % 10)


def _assert_problem(response, status: int, *names: str) -> dict:
    """The response is RFC 7807 problem details with this exact status, naming these fields."""
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/problem+json")
    body = response.json()
    assert body["status"] == status
    if names:
        reported = {param["name"] for param in body["invalidParams"]}
        for name in names:
            assert name in reported, (name, body["invalidParams"])
        assert all(param["reason"] for param in body["invalidParams"])
    return body


@pytest.fixture
def invalid_bsn():
    """A function giving a BSN that fails the 11-proef (a valid one with its last digit off)."""
    return _invalid_bsn


@pytest.fixture
def assert_problem():
    """`assert_problem(response, 400, "members.0.bsn")`: checks a problem-details response."""
    return _assert_problem
