"""Every input the engine can report as missing maps to the casework form field that fills it,
and a household registered through the wizard with what it asks has no household facts missing."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from pathlib import Path

from django.core.management import call_command
from django.urls import reverse

import pytest

from casework.constants import Relation
from casework.models import Household
from core.models import Role
from regulations import schemes
from regulations.models import Screening
from regulations.services import dossier_queryset, facts_json, screening_run_and_store
from regulations.views import HOUSEHOLD_PATHS, MEMBER_PATHS, missing_items
from tests.casework.factories import HouseholdFactory, IncomeFactory, MemberFactory

pytestmark = pytest.mark.django_db

ENGINE = Path(schemes.__file__).parent
# A string literal or f-string the engine puts in a `missing` list.
_LITERAL = re.compile(r'missing(?:\.append\(|\.extend\(|=\[|\s*=\s*\[)\s*f?"([^"]+)"')


def engine_missing_paths() -> set[str]:
    """The paths in the engine's source, with "{x.path}." for a member and "[{i}]" as "[]"."""
    found = set()
    for source in ENGINE.rglob("*.py"):
        for raw in _LITERAL.findall(source.read_text(encoding="utf-8")):
            path = re.sub(r"\{[a-z_]+\.path\}\.", "members[0].", raw)
            path = re.sub(r"\[\{[a-z_]+\}\]", "[0]", path)
            if "{" not in path:  # parameter:{key} is handled apart
                found.add(path)
    return found


def test_the_scan_finds_the_engines_paths():
    paths = engine_missing_paths()
    # Spot checks that the scan works: member, income position, childcare detail, household.
    for path in (
        "members[0].health_insured",
        "members[0].incomes[0].gross_monthly",
        "members[0].childcare.hourly_rate",
        "municipal_tax_yearly",
        "housing.basic_rent",
    ):
        assert path in paths
    assert len(paths) >= 15


def test_every_engine_path_is_in_the_map():
    unmapped = []
    for path in engine_missing_paths():
        if path.startswith("members[0]."):
            rest = re.sub(r"\[\d+\]", "[]", path.removeprefix("members[0]."))
            if rest not in MEMBER_PATHS:
                unmapped.append(path)
        elif path not in HOUSEHOLD_PATHS:
            unmapped.append(path)
    assert unmapped == []


@pytest.fixture
def pro(client, organisation):
    client.force_login(organisation.users[Role.PROFESSIONAL])
    return client


def test_every_link_opens_a_form_with_that_field(pro, organisation):
    household = HouseholdFactory(team=organisation.team)
    member = household.members.get()
    IncomeFactory(member=member)
    second = IncomeFactory(member=member, gross_amount=None)
    inputs = {"members": [{"ref": f"m{member.pk}"}]}
    paths = [
        *(f"members[0].{rest.replace('[]', '[1]')}" for rest in MEMBER_PATHS),
        *HOUSEHOLD_PATHS,
    ]
    items = missing_items(
        paths,
        household_id=household.pk,
        inputs=inputs,
        names={member.pk: member.full_name},
        income_ids={member.pk: [member.incomes.order_by("id").first().pk, second.pk]},
    )
    pages: dict[str, str] = {}
    for item in items:
        assert item["url"], item["path"]
        url, field = item["url"].split("#")
        if url not in pages:
            response = pro.get(url)
            assert response.status_code == 200, url
            pages[url] = response.content.decode()
        assert f'id="{field}"' in pages[url], (item["path"], url, field)
        assert "_" not in item["label"], item["label"]  # Dutch words, no field names
    income_items = [i for i in items if ".incomes[1]." in i["path"]]
    assert all(f"/inkomens/{second.pk}/" in i["url"] for i in income_items)


def test_a_parameter_has_no_form(pro, organisation):
    household = HouseholdFactory(team=organisation.team)
    (item,) = missing_items(
        ["parameter:bijstand.norm.alleenstaande"], household_id=household.pk, inputs={}, names={}
    )
    assert item["url"] is None and "bijstand.norm.alleenstaande" in item["label"]


# --- the wizard asks what the screening needs ----------------------------------------------------


def _wizard_post(team, **extra) -> dict:
    data = {
        "household-team": team.pk,
        "household-postcode": "1234 AB",
        "household-house_number": "5",
        "household-start_date": "2026-01-05",
        "household-municipal_tax_yearly": "420,00",
        "household-low_income_since": "2022-03-01",
        "household-assets_total": "0",
        "household-benefits_received": ["kinderbijslag"],
        "members-TOTAL_FORMS": "3",
        "members-INITIAL_FORMS": "0",
        "members-MIN_NUM_FORMS": "0",
        "members-MAX_NUM_FORMS": "20",
    }
    rows = [
        {
            "relation": "applicant", "given_name": "Sanne", "family_name": "Visser",
            "birth_date": "1990-04-02", "income_kind": "wages", "income_gross": "2100,00",
            "income_net": "1750,00", "income_period": "month", "health_insured": "true",
            "works_or_studies": "true",
        },
        {
            "relation": "partner", "given_name": "Joost", "family_name": "Visser",
            "birth_date": "1988-09-12", "income_kind": "", "income_period": "month",
            "health_insured": "true", "works_or_studies": "true",
        },
        {
            "relation": "child", "given_name": "Mila", "family_name": "Visser",
            "birth_date": "2022-06-01", "income_kind": "", "income_period": "month",
            "health_insured": "true", "childcare": "dagopvang",
            "childcare_hours_monthly": "80", "childcare_hourly_rate": "10,25",
        },
    ]  # fmt: skip
    for index, row in enumerate(rows):
        data.update({f"members-{index}-{key}": value for key, value in row.items()})
    data.update({
        "housing-tenure": "social_rent",
        "housing-basic_rent": "650,00",
        "housing-service_costs": "40,00",
        "housing-landlord_kind": "corporation",
    })  # fmt: skip
    data.update(extra)
    return data


def test_a_household_registered_through_the_wizard_misses_no_household_facts(pro, organisation):
    call_command("load_regulations", verbosity=0)
    response = pro.post(reverse("casework:create"), _wizard_post(organisation.team))
    assert response.status_code == 302, response.context["errors"]
    household = Household.objects.get()
    by_relation = {m.relation: m for m in household.members.all()}
    applicant, partner, child = (by_relation[r] for r in ("applicant", "partner", "child"))
    assert (applicant.health_insured, applicant.works_or_studies) == (True, True)
    assert partner.has_no_income and not applicant.has_no_income
    assert (child.childcare, child.childcare_hours_monthly) == ("dagopvang", Decimal("80.00"))
    assert household.municipal_tax_yearly == Decimal("420.00")
    assert household.low_income_since == date(2022, 3, 1)
    assert list(household.assets.values_list("value", flat=True)) == [Decimal("0.00")]
    assert list(household.benefits.values_list("scheme_code", flat=True)) == ["kinderbijslag"]
    screening = screening_run_and_store(
        household_id=household.pk,
        trigger=Screening.Trigger.MANUAL,
        actor=organisation.users[Role.PROFESSIONAL],
    )
    facts_missing = sorted(
        {p for r in screening.results for p in r["missing"] if not p.startswith("parameter:")}
    )
    assert facts_missing == []
    assert not any(
        r["outcome"] == "insufficient_data"
        and not all(p.startswith("parameter:") for p in r["missing"])
        for r in screening.results
    )


def test_unknown_stays_unknown_when_the_wizard_is_left_empty(pro, organisation):
    call_command("load_regulations", verbosity=0)
    post = _wizard_post(
        organisation.team,
        **{
            "household-assets_total": "",
            "household-municipal_tax_yearly": "",
            "members-0-health_insured": "unknown",
            "members-2-childcare": "",
        },
    )
    assert pro.post(reverse("casework:create"), post).status_code == 302
    household = Household.objects.get()
    screening = screening_run_and_store(
        household_id=household.pk,
        trigger=Screening.Trigger.MANUAL,
        actor=organisation.users[Role.PROFESSIONAL],
    )
    missing = {p for r in screening.results for p in r["missing"]}
    assert "assets_total" in missing
    assert any(p.endswith(".health_insured") for p in missing)
    assert any(p.endswith(".childcare") for p in missing)
    assert not household.assets.exists()


def test_a_child_without_income_is_not_flagged_and_an_adult_unknown_income_is(organisation):
    household = HouseholdFactory(team=organisation.team)
    MemberFactory(household=household, relation=Relation.CHILD)
    applicant = household.members.get(relation=Relation.APPLICANT)
    applicant.has_no_income = False
    applicant.save()
    data = facts_json(dossier_queryset().get(pk=household.pk), reference_date=date(2026, 6, 1))
    by_relation = {m["relation"]: m for m in data["members"]}
    assert "incomes" not in by_relation["applicant"]
    assert by_relation["child"]["incomes"] == []
    applicant.has_no_income = True
    applicant.save()
    data = facts_json(dossier_queryset().get(pk=household.pk), reference_date=date(2026, 6, 1))
    assert {m["relation"]: m for m in data["members"]}["applicant"]["incomes"] == []
