"""Who grants what: the gemeente grants its own schemes ambtshalve; a toeslag is Dienst Toeslagen's and
kinderbijslag the SVB's, so the team helps apply. No text may promise a municipal grant of those."""

from __future__ import annotations

import random
import re
from datetime import date
from pathlib import Path

from django.core.management import call_command
from django.urls import reverse

import pytest

from benchmarks.screening import synthetic_household
from regulations.grant_routes import AANVRAAG, AMBTSHALVE, ROUTES, grant_route
from regulations.models import ProactiveGrant
from regulations.schemes.engine import SCHEME_CODES, screen
from regulations.schemes.facts import parse_household

ROOT = Path(__file__).resolve().parents[2]
HTMX = {"HTTP_HX_REQUEST": "true"}
NATIONAL = (
    "zorgtoeslag",
    "huurtoeslag",
    "kinderopvangtoeslag",
    "kindgebonden_budget",
    "kinderbijslag",
)
MUNICIPAL = (
    "individuele_inkomenstoeslag",
    "bijzondere_bijstand",
    "kwijtschelding_gemeentelijke_belastingen",
    "collectieve_zorgverzekering",
)
NATIONAL_WORDS = re.compile(
    r"zorgtoeslag|huurtoeslag|kinderopvangtoeslag|kindgebonden budget|kinderbijslag|\btoeslag(en)?\b",
    re.IGNORECASE,
)
GRANT_WORDS = re.compile(r"toeken|toegekend|\bkent\b[^.;:]*\btoe\b", re.IGNORECASE)
NEGATION = re.compile(r"\b(niet|geen)\b", re.IGNORECASE)


def promises_a_municipal_grant(text: str) -> list[str]:
    """Sentences in which the gemeente grants a toeslag or kinderbijslag (a negation is fine)."""
    sentences = re.split(r"(?<=[.!?])\s+|\n", text)
    return [
        sentence
        for sentence in sentences
        if re.search(r"\bgemeente\b", sentence, re.IGNORECASE)
        and GRANT_WORDS.search(sentence)
        and NATIONAL_WORDS.search(sentence)
        and not NEGATION.search(sentence)
    ]


def test_the_checker_catches_the_old_promise():
    assert promises_a_municipal_grant("Zorgtoeslag: de gemeente kan proactief toekennen.")
    assert not promises_a_municipal_grant("Een toeslag kent de gemeente niet toe.")


def test_every_scheme_has_a_route_and_only_municipal_ones_are_ambtshalve():
    assert set(SCHEME_CODES) <= set(ROUTES)
    assert {code for code in MUNICIPAL if grant_route(code).kind == AMBTSHALVE} == set(MUNICIPAL)
    for code in NATIONAL:
        assert grant_route(code).kind == AANVRAAG
    assert grant_route("kinderbijslag").body == "de SVB"
    assert {grant_route(code).body for code in NATIONAL if code != "kinderbijslag"} == {
        "Dienst Toeslagen"
    }


def test_no_template_or_route_text_promises_a_municipal_grant_of_a_national_scheme():
    offending = []
    for path in [*ROOT.glob("*/templates/**/*.html"), *ROOT.glob("templates/**/*.html")]:
        text = re.sub(r"\{[%{#].*?[%}#]\}", " ", path.read_text(encoding="utf-8"))
        offending += [(str(path.relative_to(ROOT)), s) for s in promises_a_municipal_grant(text)]
    for code, route in ROUTES.items():
        offending += [(code, s) for s in promises_a_municipal_grant(route.how)]
    assert offending == []


def test_no_explanation_promises_a_municipal_grant_of_a_national_scheme():
    rng = random.Random(11)
    offending = []
    for on in (date(2025, 3, 1), date(2026, 3, 1)):
        for _ in range(150):
            household = parse_household(synthetic_household(rng, on=on))
            for result in screen(household).results:
                for step in result.explanation:
                    offending += promises_a_municipal_grant(f"{step.rule} {step.result}")
    assert offending == []


@pytest.mark.django_db
def test_case_cards_say_who_grants(client, organisation, complete_household):
    call_command("load_regulations", verbosity=0)
    household = complete_household(organisation.team)
    client.force_login(organisation.users["professional"])
    html = client.get(reverse("regulations:case-section", args=[household.pk]), **HTMX)
    html = html.content.decode()
    card = html[html.index('data-scheme="kinderbijslag"') :]
    card = card[: card.index("</li>")]
    assert "Aanvraag helpen indienen; de SVB beslist" in card
    assert "de gemeente kan proactief toekennen" not in html
    assert promises_a_municipal_grant(re.sub(r"<[^>]+>", " ", html)) == []


@pytest.mark.django_db
def test_proactive_list_offers_the_right_action_per_route(client, organisation, complete_household):
    call_command("load_regulations", verbosity=0)
    household = complete_household(organisation.team)
    national = ProactiveGrant.objects.create(
        household=household, team=organisation.team, scheme_code="zorgtoeslag"
    )
    municipal = ProactiveGrant.objects.create(
        household=household, team=organisation.team, scheme_code="individuele_inkomenstoeslag"
    )
    client.force_login(organisation.users["professional"])
    html = client.get(reverse("regulations:proactive-list")).content.decode()
    row = html[html.index(f'data-grant="{national.pk}"') :]
    row = row[: row.index("</tr>")]
    assert "Aanvraag helpen indienen bij Dienst Toeslagen" in row
    assert 'value="applied"' in row and 'value="granted"' not in row
    row = html[html.index(f'data-grant="{municipal.pk}"') :]
    row = row[: row.index("</tr>")]
    assert "Ambtshalve toekennen" in row
    assert 'value="granted"' in row and 'value="applied"' not in row

    response = client.post(
        reverse("regulations:proactive-handle", args=[national.pk]), {"status": "applied"}
    )
    assert response.status_code == 302
    national.refresh_from_db()
    assert (national.status, national.applied_to) == ("applied", "Dienst Toeslagen")
