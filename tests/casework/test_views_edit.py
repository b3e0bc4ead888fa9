"""Edit forms: happy path and a failing case each, optimistic locking, status and assignment."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

import pytest

from casework.constants import HouseholdStatus, Relation, ZrmDomain
from casework.models import (
    Assessment,
    Asset,
    BenefitReceived,
    Debt,
    Household,
    Income,
    InvolvedOrganisation,
    JournalEntry,
    Member,
    PlanGoal,
)
from casework.services import household_close
from core.models import AuditLog, Role
from tests.casework.factories import (
    BenefitReceivedFactory,
    DebtFactory,
    HouseholdFactory,
    IncomeFactory,
    MemberFactory,
    valid_bsn,
)

pytestmark = pytest.mark.django_db
CONFLICT = "Dit huishouden is intussen door iemand anders gewijzigd."


@pytest.fixture
def user(organisation):
    return organisation.users[Role.PROFESSIONAL]


@pytest.fixture
def pro(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def household(organisation):
    return HouseholdFactory(team=organisation.team, display_name="Jansen")


def url(name, household, *args):
    return reverse(f"casework:{name}", args=[household.pk, *args])


def version(household) -> int:
    return Household.objects.get(pk=household.pk).version


def audited(action: str, household) -> bool:
    return AuditLog.objects.filter(action=action, household_id=household.pk).exists()


def followed_message(client, response) -> str:
    assert response.status_code == 302, response.content.decode()[:2000]
    return client.get(response["Location"]).content.decode()


# --- household details --------------------------------------------------------------------


def test_edit_household_details(pro, household):
    data = {
        "postcode": "2511cd",
        "house_number": "8",
        "house_number_suffix": "A",
        "start_date": "2025-02-01",
        "version": version(household),
    }
    response = pro.post(url("edit", household), data)
    assert "De gegevens van het huishouden zijn opgeslagen." in followed_message(pro, response)
    household.refresh_from_db()
    assert (household.postcode, household.house_number, household.house_number_suffix) == (
        "2511 CD",
        8,
        "A",
    )
    assert audited("household.update", household)


def test_edit_household_refuses_a_future_start_date(pro, household):
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    data = {
        "postcode": "2511 CD",
        "house_number": "8",
        "start_date": tomorrow,
        "version": version(household),
    }
    response = pro.post(url("edit", household), data)
    assert response.status_code == 422
    assert "De startdatum kan niet in de toekomst liggen." in response.content.decode()
    household.refresh_from_db()
    assert household.postcode != "2511 CD"


def test_stale_version_shows_the_conflict_and_keeps_the_input(pro, household):
    stale = version(household)
    first = {
        "postcode": "1111 AA",
        "house_number": "1",
        "start_date": "2025-01-01",
        "version": stale,
    }
    assert pro.post(url("edit", household), first).status_code == 302
    second = {
        "postcode": "2222 BB",
        "house_number": "2",
        "start_date": "2025-01-01",
        "version": stale,
    }
    response = pro.post(url("edit", household), second)
    content = response.content.decode()
    assert response.status_code == 422
    assert CONFLICT in content
    assert 'value="2222 BB"' in content  # the user's input is still there
    assert f'name="version" value="{stale + 1}"' in content  # saving again is a conscious choice
    household.refresh_from_db()
    assert household.postcode == "1111 AA"


# --- members ------------------------------------------------------------------------------


def member_data(household, **overrides):
    return {
        "relation": "child",
        "given_name": "Noor",
        "family_name": "Jansen",
        "birth_date": "2015-05-05",
        "bsn": "",
        "health_insured": "true",
        "version": version(household),
        **overrides,
    }


def test_add_edit_and_remove_a_member(pro, household):
    bsn = valid_bsn()
    response = pro.post(url("member-add", household), member_data(household, bsn=bsn))
    assert "Het gezinslid is opgeslagen." in followed_message(pro, response)
    member = household.members.get(given_name="Noor")
    assert member.bsn_last4 == bsn[-4:] and member.health_insured is True

    form = pro.get(url("member-edit", household, member.pk)).content.decode()
    assert bsn not in form and f"*****{bsn[-4:]}" in form
    response = pro.post(
        url("member-edit", household, member.pk), member_data(household, given_name="Nora")
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.given_name == "Nora"
    assert member.reveal_bsn() == bsn  # an empty BSN field keeps the BSN

    assert pro.get(url("member-remove", household, member.pk)).status_code == 200
    response = pro.post(url("member-remove", household, member.pk))
    assert "Het gezinslid is verwijderd." in followed_message(pro, response)
    assert not Member.objects.filter(pk=member.pk).exists()
    for action in ("member.create", "member.update", "member.delete"):
        assert audited(action, household)


def test_member_form_errors(pro, household):
    MemberFactory(household=household, relation=Relation.PARTNER)
    response = pro.post(url("member-add", household), member_data(household, relation="partner"))
    assert response.status_code == 422
    assert "hoogstens één partner" in response.content.decode()
    response = pro.post(url("member-add", household), member_data(household, bsn="111111111"))
    assert "Dit is geen geldig BSN" in response.content.decode()
    assert household.members.count() == 2


def test_applicant_cannot_be_removed(pro, household):
    applicant = household.members.get(relation=Relation.APPLICANT)
    response = pro.post(url("member-remove", household, applicant.pk))
    assert response.status_code == 422
    assert "De aanvrager kan niet worden verwijderd." in response.content.decode()
    assert Member.objects.filter(pk=applicant.pk).exists()


# --- generic dossier items ----------------------------------------------------------------


def test_income_add_edit_delete(pro, household):
    applicant = household.members.get()
    data = {
        "member": applicant.pk,
        "kind": "wages",
        "gross_amount": "",
        "net_amount": "1.234,56",
        "period": "four_weeks",
        "is_stable": "on",
        "version": version(household),
    }
    response = pro.post(url("item-add", household, "inkomens"), data)
    assert "Het inkomen is opgeslagen." in followed_message(pro, response)
    income = Income.objects.get(member=applicant)
    assert income.net_amount == Decimal("1234.56")
    assert income.net_monthly == Decimal("1337.44")  # 13/12 of four weeks

    data.update(net_amount="1000", period="month", version=version(household))
    assert pro.post(url("item-edit", household, "inkomens", income.pk), data).status_code == 302
    income.refresh_from_db()
    assert income.net_monthly == Decimal("1000.00")

    response = pro.post(url("item-delete", household, "inkomens", income.pk))
    assert "Het inkomen is verwijderd." in followed_message(pro, response)
    assert not Income.objects.exists()
    for action in ("income.create", "income.update", "income.delete"):
        assert audited(action, household)


def test_income_needs_an_amount_and_a_member_of_this_household(pro, organisation, household):
    stranger = MemberFactory(household=HouseholdFactory(team=organisation.team))
    data = {
        "member": stranger.pk,
        "kind": "wages",
        "period": "month",
        "version": version(household),
    }
    response = pro.post(url("item-add", household, "inkomens"), data)
    content = response.content.decode()
    assert response.status_code == 422
    assert "Vul een bruto of een netto bedrag in." in content
    assert 'id="id_member_error"' in content  # not a member of this household
    assert not Income.objects.exists()


def test_debt_add_edit_delete(pro, household):
    data = {
        "creditor_kind": "belastingdienst",
        "creditor_name": "",
        "amount": "845,50",
        "arrears_months": "2",
        "in_collection": "on",
        "version": version(household),
    }
    response = pro.post(url("item-add", household, "schulden"), data)
    assert "De schuld is opgeslagen." in followed_message(pro, response)
    debt = Debt.objects.get(household=household)
    assert debt.amount == Decimal("845.50") and debt.in_collection

    data.update(amount="900", version=version(household))
    assert pro.post(url("item-edit", household, "schulden", debt.pk), data).status_code == 302
    debt.refresh_from_db()
    assert debt.amount == Decimal("900")

    assert pro.post(url("item-delete", household, "schulden", debt.pk)).status_code == 302
    assert not Debt.objects.exists()
    assert audited("debt.create", household) and audited("debt.delete", household)


def test_debt_form_refuses_negative_amount_and_unknown_creditor(pro, household):
    data = {
        "creditor_kind": "maffia",
        "amount": "-1",
        "arrears_months": "0",
        "version": version(household),
    }
    response = pro.post(url("item-add", household, "schulden"), data)
    content = response.content.decode()
    assert response.status_code == 422
    assert "minstens 0" in content
    assert 'id="id_creditor_kind_error"' in content
    assert not Debt.objects.exists()


def test_debt_edit_with_stale_version_is_a_conflict(pro, household):
    debt = DebtFactory(household=household)
    stale = version(household)
    pro.post(
        url("item-add", household, "vermogen"), {"kind": "bank", "value": "10", "version": stale}
    )
    data = {"creditor_kind": "cjib", "amount": "5", "arrears_months": "0", "version": stale}
    response = pro.post(url("item-edit", household, "schulden", debt.pk), data)
    assert response.status_code == 422
    assert CONFLICT in response.content.decode()
    debt.refresh_from_db()
    assert debt.amount == Decimal("1250.00")


def test_asset_benefit_goal_and_organisation_forms(pro, household):
    cases = [
        ("vermogen", {"kind": "savings", "value": "2500", "description": "Spaarrekening"}, Asset),
        (
            "regelingen",
            {"scheme_code": "huurtoeslag", "amount_monthly": "310", "since": "2024-01-01"},
            BenefitReceived,
        ),
        (
            "doelen",
            {
                "description": "Schulden in beeld",
                "status": "in_progress",
                "target_date": "2026-12-31",
            },
            PlanGoal,
        ),
        (
            "organisaties",
            {"name": "Kredietbank", "kind": "schuldhulp", "contact": "", "yearly_cost": "3.500,00"},
            InvolvedOrganisation,
        ),
    ]
    for kind, data, model in cases:
        assert pro.get(url("item-add", household, kind)).status_code == 200
        response = pro.post(
            url("item-add", household, kind), {**data, "version": version(household)}
        )
        assert response.status_code == 302, (kind, response.content.decode()[:3000])
        item = model.objects.get(household=household)
        edit = pro.get(url("item-edit", household, kind, item.pk))
        assert edit.status_code == 200
    assert InvolvedOrganisation.objects.get().yearly_cost == Decimal("3500.00")
    content = pro.get(url("detail", household)).content.decode()
    assert "Schulden in beeld" in content and "Bezig" in content and "€\u00a03.500,00" in content


def test_benefit_twice_is_a_field_error(pro, household):
    BenefitReceivedFactory(household=household, scheme_code="zorgtoeslag")
    data = {"scheme_code": "zorgtoeslag", "amount_monthly": "100", "version": version(household)}
    response = pro.post(url("item-add", household, "regelingen"), data)
    assert response.status_code == 422
    assert "Deze regeling staat al bij dit huishouden." in response.content.decode()
    assert BenefitReceived.objects.count() == 1


def test_goal_and_organisation_failing_cases(pro, household):
    response = pro.post(
        url("item-add", household, "doelen"),
        {"description": "", "status": "open", "version": version(household)},
    )
    assert response.status_code == 422 and 'id="id_description_error"' in response.content.decode()
    response = pro.post(
        url("item-add", household, "organisaties"),
        {"name": "X", "kind": "ggz", "yearly_cost": "-5", "version": version(household)},
    )
    assert response.status_code == 422 and "minstens 0" in response.content.decode()
    assert not PlanGoal.objects.exists() and not InvolvedOrganisation.objects.exists()


# --- housing, plan, ZRM, journal ----------------------------------------------------------


def test_housing_form(pro, household):
    data = {
        "tenure": "private_rent",
        "basic_rent": "950",
        "service_costs": "",
        "landlord_kind": "private",
        "version": version(household),
    }
    response = pro.post(url("housing", household), data)
    assert "De woonsituatie is opgeslagen." in followed_message(pro, response)
    assert Household.objects.get(pk=household.pk).housing.basic_rent == Decimal("950")
    response = pro.post(
        url("housing", household), {**data, "tenure": "", "version": version(household)}
    )
    assert response.status_code == 422
    assert audited("housing.update", household)


def test_plan_form_and_conflict(pro, household):
    stale = version(household)
    data = {
        "own_words": "We willen rust.",
        "desired_situation": "Een eigen huis",
        "needs": "Hulp bij post",
        "version": stale,
    }
    response = pro.post(url("plan", household), data)
    assert "Het perspectiefplan is opgeslagen." in followed_message(pro, response)
    household.perspective_plan.refresh_from_db()
    assert household.perspective_plan.own_words == "We willen rust."
    response = pro.post(url("plan", household), {**data, "own_words": "Anders"})
    assert response.status_code == 422 and CONFLICT in response.content.decode()
    household.perspective_plan.refresh_from_db()
    assert household.perspective_plan.own_words == "We willen rust."


def zrm_data(**overrides):
    data = {"assessed_on": "2025-03-01", "member": ""}
    data.update({domain.value: "3" for domain in ZrmDomain})
    data.update({f"reason_{domain.value}": "Besproken" for domain in ZrmDomain})
    data.update(overrides)
    return data


def test_zrm_form_has_13_radio_groups_with_the_official_labels(pro, household):
    content = pro.get(url("assessment-add", household)).content.decode()
    assert content.count("<fieldset") == 13
    assert content.count("<legend") == 13
    for label in (
        "Acute problematiek",
        "Niet zelfredzaam",
        "Beperkt zelfredzaam",
        "Voldoende zelfredzaam",
        "Volledig zelfredzaam",
    ):
        assert f"\u2013 {label}</label>" in content


def test_zrm_assessment_is_stored(pro, household):
    response = pro.post(url("assessment-add", household), zrm_data(financien="1"))
    assert "De ZRM-meting is opgeslagen." in followed_message(pro, response)
    assessment = Assessment.objects.get(household=household)
    assert {s.domain: s.score for s in assessment.scores.all()}["financien"] == 1
    assert Household.objects.get(pk=household.pk).latest_assessment == assessment
    assert audited("assessment.create", household)


def test_zrm_assessment_needs_a_reason_per_filled_domain(pro, household):
    data = zrm_data()
    del data["reason_justitie"]
    response = pro.post(url("assessment-add", household), data)
    content = response.content.decode()
    assert response.status_code == 422
    assert 'id="id_reason_justitie_error"' in content
    assert "Geef aan waarom dit domein is ingevuld." in content
    assert 'href="#id_reason_justitie"' in content
    assert not Assessment.objects.exists()


def test_journal_note(pro, household):
    response = pro.post(
        url("journal-add", household),
        {"kind": "contact", "occurred_on": "2025-03-01", "text": "Gebeld met de verhuurder."},
    )
    assert "De notitie is toegevoegd aan de tijdlijn." in followed_message(pro, response)
    assert JournalEntry.objects.filter(household=household, kind="contact").exists()
    response = pro.post(
        url("journal-add", household), {"kind": "note", "occurred_on": "2025-03-01", "text": "  "}
    )
    assert response.status_code == 422
    assert JournalEntry.objects.filter(household=household).count() == 1


# --- status and assignment ----------------------------------------------------------------


def test_close_and_reopen_need_a_reason(pro, household):
    response = pro.post(url("close", household), {"reason": " "})
    assert response.status_code == 422 and "Geef een reden op." in response.content.decode()
    response = pro.post(url("close", household), {"reason": "Doelen bereikt"})
    assert "Het huishouden is afgesloten." in followed_message(pro, response)
    household.refresh_from_db()
    assert household.status == HouseholdStatus.CLOSED
    assert household.closed_on == timezone.localdate()  # the retention term counts from here
    assert JournalEntry.objects.filter(text="Afgesloten: Doelen bereikt").exists()

    response = pro.post(url("reopen", household), {"reason": "Nieuwe schuld"})
    assert "Het huishouden is heropend." in followed_message(pro, response)
    household.refresh_from_db()
    assert household.status == HouseholdStatus.OPEN
    assert household.closed_on is None
    assert audited("household.close", household) and audited("household.reopen", household)


def test_closed_household_refuses_changes(pro, user, household):
    household_close(actor=user, household=household, reason="Klaar")
    content = pro.get(url("detail", household)).content.decode()
    assert "Dit huishouden is afgesloten." in content
    assert url("item-add", household, "schulden") not in content
    data = {
        "creditor_kind": "cjib",
        "amount": "5",
        "arrears_months": "0",
        "version": version(household),
    }
    response = pro.post(url("item-add", household, "schulden"), data)
    assert response.status_code == 422
    assert "Heropen het voordat u iets wijzigt." in response.content.decode()
    assert not Debt.objects.exists()


def test_assign_a_professional_of_the_team(pro, organisation, household):
    lead = organisation.users[Role.TEAM_LEAD]
    form = pro.get(url("assign", household)).content.decode()
    assert escape(lead.get_full_name()) in form
    assert organisation.other_team_users[Role.PROFESSIONAL].username not in form
    response = pro.post(url("assign", household), {"professional": lead.pk})
    assert "De casusregisseur is vastgelegd." in followed_message(pro, response)
    household.refresh_from_db()
    assert household.assigned_professional == lead
    assert audited("household.assign", household)


def test_assign_refuses_someone_outside_the_team(pro, organisation, household):
    outsider = organisation.other_team_users[Role.PROFESSIONAL]
    response = pro.post(url("assign", household), {"professional": outsider.pk})
    assert response.status_code == 422
    household.refresh_from_db()
    assert household.assigned_professional is None


# --- cross-cutting ------------------------------------------------------------------------


def test_forms_require_csrf(user, household):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    response = client.post(
        url("journal-add", household), {"kind": "note", "occurred_on": "2025-03-01", "text": "x"}
    )
    assert response.status_code == 403
    assert not JournalEntry.objects.filter(text="x").exists()


def test_opening_an_edit_form_is_an_audited_read(pro, household):
    pro.get(url("member-edit", household, household.members.get().pk))
    assert audited("household.read", household)


def test_every_edit_page_renders(pro, household):
    member = household.members.get()
    income = IncomeFactory(member=member)
    debt = DebtFactory(household=household, member=member)
    pages = [
        url("edit", household),
        url("close", household),
        url("assign", household),
        url("member-add", household),
        url("member-edit", household, member.pk),
        url("housing", household),
        url("plan", household),
        url("assessment-add", household),
        url("journal-add", household),
        url("item-edit", household, "inkomens", income.pk),
        url("item-delete", household, "inkomens", income.pk),
        url("item-delete", household, "schulden", debt.pk),
    ]
    for page in pages:
        response = pro.get(page)
        assert response.status_code == 200, page
        assert '<h1 class="utrecht-heading-1">' in response.content.decode()
    assert date.today()  # pages render on any day
