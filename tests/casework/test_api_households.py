"""The households API: list, create in one call, dossier, change with a version, actions, export."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from casework.constants import HouseholdStatus, Relation, ZrmDomain
from casework.models import Household, Income, Member
from casework.services import assessment_create
from core.models import AuditLog
from tests.casework.factories import (
    ZRM_REASONS,
    DebtFactory,
    HouseholdFactory,
    IncomeFactory,
    InvolvedOrganisationFactory,
    MemberFactory,
    valid_bsn,
)

URL = "/api/v1/households/"
NON_CASE_ROLES = ["board_member", "policy_officer", "functional_admin", "auditor"]
# 9*1 + 8*1 + 7*1 + 6*2 + 5*2 + 4*2 + 3*3 + 2*3 - 1*4 = 65, not a multiple of 11.
FAILS_11_PROEF = "111222334"


def payload(**overrides):
    body = {
        "postcode": "1234ab",
        "house_number": 12,
        "start_date": (date.today() - timedelta(days=3)).isoformat(),
        "members": [
            {
                "relation": "applicant",
                "given_name": "Sanne",
                "family_name": "de Vries",
                "birth_date": "1988-04-02",
                "bsn": valid_bsn(),
                "incomes": [{"kind": "wages", "net_amount": "1650.00", "period": "month"}],
            },
            {
                "relation": "child",
                "given_name": "Noor",
                "family_name": "de Vries",
                "birth_date": "2016-09-10",
            },
        ],
        "housing": {
            "tenure": "social_rent",
            "basic_rent": "640.00",
            "landlord_kind": "corporation",
        },
    }
    body.update(overrides)
    return body


@pytest.fixture
def professional_api(organisation, api_client_for):
    return api_client_for(organisation.users["professional"])


@pytest.fixture
def household(organisation):
    return HouseholdFactory(team=organisation.team)


# --- create ----------------------------------------------------------------------------------


def test_create_stores_household_members_incomes_and_housing_in_one_call(
    organisation, professional_api
):
    body = payload()
    bsn = body["members"][0]["bsn"]
    response = professional_api.post(URL, body, format="json")

    assert response.status_code == 201, response.content
    data = response.json()
    household = Household.objects.get(pk=data["id"])
    assert household.team == organisation.team
    assert household.postcode == "1234 AB"
    assert household.display_name == "de Vries"
    assert household.members.count() == 2
    assert Income.objects.get(member__household=household).net_monthly == Decimal("1650.00")
    assert household.housing.basic_rent == Decimal("640.00")
    # The BSN is stored, but the response shows it masked only.
    assert bsn not in response.content.decode()
    applicant = next(m for m in data["members"] if m["relation"] == "applicant")
    assert applicant["bsn_masked"] == "*****" + bsn[-4:]
    assert "bsn" not in applicant
    assert AuditLog.objects.filter(action="household.create", household_id=household.pk).exists()


def test_create_stores_the_screening_facts_and_the_dossier_returns_them(professional_api):
    body = payload(
        low_income_since=(date.today() - timedelta(days=400)).isoformat(),
        municipal_tax_yearly="0.00",
        assets_total="0.00",
        benefits_received=["zorgtoeslag", "kinderbijslag"],
    )
    body["members"][0].update(health_insured=True, works_or_studies=True)
    body["members"][1].update(
        childcare="bso", childcare_hours_monthly="40", childcare_hourly_rate="9.12"
    )
    response = professional_api.post(URL, body, format="json")

    assert response.status_code == 201, response.content
    data = response.json()
    assert data["low_income_since"] == body["low_income_since"]
    assert data["municipal_tax_yearly"] == "0.00"
    assert [a["value"] for a in data["assets"]] == ["0.00"]  # "no assets", asked and answered
    assert sorted(b["scheme_code"] for b in data["benefits"]) == ["kinderbijslag", "zorgtoeslag"]
    applicant, child = sorted(data["members"], key=lambda m: m["relation"] != "applicant")
    assert (applicant["works_or_studies"], applicant["health_insured"]) == (True, True)
    assert applicant["has_no_income"] is False
    assert (child["childcare"], child["childcare_hours_monthly"]) == ("bso", "40.00")
    assert child["childcare_hourly_rate"] == "9.12"
    assert child["works_or_studies"] is None  # not asked: unknown, never "no"


def test_a_member_without_income_is_accepted_with_has_no_income(professional_api):
    body = payload()
    body["members"][0].pop("incomes")
    body["members"][0]["has_no_income"] = True
    response = professional_api.post(URL, body, format="json")
    assert response.status_code == 201, response.content
    assert Member.objects.get(relation="applicant").has_no_income is True


def test_patch_changes_the_household_facts(assert_problem, professional_api, household):
    response = professional_api.patch(
        f"{URL}{household.pk}/",
        {"municipal_tax_yearly": "412.50", "low_income_since": "2023-01-01", "version": 1},
        format="json",
    )
    assert response.status_code == 200, response.content
    household.refresh_from_db()
    assert household.municipal_tax_yearly == Decimal("412.50")
    assert household.low_income_since == date(2023, 1, 1)
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    assert_problem(
        professional_api.patch(
            f"{URL}{household.pk}/", {"low_income_since": tomorrow, "version": 2}, format="json"
        ),
        400,
        "low_income_since",
    )


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda b: b["members"][0].update(bsn=FAILS_11_PROEF), "members.0.bsn"),
        (lambda b: b["members"][1].update(birth_date="2999-01-01"), "members.1.birth_date"),
        (lambda b: b["members"][1].update(birth_date="1990-01-01"), "members.1.birth_date"),
        (
            lambda b: b["members"].extend(
                [
                    {**b["members"][1], "relation": "partner", "birth_date": "1985-01-01"},
                    {**b["members"][1], "relation": "partner", "birth_date": "1986-01-01"},
                ]
            ),
            "members.3.relation",
        ),
        (
            lambda b: b["members"][0]["incomes"][0].update(net_amount="-5"),
            "members.0.incomes.0.net_amount",
        ),
        (
            lambda b: b["members"][0]["incomes"][0].pop("net_amount"),
            "members.0.incomes.0.net_amount",
        ),
        (
            lambda b: b["members"][0]["incomes"][0].update(kind="loterij"),
            "members.0.incomes.0.kind",
        ),
        (lambda b: b["members"][0].pop("given_name"), "members.0.given_name"),
        (lambda b: b["members"][0].update(relation="child"), "members"),
        (lambda b: b.pop("start_date"), "start_date"),
        (lambda b: b.update(start_date="2999-01-01"), "start_date"),
        (lambda b: b.update(postcode="0123 AB"), "postcode"),
        (lambda b: b["housing"].update(basic_rent="-1"), "housing.basic_rent"),
        (lambda b: b.update(members=[]), "members"),
        (lambda b: b["members"][0].update(childcare="bso"), "members.0.childcare"),
        (
            lambda b: b["members"][1].update(childcare="none", childcare_hours_monthly="20"),
            "members.1.childcare_hours_monthly",
        ),
        (
            lambda b: b["members"][1].update(childcare="bso", childcare_hourly_rate="-0.01"),
            "members.1.childcare_hourly_rate",
        ),
        (lambda b: b["members"][1].update(childcare="creche"), "members.1.childcare"),
        (lambda b: b["members"][0].update(has_no_income=True), "members.0.has_no_income"),
        (lambda b: b["members"][0].update(works_or_studies="soms"), "members.0.works_or_studies"),
        (lambda b: b.update(municipal_tax_yearly="-0.01"), "municipal_tax_yearly"),
        (
            lambda b: b.update(low_income_since=(date.today() + timedelta(days=1)).isoformat()),
            "low_income_since",
        ),
        (lambda b: b.update(assets_total="-0.01"), "assets_total"),
        (lambda b: b.update(benefits_received=["zorgtoeslag", "zorgtoeslag"]), "benefits_received"),
        (lambda b: b.update(benefits_received=["loterij"]), "benefits_received.0"),
    ],
    ids=[
        "bsn-11-proef",
        "future-birth-date",
        "child-older-than-plausible",
        "second-partner",
        "negative-income",
        "income-without-amount",
        "unknown-income-kind",
        "missing-given-name",
        "no-applicant",
        "missing-start-date",
        "future-start-date",
        "bad-postcode",
        "negative-rent",
        "no-members",
        "childcare-for-an-adult",
        "childcare-hours-without-childcare",
        "negative-childcare-rate",
        "unknown-childcare-kind",
        "no-income-but-an-income",
        "works-or-studies-not-a-boolean",
        "negative-municipal-tax",
        "low-income-since-tomorrow",
        "negative-assets",
        "benefit-twice",
        "unknown-benefit",
    ],
)
def test_create_with_bad_input_is_a_400_naming_the_field_and_stores_nothing(
    assert_problem, organisation, professional_api, change, field
):
    body = payload()
    change(body)
    response = professional_api.post(URL, body, format="json")

    assert_problem(response, 400, field)
    assert not Household.objects.exists()
    assert not Member.objects.exists()
    assert not AuditLog.objects.filter(action="household.create").exists()


def test_create_with_a_bsn_already_registered_leaves_it_to_the_team_lead(
    organisation, professional_api
):
    # Answered like a new BSN, so the API is no test of who is a client (probe F2).
    from casework.models import BsnDuplicateTask

    bsn = valid_bsn()
    MemberFactory(household=HouseholdFactory(team=organisation.team), bsn=bsn)
    body = payload()
    body["members"][1]["bsn"] = bsn

    assert professional_api.post(URL, body, format="json").status_code == 201
    assert Household.objects.count() == 2
    assert BsnDuplicateTask.objects.count() == 2


def test_create_in_a_team_of_someone_else_is_refused(
    assert_problem, organisation, professional_api
):
    response = professional_api.post(URL, payload(team=organisation.other_team.pk), format="json")
    assert_problem(response, 400, "team")


@pytest.mark.parametrize("role", NON_CASE_ROLES)
def test_roles_without_cases_get_403_on_list_and_create(
    assert_problem, organisation, api_client_for, role
):
    client = api_client_for(organisation.users[role])
    assert_problem(client.get(URL), 403)
    assert_problem(client.post(URL, payload(), format="json"), 403)
    assert not Household.objects.exists()


# --- list ------------------------------------------------------------------------------------


def test_list_shows_only_households_of_the_users_teams(organisation, professional_api):
    own = HouseholdFactory(team=organisation.team)
    HouseholdFactory(team=organisation.other_team)

    response = professional_api.get(URL)

    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [own.pk]
    assert response.json()["count"] == 1


def test_list_filters(organisation, professional_api):
    professional = organisation.users["professional"]
    plain = HouseholdFactory(team=organisation.team, postcode="1011 AA")
    with_debt = HouseholdFactory(team=organisation.team, postcode="2022 BB")
    DebtFactory(household=with_debt)
    closed = HouseholdFactory(team=organisation.team, status=HouseholdStatus.CLOSED)
    assigned = HouseholdFactory(team=organisation.team, assigned_professional=professional)
    low = HouseholdFactory(team=organisation.team)
    scores = {domain: 4 for domain in ZrmDomain.values} | {"financien": 1}
    assessment_create(
        actor=professional,
        household=low,
        assessed_on=date.today(),
        scores=scores,
        reasons=ZRM_REASONS,
    )
    bsn = valid_bsn()
    MemberFactory(household=plain, bsn=bsn)

    def ids(query: str) -> set[int]:
        response = professional_api.get(f"{URL}?{query}")
        assert response.status_code == 200, response.content
        return {row["id"] for row in response.json()["results"]}

    assert ids("hasDebts=true") == {with_debt.pk}
    assert with_debt.pk not in ids("hasDebts=false")
    assert ids("status=closed") == {closed.pk}
    assert ids(f"assignedTo={professional.pk}") == {assigned.pk}
    assert ids("zrmLow=financien") == {low.pk}
    assert ids("zrmLow=any") == {low.pk}
    # Special-category scores are encrypted: not a filter (any counts the other domains only).
    refused = professional_api.get(f"{URL}?zrmLow=justitie")
    assert refused.status_code == 400
    assert ids("search=2022") == {with_debt.pk}
    # A BSN is never accepted in a URL; the exact lookup is a POST with the BSN in the body.
    refused = professional_api.get(f"{URL}?search={bsn}")
    assert refused.status_code == 400
    assert refused.json()["invalidParams"][0]["name"] == "search"
    found = professional_api.post(f"{URL}search/", {"bsn": bsn}, format="json")
    assert found.status_code == 200, found.content
    assert [row["id"] for row in found.json()] == [plain.pk]
    invalid = professional_api.post(f"{URL}search/", {"bsn": "123456789"}, format="json")
    assert invalid.status_code == 400
    assert invalid.json()["invalidParams"][0]["name"] == "bsn"
    assert ids(f"team={organisation.other_team.pk}") == set()
    assert len(ids(f"team={organisation.team.pk}")) == 5


def test_list_with_a_bad_filter_value_is_a_400(assert_problem, organisation, professional_api):
    assert_problem(professional_api.get(f"{URL}?zrmLow=geluk"), 400, "zrmLow")
    assert_problem(professional_api.get(f"{URL}?team=abc"), 400, "team")


def test_list_query_count_does_not_grow_with_households(
    organisation, professional_api, django_assert_num_queries
):
    def count() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert professional_api.get(f"{URL}?pageSize=100").status_code == 200
        return len(queries)

    for _ in range(3):
        HouseholdFactory(
            team=organisation.team, assigned_professional=organisation.users["professional"]
        )
    few = count()
    for _ in range(27):
        HouseholdFactory(
            team=organisation.team, assigned_professional=organisation.users["professional"]
        )
    with django_assert_num_queries(few):
        response = professional_api.get(f"{URL}?pageSize=100")
    assert response.json()["count"] == 30


# --- retrieve --------------------------------------------------------------------------------


def test_retrieve_shows_the_dossier_and_is_audited(organisation, professional_api, household):
    bsn = valid_bsn()
    member = MemberFactory(household=household, relation=Relation.PARTNER, bsn=bsn)
    IncomeFactory(member=member)
    DebtFactory(household=household, amount=Decimal("300.00"))
    InvolvedOrganisationFactory(household=household, yearly_cost=Decimal("1000.00"))
    InvolvedOrganisationFactory(
        household=household, name="GGZ", kind="ggz", yearly_cost=Decimal("2500.50")
    )

    response = professional_api.get(f"{URL}{household.pk}/")

    assert response.status_code == 200
    data = response.json()
    assert data["version"] == household.version
    assert len(data["members"]) == 2
    assert bsn not in response.content.decode()
    partner = next(m for m in data["members"] if m["id"] == member.pk)
    assert partner["bsn_masked"] == "*****" + bsn[-4:]
    assert partner["incomes"][0]["net_monthly"] == "1500.00"
    assert data["debts"][0]["amount"] == "300.00"
    assert data["organisations_yearly_cost"] == "3500.50"
    assert data["money"]["debt_total"] == "300.00"
    assert len(data["zrm"]["current"]) == 0
    assert data["perspective_plan"]["own_words"]
    assert AuditLog.objects.filter(action="household.read", household_id=household.pk).count() == 1


def test_retrieve_query_count_does_not_grow_with_the_household(
    organisation, professional_api, django_assert_num_queries
):
    def build(members: int, debts: int) -> Household:
        household = HouseholdFactory(team=organisation.team)
        for _ in range(members - 1):
            IncomeFactory(member=MemberFactory(household=household, bsn=valid_bsn()))
        for _ in range(debts):
            DebtFactory(household=household)
        assessment_create(
            actor=organisation.users["professional"],
            household=household,
            assessed_on=date.today(),
            scores=dict.fromkeys(ZrmDomain.values, 3),
            reasons=ZRM_REASONS,
        )
        return household

    small, large = build(2, 1), build(8, 10)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert professional_api.get(f"{URL}{small.pk}/").status_code == 200
    with django_assert_num_queries(len(queries)):
        response = professional_api.get(f"{URL}{large.pk}/")
    assert len(response.json()["members"]) == 8
    assert len(response.json()["debts"]) == 10


def test_household_of_another_team_is_404_everywhere(assert_problem, organisation, api_client_for):
    other = HouseholdFactory(team=organisation.other_team)
    member = other.members.get()
    client = api_client_for(organisation.users["professional"])
    for method, path in [
        ("get", ""),
        ("patch", ""),
        ("post", "close/"),
        ("post", "reopen/"),
        ("post", "assign/"),
        ("get", "export/"),
        ("get", "members/"),
        ("get", f"members/{member.pk}/"),
        ("post", f"members/{member.pk}/reveal-bsn/"),
        ("get", "debts/"),
        ("post", "debts/"),
        ("get", "plan/"),
        ("put", "housing/"),
        ("get", "journal/"),
        ("get", "assessments/"),
    ]:
        response = getattr(client, method)(f"{URL}{other.pk}/{path}", {}, format="json")
        assert_problem(response, 404)
    assert not AuditLog.objects.filter(household_id=other.pk).exists()


@pytest.mark.parametrize("role", NON_CASE_ROLES)
def test_roles_without_cases_get_404_on_a_household(
    assert_problem, organisation, api_client_for, household, role
):
    client = api_client_for(organisation.users[role])
    assert_problem(client.get(f"{URL}{household.pk}/"), 404)
    assert_problem(client.get(f"{URL}{household.pk}/export/"), 404)


def test_team_lead_of_the_team_can_read(organisation, api_client_for, household):
    lead = organisation.users["team_lead"]
    response = api_client_for(lead).get(f"{URL}{household.pk}/")
    assert response.status_code == 200
    data = response.json()
    assert (data["id"], data["display_name"]) == (household.pk, household.display_name)
    assert data["version"] == household.version
    # The read of the whole dossier is audited under the lead's name.
    assert AuditLog.objects.filter(
        actor=lead, action="household.read", household_id=household.pk
    ).exists()


def test_anonymous_gets_problem_details(assert_problem, api_client, household):
    response = api_client.get(f"{URL}{household.pk}/")
    # Token authentication comes first and sends its WWW-Authenticate challenge: 401.
    body = assert_problem(response, 401)
    assert response["WWW-Authenticate"] == "Token"
    assert body["code"] == "not_authenticated"
    assert body["instance"] == f"{URL}{household.pk}/"
    assert body["type"].endswith("/not_authenticated")
    assert household.display_name not in response.content.decode()


# --- update with optimistic locking ----------------------------------------------------------


def test_patch_with_the_current_version_changes_and_bumps_it(professional_api, household):
    response = professional_api.patch(
        f"{URL}{household.pk}/", {"house_number": 77, "version": household.version}, format="json"
    )
    assert response.status_code == 200, response.content
    household.refresh_from_db()
    assert household.house_number == 77
    assert response.json()["version"] == household.version == 2
    audit = AuditLog.objects.get(action="household.update", household_id=household.pk)
    assert audit.data == {"fields": ["house_number"]}


def test_two_patches_with_the_same_version_second_gets_409(
    assert_problem, professional_api, household
):
    first = professional_api.patch(
        f"{URL}{household.pk}/", {"house_number": 5, "version": 1}, format="json"
    )
    second = professional_api.patch(
        f"{URL}{household.pk}/", {"house_number": 9, "version": 1}, format="json"
    )

    assert first.status_code == 200
    body = assert_problem(second, 409)
    assert body["currentVersion"] == 2
    household.refresh_from_db()
    assert household.house_number == 5
    assert AuditLog.objects.filter(action="household.update").count() == 1


def test_patch_without_version_is_a_400(assert_problem, professional_api, household):
    assert_problem(
        professional_api.patch(f"{URL}{household.pk}/", {"house_number": 3}, format="json"),
        400,
        "version",
    )


def test_patch_with_future_start_date_is_a_400_and_keeps_the_version(
    assert_problem, professional_api, household
):
    response = professional_api.patch(
        f"{URL}{household.pk}/", {"start_date": "2999-01-01", "version": 1}, format="json"
    )
    assert_problem(response, 400, "start_date")
    household.refresh_from_db()
    assert household.version == 1


# --- actions ---------------------------------------------------------------------------------


def test_close_and_reopen_need_a_reason_and_are_audited(
    assert_problem, professional_api, household
):
    assert_problem(
        professional_api.post(f"{URL}{household.pk}/close/", {}, format="json"), 400, "reason"
    )

    closed = professional_api.post(
        f"{URL}{household.pk}/close/", {"reason": "Doel bereikt"}, format="json"
    )
    assert closed.status_code == 200
    assert closed.json()["status"] == "closed"
    # A closed household refuses changes until it is reopened.
    response = professional_api.post(
        f"{URL}{household.pk}/debts/", {"creditor_kind": "cjib", "amount": "10"}, format="json"
    )
    assert_problem(response, 400)

    reopened = professional_api.post(
        f"{URL}{household.pk}/reopen/", {"reason": "Terugval"}, format="json"
    )
    assert reopened.json()["status"] == "open"
    actions = set(
        AuditLog.objects.filter(household_id=household.pk).values_list("action", flat=True)
    )
    assert {"household.close", "household.reopen"} <= actions


def test_assign_accepts_only_a_member_of_the_team(
    assert_problem, organisation, professional_api, household
):
    lead = organisation.users["team_lead"]
    response = professional_api.post(
        f"{URL}{household.pk}/assign/", {"professional": lead.pk}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["assigned_professional"] == lead.pk

    stranger = organisation.other_team_users["professional"]
    response = professional_api.post(
        f"{URL}{household.pk}/assign/", {"professional": stranger.pk}, format="json"
    )
    assert_problem(response, 400, "professional")
    household.refresh_from_db()
    assert household.assigned_professional == lead
    assert (
        AuditLog.objects.filter(action="household.assign", household_id=household.pk).count() == 1
    )


def test_export_has_the_full_bsn_and_is_audited(professional_api, household):
    bsn = valid_bsn()
    MemberFactory(household=household, bsn=bsn)

    response = professional_api.get(f"{URL}{household.pk}/export/")

    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assert bsn in [m["bsn"] for m in response.json()["members"]]
    assert (
        AuditLog.objects.filter(action="household.export", household_id=household.pk).count() == 1
    )
