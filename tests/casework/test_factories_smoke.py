from casework.constants import Relation
from tests.casework.factories import DebtFactory, HouseholdFactory, MemberFactory, valid_bsn


def test_household_factory_makes_an_applicant_and_a_plan(db):
    household = HouseholdFactory()
    assert household.members.get().relation == Relation.APPLICANT
    assert household.perspective_plan.own_words


def test_member_with_bsn_is_encrypted_hashed_and_masked(db):
    bsn = valid_bsn()
    member = MemberFactory(bsn=bsn)
    assert bsn not in member.bsn_encrypted
    assert member.bsn_masked == "*****" + bsn[-4:]
    assert member.reveal_bsn() == bsn


def test_debt_factory_attaches_to_a_household(db):
    debt = DebtFactory()
    assert debt.household.debts.count() == 1
