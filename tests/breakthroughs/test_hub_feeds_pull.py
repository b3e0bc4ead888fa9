"""A municipality and the hub's feeds (issue 14): its lever outcomes go to the hub, the national
precedents and knelpunten come back by a daily conditional GET that survives an outage of the
hub, and they show in the proposal's suggestions and the signals workspace.

Real HTTP throughout: the hub is this project's own hub app under `live_server`, an outage is a
local server that answers 503, and the tasks run on a real Celery worker.
"""

from __future__ import annotations

import threading
import time
from datetime import datetime
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from django.core.management import call_command
from django.utils import timezone

import pytest

from breakthroughs.constants import GoalReached, Status
from breakthroughs.models import HubFeed, HubFeedCopy
from breakthroughs.selectors import clear_catalogue_cache
from breakthroughs.tasks import pull_hub_feed, pull_hub_feeds
from core.models import Role
from hub.models import LeverOutcome, MunicipalityToken, NationalKnelpunt
from signals.constants import SignalStatus
from signals.services.lever_outcomes import lever_outcomes_payload
from signals.tasks import send_lever_outcomes
from tests.breakthroughs.factories import BreakthroughFactory, EvaluationFactory
from tests.casework.factories import HouseholdFactory
from tests.signals.factories import SignalFactory

GIFT_ARTICLE = "art. 31 lid 2 onderdeel m Pw"
GIFT = {
    "regulation_code": "bijstand",
    "knelpunt_type": "samenloop",
    "blocking_problem": "Bijstand gekort omdat een gift van familie als inkomen telt",
}
PRECEDENTS = {
    "schema": "doorbraak.lever-precedents/1",
    "updated_at": "2026-12-01T03:00:00Z",
    "disclosure_control": {"min_cell": 10},
    "median_cost_method": "gewogen mediaan van de gemeentelijke medianen",
    "precedents": [
        {
            "lever_code": "pw-31-giften",
            "regulation_code": "bijstand",
            "knelpunt_type": "samenloop",
            "municipalities": 7,
            "breakthroughs": 143,
            "evaluated": 40,
            "goal_reached_share": "0.83",
            "median_cost_eur": "412.50",
        }
    ],
}


@pytest.fixture
def hub_down():
    """A hub that answers 503 to everything; counts the requests it got."""
    hits: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            hits.append(self.path)
            self.send_response(503)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/hub/api/feeds/", hits
    server.shutdown()
    server.server_close()


@pytest.fixture
def hub_feeds(settings, live_server):
    settings.HUB_FEEDS_URL = f"{live_server.url}/hub/api/feeds/"
    settings.HUB_FEED_RETRY_BASE_SECONDS = 0
    settings.HUB_FEED_MAX_RETRIES = 2
    return settings


# --- the daily pull ---------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_pull_stores_the_feed_then_gets_a_304_until_it_changes(hub_feeds, celery_worker):
    NationalKnelpunt.objects.create(
        regulation_code="bijstand", article="art. 31 Pw", status="in_behandeling"
    )
    assert pull_hub_feed.delay(feed="knelpunten").get(timeout=30) == "updated"
    copy = HubFeedCopy.objects.get(feed=HubFeed.KNELPUNTEN)
    assert copy.etag and copy.content["knelpunten"][0]["status"] == "in_behandeling"
    fetched = copy.fetched_at

    assert pull_hub_feed.delay(feed="knelpunten").get(timeout=30) == "not_modified"
    copy.refresh_from_db()
    assert copy.fetched_at == fetched and copy.checked_at > fetched

    NationalKnelpunt.objects.update(status="opgelost", answer="Opgelost per 1-1-2027.")
    assert pull_hub_feed.delay(feed="knelpunten").get(timeout=30) == "updated"
    copy.refresh_from_db()
    assert copy.content["knelpunten"][0]["answer"] == "Opgelost per 1-1-2027."


@pytest.mark.django_db(transaction=True)
def test_an_outage_is_retried_with_backoff_and_the_last_good_copy_stays(
    hub_feeds, celery_worker, hub_down
):
    NationalKnelpunt.objects.create(regulation_code="bijstand", article="art. 31 Pw")
    assert pull_hub_feed.delay(feed="knelpunten").get(timeout=30) == "updated"
    good = HubFeedCopy.objects.get(feed=HubFeed.KNELPUNTEN)

    live_url = hub_feeds.HUB_FEEDS_URL
    url, hits = hub_down
    hub_feeds.HUB_FEEDS_URL = url
    assert pull_hub_feed.delay(feed="knelpunten").get(timeout=60) == "failed"
    assert len(hits) == 3  # the first attempt and HUB_FEED_MAX_RETRIES retries
    copy = HubFeedCopy.objects.get(feed=HubFeed.KNELPUNTEN)
    assert (copy.content, copy.etag, copy.fetched_at) == (good.content, good.etag, good.fetched_at)
    assert copy.last_error == "HTTP 503"

    # The hub is back: the next day's pull clears the error.
    hub_feeds.HUB_FEEDS_URL = live_url
    assert pull_hub_feed.delay(feed="knelpunten").get(timeout=30) == "not_modified"
    copy.refresh_from_db()
    assert copy.last_error == ""


@pytest.mark.django_db(transaction=True)
def test_the_daily_beat_task_pulls_every_feed(hub_feeds, celery_worker):
    pull_hub_feeds.delay().get(timeout=30)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if HubFeedCopy.objects.filter(fetched_at__isnull=False).count() == len(HubFeed.values):
            break
        time.sleep(0.2)
    assert set(
        HubFeedCopy.objects.filter(fetched_at__isnull=False).values_list("feed", flat=True)
    ) == set(HubFeed.values)


# --- the municipality's contribution ----------------------------------------------------------


def _gift_doorbraken(organisation, count: int, *, evaluated: bool = False) -> None:
    for n in range(count):
        household = HouseholdFactory(team=organisation.team, display_name=f"Jansen {n}")
        breakthrough = BreakthroughFactory(
            household=household,
            status=Status.EVALUATED if evaluated else Status.APPROVED,
            amount=Decimal("250.00"),
            regulation_code="bijstand",
            article=GIFT_ARTICLE,
            knelpunt_type="samenloop",
            need="Geheime notitie over familie Jansen",
            decided_at=timezone.make_aware(datetime(2026, 3, 14, 10)),
        )
        if evaluated:
            EvaluationFactory(breakthrough=breakthrough, goal_reached=GoalReached.YES)


@pytest.mark.parametrize(("households", "rows"), [(9, 0), (10, 1)])
@pytest.mark.django_db(transaction=True)
def test_the_municipality_sends_its_lever_outcomes_from_ten_households(
    settings, live_server, celery_worker, organisation, households, rows
):
    call_command("load_regulations", verbosity=0)
    call_command("load_legal_levers", verbosity=0)
    _record, token = MunicipalityToken.issue(
        cbs_code=organisation.municipality.cbs_code, name=organisation.municipality.name
    )
    settings.SIGNAL_RECEIVER_TOKENS = {organisation.municipality.cbs_code: token}
    settings.HUB_LEVER_OUTCOMES_URL = f"{live_server.url}/hub/api/lever-outcomes/"
    _gift_doorbraken(organisation, households)
    result = send_lever_outcomes.delay(municipality_id=organisation.municipality.pk)
    assert result.get(timeout=30) == "201"
    outcomes = LeverOutcome.objects.all()
    assert outcomes.count() == rows
    if rows:
        row = outcomes.get()
        assert (row.lever_code, row.regulation_code, row.knelpunt_type) == (
            "pw-31-giften",
            "bijstand",
            "samenloop",
        )
        assert (row.households, row.median_cost_eur) == (10, Decimal("250.00"))


@pytest.mark.django_db
def test_the_contribution_carries_no_household_team_or_free_text(organisation):
    call_command("load_legal_levers", verbosity=0)
    _gift_doorbraken(organisation, 12, evaluated=True)
    payload = lever_outcomes_payload(municipality=organisation.municipality)
    text = str(payload)
    for secret in ("Jansen", "Geheime", organisation.team.name, organisation.other_team.name):
        assert secret not in text
    (row,) = payload["rows"]
    assert set(row) == {
        "lever_code",
        "regulation_code",
        "knelpunt_type",
        "breakthroughs",
        "households",
        "evaluated",
        "goal_reached",
        "median_cost_eur",
    }
    assert (row["evaluated"], row["goal_reached"]) == (12, 12)


# --- what the professional and the policy officer see -----------------------------------------


@pytest.mark.django_db
def test_the_suggestions_show_national_precedents_from_the_last_copy(
    client, organisation, django_assert_max_num_queries
):
    call_command("load_legal_levers", verbosity=0)
    household = HouseholdFactory(team=organisation.team)
    client.force_login(organisation.users[Role.PROFESSIONAL])
    url = f"/doorbraken/hefbomen/{household.pk}/"
    before = client.get(url, GIFT).content.decode()
    assert "Landelijk, volgens de VNG-hub" not in before

    HubFeedCopy.objects.create(
        feed=HubFeed.PRECEDENTS,
        etag='"abc"',
        content=PRECEDENTS,
        fetched_at=timezone.make_aware(datetime(2026, 12, 1, 4, 0)),
        last_error="HTTP 503",  # the hub is out today: the copy of yesterday still shows
    )
    clear_catalogue_cache()  # what the pull does when it stores a new copy
    with django_assert_max_num_queries(12):
        html = client.get(url, GIFT).content.decode()
    section = html[html.index('data-lever="pw-31-giften"') :]
    section = section[: section.index("Kies deze hefboom")]
    assert "Landelijk, volgens de VNG-hub" in section
    assert "143" in section and "83%" in section and "412,50" in section
    assert "stand van 1 december 2026" in section


@pytest.mark.django_db
def test_a_local_signal_links_to_its_national_counterpart(client, organisation):
    officer = organisation.users[Role.POLICY_OFFICER]
    signal = SignalFactory(
        municipality=organisation.municipality,
        created_by=officer,
        regulation_code="bijstand",
        article="art. 31 lid 2 onderdeel m Pw",
        status=SignalStatus.REVIEWED,
    )
    HubFeedCopy.objects.create(
        feed=HubFeed.KNELPUNTEN,
        etag='"k1"',
        fetched_at=timezone.now(),
        content={
            "schema": "doorbraak.national-knelpunten/1",
            "knelpunten": [
                {
                    "regulation_code": "bijstand",
                    "article": "art. 31 Pw",
                    "municipalities": 12,
                    "status": "in_behandeling",
                    "status_label": "In behandeling",
                    "answer": "In behandeling bij SZW.",
                    "updated_on": "2026-11-30",
                }
            ],
        },
    )
    client.force_login(officer)
    workspace = client.get("/signalen/").content.decode()
    assert "In behandeling bij SZW." in workspace
    assert "/hub/#knelpunt-bijstand-art-31-pw" in workspace
    detail = client.get(f"/signalen/{signal.public_id}/").content.decode()
    assert "In behandeling bij SZW." in detail and "12 gemeenten" in detail


@pytest.mark.django_db
def test_the_suggestions_show_the_asked_knelpunt_type_first_and_at_most_three(client, organisation):
    call_command("load_legal_levers", verbosity=0)
    household = HouseholdFactory(team=organisation.team)
    cell = PRECEDENTS["precedents"][0]
    types = ["armoedeval", "samenloop", "uitvoeringspraktijk", "gegevensuitwisseling", "-"]
    HubFeedCopy.objects.create(
        feed=HubFeed.PRECEDENTS,
        etag='"many"',
        fetched_at=timezone.now(),
        content={
            **PRECEDENTS,
            "precedents": [
                {**cell, "knelpunt_type": knelpunt, "breakthroughs": 100 + n}
                for n, knelpunt in enumerate(types)
            ],
        },
    )
    client.force_login(organisation.users[Role.PROFESSIONAL])
    html = client.get(f"/doorbraken/hefbomen/{household.pk}/", GIFT).content.decode()
    table = html[html.index("lever-national") :]
    table = table[: table.index("</table>")]
    assert table.count('scope="row"') == 3
    # The asked type first and in bold (101), then the types with the most doorbraken.
    assert "<strong>Samenloop van regels</strong>" in table
    assert table.index("Samenloop van regels") < table.index(">104<") < table.index(">103<")
    assert ">100<" not in table and ">102<" not in table
