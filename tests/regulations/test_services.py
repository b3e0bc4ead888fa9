"""The Django side of screening: stored households as engine facts, snapshots, proactive grants,
and the re-screen after a change through casework's services (on a REAL worker)."""

from __future__ import annotations

import time
from datetime import date
from decimal import Decimal

from django.utils import timezone

import pytest

from casework import services as casework_services
from casework.constants import CreditorKind, IncomeKind, Relation, Tenure
from casework.models import Income
from core.models import AuditLog
from regulations import services
from regulations.models import ProactiveGrant, Screening
from regulations.schemes.engine import SCHEME_CODES
from regulations.schemes.facts import parse_household
from tests.casework.factories import (
    AssetFactory,
    BenefitReceivedFactory,
    DebtFactory,
    HouseholdFactory,
    HousingFactory,
    IncomeFactory,
    MemberFactory,
)

# --- facts_json -------------------------------------------------------------------------------


def test_facts_json_maps_casework_codes_to_the_engine_contract(organisation):
    household = HouseholdFactory(team=organisation.team)
    applicant = household.members.get()
    partner = MemberFactory(household=household, relation=Relation.PARTNER, health_insured=None)
    IncomeFactory(member=applicant, kind=IncomeKind.PARTICIPATIEWET)
    IncomeFactory(member=partner, kind=IncomeKind.WIA_WAJONG, gross_amount=None)
    HousingFactory(household=household, tenure=Tenure.PRIVATE_RENT, service_costs=None)
    DebtFactory(household=household, creditor_kind=CreditorKind.PRIVATE_PERSON)
    DebtFactory(household=household, creditor_kind=CreditorKind.MUNICIPALITY)
    BenefitReceivedFactory(household=household, scheme_code="huurtoeslag")
    on = date(2025, 3, 1)

    data = services.facts_json(services.dossier_queryset().get(pk=household.pk), reference_date=on)

    assert data["reference_date"] == "2025-03-01"
    assert data["municipality_code"] == organisation.municipality.cbs_code
    by_ref = {m["ref"]: m for m in data["members"]}
    assert by_ref[f"m{applicant.pk}"]["relation"] == "applicant"
    assert by_ref[f"m{applicant.pk}"]["incomes"] == [
        {"kind": "bijstand", "gross_monthly": "1800.00", "net_monthly": "1500.00"}
    ]
    assert by_ref[f"m{partner.pk}"]["relation"] == "partner"
    # Only the net amount is known: the gross stays absent, not zero.
    assert by_ref[f"m{partner.pk}"]["incomes"] == [{"kind": "wia", "net_monthly": "1500.00"}]
    assert "health_insured" not in by_ref[f"m{partner.pk}"]
    assert data["housing"] == {"tenure": "private_rent", "basic_rent": "650.00"}
    assert sorted(d["creditor_kind"] for d in data["debts"]) == ["overig", "prive"]
    assert data["benefits_received"] == ["huurtoeslag"]
    # The engine accepts what it is given.
    facts = parse_household(data)
    assert facts.housing.tenure == "private_rent"


def test_facts_json_leaves_unknown_member_data_absent(organisation):
    household = HouseholdFactory(team=organisation.team)
    applicant = household.members.get()
    applicant.health_insured = None
    applicant.save()
    child = MemberFactory(household=household, relation=Relation.CHILD)
    MemberFactory(household=household, relation=Relation.HOUSEMATE, lives_in=False)

    data = services.facts_json(
        services.dossier_queryset().get(pk=household.pk), reference_date=date(2025, 3, 1)
    )

    by_ref = {m["ref"]: m for m in data["members"]}
    assert set(by_ref) == {f"m{applicant.pk}", f"m{child.pk}"}  # who lives elsewhere is out
    entry = by_ref[f"m{applicant.pk}"]
    # No income row recorded: unknown, not "no income".
    assert "incomes" not in entry
    assert "assessed_income_yearly" not in entry
    assert "health_insured" not in entry
    assert by_ref[f"m{child.pk}"]["incomes"] == []  # a child without rows has no income
    assert "housing" not in data


def test_facts_json_leaves_unknown_assets_absent(organisation):
    household = HouseholdFactory(team=organisation.team)
    data = services.facts_json(
        services.dossier_queryset().get(pk=household.pk), reference_date=date(2025, 3, 1)
    )
    assert "assets_total" not in data


def test_facts_json_sums_recorded_assets(organisation):
    household = HouseholdFactory(team=organisation.team)
    AssetFactory(household=household, value=Decimal("800.00"))
    AssetFactory(household=household, value=Decimal("1200.50"))
    data = services.facts_json(
        services.dossier_queryset().get(pk=household.pk), reference_date=date(2025, 3, 1)
    )
    assert Decimal(data["assets_total"]) == Decimal("2000.50")


# --- snapshots and proactive grants -------------------------------------------------------------


def test_snapshot_keeps_inputs_date_results_and_parameter_versions(
    complete_household, organisation, catalogue
):
    household = complete_household(organisation.team)
    actor = organisation.users["professional"]

    screening = services.screening_run_and_store(household_id=household.pk, actor=actor)

    screening.refresh_from_db()
    assert screening.reference_date == timezone.localdate()
    assert screening.inputs["reference_date"] == timezone.localdate().isoformat()
    assert [r["scheme"] for r in screening.results] == list(SCHEME_CODES)
    assert screening.parameter_versions  # key -> valid_from of the version used
    assert all(date.fromisoformat(v) for v in screening.parameter_versions.values())
    assert screening.engine_version.startswith("engine-")
    assert AuditLog.objects.filter(
        action="screening.create", household_id=household.pk, actor=actor
    ).exists()


def test_database_catalogue_screens_like_the_data_files(
    complete_household, organisation, catalogue
):
    """The resolver over the loaded rows gives the same results as the files it was loaded from."""
    from regulations.schemes import catalogue as files
    from regulations.schemes.engine import screen

    household = complete_household(organisation.team)
    facts = services.household_facts(
        services.dossier_queryset().get(pk=household.pk), reference_date=date(2025, 3, 1)
    )
    code = organisation.municipality.cbs_code
    from_db = screen(
        facts,
        parameters=services.parameters_for(
            reference_date=facts.reference_date, municipality_code=code
        ),
    )
    from_files = screen(
        facts,
        parameters=files.default_parameters(
            reference_date=facts.reference_date, municipality_code=code
        ),
    )
    assert from_db.to_json() == from_files.to_json()


def test_new_non_take_up_creates_exactly_one_open_grant(
    complete_household, organisation, catalogue
):
    household = complete_household(organisation.team)

    first = services.screening_run_and_store(household_id=household.pk)
    assert "kinderbijslag" in first.non_take_up_codes
    grants = ProactiveGrant.objects.filter(household=household, scheme_code="kinderbijslag")
    assert grants.count() == 1
    grant = grants.get()
    assert grant.status == ProactiveGrant.Status.OPEN
    assert grant.team == organisation.team
    assert grant.screening == first
    assert grant.amount_monthly == Decimal(
        next(r for r in first.results if r["scheme"] == "kinderbijslag")["amount_monthly"]
    )

    services.screening_run_and_store(household_id=household.pk)

    assert Screening.objects.filter(household=household).count() == 2
    assert grants.count() == 1  # the second screening adds no duplicate
    assert ProactiveGrant.objects.filter(household=household).count() == len(
        first.non_take_up_codes
    )


def test_a_received_scheme_is_no_proactive_grant(complete_household, organisation, catalogue):
    household = complete_household(organisation.team, benefits=["kinderbijslag"])
    screening = services.screening_run_and_store(household_id=household.pk)
    kinderbijslag = next(r for r in screening.results if r["scheme"] == "kinderbijslag")
    assert kinderbijslag["outcome"] == "eligible"
    assert kinderbijslag["received"] is True
    assert kinderbijslag["non_take_up"] is False
    assert not ProactiveGrant.objects.filter(household=household, scheme_code="kinderbijslag")


def test_a_dismissed_grant_is_not_reopened_by_the_next_screening(
    complete_household, organisation, catalogue
):
    household = complete_household(organisation.team)
    services.screening_run_and_store(household_id=household.pk)
    grant = ProactiveGrant.objects.get(household=household, scheme_code="kinderbijslag")
    services.proactive_grant_handle(
        grant=grant, actor=organisation.users["professional"], status="dismissed"
    )

    services.screening_run_and_store(household_id=household.pk)

    assert not ProactiveGrant.objects.filter(
        household=household, scheme_code="kinderbijslag", status="open"
    ).exists()


def test_handling_a_grant_is_audited(complete_household, organisation, catalogue):
    household = complete_household(organisation.team)
    services.screening_run_and_store(household_id=household.pk)
    grant = ProactiveGrant.objects.get(household=household, scheme_code="kinderbijslag")
    actor = organisation.users["team_lead"]

    # Kinderbijslag is the SVB's: the team records that the application was made.
    services.proactive_grant_handle(grant=grant, actor=actor, status="applied", note="per brief")

    grant.refresh_from_db()
    assert (grant.status, grant.applied_to) == ("applied", "de SVB")
    assert grant.handled_by == actor
    assert grant.handled_at is not None
    assert AuditLog.objects.filter(
        action="proactivegrant.applied", household_id=household.pk, actor=actor
    ).exists()


# --- re-screen after a change, on a real worker -------------------------------------------------


def _wait_for(predicate, timeout: float = 30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError("de worker maakte niet op tijd een toetsing")


@pytest.mark.integration
def test_saving_an_income_through_casework_rescreens_on_the_real_worker(
    complete_household, organisation, celery_worker
):
    household = complete_household(organisation.team)
    applicant = household.members.get(relation=Relation.APPLICANT)
    assert not Screening.objects.filter(household=household).exists()
    income = Income(member=applicant, kind=IncomeKind.ALIMONY, net_amount=Decimal("200.00"))
    income.member.household = household

    casework_services.item_save(
        actor=organisation.users["professional"],
        item=income,
        expected_version=household.version,
    )

    screening = _wait_for(
        lambda: Screening.objects.filter(household=household, trigger="change").first()
    )
    incomes = next(m for m in screening.inputs["members"] if m["ref"] == f"m{applicant.pk}")[
        "incomes"
    ]
    assert {"kind": "alimony", "net_monthly": "200.00"} in incomes


def test_closing_a_household_opens_no_new_proactive_grants(
    complete_household, organisation, catalogue
):
    from regulations.tasks import rescreen_household

    household = complete_household(organisation.team)
    casework_services.household_close(
        actor=organisation.users["professional"], household=household, reason="verhuisd"
    )

    rescreen_household(household_id=household.pk)  # what the receiver queues after the commit

    assert not ProactiveGrant.objects.filter(household=household, status="open").exists()


def test_a_chunk_delivered_twice_is_stored_and_counted_once(
    complete_household, organisation, catalogue
):
    from regulations.models import RescreenRun, Screening
    from regulations.tasks import rescreen_chunk

    households = [complete_household(organisation.team) for _ in range(3)]
    run = RescreenRun.objects.create(
        reason="test", reference_date=date(2026, 3, 1), total=3, chunks_total=1
    )
    kwargs = {
        "run_id": run.pk,
        "index": 0,
        "household_ids": [h.pk for h in households],
        "reference_date": "2026-03-01",
    }
    assert rescreen_chunk(**kwargs) == 3
    assert rescreen_chunk(**kwargs) == 0  # redelivered after a lost acknowledgement
    run.refresh_from_db()
    assert (run.done, run.chunks_done, run.status) == (3, 1, RescreenRun.Status.DONE)
    assert Screening.objects.filter(household__in=households).count() == 3


def test_the_bulk_loader_gives_the_engine_the_same_facts_as_the_model_path(
    complete_household, organisation
):
    from tests.casework.factories import AssetFactory, BenefitReceivedFactory, DebtFactory

    household = complete_household(organisation.team, benefits=["zorgtoeslag"])
    AssetFactory(household=household, value=Decimal("950.00"))
    DebtFactory(household=household, creditor_kind="particulier", amount=Decimal("300.00"))
    BenefitReceivedFactory(household=household, scheme_code="huurtoeslag")
    on = date(2026, 3, 1)
    from_models = services.facts_json(
        services.dossier_queryset().get(pk=household.pk), reference_date=on
    )
    from_rows = services.facts_json(services.bulk_dossiers([household.pk])[0], reference_date=on)
    assert from_rows == from_models
    assert from_models["debts"][0]["creditor_kind"] == "prive"
    assert from_models["assets_total"] == "950.00"
