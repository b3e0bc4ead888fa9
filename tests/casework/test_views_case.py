"""The case page, BSN reveal, export, pluggable sections, access and fixed query counts."""

from __future__ import annotations

import json
from datetime import date, timedelta
from decimal import Decimal

from django.db import connection
from django.http import HttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import clear_url_caches, path, reverse

import pytest

from casework import sections
from casework.constants import Relation, ZrmDomain
from casework.services import assessment_create, journal_add
from core.models import AuditLog, Role
from tests.casework.factories import (
    ZRM_REASONS,
    AssetFactory,
    BenefitReceivedFactory,
    DebtFactory,
    HouseholdFactory,
    HousingFactory,
    IncomeFactory,
    InvolvedOrganisationFactory,
    MemberFactory,
    PlanGoalFactory,
    valid_bsn,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def pro(client, organisation):
    client.force_login(organisation.users[Role.PROFESSIONAL])
    return client


@pytest.fixture
def household(organisation):
    return HouseholdFactory(team=organisation.team, display_name="Jansen")


def _assess(household, user, on: date, score: int = 3):
    return assessment_create(
        actor=user,
        household=household,
        assessed_on=on,
        scores={domain.value: score for domain in ZrmDomain},
        reasons=ZRM_REASONS,
    )


def _url(household, name="casework:detail"):
    return reverse(name, args=[household.pk])


def test_case_page_shows_every_section(pro, organisation, household):
    user = organisation.users[Role.PROFESSIONAL]
    applicant = household.members.get()
    IncomeFactory(member=applicant, net_amount=Decimal("400.00"), gross_amount=None, period="week")
    HousingFactory(household=household)
    DebtFactory(household=household, creditor_kind="cjib", amount="300.00")
    DebtFactory(household=household, creditor_kind="cjib", amount="200.00", in_collection=True)
    DebtFactory(household=household, creditor_kind="energie", amount="99.99")
    AssetFactory(household=household)
    BenefitReceivedFactory(household=household)
    PlanGoalFactory(household=household, description="Vaste baan vinden")
    InvolvedOrganisationFactory(household=household, yearly_cost="3500.00")
    InvolvedOrganisationFactory(household=household, name="GGZ", kind="ggz", yearly_cost="1500.00")
    _assess(household, user, date(2025, 1, 1), score=2)
    _assess(household, user, date(2025, 6, 1), score=4)
    journal_add(
        actor=user,
        household=household,
        kind="note",
        text="Eerste gesprek",
        occurred_on=date(2025, 1, 2),
    )
    journal_add(
        actor=user,
        household=household,
        kind="note",
        text="Tweede gesprek",
        occurred_on=date(2025, 3, 2),
    )

    response = pro.get(_url(household))
    content = response.content.decode()
    assert response.status_code == 200
    for anchor in ("overzicht", "geld", "zrm", "perspectiefplan", "organisaties", "tijdlijn"):
        assert f'href="#{anchor}"' in content and f'id="{anchor}"' in content
    assert "€\u00a01.733,33" in content  # 400 a week is 1733.33 a month
    assert "€\u00a0500,00" in content  # CJIB total per creditor kind
    assert "€\u00a0599,99" in content  # total debt
    assert "€\u00a05.000,00" in content  # organisations per year
    assert "Vaste baan vinden" in content
    assert 'id="inkomen-sociaal-minimum"' in content
    # ZRM: chart with a text alternative, a table, and the change since the previous assessment.
    assert 'role="img"' in content and '<title id="zrm-bars-title">' in content
    assert "4 voldoende zelfredzaam (+2 sinds vorige meting)" in content
    assert "Gemiddelde score door de tijd" in content
    # Timeline newest first.
    assert content.index("Tweede gesprek") < content.index("Eerste gesprek")


def test_case_page_masks_bsn_and_records_the_read(pro, organisation, household):
    bsn = valid_bsn()
    member = MemberFactory(household=household, bsn=bsn)
    response = pro.get(_url(household))
    content = response.content.decode()
    assert f"*****{bsn[-4:]}" in content
    assert bsn not in content
    assert reverse("casework:member-bsn", args=[household.pk, member.pk]) in content
    assert AuditLog.objects.filter(
        action="household.read",
        household_id=household.pk,
        actor=organisation.users[Role.PROFESSIONAL],
    ).exists()


def test_reveal_bsn_is_a_post_shows_it_once_and_is_audited(pro, household):
    bsn = valid_bsn()
    member = MemberFactory(household=household, bsn=bsn)
    url = reverse("casework:member-bsn", args=[household.pk, member.pk])
    assert pro.get(url).status_code == 405
    response = pro.post(url)
    assert response.status_code == 200
    assert bsn in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    entry = AuditLog.objects.get(action="member.reveal_bsn")
    assert entry.object_id == str(member.pk) and entry.household_id == household.pk
    assert bsn not in json.dumps(entry.data)
    # Only in that response: the case page still shows the masked number.
    assert bsn not in pro.get(_url(household)).content.decode()


def test_reveal_bsn_with_htmx_returns_only_the_fragment(pro, household):
    bsn = valid_bsn()
    member = MemberFactory(household=household, bsn=bsn)
    response = pro.post(
        reverse("casework:member-bsn", args=[household.pk, member.pk]), HTTP_HX_REQUEST="true"
    )
    content = response.content.decode()
    assert bsn in content
    assert "<html" not in content


def test_the_export_names_zrm_domains_for_the_person_it_is_about(pro, organisation, household):
    _assess(household, organisation.users[Role.PROFESSIONAL], date(2026, 3, 1), score=2)
    content = pro.get(_url(household, "casework:export")).content.decode()
    assert "Basale ADL 2" in content and "Maatschappelijke participatie 2" in content
    assert "basale_adl" not in content and "maatschappelijke_participatie" not in content


def test_reveal_bsn_of_a_member_of_another_household_is_404(pro, organisation, household):
    other = HouseholdFactory(team=organisation.team)
    member = MemberFactory(household=other, bsn=valid_bsn())
    url = reverse("casework:member-bsn", args=[household.pk, member.pk])
    assert pro.post(url).status_code == 404
    assert not AuditLog.objects.filter(action="member.reveal_bsn").exists()


def test_export_page_and_json_are_audited_and_hold_everything(pro, household):
    bsn = valid_bsn()
    MemberFactory(household=household, bsn=bsn, given_name="Noor")
    DebtFactory(household=household, creditor_kind="cjib")
    pro.get(_url(household))  # a read that must appear in the export's audit section
    response = pro.get(_url(household, "casework:export"))
    content = response.content.decode()
    assert response.status_code == 200
    assert bsn in content  # for the data subject: the full BSN
    assert "Noor" in content and "CJIB" in content
    # The audit section names each action in Dutch, the code second.
    assert 'Huishouden: ingezien <code class="code-secondary">household.read</code>' in content
    assert (
        AuditLog.objects.filter(action="household.export", household_id=household.pk).count() == 1
    )

    download = pro.get(_url(household, "casework:export-json"))
    assert download.status_code == 200
    assert download["Content-Disposition"] == f'attachment; filename="dossier-{household.pk}.json"'
    data = json.loads(download.content)
    assert data["schema"] == "doorbraak.dossier-export/1"
    assert any(m["bsn"] == bsn for m in data["members"])
    assert {e["action"] for e in data["audit_log"]} >= {"household.read", "household.export"}
    assert (
        AuditLog.objects.filter(action="household.export", household_id=household.pk).count() == 2
    )


HOUSEHOLD_URLS = [
    ("casework:detail", "get"),
    ("casework:edit", "get"),
    ("casework:close", "post"),
    ("casework:assign", "get"),
    ("casework:member-add", "get"),
    ("casework:housing", "get"),
    ("casework:plan", "get"),
    ("casework:assessment-add", "get"),
    ("casework:journal-add", "post"),
    ("casework:export", "get"),
    ("casework:export-json", "get"),
]


@pytest.mark.parametrize(("name", "method"), HOUSEHOLD_URLS)
def test_household_of_another_team_is_404(client, organisation, name, method):
    household = HouseholdFactory(team=organisation.other_team)
    client.force_login(organisation.users[Role.PROFESSIONAL])
    response = getattr(client, method)(reverse(name, args=[household.pk]))
    assert response.status_code == 404
    assert not AuditLog.objects.filter(household_id=household.pk).exists()


@pytest.mark.parametrize(
    "role", [Role.BOARD_MEMBER, Role.POLICY_OFFICER, Role.FUNCTIONAL_ADMIN, Role.AUDITOR]
)
def test_household_urls_are_404_for_roles_without_case_access(
    client, organisation, household, role
):
    client.force_login(organisation.users[role])
    member = household.members.get()
    debt = DebtFactory(household=household)
    for url in [
        _url(household),
        _url(household, "casework:export"),
        reverse("casework:member-edit", args=[household.pk, member.pk]),
        reverse("casework:item-edit", args=[household.pk, "schulden", debt.pk]),
    ]:
        assert client.get(url).status_code == 404, url


def test_item_of_another_household_is_404(pro, organisation, household):
    other_debt = DebtFactory(household=HouseholdFactory(team=organisation.team))
    url = reverse("casework:item-edit", args=[household.pk, "schulden", other_debt.pk])
    assert pro.get(url).status_code == 404
    assert pro.post(url, {"amount": "1"}).status_code == 404


def test_team_lead_of_the_team_sees_the_case(client, organisation, household):
    client.force_login(organisation.users[Role.TEAM_LEAD])
    assert client.get(_url(household)).status_code == 200


# --- pluggable sections ---------------------------------------------------------------------


def _fragment(request, pk):
    return HttpResponse(f"<p>Regelingen van {pk}</p>")


@pytest.fixture
def plugged_section(settings):
    """A stand-in for the regulations app: its own URL, registered as a case section."""
    import config.urls

    module = type(config)("test_plugged_urls")
    module.urlpatterns = [
        *config.urls.urlpatterns,
        path("test-sectie/<int:pk>/", _fragment, name="test-section"),
    ]
    settings.ROOT_URLCONF = module
    clear_url_caches()
    saved_sections, saved_slots = dict(sections._SECTIONS), dict(sections._SLOTS)
    sections.register_case_section(
        key="regelingen", label="Regelingen", url_name="test-section", order=50
    )
    sections.register_case_slot(key="sociaal-minimum", url_name="test-section")
    yield
    # Put back what the apps registered, so later tests see the real sections.
    sections._SECTIONS.clear()
    sections._SECTIONS.update(saved_sections)
    sections._SLOTS.clear()
    sections._SLOTS.update(saved_slots)
    clear_url_caches()


def test_registered_section_is_loaded_with_htmx_and_has_a_link(pro, household, plugged_section):
    content = pro.get(_url(household)).content.decode()
    url = f"/test-sectie/{household.pk}/"
    assert 'href="#regelingen"' in content
    assert '<h2 class="utrecht-heading-2" id="regelingen-titel">Regelingen</h2>' in content
    assert f'hx-get="{url}" hx-trigger="load, retry"' in content
    assert f'<a class="utrecht-link" href="{url}">' in content  # the no-JS fallback


def test_unknown_slot_is_refused():
    with pytest.raises(ValueError, match="Onbekend vak"):
        sections.register_case_slot(key="iets-anders", url_name="x")


# --- query counts -------------------------------------------------------------------------


def _count(client, url) -> int:
    client.get(url)  # warm up
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries.captured_queries)


def test_query_count_does_not_grow_with_members(pro, household, django_assert_num_queries):
    IncomeFactory(member=household.members.get())
    baseline = _count(pro, _url(household))
    for index in range(5):
        member = MemberFactory(household=household, bsn=valid_bsn(), relation=Relation.CHILD)
        IncomeFactory(member=member, kind="other", net_amount=Decimal(10 + index))
    with django_assert_num_queries(baseline):
        pro.get(_url(household))
    assert baseline <= 25


def test_query_count_does_not_grow_with_debts(pro, household, django_assert_num_queries):
    member = household.members.get()
    DebtFactory(household=household, member=member)
    baseline = _count(pro, _url(household))
    DebtFactory.create_batch(11, household=household, member=member)
    with django_assert_num_queries(baseline):
        pro.get(_url(household))


def test_query_count_does_not_grow_with_assessments_or_journal(
    pro, organisation, household, django_assert_num_queries
):
    user = organisation.users[Role.PROFESSIONAL]
    _assess(household, user, date(2024, 1, 1))
    baseline = _count(pro, _url(household))
    for months in range(1, 4):
        _assess(household, user, date(2024, 1, 1) + timedelta(days=30 * months), score=4)
    for index in range(5):
        journal_add(
            actor=user,
            household=household,
            kind="note",
            text=f"Notitie {index}",
            occurred_on=date(2025, 1, 1),
        )
    InvolvedOrganisationFactory.create_batch(3, household=household)
    with django_assert_num_queries(baseline):
        response = pro.get(_url(household))
    assert len(response.context["zrm"].history) == 4


def test_child_rows_are_sorted_without_joining_their_parent():
    """A foreign key in Meta.ordering makes Django join the parent and sort by the parent's
    ordering on every query of the children; the dossier tables sort by their own columns."""
    from django.apps import apps

    for model in apps.get_app_config("casework").get_models():
        sql = str(model.objects.all().query)
        assert "JOIN" not in sql, f"{model.__name__}: {sql}"


def test_case_page_reads_each_dossier_table_once(pro, household):
    member = household.members.get()
    DebtFactory.create_batch(3, household=household, member=member)
    pro.get(_url(household))
    with CaptureQueriesContext(connection) as queries:
        assert pro.get(_url(household)).status_code == 200
    tables = ["casework_member", "casework_income", "casework_debt", "casework_journalentry"]
    for table in tables:
        reads = [q["sql"] for q in queries.captured_queries if f'FROM "{table}"' in q["sql"]]
        reads += [q["sql"] for q in queries.captured_queries if f"FROM {table} " in q["sql"]]
        assert len(reads) == 1, (table, reads)


def test_income_of_a_member_who_does_not_live_in_is_not_in_the_totals(
    pro, household, organisation, api_client_for
):
    IncomeFactory(member=household.members.get(), net_amount=Decimal("1000.00"))
    away = MemberFactory(household=household, relation=Relation.HOUSEMATE, lives_in=False)
    IncomeFactory(member=away, kind="other", net_amount=Decimal("500.00"))
    response = pro.get(_url(household))
    money = response.context["money"]
    assert money.net_income_monthly == Decimal("1000.00")
    assert money.incomes_not_counted == 1
    html = response.content.decode()
    assert "woont niet in, telt niet mee" in html
    assert "telt niet mee in het totaal" in html
    api = api_client_for(organisation.users[Role.PROFESSIONAL])
    summary = api.get(f"/api/v1/households/{household.pk}/").json()["money"]
    assert Decimal(summary["net_income_monthly"]) == Decimal("1000.00")
    assert summary["incomes_not_counted"] == 1
