"""Defects found in review of the casework write services, each through the entry points users use.

1. a weekly income too large per month is a field error, not a 500;
2. the journal refuses DELETE (ORM and database);
3. writes lock the household and re-check it: a stale copy cannot close twice or write to a
   household that someone else has just closed;
4. a version the client sends is checked, also on the first save of the housing or a new item;
5. assigning needs an open household and an active professional;
6. removing a member keeps the household's composition plausible.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from django.utils import timezone

import pytest

from casework import services
from casework.constants import HouseholdStatus, JournalKind, Period, Relation, ZrmDomain
from casework.models import Debt, Household, Housing, Income, JournalEntry, Member
from core.models import AuditLog, Role
from tests.casework.factories import ZRM_REASONS, DebtFactory, HouseholdFactory, MemberFactory
from tests.core.factories import MembershipFactory, UserFactory

TODAY = timezone.localdate()
CLOSED = "Dit huishouden is afgesloten. Heropen het voordat u iets wijzigt."
CONFLICT = "Dit huishouden is intussen door iemand anders gewijzigd."
TOO_LARGE = "Dit bedrag is te groot: omgerekend naar een maand past het niet."
INACTIVE = "Deze medewerker is niet meer actief en kan geen casusregisseur zijn."
COMPOSITION = (
    "Dit gezinslid kan niet worden verwijderd: zonder dit gezinslid klopt de samenstelling van "
    "het huishouden niet meer."
)
# A weekly amount that fits numeric(12,2) but is too large once converted to a month.
HUGE_WEEKLY = Decimal("9999999999.99")

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the journal triggers exist on PostgreSQL only"
)


@pytest.fixture
def household(organisation):
    return HouseholdFactory(team=organisation.team)


@pytest.fixture
def api(organisation, api_client_for):
    return api_client_for(organisation.users[Role.PROFESSIONAL])


@pytest.fixture
def pro(client, professional):
    client.force_login(professional)
    return client


def fresh(household: Household) -> Household:
    """Another user's copy of the household, read now (as a request does)."""
    return Household.objects.select_related("municipality", "team").get(pk=household.pk)


def version(household: Household) -> int:
    return Household.objects.get(pk=household.pk).version


def url(name: str, household: Household, *args: object) -> str:
    return reverse(f"casework:{name}", args=[household.pk, *args])


def inactive_team_member(organisation):
    user = UserFactory(username="vertrokken", first_name="Vera", last_name="Vertrokken")
    MembershipFactory(
        user=user,
        municipality=organisation.municipality,
        team=organisation.team,
        role=Role.PROFESSIONAL,
    )
    user.is_active = False
    user.save(update_fields=["is_active"])
    return user


# --- 1. a weekly income too large per month --------------------------------------------------


def _huge_income_members() -> list[dict]:
    return [
        {
            "relation": Relation.APPLICANT,
            "given_name": "Eva",
            "family_name": "Smit",
            "birth_date": date(1980, 1, 1),
            "incomes": [{"kind": "wages", "gross_amount": HUGE_WEEKLY, "period": Period.WEEK}],
        }
    ]


def test_service_household_create_refuses_a_weekly_income_too_large_per_month(
    organisation, professional
):
    with pytest.raises(ValidationError) as excinfo:
        services.household_create(
            actor=professional,
            team=organisation.team,
            household={"postcode": "1234 AB", "house_number": 1, "start_date": TODAY},
            members=_huge_income_members(),
        )
    assert excinfo.value.message_dict == {"members.0.incomes.0.gross_amount": [TOO_LARGE]}
    assert not Household.objects.exists()
    assert not Income.objects.exists()


def test_api_household_create_with_a_weekly_income_too_large_per_month_is_a_400(
    assert_problem, api
):
    api.raise_request_exception = False
    body = {
        "postcode": "1234AB",
        "house_number": 1,
        "start_date": TODAY.isoformat(),
        "members": [
            {
                "relation": "applicant",
                "given_name": "Eva",
                "family_name": "Smit",
                "birth_date": "1980-01-01",
                "incomes": [{"kind": "wages", "gross_amount": str(HUGE_WEEKLY), "period": "week"}],
            }
        ],
    }
    response = api.post("/api/v1/households/", body, format="json")
    problem = assert_problem(response, 400, "members.0.incomes.0.gross_amount")
    assert TOO_LARGE in [param["reason"] for param in problem["invalidParams"]]
    assert not Household.objects.exists()


def test_wizard_with_a_weekly_income_too_large_per_month_shows_the_error(pro, organisation):
    pro.raise_request_exception = False
    data = {
        "household-team": str(organisation.team.pk),
        "household-postcode": "1234AB",
        "household-house_number": "1",
        "household-start_date": TODAY.isoformat(),
        "members-TOTAL_FORMS": "1",
        "members-INITIAL_FORMS": "0",
        "members-MIN_NUM_FORMS": "0",
        "members-MAX_NUM_FORMS": "20",
        "members-0-relation": "applicant",
        "members-0-given_name": "Eva",
        "members-0-family_name": "Smit",
        "members-0-birth_date": "1980-01-01",
        "members-0-income_kind": "wages",
        "members-0-income_gross": "9.999.999.999,99",
        "members-0-income_period": "week",
        "housing-tenure": "",
        "save": "1",
    }
    response = pro.post(reverse("casework:create"), data)
    assert response.status_code == 422
    assert TOO_LARGE in response.content.decode()
    assert not Household.objects.exists()


def test_api_income_item_too_large_per_month_is_reported_on_the_typed_amount(
    assert_problem, api, household
):
    member = household.members.get()
    response = api.post(
        f"/api/v1/households/{household.pk}/incomes/",
        {"member": member.pk, "kind": "wages", "gross_amount": str(HUGE_WEEKLY), "period": "week"},
        format="json",
    )
    problem = assert_problem(response, 400, "gross_amount")
    assert {param["name"] for param in problem["invalidParams"]} == {"gross_amount"}
    assert not Income.objects.exists()


# --- 2. the journal refuses DELETE -----------------------------------------------------------


@pytest.fixture
def entry(household, professional):
    return services.journal_add(
        actor=professional,
        household=household,
        kind=JournalKind.NOTE,
        text="Huisbezoek",
        occurred_on=TODAY,
    )


def test_orm_refuses_to_delete_or_update_journal_entries(entry, household):
    with pytest.raises(PermissionError):
        JournalEntry.objects.filter(pk=entry.pk).delete()
    with pytest.raises(PermissionError):
        household.journal.all().delete()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        JournalEntry.objects.filter(pk=entry.pk).update(text="weg")
    assert JournalEntry.objects.get(pk=entry.pk).text == "Huisbezoek"


@postgresql_only
@pytest.mark.parametrize(
    "delete",
    [
        lambda pk: connection.cursor().execute(
            "DELETE FROM casework_journalentry WHERE id = %s", [pk]
        ),
        # A queryset delete past the Python guard reaches the same trigger.
        lambda pk: JournalEntry.objects.filter(pk=pk)._raw_delete(connection.alias),
    ],
    ids=["raw-sql", "queryset-raw-delete"],
)
def test_database_refuses_to_delete_a_journal_entry(entry, delete):
    # The check runs at commit; a test never commits, so ask for it at the statement.
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS casework_journal_no_delete IMMEDIATE")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        delete(entry.pk)
    assert JournalEntry.objects.filter(pk=entry.pk).exists()


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_database_refuses_a_committed_journal_delete_but_a_whole_dossier_may_go(organisation):
    household = HouseholdFactory(team=organisation.team)
    actor = organisation.users[Role.PROFESSIONAL]
    entry = services.journal_add(
        actor=actor, household=household, kind=JournalKind.NOTE, text="x", occurred_on=TODAY
    )
    with pytest.raises(DatabaseError, match="append-only"), connection.cursor() as cursor:
        cursor.execute("DELETE FROM casework_journalentry WHERE id = %s", [entry.pk])  # autocommit
    assert JournalEntry.objects.filter(pk=entry.pk).exists()

    # The household goes with its journal in one transaction (e.g. at the end of retention).
    Household.objects.filter(pk=household.pk).delete()
    assert not Household.objects.filter(pk=household.pk).exists()
    assert not JournalEntry.objects.filter(pk=entry.pk).exists()


# --- 3. locked, re-checked writes -------------------------------------------------------------


def test_two_closes_from_stale_copies_close_once(household, professional):
    first, second = fresh(household), fresh(household)
    services.household_close(actor=professional, household=first, reason="eerste")
    with pytest.raises(ValidationError) as excinfo:
        services.household_close(actor=professional, household=second, reason="tweede")
    assert excinfo.value.message_dict == {"reason": ["Dit huishouden is al afgesloten."]}
    stored = Household.objects.get(pk=household.pk)
    assert (stored.status, stored.status_reason) == (HouseholdStatus.CLOSED, "eerste")
    assert household.journal.filter(text__startswith="Afgesloten").count() == 1
    assert AuditLog.objects.filter(action="household.close").count() == 1


def test_a_stale_open_copy_may_reopen_what_another_user_closed(household, professional):
    first, second = fresh(household), fresh(household)
    services.household_close(actor=professional, household=first, reason="klaar")
    services.household_reopen(actor=professional, household=second, reason="toch niet")
    assert Household.objects.get(pk=household.pk).status == HouseholdStatus.OPEN


def _debt_of(household: Household) -> Debt:
    return Debt.objects.get(household=household)


# Each write through a copy of the household read before another user closed it.
STALE_WRITES: dict[str, Callable[..., object]] = {
    "item_save-new": lambda actor, hh, v: services.item_save(
        actor=actor, item=Debt(household=hh, creditor_kind="cjib", amount=Decimal("10"))
    ),
    "item_save-change": lambda actor, hh, v: services.item_save(
        actor=actor, item=_with_household(_debt_of(hh), hh), expected_version=v
    ),
    "item_delete": lambda actor, hh, v: services.item_delete(
        actor=actor, item=_with_household(_debt_of(hh), hh)
    ),
    "member_add": lambda actor, hh, v: services.member_add(
        actor=actor,
        household=hh,
        data={
            "relation": Relation.CHILD,
            "given_name": "Noor",
            "family_name": "Smit",
            "birth_date": date(2015, 1, 1),
        },
    ),
    "member_update": lambda actor, hh, v: services.member_update(
        actor=actor,
        member=_with_household(hh.members.get(relation=Relation.APPLICANT), hh),
        expected_version=v,
        data={"given_name": "Anders"},
    ),
    "member_remove": lambda actor, hh, v: services.member_remove(
        actor=actor, member=_with_household(hh.members.get(relation=Relation.CHILD), hh)
    ),
    "household_update": lambda actor, hh, v: services.household_update(
        actor=actor, household=hh, expected_version=v, data={"house_number": 99}
    ),
    "household_assign": lambda actor, hh, v: services.household_assign(
        actor=actor, household=hh, professional=actor
    ),
    "housing_save": lambda actor, hh, v: services.housing_save(
        actor=actor, household=hh, data={"tenure": "owner"}, expected_version=v
    ),
    "plan_save": lambda actor, hh, v: services.plan_save(
        actor=actor, household=hh, data={"own_words": "Anders"}, expected_version=v
    ),
    "assessment_create": lambda actor, hh, v: services.assessment_create(
        actor=actor,
        household=hh,
        assessed_on=TODAY,
        scores=dict.fromkeys(ZrmDomain.values, 3),
        reasons=ZRM_REASONS,
    ),
}


def _with_household(obj, household: Household):
    obj.household = household
    return obj


@pytest.mark.parametrize("write", STALE_WRITES.values(), ids=STALE_WRITES.keys())
def test_a_stale_copy_cannot_write_to_a_household_closed_meanwhile(household, professional, write):
    MemberFactory(household=household, relation=Relation.CHILD)
    DebtFactory(household=household)
    stale = fresh(household)
    read_version = stale.version
    services.household_close(actor=professional, household=fresh(household), reason="klaar")
    before = AuditLog.objects.count()

    with pytest.raises(ValidationError) as excinfo:
        write(professional, stale, read_version)
    assert CLOSED in excinfo.value.messages

    stored = Household.objects.get(pk=household.pk)
    assert stored.status == HouseholdStatus.CLOSED
    assert stored.version == read_version + 1  # only the close
    assert (stored.members.count(), stored.debts.count()) == (2, 1)
    assert stored.assigned_professional is None and stored.house_number == household.house_number
    assert not Housing.objects.filter(household=household).exists()
    assert AuditLog.objects.count() == before


def test_a_stale_version_is_refused_on_the_locked_row(household, professional):
    stale = fresh(household)
    services.member_add(
        actor=professional,
        household=fresh(household),
        data={
            "relation": Relation.CHILD,
            "given_name": "Noor",
            "family_name": "Smit",
            "birth_date": date(2015, 1, 1),
        },
    )
    with pytest.raises(services.VersionConflictError) as excinfo:
        services.household_update(
            actor=professional, household=stale, expected_version=1, data={"house_number": 9}
        )
    assert excinfo.value.current_version == 2
    assert Household.objects.get(pk=household.pk).house_number == household.house_number


def test_browser_write_after_another_user_closed_is_refused(pro, household, professional):
    read_version = version(household)  # the form was opened before the close
    services.household_close(actor=professional, household=fresh(household), reason="klaar")
    response = pro.post(
        url("member-add", household),
        {
            "relation": "child",
            "given_name": "Noor",
            "family_name": "Smit",
            "birth_date": "2015-01-01",
            "version": read_version,
        },
    )
    assert response.status_code == 422
    assert CLOSED in response.content.decode()
    assert household.members.count() == 1


# --- 4. the version the client sends is checked ----------------------------------------------


def test_api_first_housing_with_a_stale_version_is_a_conflict(
    assert_problem, api, household, professional
):
    services.item_save(
        actor=professional,
        item=Debt(household=household, creditor_kind="cjib", amount=Decimal("10")),
    )
    assert version(household) == 2
    url_ = f"/api/v1/households/{household.pk}/housing/"
    stale = api.put(
        url_, {"tenure": "social_rent", "basic_rent": "500", "version": 1}, format="json"
    )
    assert_problem(stale, 409)
    assert stale.json()["currentVersion"] == 2
    assert not Housing.objects.filter(household=household).exists()
    assert version(household) == 2

    current = api.put(url_, {"tenure": "social_rent", "version": 2}, format="json")
    assert current.status_code == 200, current.content
    assert current.json()["household_version"] == 3


def test_service_first_housing_and_new_item_check_a_given_version(household, professional):
    services.plan_save(
        actor=professional, household=household, data={"own_words": "Rust"}, expected_version=1
    )
    with pytest.raises(services.VersionConflictError):
        services.housing_save(
            actor=professional,
            household=fresh(household),
            data={"tenure": "owner"},
            expected_version=1,
        )
    with pytest.raises(services.VersionConflictError):
        services.item_save(
            actor=professional,
            item=Debt(household=fresh(household), creditor_kind="cjib", amount=Decimal("1")),
            expected_version=1,
        )
    assert not Housing.objects.filter(household=household).exists()
    assert not Debt.objects.exists()
    # Without a version (the API's POST of a new item has none) a new item is still saved.
    services.item_save(
        actor=professional,
        item=Debt(household=fresh(household), creditor_kind="cjib", amount=Decimal("1")),
    )
    assert version(household) == 3


def test_browser_new_item_with_a_stale_version_is_a_conflict(pro, household, professional):
    read_version = version(household)
    services.plan_save(
        actor=professional,
        household=fresh(household),
        data={"own_words": "Rust"},
        expected_version=read_version,
    )
    data = {"creditor_kind": "cjib", "amount": "5", "arrears_months": "0", "version": read_version}
    response = pro.post(url("item-add", household, "schulden"), data)
    assert response.status_code == 422
    assert CONFLICT in response.content.decode()
    assert not Debt.objects.exists()


# --- 5. assigning ----------------------------------------------------------------------------


def test_service_assign_refuses_a_closed_household(household, professional, team_lead):
    services.household_close(actor=professional, household=household, reason="klaar")
    with pytest.raises(ValidationError) as excinfo:
        services.household_assign(actor=professional, household=household, professional=team_lead)
    assert CLOSED in excinfo.value.messages
    assert Household.objects.get(pk=household.pk).assigned_professional is None


def test_api_assign_on_a_closed_household_is_refused(
    assert_problem, api, household, professional, team_lead
):
    services.household_close(actor=professional, household=household, reason="klaar")
    response = api.post(
        f"/api/v1/households/{household.pk}/assign/", {"professional": team_lead.pk}, format="json"
    )
    problem = assert_problem(response, 400)
    assert CLOSED in [param["reason"] for param in problem["invalidParams"]]
    assert Household.objects.get(pk=household.pk).assigned_professional is None
    assert not AuditLog.objects.filter(action="household.assign").exists()


def test_browser_assign_on_a_closed_household_is_refused(pro, household, professional, team_lead):
    services.household_close(actor=professional, household=household, reason="klaar")
    response = pro.post(url("assign", household), {"professional": team_lead.pk})
    assert response.status_code == 422
    assert CLOSED in response.content.decode()
    assert Household.objects.get(pk=household.pk).assigned_professional is None


def test_service_assign_refuses_an_inactive_professional(organisation, household, professional):
    gone = inactive_team_member(organisation)
    with pytest.raises(ValidationError) as excinfo:
        services.household_assign(actor=professional, household=household, professional=gone)
    assert excinfo.value.message_dict == {"professional": [INACTIVE]}
    assert Household.objects.get(pk=household.pk).assigned_professional is None


def test_browser_assign_refuses_an_inactive_professional(pro, organisation, household):
    gone = inactive_team_member(organisation)
    response = pro.post(url("assign", household), {"professional": gone.pk})
    # Refused by the service, or already by the form when it offers active colleagues only.
    assert response.status_code == 422
    assert Household.objects.get(pk=household.pk).assigned_professional is None


def test_service_create_refuses_an_inactive_professional(organisation, professional):
    gone = inactive_team_member(organisation)
    members = [{**_huge_income_members()[0], "incomes": []}]
    with pytest.raises(ValidationError) as excinfo:
        services.household_create(
            actor=professional,
            team=organisation.team,
            household={"postcode": "1234 AB", "house_number": 1, "start_date": TODAY},
            members=members,
            assigned_professional=gone,
        )
    assert excinfo.value.message_dict == {"assigned_professional": [INACTIVE]}
    assert not Household.objects.exists()


def test_api_create_refuses_an_inactive_professional(assert_problem, api, organisation):
    gone = inactive_team_member(organisation)
    body = {
        "postcode": "1234AB",
        "house_number": 1,
        "start_date": TODAY.isoformat(),
        "assigned_professional": gone.pk,
        "members": [
            {
                "relation": "applicant",
                "given_name": "Eva",
                "family_name": "Smit",
                "birth_date": "1980-01-01",
            }
        ],
    }
    response = api.post("/api/v1/households/", body, format="json")
    # Refused by the service, or already by the serializer when it offers active users only.
    assert_problem(response, 400, "assigned_professional")
    assert not Household.objects.exists()


# --- 6. removing a member keeps the composition plausible ------------------------------------


@pytest.fixture
def young_applicant_household(organisation):
    """The child (2010) is plausible only as the partner's (1980), not the applicant's (2004)."""
    household = HouseholdFactory(team=organisation.team, applicant=None)
    MemberFactory(household=household, relation=Relation.APPLICANT, birth_date=date(2004, 1, 1))
    partner = MemberFactory(
        household=household, relation=Relation.PARTNER, birth_date=date(1980, 1, 1)
    )
    MemberFactory(household=household, relation=Relation.CHILD, birth_date=date(2010, 1, 1))
    return household, partner


def _assert_partner_kept(household: Household, partner: Member) -> None:
    assert Member.objects.filter(pk=partner.pk).exists()
    assert version(household) == 1
    assert not AuditLog.objects.filter(action="member.delete").exists()


def test_service_member_remove_refuses_an_implausible_composition(
    young_applicant_household, professional
):
    household, partner = young_applicant_household
    with pytest.raises(ValidationError) as excinfo:
        services.member_remove(actor=professional, member=partner)
    assert excinfo.value.messages[0] == COMPOSITION
    assert any("minstens 12 jaar jonger" in m for m in excinfo.value.messages)
    _assert_partner_kept(household, partner)


def test_browser_member_remove_refuses_an_implausible_composition(pro, young_applicant_household):
    household, partner = young_applicant_household
    response = pro.post(url("member-remove", household, partner.pk))
    assert response.status_code == 422
    assert COMPOSITION in response.content.decode()
    _assert_partner_kept(household, partner)


def test_api_member_remove_refuses_an_implausible_composition(
    assert_problem, api, young_applicant_household
):
    household, partner = young_applicant_household
    response = api.delete(f"/api/v1/households/{household.pk}/members/{partner.pk}/")
    problem = assert_problem(response, 400)
    assert COMPOSITION in [param["reason"] for param in problem["invalidParams"]]
    _assert_partner_kept(household, partner)


def test_member_remove_still_removes_a_partner_when_the_children_stay_plausible(
    household, professional
):
    partner = MemberFactory(household=household, relation=Relation.PARTNER)
    MemberFactory(
        household=household, relation=Relation.CHILD, birth_date=TODAY - timedelta(days=400)
    )
    services.member_remove(actor=professional, member=partner)
    assert not Member.objects.filter(pk=partner.pk).exists()
