"""The regulation code and article of a breakthrough leave the municipality in the signal report
and the hub: they must be a catalogue code and a strict article reference, never free text.

Checked where professionals type them (the proposal page, the API) and, for rows stored before
that check existed, where the report takes them (the residual 'overig' / '-').
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from django.urls import reverse

import pytest

from breakthroughs.constants import Status
from breakthroughs.models import Breakthrough
from core.models import Role
from hub.models import MunicipalityToken
from hub.services import receive
from regulations.models import Regulation
from signals.periods import parse_period
from signals.reporting.builder import canonical_json, validate_report
from signals.services import report_approve, report_generate
from tests.breakthroughs.factories import BreakthroughFactory, BudgetPotFactory
from tests.casework.factories import HouseholdFactory

pytestmark = pytest.mark.django_db

LIST = "/api/v1/breakthroughs/"

LEAKY_ARTICLE = "art. 35 (fam. Jansen, Dorpsstraat 4)"
DECIDED = datetime(2026, 8, 12, 10, 0, tzinfo=UTC)
VALID_ARTICLES = [
    "art. 12",
    "art. 12 lid 3",
    "artikel 8:1 lid 2 sub b",
    "artikel 8:1 lid 2 sub b Awb",
    "art. 35 Participatiewet",
    "art. 26 Awir",
    "art. 36b",
    "art. 1.5 Wet kinderopvang",
]
BAD_ARTICLES = [
    LEAKY_ARTICLE,
    "art. 35 Jansen",
    "art. 3|4",
    "art. 12 lid 3, zie dossier",
    "art. 1234 AB",
    "Dorpsstraat 4",
    "art. 1234.56.782",  # a valid BSN in article shape
]


# --- the proposal page ---------------------------------------------------------------------


@pytest.mark.parametrize("article", BAD_ARTICLES)
def test_proposal_page_refuses_a_free_text_article(
    proposal_post, client, organisation, household, pot, article
):
    client.force_login(organisation.users[Role.PROFESSIONAL])
    response = client.post(
        reverse("breakthroughs:propose", args=[household.pk]), proposal_post(pot, article=article)
    )
    assert response.status_code == 400
    (error,) = response.context["form"].errors["article"]
    assert "Geef alleen een artikelverwijzing" in error
    assert "Geef alleen een artikelverwijzing" in response.content.decode()
    assert not Breakthrough.objects.exists()


def test_proposal_page_refuses_a_code_outside_the_catalogue(
    proposal_post, client, organisation, household, pot
):
    client.force_login(organisation.users[Role.PROFESSIONAL])
    response = client.post(
        reverse("breakthroughs:propose", args=[household.pk]),
        proposal_post(pot, regulation_code="regeling van fam. Jansen"),
    )
    assert response.status_code == 400
    (error,) = response.context["form"].errors["regulation_code"]
    assert "Kies een regeling uit de lijst" in error
    assert not Breakthrough.objects.exists()


def test_proposal_page_offers_the_catalogue_and_overig(
    proposal_post, client, organisation, household, pot
):
    Regulation.objects.create(
        code="eigen_minimaregeling",
        name="Eigen minimaregeling",
        level="gemeente",
        administering_body="Gemeente",
        legal_basis="verordening",
        law_url="https://wetten.overheid.nl/",
        pillar="inkomenszekerheid",
        theme="schulden",
    )
    client.force_login(organisation.users[Role.PROFESSIONAL])
    url = reverse("breakthroughs:propose", args=[household.pk])
    page = client.get(url)
    codes = [code for code, _label in page.context["form"].fields["regulation_code"].choices]
    assert codes[0] == "" and codes[-1] == "overig"
    # The catalogue table (a municipality's own regulation) and the shipped catalogue file.
    assert {"eigen_minimaregeling", "bijzondere_bijstand", "huurtoeslag"} <= set(codes)
    assert '<select name="regulation_code"' in page.content.decode()

    response = client.post(
        url, proposal_post(pot, regulation_code="overig", article="  art.  12   lid 3 ")
    )
    assert response.status_code == 302
    breakthrough = Breakthrough.objects.get()
    assert (breakthrough.regulation_code, breakthrough.article) == ("overig", "art. 12 lid 3")


# --- the API -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"regulation_code": "bijstand", "article": LEAKY_ARTICLE}, "article"),
        ({"regulation_code": "bijstand", "article": "art. 3|4"}, "article"),
        ({"regulation_code": "Jansen, Dorpsstraat 4", "article": "art. 12"}, "regulation_code"),
    ],
)
def test_api_refuses_free_text_regulation_and_article(
    api_payload, api_client_for, organisation, household, pot, overrides, field
):
    client = api_client_for(organisation.users[Role.PROFESSIONAL])
    response = client.post(LIST, api_payload(household, pot, **overrides), format="json")
    assert response.status_code == 400, response.json()
    params = response.json()["invalidParams"]
    assert [param["name"] for param in params] == [field]
    assert not Breakthrough.objects.exists()


@pytest.mark.parametrize("article", VALID_ARTICLES)
def test_api_accepts_article_references(
    api_payload, api_client_for, organisation, household, pot, article
):
    client = api_client_for(organisation.users[Role.PROFESSIONAL])
    response = client.post(
        LIST,
        api_payload(household, pot, regulation_code="bijzondere_bijstand", article=article),
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert Breakthrough.objects.get().article == article


def test_api_draft_update_refuses_a_free_text_article(
    api_payload, api_client_for, organisation, household, pot
):
    client = api_client_for(organisation.users[Role.PROFESSIONAL])
    created = client.post(LIST, api_payload(household, pot, submit=False), format="json").json()
    response = client.patch(f"{LIST}{created['id']}/", {"article": LEAKY_ARTICLE}, format="json")
    assert response.status_code == 400
    assert [param["name"] for param in response.json()["invalidParams"]] == ["article"]
    assert Breakthrough.objects.get().article == ""


# --- the report, for rows stored before the check ------------------------------------------


def _stored(organisation, *, n: int, regulation_code: str, article: str) -> None:
    """Approved breakthroughs written straight to the database, as rows from before the check."""
    pot = BudgetPotFactory(
        municipality=organisation.municipality, team=organisation.team, amount=Decimal("900000")
    )
    for _ in range(n):
        BreakthroughFactory(
            household=HouseholdFactory(team=organisation.team),
            budget_pot=pot,
            status=Status.APPROVED,
            regulation_code=regulation_code,
            article=article,
            submitted_at=DECIDED - timedelta(days=3),
            decided_at=DECIDED,
        )


def test_report_and_hub_never_carry_stored_free_text(client, organisation):
    _stored(organisation, n=3, regulation_code="bijstand", article=LEAKY_ARTICLE)
    _stored(organisation, n=2, regulation_code="Jansen-regeling", article="art. 12")
    _stored(organisation, n=1, regulation_code="bijstand", article="art. 3|4")
    _stored(organisation, n=12, regulation_code="bijstand", article="art. 35 Participatiewet")

    report, _ = report_generate(
        municipality=organisation.municipality, period=parse_period("2026Q3")
    )
    assert validate_report(report.content) == []
    text = json.dumps(report.content)
    for leaked in ("Jansen", "Dorpsstraat", "|4"):
        assert leaked not in text
    rows = {(r["regulation_code"], r["article"]) for r in report.content["by_regulation"]}
    # Valid rows keep their code and article; the rest falls into the residual.
    assert rows == {
        ("bijstand", "art. 35 Participatiewet"),
        ("bijstand", "-"),
        ("overig", "art. 12"),
    }
    assert report.content["totals"]["breakthroughs"] == 18

    # And so nothing of it reaches the hub's public page or its open-data export.
    report = report_approve(actor=organisation.users[Role.POLICY_OFFICER], report=report)
    token, _secret = MunicipalityToken.issue(
        cbs_code=organisation.municipality.cbs_code, name=organisation.municipality.name
    )
    receipt = receive(
        token=token, idempotency_key=str(report.report_id), body=canonical_json(report.content)
    )
    assert receipt.status == 201
    export = client.get(reverse("hub:export"), {"table": "regulation"}).content.decode()
    national = client.get(reverse("hub:national")).content.decode()
    for page in (export, national):
        assert "Jansen" not in page and "Dorpsstraat" not in page


def test_factory_and_demo_values_pass_unchanged(organisation):
    """The values the factories and the demo data use are valid and published as they are."""
    from breakthroughs.demo import SCENARIOS
    from breakthroughs.services.proposals import regulation_codes
    from core.legal_references import is_article_reference

    codes = regulation_codes()
    for scenario in SCENARIOS:
        assert scenario["regulation_code"] in codes or scenario["regulation_code"] == ""
        assert scenario["article"] == "" or is_article_reference(scenario["article"])
    _stored(organisation, n=10, regulation_code="bijstand", article="art. 35 Participatiewet")
    report, _ = report_generate(
        municipality=organisation.municipality, period=parse_period("2026Q3")
    )
    (row,) = report.content["by_regulation"]
    assert (row["regulation_code"], row["article"], row["breakthroughs"]) == (
        "bijstand",
        "art. 35 Participatiewet",
        10,
    )
