"""Nested dossier resources: members, incomes, items, assessments, plan, housing, journal."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from casework.constants import Relation, ZrmDomain
from casework.models import (
    Asset,
    BenefitReceived,
    Debt,
    Housing,
    Income,
    InvolvedOrganisation,
    JournalEntry,
    Member,
    PlanGoal,
)
from core.models import AuditLog
from tests.casework.factories import (
    AssetFactory,
    BenefitReceivedFactory,
    DebtFactory,
    HouseholdFactory,
    HousingFactory,
    InvolvedOrganisationFactory,
    MemberFactory,
    PlanGoalFactory,
    valid_bsn,
)


@pytest.fixture
def household(organisation):
    return HouseholdFactory(team=organisation.team)


@pytest.fixture
def api(organisation, api_client_for):
    return api_client_for(organisation.users["professional"])


def base(household) -> str:
    return f"/api/v1/households/{household.pk}"


def audited(action: str, household) -> int:
    return AuditLog.objects.filter(action=action, household_id=household.pk).count()


# (path, model, factory, valid body, change, bad body with the field it names)
ITEMS = [
    (
        "assets",
        Asset,
        AssetFactory,
        {"kind": "savings", "value": "1200.00"},
        {"value": "900.00"},
        ({"kind": "goud", "value": "1"}, "kind"),
    ),
    (
        "debts",
        Debt,
        DebtFactory,
        {"creditor_kind": "bnpl", "creditor_name": "Klarna", "amount": "250.00"},
        {"arrears_months": 4},
        ({"creditor_kind": "maffia", "amount": "10"}, "creditor_kind"),
    ),
    (
        "benefits",
        BenefitReceived,
        BenefitReceivedFactory,
        {"scheme_code": "huurtoeslag", "amount_monthly": "210.00"},
        {"amount_monthly": "220.00"},
        ({"scheme_code": "huurtoeslag", "amount_monthly": "-1"}, "amount_monthly"),
    ),
    (
        "goals",
        PlanGoal,
        PlanGoalFactory,
        {"description": "Werk vinden", "status": "open"},
        {"status": "in_progress"},
        ({"description": "", "status": "open"}, "description"),
    ),
    (
        "organisations",
        InvolvedOrganisation,
        InvolvedOrganisationFactory,
        {"name": "Reclassering", "kind": "reclassering", "yearly_cost": "4000.00"},
        {"contact": "J. de Wit"},
        ({"name": "X", "kind": "ggz", "yearly_cost": "-10"}, "yearly_cost"),
    ),
]


@pytest.mark.parametrize(
    ("path", "model", "factory", "body", "change", "bad"), ITEMS, ids=[i[0] for i in ITEMS]
)
def test_item_crud_through_the_api_is_audited(
    assert_problem, api, household, path, model, factory, body, change, bad
):
    url = f"{base(household)}/{path}/"
    name = model._meta.model_name

    created = api.post(url, body, format="json")
    assert created.status_code == 201, created.content
    item_id = created.json()["id"]
    assert created.json()["household_version"] == 2
    assert audited(f"{name}.create", household) == 1

    listed = api.get(url)
    assert [row["id"] for row in listed.json()] == [item_id]
    assert audited(f"{name}.list", household) == 1

    assert api.get(f"{url}{item_id}/").status_code == 200
    assert audited(f"{name}.read", household) == 1

    patched = api.patch(f"{url}{item_id}/", {**change, "version": 2}, format="json")
    assert patched.status_code == 200, patched.content
    assert patched.json()["household_version"] == 3
    field, value = next(iter(change.items()))
    assert str(getattr(model.objects.get(pk=item_id), field)) == str(value)
    assert audited(f"{name}.update", household) == 1

    stale = api.patch(f"{url}{item_id}/", {**change, "version": 2}, format="json")
    assert_problem(stale, 409)

    assert api.delete(f"{url}{item_id}/").status_code == 204
    assert not model.objects.filter(pk=item_id).exists()
    assert audited(f"{name}.delete", household) == 1

    bad_body, bad_field = bad
    assert_problem(api.post(url, bad_body, format="json"), 400, bad_field)
    assert not model.objects.filter(household=household).exists()


@pytest.mark.parametrize(
    ("path", "model", "factory", "body", "change", "bad"), ITEMS, ids=[i[0] for i in ITEMS]
)
def test_item_of_another_household_is_404(
    assert_problem, api, household, organisation, path, model, factory, body, change, bad
):
    foreign = factory(household=HouseholdFactory(team=organisation.other_team))
    own_url = f"{base(household)}/{path}/{foreign.pk}/"
    assert_problem(api.get(own_url), 404)
    assert_problem(api.patch(own_url, {**change, "version": 1}, format="json"), 404)
    assert_problem(api.delete(own_url), 404)
    assert model.objects.filter(pk=foreign.pk).exists()


def test_patch_of_an_item_without_version_is_a_400(assert_problem, api, household):
    debt = DebtFactory(household=household)
    response = api.patch(f"{base(household)}/debts/{debt.pk}/", {"amount": "1.00"}, format="json")
    assert_problem(response, 400, "version")
    debt.refresh_from_db()
    assert debt.amount == Decimal("1250.00")


def test_second_benefit_for_the_same_scheme_names_the_scheme(assert_problem, api, household):
    BenefitReceivedFactory(household=household, scheme_code="zorgtoeslag")
    response = api.post(
        f"{base(household)}/benefits/", {"scheme_code": "zorgtoeslag"}, format="json"
    )
    assert_problem(response, 400, "scheme_code")


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        (
            "debts",
            {"creditor_kind": "cjib", "amount": "5", "registered_on": "2999-01-01"},
            "registered_on",
        ),
        ("benefits", {"scheme_code": "bijstand", "since": "2999-01-01"}, "since"),
    ],
)
def test_future_dates_the_database_refuses_are_a_400_not_a_500(
    assert_problem, api, household, path, body, field
):
    # PostgreSQL CHECKs (migration 0003) that item_save does not check itself.
    assert_problem(api.post(f"{base(household)}/{path}/", body, format="json"), 400, field)


def test_debt_member_must_belong_to_the_household(assert_problem, api, household, organisation):
    stranger = HouseholdFactory(team=organisation.other_team).members.get()
    response = api.post(
        f"{base(household)}/debts/",
        {"creditor_kind": "cjib", "amount": "80.00", "member": stranger.pk},
        format="json",
    )
    assert_problem(response, 400, "member")


# --- incomes ---------------------------------------------------------------------------------


def test_income_crud_references_a_member_of_the_household(
    assert_problem, api, household, organisation
):
    applicant = household.members.get()
    url = f"{base(household)}/incomes/"

    created = api.post(
        url,
        {"member": applicant.pk, "kind": "ww", "net_amount": "300.00", "period": "week"},
        format="json",
    )
    assert created.status_code == 201, created.content
    assert created.json()["net_monthly"] == "1300.00"
    income_id = created.json()["id"]

    patched = api.patch(f"{url}{income_id}/", {"net_amount": "600.00", "version": 2}, format="json")
    assert patched.status_code == 200, patched.content
    assert Income.objects.get(pk=income_id).net_monthly == Decimal("2600.00")
    assert api.get(url).json()[0]["id"] == income_id
    assert api.delete(f"{url}{income_id}/").status_code == 204

    actions = list(
        AuditLog.objects.filter(household_id=household.pk)
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == ["income.create", "income.update", "income.list", "income.delete"]

    stranger = HouseholdFactory(team=organisation.other_team).members.get()
    for bad, field in [
        ({"member": stranger.pk, "kind": "ww", "net_amount": "1"}, "member"),
        ({"kind": "ww", "net_amount": "1"}, "member"),
        ({"member": applicant.pk, "kind": "ww"}, "net_amount"),
        ({"member": applicant.pk, "kind": "ww", "gross_amount": "-1"}, "gross_amount"),
    ]:
        assert_problem(api.post(url, bad, format="json"), 400, field)
    assert not Income.objects.exists()


# --- members ---------------------------------------------------------------------------------


def test_member_crud_with_masked_bsn_and_audit(assert_problem, api, household):
    url = f"{base(household)}/members/"
    bsn = valid_bsn()
    created = api.post(
        url,
        {
            "relation": "partner",
            "given_name": "Ali",
            "family_name": "Yilmaz",
            "birth_date": "1984-02-29",
            "bsn": bsn,
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    assert created.json()["bsn_masked"] == "*****" + bsn[-4:]
    assert bsn not in created.content.decode()
    member_id = created.json()["id"]

    assert len(api.get(url).json()) == 2
    assert api.get(f"{url}{member_id}/").json()["given_name"] == "Ali"
    patched = api.patch(f"{url}{member_id}/", {"given_name": "Alia", "version": 2}, format="json")
    assert patched.status_code == 200, patched.content
    assert Member.objects.get(pk=member_id).given_name == "Alia"
    assert_problem(
        api.patch(f"{url}{member_id}/", {"given_name": "X", "version": 2}, format="json"), 409
    )
    assert api.delete(f"{url}{member_id}/").status_code == 204

    for action in ("member.create", "member.list", "member.read", "member.update", "member.delete"):
        assert audited(action, household) == 1, action


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"relation": "child", "birth_date": "2999-01-01"}, "birth_date"),
        ({"relation": "child", "birth_date": "1980-01-01"}, "birth_date"),
        ({"relation": "applicant", "birth_date": "1980-01-01"}, "relation"),
        ({"relation": "oom", "birth_date": "1980-01-01"}, "relation"),
        ({"relation": "child", "birth_date": "2015-01-01", "bsn": "123456789"}, "bsn"),
        ({"relation": "child"}, "birth_date"),
    ],
    ids=["future", "child-too-old", "second-applicant", "unknown-relation", "bsn", "missing"],
)
def test_member_bad_input_is_a_400_naming_the_field(assert_problem, api, household, body, field):
    body = {"given_name": "Kim", "family_name": "Bakker", **body}
    assert_problem(api.post(f"{base(household)}/members/", body, format="json"), 400, field)
    assert household.members.count() == 1
    household.refresh_from_db()
    assert household.version == 1


def test_second_partner_is_refused(assert_problem, api, household):
    MemberFactory(household=household, relation=Relation.PARTNER)
    body = {
        "relation": "partner",
        "given_name": "Kim",
        "family_name": "Bakker",
        "birth_date": "1990-01-01",
    }
    assert_problem(api.post(f"{base(household)}/members/", body, format="json"), 400, "relation")


def test_the_applicant_cannot_be_removed(assert_problem, api, household):
    applicant = household.members.get()
    assert_problem(api.delete(f"{base(household)}/members/{applicant.pk}/"), 400, "relation")
    assert Member.objects.filter(pk=applicant.pk).exists()


def test_reveal_bsn_is_post_only_and_audited(assert_problem, api, household):
    bsn = valid_bsn()
    member = MemberFactory(household=household, bsn=bsn)
    url = f"{base(household)}/members/{member.pk}/reveal-bsn/"

    assert_problem(api.get(url), 405)
    response = api.post(url)

    assert response.status_code == 200
    assert response.json() == {"bsn": bsn}
    assert response["Cache-Control"] == "no-store"
    row = AuditLog.objects.get(action="member.reveal_bsn")
    assert (row.household_id, row.object_id) == (household.pk, str(member.pk))
    assert bsn not in str(row.data)


def test_invalid_bsn_on_member_update_is_a_400(assert_problem, invalid_bsn, api, household):
    member = household.members.get()
    response = api.patch(
        f"{base(household)}/members/{member.pk}/",
        {"bsn": invalid_bsn(), "version": 1},
        format="json",
    )
    assert_problem(response, 400, "bsn")


# --- assessments -----------------------------------------------------------------------------


def test_assessment_create_and_list(api, household):
    url = f"{base(household)}/assessments/"
    scores = dict.fromkeys(ZrmDomain.values, 3) | {"financien": 1}
    reasons = dict.fromkeys(ZrmDomain.values, "Besproken")
    created = api.post(
        url,
        {"assessed_on": date.today().isoformat(), "scores": scores, "reasons": reasons},
        format="json",
    )
    assert created.status_code == 201, created.content
    assert created.json()["scores"] == scores

    listed = api.get(url).json()
    assert listed[0]["scores"]["financien"] == 1
    household.refresh_from_db()
    assert household.latest_assessment_id == created.json()["id"]
    assert audited("assessment.create", household) == 1
    assert audited("assessment.list", household) == 1


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda b: b["reasons"].pop("justitie"), "reasons.justitie"),
        (lambda b: b["scores"].update(financien=6), "scores.financien"),
        (lambda b: b.update(assessed_on="2999-01-01"), "assessed_on"),
    ],
    ids=["missing-reason", "out-of-range", "future"],
)
def test_assessment_bad_input(assert_problem, api, household, change, field):
    body = {
        "assessed_on": date.today().isoformat(),
        "scores": dict.fromkeys(ZrmDomain.values, 3),
        "reasons": dict.fromkeys(ZrmDomain.values, "Besproken"),
    }
    change(body)
    assert_problem(api.post(f"{base(household)}/assessments/", body, format="json"), 400, field)
    assert not household.assessments.exists()


# --- plan, housing, journal ------------------------------------------------------------------


def test_plan_get_and_put_with_version(assert_problem, api, household):
    url = f"{base(household)}/plan/"
    assert api.get(url).json()["own_words"] == "We willen rust in de schulden."
    response = api.put(
        url, {"own_words": "Een eigen huis", "needs": "Rust", "version": 1}, format="json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["household_version"] == 2
    household.perspective_plan.refresh_from_db()
    assert household.perspective_plan.own_words == "Een eigen huis"
    assert_problem(api.put(url, {"own_words": "Oud", "version": 1}, format="json"), 409)
    assert_problem(api.put(url, {"own_words": "Zonder versie"}, format="json"), 400, "version")
    assert audited("perspectiveplan.read", household) == 1
    assert audited("perspectiveplan.update", household) == 1


def test_housing_get_and_put(assert_problem, api, household):
    url = f"{base(household)}/housing/"
    assert_problem(api.get(url), 404)

    created = api.put(
        url, {"tenure": "private_rent", "basic_rent": "950.00", "version": 1}, format="json"
    )
    assert created.status_code == 200, created.content
    assert Housing.objects.get(household=household).basic_rent == Decimal("950.00")
    assert api.get(url).json()["tenure"] == "private_rent"

    assert_problem(api.put(url, {"tenure": "kasteel", "version": 2}, format="json"), 400, "tenure")
    assert_problem(
        api.put(url, {"tenure": "owner", "basic_rent": "-5", "version": 2}, format="json"),
        400,
        "basic_rent",
    )
    assert_problem(api.put(url, {"tenure": "owner", "version": 1}, format="json"), 409)
    assert Housing.objects.get(household=household).tenure == "private_rent"
    assert audited("housing.update", household) == 1
    assert audited("housing.read", household) == 1


def test_existing_housing_is_replaced(api, household):
    HousingFactory(household=household)
    response = api.put(
        f"{base(household)}/housing/", {"tenure": "homeless", "version": 1}, format="json"
    )
    assert response.status_code == 200
    assert Housing.objects.get(household=household).tenure == "homeless"


def test_journal_is_append_only(assert_problem, api, household):
    url = f"{base(household)}/journal/"
    created = api.post(
        url,
        {"kind": "contact", "occurred_on": date.today().isoformat(), "text": "Huisbezoek"},
        format="json",
    )
    assert created.status_code == 201, created.content
    entry_id = created.json()["id"]
    listed = api.get(url).json()
    assert listed["results"][0]["id"] == entry_id
    assert listed["results"][0]["author_name"]
    assert api.patch(f"{url}{entry_id}/", {"text": "x"}, format="json").status_code in (404, 405)
    assert api.delete(f"{url}{entry_id}/").status_code in (404, 405)
    assert JournalEntry.objects.get(pk=entry_id).text == "Huisbezoek"
    assert audited("journalentry.create", household) == 1
    assert audited("journalentry.list", household) == 1

    assert_problem(
        api.post(url, {"kind": "roddel", "occurred_on": "2020-01-01", "text": "x"}, format="json"),
        400,
        "kind",
    )
    assert_problem(
        api.post(url, {"kind": "note", "occurred_on": "2999-01-01", "text": "x"}, format="json"),
        400,
        "occurred_on",
    )
    assert_problem(
        api.post(url, {"kind": "note", "occurred_on": "2020-01-01", "text": "   "}, format="json"),
        400,
        "text",
    )
