"""The casework services called directly: composition rules, bad input, locking, audit rows."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone

import pytest

from casework import services
from casework.constants import HouseholdStatus, Relation
from casework.models import Debt, Household, Income, Member
from core.models import AuditLog
from tests.casework.factories import DebtFactory, HouseholdFactory, MemberFactory, valid_bsn

TODAY = timezone.localdate()


@pytest.fixture
def actor(organisation):
    return organisation.users["professional"]


@pytest.fixture
def household(organisation):
    return HouseholdFactory(team=organisation.team)


def member(relation: str = Relation.APPLICANT, born: date = date(1985, 1, 1), **extra):
    return {
        "relation": relation,
        "given_name": "Eva",
        "family_name": "Smit",
        "birth_date": born,
        **extra,
    }


def create(actor, team, members, **extra):
    return services.household_create(
        actor=actor,
        team=team,
        household={"postcode": "3511ab", "house_number": 4, "start_date": TODAY},
        members=members,
        **extra,
    )


def errors_of(excinfo) -> dict[str, list[str]]:
    return excinfo.value.message_dict


# --- composition ---------------------------------------------------------------------------


def test_validate_composition_accepts_a_family():
    services.validate_composition(
        [
            member(),
            member(Relation.PARTNER, date(1987, 6, 1)),
            member(Relation.CHILD, date(2012, 1, 1)),
        ]
    )


@pytest.mark.parametrize(
    ("members", "key"),
    [
        ([member(Relation.CHILD, date(2010, 1, 1))], "members"),
        ([member(), member()], "members"),
        (
            [member(), member(Relation.PARTNER), member(Relation.PARTNER)],
            "members.2.relation",
        ),
        ([member(), member(Relation.CHILD, date(1990, 1, 1))], "members.1.birth_date"),
        ([member(born=TODAY + timedelta(days=1))], "members.0.birth_date"),
        ([member(born=date(1850, 1, 1))], "members.0.birth_date"),
    ],
    ids=["no-applicant", "two-applicants", "second-partner", "child-too-old", "future", "too-old"],
)
def test_validate_composition_refuses(members, key):
    with pytest.raises(ValidationError) as excinfo:
        services.validate_composition(members)
    assert key in errors_of(excinfo)


# --- household_create ----------------------------------------------------------------------


def test_household_create_stores_everything_and_audits(actor, organisation):
    bsn = valid_bsn()
    household = create(
        actor,
        organisation.team,
        [
            member(
                bsn=bsn,
                incomes=[{"kind": "wages", "gross_amount": Decimal("520"), "period": "week"}],
            ),
            member(Relation.CHILD, date(2014, 2, 2)),
        ],
        housing={"tenure": "social_rent", "basic_rent": Decimal("600")},
    )
    assert household.postcode == "3511 AB"
    assert household.display_name == "Smit"
    applicant = household.members.get(relation=Relation.APPLICANT)
    assert applicant.reveal_bsn() == bsn and applicant.bsn_masked.endswith(bsn[-4:])
    assert bsn not in applicant.bsn_encrypted
    assert Income.objects.get(member=applicant).gross_monthly == Decimal("2253.33")
    assert household.housing.basic_rent == Decimal("600")
    assert household.journal.count() == 1
    row = AuditLog.objects.get(action="household.create")
    assert (row.household_id, row.actor) == (household.pk, actor)


@pytest.mark.parametrize(
    ("members", "key"),
    [
        ([member(bsn="123456789")], "members.0.bsn"),
        ([member(), member(Relation.PARTNER), member(Relation.PARTNER)], "members.2.relation"),
        ([member(), member(Relation.CHILD, date(1984, 1, 1))], "members.1.birth_date"),
        ([member(born=TODAY + timedelta(days=3))], "members.0.birth_date"),
    ],
    ids=["bsn", "second-partner", "child-too-old", "future-birth"],
)
def test_household_create_refuses_bad_members_and_stores_nothing(actor, organisation, members, key):
    with pytest.raises(ValidationError) as excinfo:
        create(actor, organisation.team, members)
    assert key in errors_of(excinfo)
    assert not Household.objects.exists()
    assert not AuditLog.objects.exists()


def test_household_create_refuses_a_duplicate_bsn_and_rolls_back(actor, organisation):
    bsn = valid_bsn()
    with pytest.raises(ValidationError) as excinfo:
        create(actor, organisation.team, [member(bsn=bsn), member(Relation.PARTNER, bsn=bsn)])
    assert "members.1.bsn" in errors_of(excinfo)
    assert not Member.objects.exists()


def test_household_create_refuses_a_future_start_date(actor, organisation):
    with pytest.raises(ValidationError) as excinfo:
        services.household_create(
            actor=actor,
            team=organisation.team,
            household={
                "postcode": "3511 AB",
                "house_number": 4,
                "start_date": TODAY + timedelta(days=1),
            },
            members=[member()],
        )
    assert "start_date" in errors_of(excinfo)


# --- household_update and locking ----------------------------------------------------------


def test_household_update_with_a_stale_version_raises_and_keeps_the_first_change(actor, household):
    services.household_update(
        actor=actor, household=household, expected_version=1, data={"house_number": 8}
    )
    stale = Household.objects.get(pk=household.pk)
    stale.version = 1
    with pytest.raises(services.VersionConflictError) as excinfo:
        services.household_update(
            actor=actor, household=stale, expected_version=1, data={"house_number": 9}
        )
    assert excinfo.value.current_version == 2
    household.refresh_from_db()
    assert (household.house_number, household.version) == (8, 2)
    assert AuditLog.objects.filter(action="household.update").count() == 1


def test_a_closed_household_refuses_changes_until_reopened(actor, household):
    services.household_close(actor=actor, household=household, reason="Klaar")
    assert household.status == HouseholdStatus.CLOSED
    with pytest.raises(ValidationError):
        services.member_add(actor=actor, household=household, data=member(Relation.PARTNER))
    with pytest.raises(ValidationError) as excinfo:
        services.household_close(actor=actor, household=household, reason="Nog eens")
    assert "reason" in errors_of(excinfo)
    services.household_reopen(actor=actor, household=household, reason="Terug")
    assert household.is_open


def test_close_needs_a_reason(actor, household):
    with pytest.raises(ValidationError) as excinfo:
        services.household_close(actor=actor, household=household, reason="  ")
    assert "reason" in errors_of(excinfo)


def test_assign_refuses_someone_outside_the_team(actor, organisation, household):
    with pytest.raises(ValidationError) as excinfo:
        services.household_assign(
            actor=actor,
            household=household,
            professional=organisation.other_team_users["professional"],
        )
    assert "professional" in errors_of(excinfo)


# --- members -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "field"),
    [
        (member(Relation.APPLICANT), "relation"),
        (member(Relation.CHILD, date(1970, 1, 1)), "birth_date"),
        (member(Relation.CHILD, TODAY + timedelta(days=1)), "birth_date"),
        (member(Relation.CHILD, date(2015, 1, 1), bsn="111111111"), "bsn"),
    ],
    ids=["second-applicant", "child-too-old", "future", "bsn"],
)
def test_member_add_refuses(actor, household, data, field):
    with pytest.raises(ValidationError) as excinfo:
        services.member_add(actor=actor, household=household, data=data)
    assert field in errors_of(excinfo)
    assert household.members.count() == 1
    assert not AuditLog.objects.exists()


def test_member_add_refuses_a_second_partner(actor, household):
    MemberFactory(household=household, relation=Relation.PARTNER)
    with pytest.raises(ValidationError) as excinfo:
        services.member_add(actor=actor, household=household, data=member(Relation.PARTNER))
    assert "relation" in errors_of(excinfo)


def test_member_update_changes_name_and_display_name(actor, household):
    applicant = household.members.get()
    services.member_update(
        actor=actor, member=applicant, expected_version=1, data={"family_name": "Visser"}
    )
    household.refresh_from_db()
    assert household.display_name == "Visser"
    assert AuditLog.objects.filter(action="member.update", household_id=household.pk).count() == 1


def test_member_remove_keeps_the_applicant(actor, household):
    with pytest.raises(ValidationError):
        services.member_remove(actor=actor, member=household.members.get())
    child = MemberFactory(household=household)
    services.member_remove(actor=actor, member=child)
    assert not Member.objects.filter(pk=child.pk).exists()
    assert AuditLog.objects.filter(action="member.delete", household_id=household.pk).count() == 1


def test_member_reveal_bsn_is_audited(actor, household):
    bsn = valid_bsn()
    revealed = services.member_reveal_bsn(
        actor=actor, member=MemberFactory(household=household, bsn=bsn)
    )
    assert revealed == bsn
    row = AuditLog.objects.get(action="member.reveal_bsn")
    assert row.household_id == household.pk


# --- items ---------------------------------------------------------------------------------


def test_item_save_refuses_negative_amounts_and_unknown_creditors(actor, household):
    with pytest.raises(ValidationError) as excinfo:
        services.item_save(
            actor=actor, item=Debt(household=household, creditor_kind="cjib", amount=Decimal("-1"))
        )
    assert "amount" in errors_of(excinfo)
    with pytest.raises(ValidationError) as excinfo:
        services.item_save(
            actor=actor, item=Debt(household=household, creditor_kind="maffia", amount=Decimal("1"))
        )
    assert "creditor_kind" in errors_of(excinfo)
    assert not Debt.objects.exists()
    household.refresh_from_db()
    assert household.version == 1


def test_item_save_update_with_a_stale_version_raises(actor, household):
    debt = DebtFactory(household=household)
    debt.amount = Decimal("10")
    services.item_save(actor=actor, item=debt, expected_version=1)
    debt.amount = Decimal("20")
    with pytest.raises(services.VersionConflictError):
        services.item_save(actor=actor, item=debt, expected_version=1)
    debt.refresh_from_db()
    assert debt.amount == Decimal("10")


def test_item_save_and_delete_audit_with_the_household(actor, household):
    debt = services.item_save(
        actor=actor, item=Debt(household=household, creditor_kind="bnpl", amount=Decimal("99"))
    )
    services.item_delete(actor=actor, item=debt)
    actions = list(
        AuditLog.objects.filter(household_id=household.pk)
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == ["debt.create", "debt.delete"]


def test_income_needs_an_amount(actor, household):
    income = Income(member=household.members.get(), kind="wages")
    with pytest.raises(ValidationError):
        services.item_save(actor=actor, item=income)
    assert not Income.objects.exists()


# --- assessments, journal, reads -----------------------------------------------------------


def test_assessment_create_checks_range_domain_and_reason_per_filled_domain(actor, household):
    with pytest.raises(ValidationError) as excinfo:
        services.assessment_create(
            actor=actor,
            household=household,
            assessed_on=TODAY,
            scores={"financien": 0, "geluk": 3, "justitie": 2, "huisvesting": None},
            reasons={"financien": "x", "geluk": "x", "huisvesting": "Dakloos"},
        )
    errors = errors_of(excinfo)
    assert {"scores.financien", "scores.geluk", "reasons.justitie", "scores.huisvesting"} <= set(
        errors
    )

    assessment = services.assessment_create(
        actor=actor,
        household=household,
        assessed_on=TODAY,
        scores={"financien": 3},
        reasons={"financien": "Huurachterstand"},
    )
    assert assessment.scores.count() == 1
    household.refresh_from_db()
    assert household.latest_assessment == assessment


def test_journal_add_refuses_empty_text_and_future_dates(actor, household):
    with pytest.raises(ValidationError) as excinfo:
        services.journal_add(
            actor=actor, household=household, kind="note", text=" ", occurred_on=TODAY
        )
    assert "text" in errors_of(excinfo)
    with pytest.raises(ValidationError) as excinfo:
        services.journal_add(
            actor=actor,
            household=household,
            kind="note",
            text="x",
            occurred_on=TODAY + timedelta(days=1),
        )
    assert "occurred_on" in errors_of(excinfo)
    entry = services.journal_add(
        actor=actor, household=household, kind="note", text="Gebeld", occurred_on=TODAY
    )
    assert AuditLog.objects.get(action="journalentry.create").object_id == str(entry.pk)


def test_record_read_writes_one_row(actor, household):
    services.record_read(actor=actor, household=household, what="household.export")
    row = AuditLog.objects.get()
    assert (row.action, row.household_id, row.purpose) == (
        "household.export",
        household.pk,
        "casusregie",
    )
