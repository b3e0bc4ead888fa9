"""The catalogue of legal levers: the shipped data, dated versions kept by a functional admin
through the audited service, the API and the relevance of its suggestions (issue 14)."""

from __future__ import annotations

import json
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

import pytest

from breakthroughs.models import LegalLever, LeverKind
from breakthroughs.services import legal_levers_sync_from_file
from breakthroughs.services.levers import LEVERS_FILE, load_lever_file
from core.legal_references import article_parts, format_article, is_article_reference
from core.models import AuditLog, Role

pytestmark = pytest.mark.django_db

LIST_URL = "/api/v1/legal-levers/"
SUGGEST_URL = "/api/v1/legal-levers/suggestions/"


@pytest.fixture
def catalogue(db):
    call_command("load_legal_levers", verbosity=0)
    return LegalLever.objects.all()


# --- the data --------------------------------------------------------------------------------


def test_the_catalogue_holds_at_least_40_complete_sourced_levers(catalogue):
    levers = list(catalogue)
    assert len({lever.code for lever in levers}) >= 40
    for lever in levers:
        assert lever.law and lever.article and lever.summary and lever.decider and lever.risks
        assert lever.conditions and lever.knelpunt_types and lever.scheme_codes
        assert lever.law_url.startswith("https://wetten.overheid.nl/jci1.3:c:BWBR"), lever.code
        assert lever.source.startswith("https://"), lever.code
        assert lever.grade in {"A", "B"}
        assert is_article_reference(lever.article_reference), lever.code


def test_every_lever_s_article_is_written_the_way_the_proposal_s_parts_write_it(catalogue):
    # Choosing a lever fills number, lid, onderdeel and law; the proposal writes them back into
    # one reference, which must be the lever's own so its precedents are found again.
    for lever in catalogue:
        parts = article_parts(lever.article_reference)
        assert parts is not None, lever.code
        assert format_article(**parts) == lever.article_reference, lever.code


def test_the_catalogue_covers_every_kind_and_the_laws_the_issue_names(catalogue):
    assert {lever.kind for lever in catalogue} == set(LeverKind.values)
    laws = {lever.law for lever in catalogue}
    for law in (
        "Participatiewet",
        "Wet gemeentelijke schuldhulpverlening",
        "Algemene wet inkomensafhankelijke regelingen",
        "Invorderingswet 1990",
        "Gemeentewet",
        "Wet maatschappelijke ondersteuning 2015",
        "Jeugdwet",
        "Zorgverzekeringswet",
        "Algemene wet bestuursrecht",
        "Wetboek van Strafvordering",  # the CJIB's payment arrangements
        "Wet studiefinanciering 2000",  # DUO's
    ):
        assert law in laws, law
    # The maatwerk room of Participatiewet in balans is sourced from its memorie van toelichting.
    assert catalogue.filter(source__contains="kst-36582").count() >= 4


def test_loading_twice_changes_nothing(catalogue):
    before = list(catalogue.values_list("pk", "code", "valid_from", "valid_to"))
    call_command("load_legal_levers", verbosity=0)
    assert list(LegalLever.objects.values_list("pk", "code", "valid_from", "valid_to")) == before


def test_an_incomplete_file_loads_nothing(tmp_path):
    levers = load_lever_file()
    del levers[-1]["law_url"]
    broken = tmp_path / "levers.json"
    broken.write_text(json.dumps({"levers": levers}), encoding="utf-8")
    with pytest.raises(ValidationError, match="law_url"):
        legal_levers_sync_from_file(path=broken)
    assert not LegalLever.objects.exists()


def test_the_shipped_file_is_the_loaded_file():
    assert LEVERS_FILE.name == "legal_levers.json"
    assert LEVERS_FILE.parent.name == "data"


# --- editing through the admin ---------------------------------------------------------------


def _admin_data(lever: LegalLever, **overrides) -> dict:
    data = {
        "code": lever.code,
        "valid_from": lever.valid_from.isoformat(),
        "title": lever.title,
        "law": lever.law,
        "article": lever.article,
        "article_reference": lever.article_reference,
        "kind": lever.kind,
        "legal_route": lever.legal_route,
        "summary": lever.summary,
        "conditions": json.dumps(lever.conditions),
        "decider": lever.decider,
        "mandate_level": lever.mandate_level,
        "risks": lever.risks,
        "scheme_codes": json.dumps(lever.scheme_codes),
        "knelpunt_types": json.dumps(lever.knelpunt_types),
        "keywords": json.dumps(lever.keywords),
        "law_url": lever.law_url,
        "source": lever.source,
        "grade": lever.grade,
    }
    data.update(overrides)
    return data


@pytest.fixture
def functional_admin(organisation):
    user = organisation.users[Role.FUNCTIONAL_ADMIN]
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    return user


def test_a_functional_admin_adds_a_dated_version_and_it_is_audited(
    client, catalogue, functional_admin
):
    lever = LegalLever.objects.get(code="pw-31-giften")
    client.force_login(functional_admin)
    url = reverse("admin:breakthroughs_legallever_change", args=[lever.pk])
    new_start = lever.valid_from + timedelta(days=365)
    response = client.post(
        url, _admin_data(lever, valid_from=new_start.isoformat(), summary="Nieuwe uitleg.")
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    versions = list(LegalLever.objects.filter(code="pw-31-giften").order_by("valid_from"))
    assert [v.valid_from for v in versions] == [lever.valid_from, new_start]
    assert versions[0].valid_to == new_start - timedelta(days=1)
    assert versions[0].summary == lever.summary  # the old version is kept as it was
    assert versions[1].summary == "Nieuwe uitleg." and versions[1].valid_to is None
    row = AuditLog.objects.get(action="legal_lever.create")
    assert row.actor == functional_admin
    assert row.data == {"code": "pw-31-giften", "valid_from": new_start.isoformat()}


def test_an_incomplete_edit_saves_nothing(client, catalogue, functional_admin):
    lever = LegalLever.objects.get(code="pw-31-giften")
    client.force_login(functional_admin)
    url = reverse("admin:breakthroughs_legallever_change", args=[lever.pk])
    response = client.post(url, _admin_data(lever, article_reference="zie de wet, meneer Jansen"))
    assert response.status_code == 200
    assert "artikelverwijzing" in response.content.decode()
    lever.refresh_from_db()
    assert lever.article_reference == "art. 31 lid 2 onderdeel m Pw"
    assert not AuditLog.objects.filter(action__startswith="legal_lever.update").exists()


def test_staff_without_the_functional_admin_role_cannot_edit(client, catalogue, organisation):
    user = organisation.users[Role.POLICY_OFFICER]
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    client.force_login(user)
    lever = LegalLever.objects.first()
    url = reverse("admin:breakthroughs_legallever_change", args=[lever.pk])
    assert client.post(url, _admin_data(lever, summary="Anders.")).status_code == 403
    lever.refresh_from_db()
    assert lever.summary != "Anders."


# --- the API ---------------------------------------------------------------------------------


def test_the_list_needs_a_signed_in_user(api_client, catalogue):
    assert api_client.get(LIST_URL).status_code in (401, 403)


def test_the_list_gives_each_lever_once_with_its_law_url(api_client_for, professional, catalogue):
    response = api_client_for(professional).get(LIST_URL, {"pageSize": 500})
    assert response.status_code == 200
    body = response.json()
    codes = [item["code"] for item in body["results"]]
    assert len(codes) == len(set(codes)) == body["count"] >= 40
    assert all(
        item["law_url"].startswith("https://wetten.overheid.nl/") for item in body["results"]
    )


def test_the_list_shows_the_version_that_holds_today(api_client_for, professional, catalogue):
    today = date.today()
    lever = LegalLever.objects.get(code="awb-484")
    lever.pk = None
    lever.valid_from, lever.summary = today + timedelta(days=1), "Vanaf morgen."
    lever.save()
    item = next(
        i
        for i in api_client_for(professional).get(LIST_URL, {"pageSize": 500}).json()["results"]
        if i["code"] == "awb-484"
    )
    assert item["summary"] != "Vanaf morgen."


@pytest.mark.parametrize("param", ["page_size", "pageSize"])
@pytest.mark.parametrize(("page_size", "expected"), [(499, 499), (500, 500), (501, 500)])
def test_a_page_holds_up_to_500_levers(api_client_for, professional, param, page_size, expected):
    template = load_lever_file()[0]
    template["valid_from"] = date(2026, 1, 1)
    LegalLever.objects.bulk_create(
        LegalLever(**{**template, "code": f"extra-{n}"}) for n in range(502)
    )
    response = api_client_for(professional).get(LIST_URL, {param: page_size})
    body = response.json()
    assert len(body["results"]) == expected
    assert body["count"] == 502


def test_page_size_wins_over_the_api_wide_page_size_alias(api_client_for, professional, catalogue):
    response = api_client_for(professional).get(LIST_URL, {"page_size": 3, "pageSize": 7})
    assert len(response.json()["results"]) == 3


def test_suggestions_without_a_question_are_a_problem(api_client_for, professional, catalogue):
    response = api_client_for(professional).get(SUGGEST_URL)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/problem+json")
    assert response.json()["invalidParams"][0]["name"] == "scheme"


def test_an_unknown_knelpunt_type_is_a_field_error(api_client_for, professional, catalogue):
    response = api_client_for(professional).get(SUGGEST_URL, {"knelpunt_type": "onzin"})
    assert response.status_code == 400
    assert response.json()["invalidParams"][0]["name"] == "knelpunt_type"


# Written from the professional's side, before looking at scores: the blocking situation as a
# team would enter it, and the lever a legal adviser would name first.
RELEVANCE_TABLE = [
    (
        "bijstand",
        "samenloop",
        "Bijstand gekort omdat een gift van familie als inkomen telt",
        {"pw-31-giften", "pw-18-afstemming"},
    ),
    (
        "bijstand",
        "terugvordering_bevoorschotting",
        "Gemeente vordert te veel ontvangen bijstand terug, gezin raakt in de problemen",
        {"pw-58-afzien"},
    ),
    (
        "bijstand",
        "leeftijds_of_inkomensgrens",
        "Jongere van 19 krijgt de lage jongerennorm, ouders betalen niets",
        {"pw-20-jongeren"},
    ),
    (
        "bijstand",
        "leeftijds_of_inkomensgrens",
        "Jongere van 22, dakloos, moet eerst vier weken zoektermijn afwachten",
        {"pw-41-zoektermijn"},
    ),
    (
        "schuldhulpverlening",
        "uitvoeringspraktijk",
        "Schuldhulp geweigerd omdat zij eerder uitviel uit een traject",
        {"wgs-3-weigeren"},
    ),
    (
        "schuldhulpverlening",
        "samenloop",
        "Deurwaarder legt beslag, er dreigt ontruiming; we hebben rust nodig",
        {"fw-287b-moratorium"},
    ),
    (
        "huurtoeslag",
        "terugvordering_bevoorschotting",
        "Terugvordering huurtoeslag na wijziging toeslagpartner is onbillijk",
        {"awir-49-hardheid"},
    ),
    (
        "kwijtschelding_gemeentelijke_belastingen",
        "leeftijds_of_inkomensgrens",
        "Kwijtschelding afvalstoffenheffing afgewezen door een paar euro boven de norm",
        {"gw-255-kwijtschelding"},
    ),
    (
        "overig",
        "samenloop",
        "Premieachterstand bij de zorgverzekeraar, bijna wanbetaler",
        {"zvw-18a-regeling"},
    ),
    (
        "overig",
        "onduidelijk_wie_beslist",
        "Dakloze man uit andere regio, opvang stuurt hem terug naar zijn herkomstgemeente",
        {"wmo-121-opvang"},
    ),
    (
        "bijzondere_bijstand",
        "geen_afwijkingsbevoegdheid",
        "Beleidsregel sluit vervanging van witgoed uit, maar de gevolgen zijn onevenredig",
        {"pw-35-bijzondere-bijstand", "awb-484"},
    ),
    (
        "bijstand",
        "leeftijds_of_inkomensgrens",
        "Bijstand geweigerd om overwaarde in de eigen woning",
        {"pw-50-woning"},
    ),
    (
        "schuldhulpverlening",
        "samenloop",
        "Maandtermijn van DUO voor de studieschuld is niet op te brengen naast de andere schulden",
        {"wsf-610-draagkracht"},
    ),
    (
        "overig",
        "uitvoeringspraktijk",
        "Ontslagen; DUO rekent de studieschuld nog met het inkomen van twee jaar terug",
        {"wsf-612-terugval"},
    ),
    (
        "schuldhulpverlening",
        "samenloop",
        "Studieschuld bij DUO even stilzetten tijdens het schuldhulptraject, een aflosvrije periode",
        {"wsf-67-aflosvrij"},
    ),
]


@pytest.mark.parametrize(("scheme", "knelpunt", "text", "expected"), RELEVANCE_TABLE)
def test_the_expected_lever_is_in_the_top_three(
    api_client_for, professional, catalogue, scheme, knelpunt, text, expected
):
    response = api_client_for(professional).get(
        SUGGEST_URL, {"scheme": scheme, "knelpunt_type": knelpunt, "q": text}
    )
    assert response.status_code == 200
    top_three = [item["lever"]["code"] for item in response.json()[:3]]
    assert expected <= set(top_three), top_three


def test_suggestions_say_why_and_carry_the_article(api_client_for, professional, catalogue):
    response = api_client_for(professional).get(
        SUGGEST_URL, {"scheme": "bijstand", "q": "een gift telt als inkomen"}
    )
    first = response.json()[0]
    assert first["lever"]["code"] == "pw-31-giften"
    assert first["lever"]["article_reference"] == "art. 31 lid 2 onderdeel m Pw"
    assert "gift" in " ".join(first["reasons"])
    scores = [item["score"] for item in response.json()]
    assert scores == sorted(scores, reverse=True) and min(scores) > 0


# --- precedents in the API --------------------------------------------------------------------

PRECEDENTS_URL = "/api/v1/legal-levers/precedents/"


def test_precedents_need_a_scheme(api_client_for, professional, catalogue):
    response = api_client_for(professional).get(PRECEDENTS_URL)
    assert response.status_code == 400
    assert response.json()["invalidParams"][0]["name"] == "scheme"


def test_precedents_give_local_facts_and_the_hubs_national_cells(
    api_client_for, professional, organisation, catalogue
):
    from django.utils import timezone

    from breakthroughs.constants import Status
    from breakthroughs.models import HubFeed, HubFeedCopy
    from tests.breakthroughs.factories import BreakthroughFactory
    from tests.casework.factories import HouseholdFactory

    household = HouseholdFactory(team=organisation.other_team, display_name="Verborgen")
    BreakthroughFactory(
        household=household,
        status=Status.APPROVED,
        regulation_code="bijstand",
        article="art. 31 lid 2 onderdeel m Pw",
        need="Vrije tekst die niet mee mag",
        decided_at=timezone.now(),
    )
    HubFeedCopy.objects.create(
        feed=HubFeed.PRECEDENTS,
        etag='"x"',
        fetched_at=timezone.now(),
        content={
            "schema": "doorbraak.lever-precedents/1",
            "precedents": [
                {
                    "lever_code": "pw-31-giften",
                    "regulation_code": "bijstand",
                    "knelpunt_type": "samenloop",
                    "municipalities": 3,
                    "breakthroughs": 31,
                    "evaluated": None,
                    "goal_reached_share": None,
                    "median_cost_eur": "250.00",
                }
            ],
        },
    )
    response = api_client_for(professional).get(
        PRECEDENTS_URL,
        {"scheme": "bijstand", "knelpunt_type": "samenloop", "lever": "pw-31-giften"},
    )
    assert response.status_code == 200
    (item,) = response.json()
    assert item["lever_code"] == "pw-31-giften"
    (local,) = item["local"]
    assert set(local) == {"decision", "total_cost", "goal_reached", "decided_month"}
    assert local["goal_reached"] == "nog niet geëvalueerd"
    (national,) = item["national"]
    assert (national["breakthroughs"], national["goal_reached_share"]) == (31, None)
    assert national["median_cost"] == "250.00"
    body = response.content.decode()
    assert "Verborgen" not in body and "Vrije tekst" not in body
