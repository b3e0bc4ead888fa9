"""The data each phase of debt help may hold (Wgs art. 8a and 8b; casework.wgs_phases).

In the vroegsignalering phase a debt holds only the creditor's signal (creditor, amount, months of
arrears) and there is no household budget; the plan van aanpak follows the first conversation
(art. 4a Wgs). Every refusal is a Dutch error on the field, and nothing is saved.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from casework.constants import CreditorKind, DebtStage, FixedCostKind, WgsPhase
from casework.models import Debt, FixedCost, WgsRequest
from core.models import AuditLog
from tests.casework.factories import DebtFactory, HouseholdFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(organisation, api_client_for):
    return api_client_for(organisation.users["professional"])


@pytest.fixture
def household(organisation):
    return HouseholdFactory(team=organisation.team)


def _problem_fields(response) -> set[str]:
    assert response.status_code == 400, response.content
    assert response["Content-Type"].startswith("application/problem+json")
    return {param["name"] for param in response.json()["invalidParams"]}


def _nothing_saved(household, version: int) -> None:
    assert not Debt.objects.filter(household=household).exists()
    assert not FixedCost.objects.filter(household=household).exists()
    assert not WgsRequest.objects.filter(household=household).exists()
    household.refresh_from_db()
    assert household.version == version


SIGNAL = {"creditor_kind": "verhuurder", "amount": "850.00", "arrears_months": 2}


def test_a_signal_debt_in_vroegsignalering_is_kept_and_audited_for_its_phase(api, household):
    response = api.post(
        f"/api/v1/households/{household.pk}/debts/",
        {**SIGNAL, "creditor_name": "Woonstichting", "phase": "vroegsignalering"},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["phase"] == "vroegsignalering"
    debt = Debt.objects.get(household=household)
    assert debt.phase == WgsPhase.VROEGSIGNALERING
    audit = AuditLog.objects.get(action="debt.create", household_id=household.pk)
    assert audit.purpose == "schuldhulpverlening:vroegsignalering"


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"collection_monthly": "25.00"}, "collection_monthly"),
        ({"stage": "deurwaarder"}, "stage"),
        ({"bkr_registered": True}, "bkr_registered"),
        ({"in_collection": True}, "in_collection"),
        ({"deadline": "2026-12-31"}, "deadline"),
    ],
)
def test_data_beyond_the_signal_is_refused_in_vroegsignalering(api, household, extra, field):
    version = household.version
    response = api.post(
        f"/api/v1/households/{household.pk}/debts/",
        {**SIGNAL, **extra, "phase": "vroegsignalering"},
        format="json",
    )
    assert _problem_fields(response) == {field}
    detail = next(p["reason"] for p in response.json()["invalidParams"] if p["name"] == field)
    assert "vroegsignalering" in detail and "art. 8b Wgs" in detail
    _nothing_saved(household, version)


def test_an_empty_or_zero_field_is_no_data(api, household):
    response = api.post(
        f"/api/v1/households/{household.pk}/debts/",
        {**SIGNAL, "collection_monthly": "0.00", "stage": "", "phase": "vroegsignalering"},
        format="json",
    )
    assert response.status_code == 201, response.content


@pytest.mark.parametrize("phase", ["toegang", "plan_van_aanpak"])
def test_the_same_data_is_allowed_once_the_help_has_started(api, household, phase):
    response = api.post(
        f"/api/v1/households/{household.pk}/debts/",
        {**SIGNAL, "collection_monthly": "25.00", "stage": "beslag", "phase": phase},
        format="json",
    )
    assert response.status_code == 201, response.content


def test_a_debt_without_a_phase_is_toegang(api, household):
    response = api.post(f"/api/v1/households/{household.pk}/debts/", SIGNAL, format="json")
    assert response.status_code == 201, response.content
    assert Debt.objects.get(household=household).phase == WgsPhase.TOEGANG


def test_moving_a_debt_back_to_vroegsignalering_keeps_it_unchanged(api, household):
    debt = DebtFactory(
        household=household,
        creditor_kind=CreditorKind.ENERGY,
        stage=DebtStage.AFSLUITING,
        phase=WgsPhase.TOEGANG,
    )
    household.refresh_from_db()
    response = api.patch(
        f"/api/v1/households/{household.pk}/debts/{debt.pk}/",
        {"phase": "vroegsignalering", "version": household.version},
        format="json",
    )
    assert _problem_fields(response) == {"stage"}
    debt.refresh_from_db()
    assert debt.phase == WgsPhase.TOEGANG


def test_no_household_budget_in_vroegsignalering(api, household):
    version = household.version
    response = api.post(
        f"/api/v1/households/{household.pk}/fixed-costs/",
        {"kind": "rent", "monthly": "700.00", "phase": "vroegsignalering"},
        format="json",
    )
    assert _problem_fields(response) == {"kind", "monthly"}
    _nothing_saved(household, version)
    ok = api.post(
        f"/api/v1/households/{household.pk}/fixed-costs/",
        {"kind": "rent", "monthly": "700.00", "phase": "toegang"},
        format="json",
    )
    assert ok.status_code == 201, ok.content
    audit = AuditLog.objects.get(action="fixedcost.create", household_id=household.pk)
    assert audit.purpose == "schuldhulpverlening:toegang"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        # The first conversation is where the help starts (art. 4 Wgs): not in vroegsignalering.
        (
            {
                "requested_on": "2026-11-02",
                "first_conversation_on": "2026-11-03",
                "phase": "vroegsignalering",
            },
            "first_conversation_on",
        ),
        # The plan van aanpak follows the first conversation (art. 4a lid 1 Wgs).
        ({"requested_on": "2026-11-02", "phase": "plan_van_aanpak"}, "first_conversation_on"),
    ],
)
def test_wgs_request_phase_rules(api, household, body, field):
    version = household.version
    response = api.post(f"/api/v1/households/{household.pk}/wgs-requests/", body, format="json")
    assert _problem_fields(response) == {field}
    _nothing_saved(household, version)


@pytest.mark.parametrize(
    "body",
    [
        {"requested_on": "2026-11-02", "threat": "eviction", "phase": "vroegsignalering"},
        {
            "requested_on": "2026-11-02",
            "first_conversation_on": "2026-11-03",
            "phase": "plan_van_aanpak",
        },
    ],
)
def test_wgs_requests_within_their_phase_are_kept(api, household, body):
    response = api.post(f"/api/v1/households/{household.pk}/wgs-requests/", body, format="json")
    assert response.status_code == 201, response.content


def test_the_browser_form_shows_the_phase_error_on_its_field(client, professional, household):
    client.force_login(professional)
    response = client.post(
        f"/huishoudens/{household.pk}/schulden/nieuw/",
        {
            "creditor_kind": CreditorKind.LANDLORD,
            "amount": "850.00",
            "arrears_months": "2",
            "collection_monthly": "40.00",
            "phase": WgsPhase.VROEGSIGNALERING,
            "version": household.version,
        },
    )
    assert response.status_code == 422
    errors = response.context["form"].errors
    assert list(errors) == ["collection_monthly"]
    assert "art. 8b Wgs" in errors["collection_monthly"][0]
    assert not Debt.objects.filter(household=household).exists()


def test_the_browser_forms_default_to_toegang(client, professional, household):
    client.force_login(professional)
    response = client.post(
        f"/huishoudens/{household.pk}/vaste-lasten/nieuw/",
        {"kind": FixedCostKind.ENERGY, "monthly": "99.00", "version": household.version},
    )
    assert response.status_code in (200, 302, 303), response.content[:500]
    assert FixedCost.objects.get(household=household).phase == WgsPhase.TOEGANG
    assert FixedCost.objects.get(household=household).monthly == Decimal("99.00")
