"""Data minimisation of the ZRM (AVG art. 5(1)(c), art. 9/10).

Every domain is optional; a filled domain needs a reason (field-level Dutch error, and a CHECK
constraint). Reasons of health, addiction and justice domains are stored only encrypted with the
BSN's keys, and every page or API call that shows them names their category in its audit row.
"""

from __future__ import annotations

import re
from datetime import date

from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

import pytest

from casework.models import Assessment, AssessmentScore
from core.bsn import decrypt_text
from core.models import AuditLog, Role
from tests.casework.factories import AssessmentFactory, HouseholdFactory

pytestmark = pytest.mark.django_db

ADDICTION_REASON = "Gebruikt dagelijks alcohol sinds het verlies van het werk."


@pytest.fixture
def pro(client, organisation):
    client.force_login(organisation.users[Role.PROFESSIONAL])
    return client


@pytest.fixture
def household(organisation):
    return HouseholdFactory(team=organisation.team)


def _post(client, household, **fields):
    body = {"assessed_on": date.today().isoformat(), **fields}
    return client.post(reverse("casework:assessment-add", args=[household.pk]), body)


def _read_rows(household):
    return AuditLog.objects.filter(action="household.read", household_id=household.pk)


def test_two_domains_with_reasons_are_enough_and_addiction_is_stored_encrypted(pro, household):
    response = _post(
        pro,
        household,
        financien=2,
        reason_financien="Huurachterstand van drie maanden.",
        middelengebruik=1,
        reason_middelengebruik=ADDICTION_REASON,
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    scores = {s.domain: s for s in AssessmentScore.objects.filter(assessment__household=household)}
    assert set(scores) == {"financien", "middelengebruik"}
    assert scores["financien"].reason == "Huurachterstand van drie maanden."
    assert scores["financien"].reason_encrypted == ""
    addiction = scores["middelengebruik"]
    assert (addiction.score, addiction.reason) == (None, "")
    assert "alcohol" not in addiction.reason_encrypted
    assert decrypt_text(addiction.reason_encrypted) == ADDICTION_REASON
    assert decrypt_text(addiction.score_encrypted) == "1"
    assert addiction.score_value() == 1
    # Nothing of the special reason in the raw table either (no plaintext copy anywhere).
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM casework_assessmentscore WHERE reason LIKE %s "
            "OR reason_encrypted LIKE %s",
            ["%alcohol%", "%alcohol%"],
        )
        assert cursor.fetchone()[0] == 0
    created = AuditLog.objects.get(action="assessment.create", household_id=household.pk)
    assert created.data == {
        "domains": ["financien", "middelengebruik"],
        "special_categories": ["verslaving"],
    }


def test_a_score_without_reason_is_a_field_error_and_nothing_is_saved(pro, household):
    response = _post(pro, household, justitie=2, financien=3, reason_financien="Schulden")
    assert response.status_code == 422
    form = response.context["form"]
    assert form.errors["reason_justitie"] == ["Geef aan waarom dit domein is ingevuld."]
    assert "reason_financien" not in form.errors
    assert not Assessment.objects.filter(household=household).exists()


def test_a_reason_without_score_and_an_empty_assessment_are_refused(pro, household):
    response = _post(pro, household, reason_huisvesting="Dakloos geweest")
    assert response.status_code == 422
    assert response.context["form"].errors["huisvesting"] == [
        "Geef een score bij deze reden, of laat de reden leeg."
    ]
    empty = _post(pro, household)
    assert empty.status_code == 422
    assert "Vul ten minste één domein in." in empty.context["form"].non_field_errors()
    assert not Assessment.objects.filter(household=household).exists()


def test_the_case_page_shows_the_reason_and_audits_the_special_category(pro, household):
    _post(
        pro,
        household,
        geestelijke_gezondheid=2,
        reason_geestelijke_gezondheid="Somber sinds de scheiding.",
        justitie=3,
        reason_justitie="Taakstraf afgerond.",
    )
    response = pro.get(reverse("casework:detail", args=[household.pk]))
    content = response.content.decode()
    assert "Somber sinds de scheiding." in content
    assert "Taakstraf afgerond." in content
    # The decrypted score in the ZRM table's row of the domain.
    assert re.search(r"Geestelijke gezondheid</th>\s*<td[^>]*>2</td>", content)
    row = _read_rows(household).get()
    assert row.data == {"special_categories": ["gezondheid", "justitie"]}


def test_a_case_page_without_special_domains_names_no_category(pro, household):
    _post(pro, household, financien=2, reason_financien="Huurachterstand")
    pro.get(reverse("casework:detail", args=[household.pk]))
    assert _read_rows(household).get().data == {}


@pytest.mark.parametrize(
    "fields",
    [
        {"domain": "financien", "score": 3},  # no reason at all
        {"domain": "financien", "score": 3, "reason": "x", "reason_encrypted": "gAAAA"},
        {
            "domain": "middelengebruik",
            "score": 3,
            "score_encrypted": "gAAAA",
            "reason_encrypted": "g",
        },
        {"domain": "middelengebruik", "score_encrypted": "gAAAA", "reason": "in platte tekst"},
        {"domain": "justitie", "reason_encrypted": "gAAAA"},  # no score at all
    ],
    ids=[
        "no-reason",
        "ordinary-reason-encrypted",
        "special-score-in-plain-text",
        "special-reason-in-plain-text",
        "special-without-score",
    ],
)
def test_the_database_refuses_a_score_that_breaks_the_rules(fields):
    assessment = AssessmentFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        AssessmentScore.objects.create(assessment=assessment, **fields)


def test_api_takes_reasons_returns_them_and_audits_the_categories_it_shows(
    organisation, api_client_for, household, assert_problem
):
    api = api_client_for(organisation.users[Role.PROFESSIONAL])
    url = f"/api/v1/households/{household.pk}/assessments/"
    missing = api.post(
        url,
        {"assessed_on": date.today().isoformat(), "scores": {"justitie": 2}},
        format="json",
    )
    assert_problem(missing, 400, "reasons.justitie")
    created = api.post(
        url,
        {
            "assessed_on": date.today().isoformat(),
            "scores": {"justitie": 2, "werk_opleiding": 4},
            "reasons": {"justitie": "Reclasseringstoezicht.", "werk_opleiding": "Werkt 20 uur."},
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    assert created.json()["scores"] == {"justitie": 2, "werk_opleiding": 4}
    listed = api.get(url).json()
    assert listed[0]["reasons"]["justitie"] == "Reclasseringstoezicht."
    row = AuditLog.objects.get(action="assessment.list", household_id=household.pk)
    assert row.data == {"special_categories": ["justitie"]}


@pytest.mark.django_db(transaction=True)
def test_the_migration_encrypts_special_rows_and_notes_missing_reasons():
    """Scores written before the reason existed: special ones end up encrypted, none plain."""
    before = [("casework", "0011_debt_help_phase")]
    after = [("casework", "0012_zrm_reasons")]
    assessment = AssessmentFactory()  # tables that the step back leaves unchanged
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    try:
        old = executor.loader.project_state(before).apps
        score_model = old.get_model("casework", "AssessmentScore")
        score_model.objects.create(assessment_id=assessment.pk, domain="justitie", score=2)
        score_model.objects.create(assessment_id=assessment.pk, domain="financien", score=4)
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(after)
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
    rows = {s.domain: s for s in AssessmentScore.objects.filter(assessment_id=assessment.pk)}
    assert (rows["justitie"].score, rows["justitie"].reason) == (None, "")
    assert decrypt_text(rows["justitie"].score_encrypted) == "2"
    assert rows["financien"].score == 4
    assert decrypt_text(rows["justitie"].reason_encrypted).startswith("Reden niet vastgelegd")
    assert rows["financien"].reason.startswith("Reden niet vastgelegd")
    assert rows["financien"].reason_encrypted == ""


def test_the_art15_export_holds_the_reasons_and_names_their_category(pro, household):
    _post(pro, household, lichamelijke_gezondheid=2, reason_lichamelijke_gezondheid="Rugklachten.")
    response = pro.get(reverse("casework:export", args=[household.pk]))
    assert "Rugklachten." in response.content.decode()
    row = AuditLog.objects.get(action="household.export", household_id=household.pk)
    assert row.data == {"special_categories": ["gezondheid"]}


def test_api_dossier_and_export_name_the_special_categories_they_show(
    organisation, api_client_for, household, pro
):
    _post(pro, household, middelengebruik=2, reason_middelengebruik="Cannabis, dagelijks.")
    api = api_client_for(organisation.users[Role.PROFESSIONAL])
    dossier = api.get(f"/api/v1/households/{household.pk}/")
    assert dossier.status_code == 200
    current = {row["domain"]: row["score"] for row in dossier.json()["zrm"]["current"]}
    assert current["middelengebruik"] == 2
    exported = api.get(f"/api/v1/households/{household.pk}/export/")
    assert exported.json()["assessments"][0]["scores"] == {"middelengebruik": 2}
    rows = AuditLog.objects.filter(household_id=household.pk, actor__isnull=False)
    for action in ("household.read", "household.export"):
        assert rows.get(action=action).data == {"special_categories": ["verslaving"]}
