"""The regulations pages: the case section, Werken loont, proactief toekennen, the catalogue and
the bulk re-screen page, with their access rules and query counts."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import pytest

from casework.constants import Relation
from casework.sections import sections_for
from core.models import AuditLog, OutboxMessage
from regulations import services
from regulations.models import ParameterValue, ProactiveGrant, RescreenRun, Screening
from tests.casework.factories import MemberFactory
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def login(client, user):
    client.force_login(user)
    return client


def section_url(household):
    return reverse("regulations:case-section", args=[household.pk])


# --- the case section ---------------------------------------------------------------------------


def test_section_is_registered_on_the_case_page(organisation):
    keys = [s["key"] for s in sections_for(1)]
    assert "regelingen" in keys
    assert next(s for s in sections_for(7) if s["key"] == "regelingen")["url"] == (
        "/regelingen/huishouden/7/"
    )


def test_section_runs_a_first_screening_and_renders_cards(
    complete_household, client, organisation, catalogue
):
    household = complete_household(organisation.team, benefits=["zorgtoeslag"])
    login(client, organisation.users["professional"])

    response = client.get(section_url(household), **HTMX)

    assert response.status_code == 200
    html = response.content.decode()
    assert Screening.objects.filter(household=household).count() == 1
    assert html.count('class="card regeling"') == 12
    assert "<html" not in html  # a fragment for htmx
    assert 'data-scheme="kinderbijslag" data-outcome="eligible"' in html
    assert 'data-testid="non-take-up"' in html  # eligible, not received
    assert "Niet-gebruik" in html
    assert "Ontvangen" in html  # zorgtoeslag is received
    assert "<details" in html and "wetten.overheid.nl" in html
    assert "Opnieuw toetsen" in html
    assert "Werken loont?" in html
    assert "Totaal recht per maand" in html
    assert AuditLog.objects.filter(action="screening.read", household_id=household.pk).exists()

    # A second view shows the stored screening; it does not screen again.
    client.get(section_url(household), **HTMX)
    assert Screening.objects.filter(household=household).count() == 1


def test_received_scheme_has_no_non_take_up_badge(
    complete_household, client, organisation, catalogue
):
    household = complete_household(
        organisation.team,
        # With the norms of 1 July 2026 the sociaal minimum is known: the collectieve
        # zorgverzekering is then screened too.
        benefits=[
            "kinderbijslag",
            "kindgebonden_budget",
            "huurtoeslag",
            "zorgtoeslag",
            "collectieve_zorgverzekering",
            "bijzondere_bijstand",
            "kwijtschelding_gemeentelijke_belastingen",
        ],
    )
    login(client, organisation.users["professional"])
    html = client.get(section_url(household), **HTMX).content.decode()
    flagged = [
        card.split('"', 1)[0]
        for card in html.split('data-scheme="')[1:]
        if 'data-testid="non-take-up"' in card.split("</li>", 1)[0]
    ]
    assert flagged == [], flagged


def test_missing_data_links_to_the_casework_form(
    complete_household, client, organisation, catalogue
):
    household = complete_household(organisation.team)
    partner = MemberFactory(household=household, relation=Relation.PARTNER, health_insured=None)
    login(client, organisation.users["professional"])

    html = client.get(section_url(household), **HTMX).content.decode()

    member_form = reverse("casework:member-edit", args=[household.pk, partner.pk])
    # "Inkomen van ..." opens the member form at "Heeft geen inkomen", which says where to add one.
    assert f'href="{member_form}#id_health_insured"' in html
    assert f'href="{member_form}#id_has_no_income"' in html
    assert f"{partner.full_name}" in html


def test_without_javascript_the_section_is_a_whole_page(
    complete_household, client, organisation, catalogue
):
    household = complete_household(organisation.team)
    login(client, organisation.users["professional"])
    response = client.get(section_url(household))
    assert response.status_code == 200
    assert b"<html" in response.content
    assert b"Regelingen van huishouden" in response.content


def test_rescreen_button_stores_a_new_snapshot(complete_household, client, organisation, catalogue):
    household = complete_household(organisation.team)
    login(client, organisation.users["professional"])
    client.get(section_url(household), **HTMX)
    url = reverse("regulations:rescreen-household", args=[household.pk])

    response = client.post(url, **HTMX)

    assert response.status_code == 200
    assert b"De toets is opnieuw uitgevoerd." in response.content
    assert Screening.objects.filter(household=household).count() == 2
    assert client.get(url).status_code == 405  # only POST
    response = client.post(url)
    assert response.status_code == 302
    assert Screening.objects.filter(household=household).count() == 3


def test_section_access(complete_household, client, organisation, catalogue):
    household = complete_household(organisation.team)
    other = complete_household(organisation.other_team)
    login(client, organisation.users["professional"])
    assert client.get(section_url(other), **HTMX).status_code == 404
    assert (
        client.post(reverse("regulations:rescreen-household", args=[other.pk])).status_code == 404
    )
    assert not Screening.objects.filter(household=other).exists()
    assert client.get(section_url(household), **HTMX).status_code == 200

    for role in ("board_member", "policy_officer", "functional_admin", "auditor"):
        client.logout()
        login(client, organisation.users[role])
        assert client.get(section_url(household), **HTMX).status_code in (403, 404), role
    client.logout()
    assert client.get(section_url(household)).status_code == 302  # to the login page


def _section_queries(client, household) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(section_url(household), **HTMX)
    assert response.status_code == 200
    return len(queries)


def test_section_query_count_does_not_grow_with_members(
    complete_household, client, organisation, catalogue
):
    small = complete_household(organisation.team, children=1)
    large = complete_household(organisation.team, children=6)
    for _index in range(3):
        MemberFactory(household=large, relation=Relation.HOUSEMATE)
    login(client, organisation.users["professional"])
    services.parameter_resolver()  # warm the per-process parameter cache

    # First view: the section runs and stores the first screening.
    assert _section_queries(client, small) == _section_queries(client, large)
    # Later views read the stored snapshot.
    assert _section_queries(client, small) == _section_queries(client, large)


def test_work_pays_fragment_and_page(complete_household, client, organisation, catalogue):
    household = complete_household(organisation.team)
    applicant = household.members.get(relation=Relation.APPLICANT)
    login(client, organisation.users["professional"])
    url = reverse("regulations:work-pays", args=[household.pk])
    query = {"wl-member": applicant.pk, "wl-max": "1500", "wl-step": "250"}

    response = client.get(url, query, **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<svg" in html and "<polyline" in html
    assert html.count('<th scope="row"') == 7  # 0, 250, ... 1500: one table row per step
    assert "Marginale druk" in html
    assert AuditLog.objects.filter(action="workpays.read", household_id=household.pk).exists()

    page = client.get(url, query)
    assert page.status_code == 200
    assert b"<html" in page.content and b"<h1" in page.content

    bad = client.get(url, {**query, "wl-step": "1"}, **HTMX)
    assert bad.status_code == 422
    other = complete_household(organisation.other_team)
    assert client.get(reverse("regulations:work-pays", args=[other.pk]), **HTMX).status_code == 404


def test_work_pays_flags_armoedeval_steps(
    complete_household, client, organisation, catalogue, monkeypatch
):
    """A step whose marginal burden is above 80% is flagged in the table and the chart."""
    from decimal import Decimal

    from regulations import selectors
    from regulations.schemes.engine import WorkPaysStep

    def fake_work_pays(facts, *, member_ref, max_gross_monthly, step, parameters):
        rows = [
            ("0", "2000", None, False),
            ("500", "2050", "0.9000", True),
            ("1000", "2400", "0.3000", False),
        ]
        return [
            WorkPaysStep(
                extra_gross_monthly=Decimal(gross),
                extra_net_monthly=Decimal(gross) * Decimal("0.8"),
                net_income_monthly=Decimal("1500") + Decimal(gross) * Decimal("0.8"),
                scheme_amounts_monthly={"huurtoeslag": Decimal("300"), "bijstand": None},
                disposable_income_monthly=Decimal(disposable),
                marginal_burden=None if burden is None else Decimal(burden),
                armoedeval=flag,
                unknown_schemes=["bijstand"],
                notes=["Netto = 0.8 x bruto is een aanname."],
            )
            for gross, disposable, burden, flag in rows
        ]

    monkeypatch.setattr(selectors, "work_pays", fake_work_pays)
    household = complete_household(organisation.team)
    applicant = household.members.get(relation=Relation.APPLICANT)
    login(client, organisation.users["professional"])

    html = client.get(
        reverse("regulations:work-pays", args=[household.pk]),
        {"wl-member": applicant.pk, "wl-max": "1000", "wl-step": "500"},
        **HTMX,
    ).content.decode()

    assert html.count("werken-loont__armoedeval") == 1
    assert html.count('<span class="badge badge--error">armoedeval</span>') >= 1
    assert "90,0%" in html  # the marginal burden of the flagged step
    assert html.count('fill="#a90000"') == 1  # one red point in the chart
    assert "Niet meegeteld omdat gegevens ontbreken: bijstand" in html


# --- proactief toekennen ------------------------------------------------------------------------


def test_proactive_page_lists_and_handles_the_teams_grants(
    complete_household, client, organisation, catalogue
):
    mine = complete_household(organisation.team)
    theirs = complete_household(organisation.other_team)
    services.screening_run_and_store(household_id=mine.pk)
    services.screening_run_and_store(household_id=theirs.pk)
    login(client, organisation.users["team_lead"])

    response = client.get(reverse("regulations:proactive-list"))

    assert response.status_code == 200
    html = response.content.decode()
    mine_grants = list(ProactiveGrant.objects.filter(household=mine))
    assert html.count("data-grant=") == len(mine_grants) > 0
    theirs_grant = ProactiveGrant.objects.filter(household=theirs).first()
    assert f'data-grant="{theirs_grant.pk}"' not in html
    assert "Proactief toekennen" in html

    grant = next(g for g in mine_grants if g.scheme_code == "kinderbijslag")
    url = reverse("regulations:proactive-handle", args=[grant.pk])
    assert client.post(url, {"status": "dismissed"}).status_code == 302
    grant.refresh_from_db()
    assert grant.status == "dismissed"
    assert AuditLog.objects.filter(action="proactivegrant.dismissed", household_id=mine.pk).exists()
    follow = client.get(reverse("regulations:proactive-list")).content.decode()
    assert f'data-grant="{grant.pk}"' not in follow

    other_url = reverse("regulations:proactive-handle", args=[theirs_grant.pk])
    assert client.post(other_url, {"status": "granted"}).status_code == 404
    theirs_grant.refresh_from_db()
    assert theirs_grant.status == "open"


def test_proactive_page_is_for_case_roles(client, organisation):
    for role in ("board_member", "policy_officer", "functional_admin", "auditor"):
        client.logout()
        login(client, organisation.users[role])
        assert client.get(reverse("regulations:proactive-list")).status_code == 403, role


# --- catalogue and re-screen --------------------------------------------------------------------


def test_catalogue_page_for_admin_and_policy_officer(client, organisation, catalogue):
    for role in ("functional_admin", "policy_officer"):
        client.logout()
        login(client, organisation.users[role])
        response = client.get(reverse("regulations:catalogue"))
        assert response.status_code == 200, role
        html = response.content.decode()
        assert "Zorgtoeslag" in html
        assert "zorgtoeslag." in html  # its parameters
        assert "wetten.overheid.nl" in html
    for role in ("professional", "team_lead", "auditor"):
        client.logout()
        login(client, organisation.users[role])
        assert client.get(reverse("regulations:catalogue")).status_code == 403, role


def test_rescreen_page_starts_a_run_and_shows_progress(
    complete_household,
    client,
    organisation,
    catalogue,
    django_capture_on_commit_callbacks,
):
    for _index in range(3):
        complete_household(organisation.team)
    admin = organisation.users["functional_admin"]
    login(client, admin)
    url = reverse("regulations:rescreen")
    assert client.get(url).status_code == 200

    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(url, {"reason": "Normen 2027"})

    assert response.status_code == 302
    run = RescreenRun.objects.get()
    assert run.total == 3 and run.started_by == admin and run.reason == "Normen 2027"
    # One chunk, recorded in the outbox with the run (sent after the commit).
    chunk = OutboxMessage.objects.get()
    assert chunk.task_name == "regulations.tasks.rescreen_chunk"
    assert chunk.kwargs["run_id"] == run.pk and len(chunk.kwargs["household_ids"]) == 3
    assert AuditLog.objects.filter(action="rescreen.start", actor=admin).exists()

    page = client.get(url).content.decode()
    assert 'hx-trigger="every 2s"' in page  # polls while running
    assert "0 van 3 huishoudens (0%)" in page
    RescreenRun.objects.filter(pk=run.pk).update(done=3, chunks_done=1, status="done")
    progress = client.get(reverse("regulations:rescreen-progress")).content.decode()
    assert "3 van 3 huishoudens (100%)" in progress
    assert "hx-trigger" not in progress  # finished: polling stops

    for role in ("professional", "policy_officer", "auditor"):
        client.logout()
        login(client, organisation.users[role])
        assert client.get(url).status_code == 403, role
        assert client.post(url, {"reason": "x"}).status_code == 403, role
    assert RescreenRun.objects.count() == 1


def test_admin_edit_of_a_parameter_is_marked_admin(client, organisation, catalogue):
    from core.models import User

    superuser = User.objects.create_superuser("beheer", "beheer@example.org", PASSWORD)
    login(client, superuser)
    row = ParameterValue.objects.filter(kind="decimal", origin="file").first()
    url = reverse("admin:regulations_parametervalue_change", args=[row.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "key": row.key,
            "value": '"123.45"',
            "kind": row.kind,
            "unit": row.unit,
            "valid_from": row.valid_from.isoformat(),
            "valid_to": row.valid_to.isoformat() if row.valid_to else "",
            "municipality_code": row.municipality_code,
            "source_url": row.source_url,
            "grade": row.grade,
            "note": row.note,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    row.refresh_from_db()
    assert row.origin == "admin"
    assert row.value == "123.45"
    changelist = reverse("admin:regulations_parametervalue_changelist")
    year = row.valid_from.year
    assert client.get(changelist, {"grade": "A", "jaar": str(year)}).status_code == 200
    assert client.get(changelist, {"regeling": "zorgtoeslag"}).status_code == 200


@pytest.mark.parametrize(("child_age", "shown"), [(11, True), (12, False)])
def test_work_pays_shows_the_single_parent_vrijlating_column(
    complete_household, client, organisation, catalogue, child_age, shown
):
    """Pw art. 31 lid 2 onderdeel r: months 7-36 for a single parent with a child under 12."""
    from datetime import date

    household = complete_household(organisation.team)
    today = date.today()
    child = household.members.get(relation=Relation.CHILD)
    child.birth_date = date(today.year - child_age, today.month, min(today.day, 28))
    child.save()
    applicant = household.members.get(relation=Relation.APPLICANT)
    login(client, organisation.users["professional"])
    url = reverse("regulations:work-pays", args=[household.pk])
    query = {"wl-member": applicant.pk, "wl-max": "500", "wl-step": "250"}
    html = client.get(url, query, **HTMX).content.decode()
    assert ("Marginale druk maand 7 tot en met 36" in html) is shown
    assert ("onderdeel r Participatiewet" in html) is shown
