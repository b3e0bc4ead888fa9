"""Probe finding 2: a BSN known to another team gets the same answer as a new one, the check is
audited, and the team leads of both teams get a task."""

from __future__ import annotations

import pytest

from casework.models import BsnDuplicateTask, Household, Member
from core.models import AuditLog, Role
from tests.casework.factories import HouseholdFactory, MemberFactory, valid_bsn
from tests.casework.test_views_create import APPLICANT, URL, wizard_data
from tests.casework.test_views_edit import member_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def own(organisation):
    return HouseholdFactory(team=organisation.team)


@pytest.fixture
def foreign_member(organisation):
    # Names no generated user carries, so "not on the page" cannot hit a header by chance.
    return MemberFactory(
        household=HouseholdFactory(team=organisation.other_team),
        bsn=valid_bsn(),
        given_name="Wobkelien",
        family_name="Oostwaardveld",
    )


def _member_body(household, bsn):
    return {
        "version": household.version,
        "relation": "child",
        "given_name": "Probe",
        "family_name": "Probe",
        "birth_date": "2020-01-01",
        "bsn": bsn,
    }


def _status_and_fields(response):
    body = response.json()
    return response.status_code, sorted(body), body.get("bsnMasked") or body.get("bsn_masked")


def test_api_answers_the_same_for_a_known_and_a_new_bsn(
    api_client_for, professional, own, foreign_member
):
    client = api_client_for(professional)
    url = f"/api/v1/households/{own.pk}/members/"
    known = client.post(url, _member_body(own, foreign_member.reveal_bsn()), format="json")
    own.refresh_from_db()
    new = client.post(url, _member_body(own, valid_bsn()), format="json")
    assert known.status_code == new.status_code == 201
    assert sorted(known.json()) == sorted(new.json())
    assert "al geregistreerd" not in known.content.decode()


def test_the_check_is_audited_with_its_outcome_never_the_bsn(
    api_client_for, professional, own, foreign_member
):
    bsn = foreign_member.reveal_bsn()
    api_client_for(professional).post(
        f"/api/v1/households/{own.pk}/members/", _member_body(own, bsn), format="json"
    )
    check = AuditLog.objects.get(action="member.bsn_check")
    assert check.actor == professional
    assert check.household_id == own.pk
    assert check.data == {"outcome": "possible_duplicate"}
    assert bsn not in str(check.data) + check.object_id


def test_a_possible_duplicate_is_a_task_for_both_team_leads(
    api_client_for, client, professional, organisation, own, foreign_member
):
    api_client_for(professional).post(
        f"/api/v1/households/{own.pk}/members/",
        _member_body(own, foreign_member.reveal_bsn()),
        format="json",
    )
    new_member = Member.objects.get(household=own, given_name="Probe")
    # The lookup stays with the member registered first; the new one keeps the BSN encrypted.
    assert new_member.bsn_hash == "" and new_member.reveal_bsn() == foreign_member.reveal_bsn()
    tasks = {t.team_id: t for t in BsnDuplicateTask.objects.all()}
    assert set(tasks) == {organisation.team.pk, organisation.other_team.pk}
    assert tasks[organisation.team.pk].member == new_member
    assert tasks[organisation.other_team.pk].member == foreign_member

    client.force_login(organisation.users[Role.TEAM_LEAD])
    page = client.get("/huishoudens/taken/")
    content = page.content.decode()
    assert page.status_code == 200
    assert "Probe" in content and organisation.other_team.name in content
    # The other team's household is not named to this lead.
    assert foreign_member.given_name not in content
    assert AuditLog.objects.filter(action="bsn_task.list", data__open=1).exists()

    response = client.post(f"/huishoudens/taken/{tasks[organisation.team.pk].pk}/afgehandeld/")
    assert response.status_code == 302
    assert AuditLog.objects.filter(action="bsn_task.resolve").count() == 1
    assert "Probe" not in client.get("/huishoudens/taken/").content.decode()


def test_a_lead_cannot_resolve_another_teams_task(
    client, organisation, api_client_for, professional, own, foreign_member
):
    api_client_for(professional).post(
        f"/api/v1/households/{own.pk}/members/",
        _member_body(own, foreign_member.reveal_bsn()),
        format="json",
    )
    theirs = BsnDuplicateTask.objects.get(team=organisation.other_team)
    client.force_login(organisation.users[Role.TEAM_LEAD])
    assert client.post(f"/huishoudens/taken/{theirs.pk}/afgehandeld/").status_code == 404
    assert BsnDuplicateTask.objects.get(pk=theirs.pk).resolved_at is None


def test_professionals_have_no_task_list(client, professional):
    client.force_login(professional)
    assert client.get("/huishoudens/taken/").status_code == 403


def test_member_patch_with_a_known_bsn_is_answered_neutrally(
    api_client_for, professional, own, foreign_member
):
    member = MemberFactory(household=own)
    response = api_client_for(professional).patch(
        f"/api/v1/households/{own.pk}/members/{member.pk}/",
        {"version": own.version, "bsn": foreign_member.reveal_bsn()},
        format="json",
    )
    assert response.status_code == 200
    assert BsnDuplicateTask.objects.filter(member=member).exists()


def test_web_member_form_answers_neutrally(client, professional, own, foreign_member):
    client.force_login(professional)
    response = client.post(
        f"/huishoudens/{own.pk}/gezinsleden/nieuw/",
        member_data(own, bsn=foreign_member.reveal_bsn()),
    )
    assert response.status_code == 302
    assert BsnDuplicateTask.objects.count() == 2


def test_web_wizard_answers_neutrally(client, professional, organisation, foreign_member):
    client.force_login(professional)
    response = client.post(
        URL, wizard_data(organisation, [{**APPLICANT, "bsn": foreign_member.reveal_bsn()}])
    )
    assert response.status_code == 302
    created = Household.objects.exclude(pk=foreign_member.household_id).get()
    assert BsnDuplicateTask.objects.filter(household=created).exists()


def test_a_new_bsn_makes_no_task(api_client_for, professional, own):
    response = api_client_for(professional).post(
        f"/api/v1/households/{own.pk}/members/", _member_body(own, valid_bsn()), format="json"
    )
    assert response.status_code == 201
    assert not BsnDuplicateTask.objects.exists()
    assert AuditLog.objects.get(action="member.bsn_check").data == {"outcome": "new"}
