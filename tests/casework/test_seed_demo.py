"""`manage.py seed_demo`: realistic synthetic households, through the command itself."""

from __future__ import annotations

from io import StringIO
from statistics import mean

from django.core.management import call_command
from django.db.models import Avg

import pytest

from casework.models import AssessmentScore, Debt, Household, Income, InvolvedOrganisation, Member
from core.bsn import decrypt_bsn, is_valid_bsn
from core.demo import DEMO_PASSWORD

pytestmark = pytest.mark.django_db


def _seed(**options) -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out, **options)
    return out.getvalue()


def test_seed_demo_makes_realistic_households_and_prints_the_logins():
    output = _seed(households=40)
    assert "40 huishoudens nieuw" in output
    assert DEMO_PASSWORD in output and "professional" in output
    households = Household.objects.all()
    assert households.count() == 40
    # Every household has an applicant; BSNs are valid and unique.
    assert Member.objects.filter(relation="applicant").count() == 40
    bsns = [decrypt_bsn(m.bsn_encrypted) for m in Member.objects.exclude(bsn_hash="")]
    assert bsns and all(is_valid_bsn(b) for b in bsns)
    assert len(set(bsns)) == len(bsns)
    # Incomes for most, debts for most, involved organisations, ZRM scores skewed low.
    assert Income.objects.values("member__household").distinct().count() >= 30
    assert Debt.objects.values("household").distinct().count() > 20
    assert InvolvedOrganisation.objects.exists()
    assert AssessmentScore.objects.aggregate(avg=Avg("score"))["avg"] < 3.5
    assert mean(len(h.display_name) for h in households) > 3


def test_if_empty_adds_nothing_to_a_seeded_database():
    _seed(households=5)
    assert "0 huishoudens nieuw" in _seed(households=5, if_empty=True)
    assert Household.objects.count() == 5


def test_seeding_again_with_the_same_seed_gives_new_unique_bsns():
    """The same seed repeats the same random BSNs; they may not collide with those already
    there (the unique constraint per municipality would refuse the whole batch)."""
    _seed(households=10, seed=5)
    _seed(households=10, seed=5)
    hashes = list(Member.objects.exclude(bsn_hash="").values_list("bsn_hash", flat=True))
    assert Household.objects.count() == 20
    assert len(hashes) == len(set(hashes))
