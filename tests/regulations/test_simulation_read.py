"""The simulation's lean read and bulk audit against the paths they replace: the same screen
JSON (hence the same HouseholdFacts and facts digest) as ``facts_json`` of ``bulk_dossiers``, and
audit rows equal field for field to ``audit_record_many``'s."""

from __future__ import annotations

import io
import json
import os
from datetime import date
from decimal import Decimal

from django.core.management import call_command
from django.forms.models import model_to_dict

import orjson
import pytest

from casework.constants import HouseholdStatus, IncomeKind, Relation, Tenure
from casework.selectors import household_person_ids
from core import tracing
from core.audit import audit_record_households, audit_record_many
from core.models import AuditLog, Role
from regulations.schemes.facts import parse_household
from regulations.services.dossiers import bulk_dossiers, facts_json, simulation_documents
from tests.casework.factories import (
    AssetFactory,
    BenefitReceivedFactory,
    DebtFactory,
    HouseholdFactory,
    HousingFactory,
    IncomeFactory,
    MemberFactory,
)

ON = date(2026, 7, 1)


@pytest.fixture
def varied_households(organisation, complete_household):
    """Households that between them use every field the screen JSON reads."""
    team = organisation.team
    plain = complete_household(team, benefits=["zorgtoeslag", "huurtoeslag"], children=2)
    AssetFactory(household=plain, value=Decimal("950.00"))
    AssetFactory(household=plain, value=Decimal("0.01"))
    DebtFactory(household=plain, creditor_kind="particulier", amount=Decimal("300.00"))
    DebtFactory(household=plain, creditor_kind="gemeente", amount=Decimal("1250.50"))
    DebtFactory(household=plain, creditor_kind="cjib", amount=Decimal("99.99"))

    couple = HouseholdFactory(team=team, municipal_tax_yearly=Decimal("412.00"))
    couple.low_income_since = date(2023, 1, 1)
    couple.save()
    applicant = couple.members.get()
    applicant.works_or_studies = True
    applicant.health_insured = None
    applicant.save()
    IncomeFactory(member=applicant, kind=IncomeKind.WW, gross_amount=Decimal("1600.00"))
    IncomeFactory(member=applicant, kind=IncomeKind.ALIMONY, gross_amount=Decimal("120.00"))
    partner = MemberFactory(household=couple, relation=Relation.PARTNER, has_no_income=True)
    MemberFactory(
        household=couple,
        relation=Relation.CHILD,
        childcare="dagopvang",
        childcare_hours_monthly=Decimal("80.00"),
        childcare_hourly_rate=Decimal("10.25"),
    )
    MemberFactory(household=couple, relation=Relation.CHILD, childcare="bso")
    # Moved out: a data subject of the audit row, but not in the screen JSON.
    away = MemberFactory(household=couple, relation=Relation.HOUSEMATE, lives_in=False)
    IncomeFactory(member=away, kind=IncomeKind.WAGES)
    HousingFactory(
        household=couple, tenure=Tenure.PRIVATE_RENT, basic_rent=Decimal("950.00"),
        service_costs=None,
    )  # fmt: skip

    # Nothing recorded: an adult without income rows (not known), no housing, assets or debts.
    unknown = HouseholdFactory(team=organisation.other_team)
    MemberFactory(household=unknown, relation=Relation.HOUSEMATE)
    BenefitReceivedFactory(household=unknown, scheme_code="zorgtoeslag")

    closed = complete_household(team)
    closed.status = HouseholdStatus.CLOSED
    closed.closed_on = date(2026, 1, 1)
    closed.save()
    assert partner.has_no_income
    return [plain, couple, unknown, closed]


def test_the_lean_read_gives_the_same_facts_as_the_bulk_dossiers(varied_households):
    ids = [household.pk for household in varied_households]
    expected = {
        dossier.pk: facts_json(dossier, reference_date=ON) for dossier in bulk_dossiers(ids)
    }
    read = simulation_documents(ids, reference_date=ON)

    # The closed household is left out by both; the open ones come in the order of their ids.
    assert [pk for pk, _document, _persons in read] == sorted(expected) and len(read) == 3
    persons = household_person_ids(ids)
    for pk, document, person_ids in read:
        assert document == expected[pk]
        assert orjson.dumps(document, option=orjson.OPT_SORT_KEYS) == orjson.dumps(
            expected[pk], option=orjson.OPT_SORT_KEYS
        )
        assert parse_household(document) == parse_household(expected[pk])
        assert sorted(person_ids) == sorted(persons[pk])
    couple = dict((pk, document) for pk, document, _persons in read)[varied_households[1].pk]
    # The cases the fixture is there for actually occur (else this test could not fail).
    members = {member["relation"]: member for member in couple["members"]}
    assert len(couple["members"]) == 4  # the housemate who moved out is not screened
    assert members["partner"]["incomes"] == []
    assert [i["kind"] for i in members["applicant"]["incomes"]] == ["ww", "alimony"]
    assert couple["housing"] == {"tenure": "private_rent", "basic_rent": "950.00"}
    assert couple["low_income_since"] == "2023-01-01"
    unknown = dict((pk, document) for pk, document, _persons in read)[varied_households[2].pk]
    assert "incomes" not in unknown["members"][-1] and "housing" not in unknown
    plain = dict((pk, document) for pk, document, _persons in read)[varied_households[0].pk]
    assert plain["assets_total"] == "950.01" and len(plain["debts"]) == 3


@pytest.mark.parametrize("with_actor", [True, False])
def test_the_bulk_audit_rows_equal_the_per_row_path(varied_households, organisation, with_actor):
    """One row per household read, the same fields as audit_record_many (on PostgreSQL: COPY)."""
    actor = organisation.users[Role.POLICY_OFFICER] if with_actor else None
    obj = organisation.municipality  # any stored object the rows are about
    ids = [household.pk for household in varied_households]
    code = organisation.municipality.cbs_code
    persons = household_person_ids(ids)
    with tracing.use(tracing.new_trace()):
        audit_record_many(
            actor=actor,
            action="simulation.household_read",
            rows=[(obj, pk, code) for pk in ids],
            purpose="beleidssimulatie",
        )
        old = list(AuditLog.objects.order_by("household_id", "id"))
        written = audit_record_households(
            actor=actor,
            action="simulation.household_read",
            obj=obj,
            rows=[(pk, code, persons.get(pk, [])) for pk in ids],
            purpose="beleidssimulatie",
        )
    assert written == len(ids) == 4
    new = list(AuditLog.objects.exclude(pk__in=[row.pk for row in old]).order_by("household_id"))
    assert len(old) == len(new) == 4

    def fields(row: AuditLog) -> dict:
        values = model_to_dict(row, exclude=["id"])
        values["timestamp_set"] = values.pop("timestamp", row.timestamp) is not None
        return values

    assert [fields(row) for row in new] == [fields(row) for row in old]
    # Not vacuous: the rows name the persons and the activity.
    assert all(row.data_subjects for row in new)
    assert len(new[1].data_subjects) == 5  # the couple's five persons, including the one away
    assert all(row.processing_activity and row.trace_id for row in new)
    assert (new[0].actor_id is not None) == with_actor


@pytest.mark.parametrize("key", ["kort", "k" * 64, "een sleutel langer dan een blok " * 3])
def test_the_bulk_pseudonyms_are_the_keyed_hmac_of_each_person(settings, key):
    """Keys shorter than, equal to and longer than SHA-256's block (64 bytes; longer: hashed)."""
    from core.audit import _pseudonymiser, subject_pseudonym

    settings.AUDIT_SUBJECT_KEY = key
    pseudonym = _pseudonymiser()
    for person_id in (0, 1, 7, 123_456_789, 10**15):
        assert pseudonym(person_id) == subject_pseudonym(person_id)
    assert pseudonym(1) != pseudonym(2)


def _simulate(tmp_path, municipality) -> dict:
    path = tmp_path / "hervorming.yaml"
    path.write_text(
        "name: Normen +10%\nvalid_from: 2026-07-01\noverrides:\n"
        '  - key: bijstand.norm.*\n    factor: "1.10"\n',
        encoding="utf-8",
    )
    out = io.StringIO()
    call_command("simulate", str(path), "--municipality", municipality.cbs_code, stdout=out)
    return json.loads(out.getvalue())


@pytest.mark.django_db(transaction=True)
def test_worker_processes_give_the_same_run_as_one_process(
    organisation, tmp_path, monkeypatch, settings, singles_without_income, varied_households
):
    """Outside a transaction the chunks are read and screened on worker processes (their own
    connections); with chunks of three (five chunks over two workers) the run equals the one
    in this process in a single chunk, and each household is audited once per run."""
    from regulations.services import simulations

    singles_without_income(organisation.team, 11)
    readers = tmp_path / "readers"
    original = simulations.simulation_documents

    def counted(chunk, **kwargs):
        with readers.open("a") as out:  # the forked workers append their process ids
            out.write(f"{os.getpid()}\n")
        return original(chunk, **kwargs)

    monkeypatch.setattr(simulations, "simulation_documents", counted)
    monkeypatch.setattr(simulations, "CHUNK_SIZE", 3)
    settings.SIMULATION_PROCESSES = 2
    parallel = _simulate(tmp_path, organisation.municipality)
    pids = readers.read_text().split()
    assert len(pids) == 5 and str(os.getpid()) not in pids  # read on the workers
    readers.unlink()
    monkeypatch.setattr(simulations, "CHUNK_SIZE", 1000)
    settings.SIMULATION_PROCESSES = 1
    single = _simulate(tmp_path, organisation.municipality)
    assert readers.read_text().split() == [str(os.getpid())]
    assert parallel["inputs"]["households"] == single["inputs"]["households"] == 14
    assert parallel["inputs"]["facts_sha256"] == single["inputs"]["facts_sha256"]
    assert parallel["results"] == single["results"]
    assert parallel["results"]["cost_yearly"]["total"] != "0.00"  # the reform changed figures
    assert AuditLog.objects.filter(action="simulation.household_read").count() == 2 * 14
