"""Provisional parameters (SCHEMES.md §0): a value past its end without a successor is carried
forward and reported, through the engine, the CLI/API contract, stored snapshots, the case page,
the proactive list, and the re-screen once the real value is entered."""

from __future__ import annotations

import copy
from datetime import date, timedelta
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from regulations import services
from regulations.models import ParameterValue, ProactiveGrant, RescreenRun, Screening
from regulations.schemes.catalogue import load_parameter_records
from regulations.schemes.engine import screen
from regulations.schemes.facts import parse_household
from regulations.schemes.params import ParameterRecord, ParameterResolver

HTMX = {"HTTP_HX_REQUEST": "true"}
NORM = "bijstand.norm.alleenstaande_21_aow"
CZV = "collectieve_zorgverzekering"
SINGLE = {
    "reference_date": "2026-06-30",
    "municipality_code": "GM0363",
    "members": [
        {
            "ref": "a",
            "relation": "applicant",
            "birth_date": "1990-01-01",
            "incomes": [],
            "assessed_income_yearly": 0,
            "health_insured": True,
        }
    ],
    "assets_total": "0",
    "benefits_received": [],
}


# The release as it stood when the norms of 1 January 2026 had no successor yet (later releases
# add successors; these tests pin the situation itself, not the data of one release).
JANUARY_2026 = ParameterResolver(
    r
    for r in load_parameter_records()
    if not (r.key.startswith("bijstand.norm.") and r.valid_from > date(2026, 1, 1))
)


def bijstand_on(on: str):
    when = date.fromisoformat(on)
    parameters = JANUARY_2026.resolve(when, "GM0363")
    return screen(parse_household(SINGLE), reference_date=when, parameters=parameters).result(
        "bijstand"
    )


def january_norm():
    record = JANUARY_2026.resolve(date(2026, 6, 30), "GM0363").record(NORM)
    assert record.valid_from == date(2026, 1, 1) and record.valid_to == date(2026, 6, 30)
    return record


# --- the engine: boundaries -------------------------------------------------------------------


def test_on_the_last_day_of_a_value_nothing_is_provisional():
    result = bijstand_on("2026-06-30")  # the 1 January 2026 norm ends on 30 June 2026
    assert result.outcome == "eligible"
    assert result.amount_monthly == january_norm().value
    assert result.provisional == []
    assert not any(step.rule.startswith("Voorlopig") for step in result.explanation)


def test_the_day_after_the_value_is_carried_forward_and_said_so():
    result = bijstand_on("2026-07-01")
    assert result.outcome == "eligible"
    assert result.amount_monthly == january_norm().value  # the same amount as the last value
    assert result.missing == []
    assert result.provisional == [
        {"key": NORM, "used_valid_from": "2026-01-01", "expired_on": "2026-06-30"}
    ]
    first = result.explanation[0]
    assert first.rule.startswith("Voorlopig: voor de peildatum staat nog niet elke waarde")
    assert "de waarde die gold vanaf 1 januari 2026 (geldig tot en met 30 juni 2026)" in first.rule
    assert first.values[NORM]["waarde"] == january_norm().value
    assert result.version["parameters"][NORM] == "2026-01-01"


def test_the_contract_json_carries_provisional_for_every_result():
    # Far beyond every dated value of any release: provisional, never silent.
    output = screen(parse_household(SINGLE), reference_date=date(2031, 1, 15)).to_json()
    for result in output["results"]:
        assert isinstance(result["provisional"], list)
        assert not any(item.startswith("parameter:") for item in result["missing"])
    bijstand = output["results"][0]
    assert NORM in {item["key"] for item in bijstand["provisional"]}


def test_a_key_that_never_had_a_value_is_still_missing():
    # A key whose only value starts after the date: nothing to carry forward.
    records = [
        r for r in load_parameter_records() if r.key != NORM or r.valid_from >= date(2026, 1, 1)
    ]
    parameters = ParameterResolver(records).resolve(date(2025, 3, 1), "GM0363")
    household = copy.deepcopy(SINGLE)
    household["reference_date"] = "2025-03-01"
    result = screen(parse_household(household), parameters=parameters).result("bijstand")
    assert result.outcome == "insufficient_data"
    assert result.missing == [f"parameter:{NORM}"]
    assert result.provisional == []


def test_a_final_value_is_not_carried_forward():
    record = ParameterRecord(
        key="x.y",
        value=Decimal(1),
        unit="EUR",
        valid_from=date(2022, 1, 1),
        valid_to=date(2023, 12, 31),
        source_url="https://example.org",
        grade="A",
        final=True,
    )
    resolver = ParameterResolver([record])
    assert resolver.resolve(date(2023, 12, 31), None).record("x.y") == record
    assert resolver.resolve(date(2024, 1, 1), None).record("x.y") is None


# --- the Django side ----------------------------------------------------------------------------


def _end_norms_yesterday():
    """Make today's bijstand norms end yesterday with no successor: the case of 1 July."""
    yesterday = timezone.localdate() - timedelta(days=1)
    ParameterValue.objects.filter(key__startswith="bijstand.norm.").delete()
    ParameterValue.objects.create(
        key=NORM,
        value="1401.50",
        kind="decimal",
        unit="EUR/maand",
        valid_from=yesterday - timedelta(days=180),
        valid_to=yesterday,
        source_url="https://www.rijksoverheid.nl/",
        grade="A",
        origin="file",
    )


def test_stored_snapshot_case_card_and_proactive_list_say_provisional(
    complete_household, client, organisation, catalogue
):
    _end_norms_yesterday()
    household = complete_household(organisation.team, wages=Decimal("900.00"))
    client.force_login(organisation.users["professional"])

    html = client.get(reverse("regulations:case-section", args=[household.pk]), **HTMX)
    html = html.content.decode()

    screening = Screening.objects.get(household=household)
    bijstand = next(r for r in screening.results if r["scheme"] == "bijstand")
    assert bijstand["provisional"][0]["key"] == NORM
    assert "bijstand" in screening.provisional_codes
    assert NORM in screening.provisional_keys
    card = html[html.index('data-scheme="bijstand"') :]
    card = card[: card.index("</li>")]
    assert 'data-testid="provisional"' in card and "Voorlopig" in card
    assert NORM in card
    # the sociaal minimum rests on the same norm, and says so
    assert 'data-testid="minimum-provisional"' in html
    zorgtoeslag = html[html.index('data-scheme="zorgtoeslag"') :]
    assert 'data-testid="provisional"' not in zorgtoeslag[: zorgtoeslag.index("</li>")]

    # collectieve zorgverzekering: eligible, not received, and measured against the bijstand norm
    grant = ProactiveGrant.objects.get(household=household, scheme_code=CZV)
    assert grant.provisional is True
    listing = client.get(reverse("regulations:proactive-list")).content.decode()
    row = listing[listing.index(f'data-grant="{grant.pk}"') :]
    assert 'data-testid="provisional"' in row[: row.index("</tr>")]


def test_api_snapshot_carries_provisional(
    complete_household, organisation, api_client_for, catalogue
):
    _end_norms_yesterday()
    household = complete_household(organisation.team, wages=Decimal("900.00"))
    pro = api_client_for(organisation.users["professional"])

    body = pro.post(f"/api/v1/households/{household.pk}/screenings/").json()

    assert "bijstand" in body["provisional_codes"]
    bijstand = next(r for r in body["results"] if r["scheme"] == "bijstand")
    assert bijstand["provisional"][0]["key"] == NORM
    grants = pro.get("/api/v1/proactive-grants/").json()
    rows = grants["results"] if isinstance(grants, dict) else grants
    assert any(row["scheme_code"] == CZV and row["provisional"] for row in rows)


def test_entering_the_real_value_rescreens_what_was_provisional(
    complete_household,
    client,
    organisation,
    catalogue,
    django_capture_on_commit_callbacks,
    monkeypatch,
):
    _end_norms_yesterday()
    provisional = complete_household(organisation.team, wages=Decimal("900.00"))
    services.screening_run_and_store(household_id=provisional.pk)
    started: list[dict] = []
    monkeypatch.setattr("regulations.tasks.start_rescreen", lambda **kwargs: started.append(kwargs))
    from core.models import User

    admin = User.objects.create_superuser("beheer", "beheer@example.org", "geheim-123-wachtwoord")
    client.force_login(admin)
    today = timezone.localdate()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:regulations_parametervalue_add"),
            {
                "key": NORM,
                "value": '"1430.00"',
                "kind": "decimal",
                "unit": "EUR/maand",
                "valid_from": today.isoformat(),
                "valid_to": "",
                "municipality_code": "",
                "source_url": "https://www.rijksoverheid.nl/normen",
                "grade": "A",
                "note": "",
            },
        )

    assert response.status_code == 302, response.content.decode()[:2000]
    assert len(started) == 1
    assert started[0]["household_ids"] == [provisional.pk]
    assert "bijstand.norm.alleenstaande_21_aow" in started[0]["reason"]


def test_rescreen_with_the_real_value_drops_the_provisional_mark(
    complete_household, organisation, catalogue
):
    _end_norms_yesterday()
    household = complete_household(organisation.team, wages=Decimal("900.00"))
    services.screening_run_and_store(household_id=household.pk)
    grant = ProactiveGrant.objects.get(household=household, scheme_code=CZV)
    assert grant.provisional
    ParameterValue.objects.create(
        key=NORM,
        value="1430.00",
        kind="decimal",
        unit="EUR/maand",
        valid_from=timezone.localdate(),
        source_url="https://www.rijksoverheid.nl/normen",
        grade="A",
    )

    services.screening_chunk(
        household_ids=[household.pk],
        reference_date=timezone.localdate(),
        trigger=Screening.Trigger.PARAMETERS,
    )

    latest = services.latest_screening(household_id=household.pk)
    assert CZV not in latest.provisional_codes
    assert NORM not in latest.provisional_keys
    grant.refresh_from_db()
    assert grant.provisional is False
    assert RescreenRun.objects.count() == 0  # the chunk itself starts no run
