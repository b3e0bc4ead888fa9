"""Fixtures of the hub tests: a municipality that sends reports, with its officer and hub token."""

from __future__ import annotations

import pytest

from core.models import Role
from hub.models import MunicipalityToken
from tests.core.factories import MembershipFactory, MunicipalityFactory, TeamFactory, UserFactory


@pytest.fixture
def sending_municipality():
    """sending_municipality(code, name) -> (municipality, team, officer, token record)."""

    def make(code: str, name: str):
        municipality = MunicipalityFactory(cbs_code=code, name=name)
        team = TeamFactory(municipality=municipality)
        officer = UserFactory(username=f"beleid_{code}")
        MembershipFactory(
            user=officer, municipality=municipality, team=None, role=Role.POLICY_OFFICER
        )
        token_record, _token = MunicipalityToken.issue(cbs_code=code, name=name)
        return municipality, team, officer, token_record

    return make
