"""The create wizard: everything stored at once, or nothing with a field-level Dutch error."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

import pytest

from casework.models import Household, Housing, Income, Member
from core.models import AuditLog, Role
from tests.casework.factories import MemberFactory, valid_bsn

pytestmark = pytest.mark.django_db

URL = reverse("casework:create")
APPLICANT = {
    "relation": "applicant",
    "given_name": "Fatima",
    "family_name": "El Amrani",
    "birth_date": "1986-04-02",
}


@pytest.fixture
def pro(client, organisation):
    client.force_login(organisation.users[Role.PROFESSIONAL])
    return client


def wizard_data(organisation, members, *, housing=None, **household):
    data = {
        "household-team": str(organisation.team.pk),
        "household-postcode": "1234ab",
        "household-house_number": "12",
        "household-house_number_suffix": "",
        "household-start_date": "2025-01-15",
        "members-TOTAL_FORMS": str(len(members)),
        "members-INITIAL_FORMS": "1",
        "members-MIN_NUM_FORMS": "0",
        "members-MAX_NUM_FORMS": "20",
        "housing-tenure": "",
        "save": "1",
    }
    data.update({f"household-{key}": value for key, value in household.items()})
    for index, member in enumerate(members):
        row = {"income_period": "month", **member}
        data.update({f"members-{index}-{key}": value for key, value in row.items()})
    for key, value in (housing or {}).items():
        data[f"housing-{key}"] = value
    return data


def _nothing_stored() -> None:
    assert not Household.objects.exists()
    assert not Member.objects.exists()
    assert not Income.objects.exists()
    assert not Housing.objects.exists()
    assert not AuditLog.objects.filter(action="household.create").exists()


def test_get_shows_the_steps_and_one_applicant_row(pro):
    response = pro.get(URL)
    content = response.content.decode()
    assert response.status_code == 200
    assert "Stap 1 van 4" in content and "Stap 4 van 4" in content
    assert 'name="members-0-relation"' in content
    assert 'name="members-1-relation"' not in content
    assert '<option value="applicant" selected>' in content
    # One team: no choice to make, the team travels as a hidden field.
    assert 'type="hidden" name="household-team"' in content


def test_add_member_button_rerenders_with_an_extra_row_without_saving(pro, organisation):
    data = wizard_data(organisation, [APPLICANT])
    del data["save"]
    data["add_member"] = "1"
    response = pro.post(URL, data)
    content = response.content.decode()
    assert response.status_code == 200
    assert 'name="members-1-relation"' in content
    assert 'value="Fatima"' in content  # the input so far is kept
    assert 'value="1234ab"' in content
    assert "Dit veld is verplicht" not in content  # nothing validated yet
    assert not Household.objects.exists()
    # The new row may stay empty: it is skipped when saving.
    data = wizard_data(organisation, [APPLICANT, {"relation": "", "income_period": "month"}])
    data["members-INITIAL_FORMS"] = "1"
    assert pro.post(URL, data).status_code == 302
    assert Member.objects.count() == 1


def test_success_stores_household_members_incomes_and_housing(pro, organisation):
    bsn = valid_bsn()
    members = [
        {**APPLICANT, "bsn": bsn, "income_kind": "participatiewet", "income_net": "1250,50"},
        {
            "relation": "partner",
            "given_name": "Karim",
            "family_name": "El Amrani",
            "birth_date": "1984-11-20",
            "income_kind": "wages",
            "income_gross": "500",
            "income_period": "week",
        },
        {
            "relation": "child",
            "given_name": "Noor",
            "family_name": "El Amrani",
            "birth_date": "2014-09-01",
        },
    ]
    housing = {
        "tenure": "social_rent",
        "basic_rent": "640,00",
        "service_costs": "35",
        "landlord_kind": "corporation",
    }
    response = pro.post(URL, wizard_data(organisation, members, housing=housing))
    household = Household.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("casework:detail", args=[household.pk])
    assert household.postcode == "1234 AB"
    assert household.team == organisation.team
    assert household.display_name == "El Amrani"
    assert household.assigned_professional == organisation.users[Role.PROFESSIONAL]
    assert household.members.count() == 3
    applicant = household.members.get(relation="applicant")
    assert applicant.bsn_last4 == bsn[-4:]
    assert applicant.reveal_bsn() == bsn
    income = Income.objects.get(member=applicant)
    assert income.net_amount == Decimal("1250.50") and income.net_monthly == Decimal("1250.50")
    wages = Income.objects.get(member__relation="partner")
    assert wages.gross_monthly == Decimal("2166.67")  # 500 a week, 52/12 per month
    assert household.housing.basic_rent == Decimal("640.00")
    assert household.housing.landlord_kind == "corporation"
    assert AuditLog.objects.filter(action="household.create", household_id=household.pk).exists()
    follow = pro.get(response["Location"])
    assert "Het huishouden is aangemeld." in follow.content.decode()


def test_deleted_row_is_not_stored(pro, organisation):
    members = [
        APPLICANT,
        {
            "relation": "child",
            "given_name": "Weg",
            "family_name": "X",
            "birth_date": "2015-01-01",
            "DELETE": "on",
        },
    ]
    assert pro.post(URL, wizard_data(organisation, members)).status_code == 302
    assert list(Member.objects.values_list("given_name", flat=True)) == ["Fatima"]


def _error_of(response, field_id: str) -> str:
    content = response.content.decode()
    marker = f'id="{field_id}_error"'
    assert marker in content, f"no error at {field_id}"
    return content.split(marker, 1)[1].split("</div>", 1)[0]


def test_invalid_bsn_is_reported_at_that_members_bsn_field(pro, organisation):
    members = [
        APPLICANT,
        {
            "relation": "child",
            "given_name": "Noor",
            "family_name": "El Amrani",
            "birth_date": "2014-09-01",
            "bsn": "123456780",
        },
    ]
    response = pro.post(URL, wizard_data(organisation, members))
    assert response.status_code == 422
    assert "Dit is geen geldig BSN" in _error_of(response, "id_members-1-bsn")
    content = response.content.decode()
    assert 'href="#id_members-1-bsn"' in content  # the error summary links to the field
    assert 'aria-describedby="id_members-1-bsn_error id_members-1-bsn_helptext"' in content
    _nothing_stored()


def test_bsn_already_registered_is_accepted_and_left_to_the_team_lead(pro, organisation):
    # The same answer as for a new BSN, so the form is no test of who is a client (probe F2).
    from casework.models import BsnDuplicateTask
    from tests.casework.factories import HouseholdFactory

    bsn = valid_bsn()
    MemberFactory(household=HouseholdFactory(team=organisation.team), bsn=bsn)
    before = Household.objects.count()
    response = pro.post(URL, wizard_data(organisation, [{**APPLICANT, "bsn": bsn}]))
    assert response.status_code == 302
    assert Household.objects.count() == before + 1
    assert BsnDuplicateTask.objects.count() == 2


def test_second_partner_is_refused_at_its_relation(pro, organisation):
    partner = {
        "relation": "partner",
        "given_name": "A",
        "family_name": "B",
        "birth_date": "1985-01-01",
    }
    response = pro.post(
        URL, wizard_data(organisation, [APPLICANT, partner, {**partner, "given_name": "C"}])
    )
    assert response.status_code == 422
    assert "hoogstens één partner" in _error_of(response, "id_members-2-relation")
    _nothing_stored()


def test_child_older_than_plausible_is_refused_at_its_birth_date(pro, organisation):
    child = {
        "relation": "child",
        "given_name": "Oud",
        "family_name": "Kind",
        "birth_date": "1980-01-01",
    }
    response = pro.post(URL, wizard_data(organisation, [APPLICANT, child]))
    assert response.status_code == 422
    assert "Een kind is minstens 12 jaar jonger" in _error_of(response, "id_members-1-birth_date")
    _nothing_stored()


def test_negative_amount_is_refused(pro, organisation):
    member = {**APPLICANT, "income_kind": "wages", "income_net": "-10"}
    response = pro.post(
        URL,
        wizard_data(organisation, [member], housing={"tenure": "social_rent", "basic_rent": "-1"}),
    )
    assert response.status_code == 422
    assert "minstens 0" in _error_of(response, "id_members-0-income_net")
    assert "minstens 0" in _error_of(response, "id_housing-basic_rent")
    _nothing_stored()


def test_income_kind_without_amount_is_refused(pro, organisation):
    response = pro.post(URL, wizard_data(organisation, [{**APPLICANT, "income_kind": "wages"}]))
    assert "Vul een bruto of een netto bedrag in." in _error_of(response, "id_members-0-income_net")
    _nothing_stored()


def test_future_birth_date_is_refused(pro, organisation):
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    child = {
        "relation": "child",
        "given_name": "Nog",
        "family_name": "Niet",
        "birth_date": tomorrow,
    }
    response = pro.post(URL, wizard_data(organisation, [APPLICANT, child]))
    assert response.status_code == 422
    assert "niet in de toekomst" in _error_of(response, "id_members-1-birth_date")
    _nothing_stored()


def test_no_applicant_is_a_general_error(pro, organisation):
    child = {
        "relation": "child",
        "given_name": "Noor",
        "family_name": "El Amrani",
        "birth_date": "2014-09-01",
    }
    response = pro.post(URL, wizard_data(organisation, [child]))
    assert response.status_code == 422
    assert "precies één aanvrager" in response.content.decode()
    _nothing_stored()


def test_household_fields_are_checked(pro, organisation):
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = pro.post(
        URL,
        wizard_data(
            organisation, [APPLICANT], postcode="12AB", start_date=tomorrow, house_number="0"
        ),
    )
    assert "1234 AB" in _error_of(response, "id_household-postcode")
    assert "toekomst" in _error_of(response, "id_household-start_date")
    assert _error_of(response, "id_household-house_number")
    _nothing_stored()


def test_team_must_be_one_of_the_users_teams(pro, organisation):
    data = wizard_data(organisation, [APPLICANT], team=str(organisation.other_team.pk))
    response = pro.post(URL, data)
    assert response.status_code == 422
    _nothing_stored()


def test_user_with_several_teams_chooses_one(client, organisation):
    from tests.core.factories import MembershipFactory

    lead = organisation.users[Role.TEAM_LEAD]
    MembershipFactory(user=lead, team=organisation.other_team, role=Role.TEAM_LEAD)
    client.force_login(lead)
    assert '<select name="household-team"' in client.get(URL).content.decode()
    data = wizard_data(organisation, [APPLICANT], team=str(organisation.other_team.pk))
    assert client.post(URL, data).status_code == 302
    assert Household.objects.get().team == organisation.other_team
