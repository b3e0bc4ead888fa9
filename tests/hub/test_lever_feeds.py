"""The hub gives back (issue 14): municipalities' lever outcomes under disclosure control, the
national precedents feed and the national knelpunten feed (ETag, 304), kept by the hub's editors."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, date, datetime
from decimal import Decimal

from django.contrib.auth.models import Permission

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.models import AuditLog
from hub.models import LeverOutcome, NationalKnelpunt
from signals.reporting.lever_outcomes import (
    LeverOutcomeFact,
    build_lever_outcomes,
    contribution_errors,
    national_precedents,
    weighted_median,
)
from tests.core.factories import UserFactory

MIN_CELL = 10
OUTCOMES_URL = "/hub/api/lever-outcomes/"
PRECEDENTS_URL = "/hub/api/feeds/precedents.json"
KNELPUNTEN_URL = "/hub/api/feeds/knelpunten.json"
NOW = datetime(2026, 12, 1, 3, 0, tzinfo=UTC)


# --- disclosure control, pure and under Hypothesis --------------------------------------------

facts_strategy = st.lists(
    st.builds(
        LeverOutcomeFact,
        household_key=st.sampled_from([f"h{n}" for n in range(40)]),
        lever_code=st.sampled_from(["pw-31-giften", "awb-484"]),
        regulation_code=st.sampled_from(["bijstand", "bijzondere_bijstand"]),
        knelpunt_type=st.sampled_from(["", "samenloop"]),
        total_cost_eur=st.decimals(min_value=1, max_value=5000, places=2),
        goal_reached=st.sampled_from([None, True, False]),
    ),
    max_size=120,
)


def _households(facts, row) -> int:
    key = (row["lever_code"], row["regulation_code"], row["knelpunt_type"])
    return len(
        {
            f.household_key
            for f in facts
            if (f.lever_code, f.regulation_code, f.knelpunt_type or "-") == key
        }
    )


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(facts=facts_strategy)
def test_no_row_or_part_of_a_row_under_ten_households_leaves_the_municipality(facts):
    payload = build_lever_outcomes(
        cbs_code="GM0001", as_of=date(2026, 12, 1), generated_at=NOW, facts=facts, min_cell=10
    )
    for row in payload["rows"]:
        assert row["households"] >= MIN_CELL
        assert row["households"] == _households(facts, row)
        if row["evaluated"] is not None:
            parts = (
                row["goal_reached"],
                row["evaluated"] - row["goal_reached"],
                row["breakthroughs"] - row["evaluated"],
            )
            assert all(part == 0 or part >= MIN_CELL for part in parts)
    published = {
        (r["lever_code"], r["regulation_code"], r["knelpunt_type"]) for r in payload["rows"]
    }
    for fact in facts:
        key = (fact.lever_code, fact.regulation_code, fact.knelpunt_type or "-")
        households = _households(
            facts, {"lever_code": key[0], "regulation_code": key[1], "knelpunt_type": key[2]}
        )
        assert (key in published) == (households >= MIN_CELL)
    # What the builder sends, the hub's check accepts.
    assert contribution_errors(json.loads(json.dumps(payload))) == []


row_strategy = st.fixed_dictionaries(
    {
        "lever_code": st.sampled_from(["pw-31-giften", "awb-484"]),
        "regulation_code": st.just("bijstand"),
        "knelpunt_type": st.sampled_from(["samenloop", "-"]),
        "breakthroughs": st.integers(min_value=10, max_value=60),
        "evaluated": st.one_of(st.none(), st.integers(min_value=0, max_value=10)),
        "goal_reached": st.integers(min_value=0, max_value=10),
        "median_cost_eur": st.decimals(min_value=0, max_value=9000, places=2).map(str),
    }
).map(
    lambda r: {
        **r,
        "goal_reached": None if r["evaluated"] is None else min(r["goal_reached"], r["evaluated"]),
    }
)


@settings(max_examples=150, deadline=None)
@given(
    contributions=st.dictionaries(
        st.sampled_from(["GM0001", "GM0002", "GM0003"]),
        st.lists(
            row_strategy, max_size=3, unique_by=lambda r: (r["lever_code"], r["knelpunt_type"])
        ),
        max_size=3,
    )
)
def test_the_national_feed_publishes_no_cell_under_ten(contributions):
    for row in national_precedents(contributions, min_cell=MIN_CELL):
        assert row["breakthroughs"] >= MIN_CELL
        assert row["municipalities"] >= 1
        if row["goal_reached_share"] is None:
            assert row["evaluated"] is None
        else:
            assert row["evaluated"] >= MIN_CELL
            assert Decimal("0") <= Decimal(row["goal_reached_share"]) <= Decimal("1")
        # Nothing that names a municipality.
        assert set(row) == {
            "lever_code",
            "regulation_code",
            "knelpunt_type",
            "municipalities",
            "breakthroughs",
            "evaluated",
            "goal_reached_share",
            "median_cost_eur",
        }


def _facts(households: int, *, reached: int = 0, missed: int = 0) -> list[LeverOutcomeFact]:
    goals = [True] * reached + [False] * missed
    return [
        LeverOutcomeFact(
            household_key=f"h{n}",
            lever_code="pw-31-giften",
            regulation_code="bijstand",
            knelpunt_type="samenloop",
            total_cost_eur=Decimal(100 * (n + 1)),
            goal_reached=goals[n] if n < len(goals) else None,
        )
        for n in range(households)
    ]


@pytest.mark.parametrize(("households", "sent"), [(9, False), (10, True), (11, True)])
def test_a_row_is_sent_from_ten_households(households, sent):
    payload = build_lever_outcomes(
        cbs_code="GM0001",
        as_of=date(2026, 12, 1),
        generated_at=NOW,
        facts=_facts(households),
        min_cell=10,
    )
    assert bool(payload["rows"]) is sent


@pytest.mark.parametrize(
    ("reached", "missed", "split"),
    [(10, 0, True), (9, 1, False), (10, 10, True), (10, 9, False), (0, 10, True)],
)
def test_the_evaluation_is_sent_only_when_no_part_is_small(reached, missed, split):
    payload = build_lever_outcomes(
        cbs_code="GM0001",
        as_of=date(2026, 12, 1),
        generated_at=NOW,
        facts=_facts(reached + missed, reached=reached, missed=missed),
        min_cell=10,
    )
    row = payload["rows"][0]
    assert (row["evaluated"] is not None) is split
    if split:
        assert (row["evaluated"], row["goal_reached"]) == (reached + missed, reached)


def test_the_median_cost_is_the_rows_median_and_the_national_one_is_weighted():
    payload = build_lever_outcomes(
        cbs_code="GM0001", as_of=date(2026, 12, 1), generated_at=NOW, facts=_facts(11), min_cell=10
    )
    assert payload["rows"][0]["median_cost_eur"] == "600.00"
    assert weighted_median([(Decimal("100"), 10), (Decimal("900"), 30)]) == Decimal("900")
    assert weighted_median([(Decimal("100"), 20), (Decimal("900"), 20)]) == Decimal("100")


# --- the receiving endpoint -------------------------------------------------------------------


def _payload(code: str, *, households: int = 12, reached: int = 0) -> bytes:
    payload = build_lever_outcomes(
        cbs_code=code,
        as_of=date(2026, 12, 1),
        generated_at=NOW,
        facts=_facts(households, reached=reached),
        min_cell=10,
    )
    return json.dumps(payload).encode()


def _post(client, token: str, body: bytes):
    return client.post(
        OUTCOMES_URL,
        data=body,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )


@pytest.fixture
def two_tokens(db):
    from hub.models import MunicipalityToken

    _a, token_a = MunicipalityToken.issue(cbs_code="GM0001", name="Aa")
    _b, token_b = MunicipalityToken.issue(cbs_code="GM0002", name="Bee")
    return token_a, token_b


def test_a_contribution_is_stored_once_and_replaced_by_the_next(client, two_tokens):
    token_a, _token_b = two_tokens
    assert _post(client, token_a, _payload("GM0001")).status_code == 201
    assert _post(client, token_a, _payload("GM0001")).status_code == 200
    assert _post(client, token_a, _payload("GM0001", households=15)).status_code == 201
    assert list(LeverOutcome.objects.values_list("breakthroughs", flat=True)) == [15]


def test_a_contribution_with_a_small_row_is_refused_whole(client, two_tokens):
    token_a, _token_b = two_tokens
    payload = json.loads(_payload("GM0001"))
    small = {**payload["rows"][0], "knelpunt_type": "armoedeval", "households": 9}
    payload["rows"].append({**small, "breakthroughs": 9})
    response = _post(client, token_a, json.dumps(payload).encode())
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/problem+json")
    assert any(p["name"] == "rows.1.households" for p in response.json()["invalidParams"])
    assert not LeverOutcome.objects.exists()


def test_a_municipality_cannot_send_for_another(client, two_tokens):
    token_a, _token_b = two_tokens
    assert _post(client, token_a, _payload("GM0002")).status_code == 403
    assert client.post(OUTCOMES_URL, data=b"{}", content_type="application/json").status_code == 401


# --- the precedents feed ----------------------------------------------------------------------


def test_the_feed_sums_municipalities_and_answers_304_while_nothing_changed(client, two_tokens):
    token_a, token_b = two_tokens
    _post(client, token_a, _payload("GM0001", households=12, reached=12))
    _post(client, token_b, _payload("GM0002", households=10))
    response = client.get(PRECEDENTS_URL)
    assert response.status_code == 200
    etag = response["ETag"]
    (row,) = response.json()["precedents"]
    assert (row["municipalities"], row["breakthroughs"]) == (2, 22)
    # Evaluated: 12 of GM0001 (all reached); GM0002's 10 are not evaluated yet.
    assert (row["evaluated"], row["goal_reached_share"]) == (12, "1.00")
    assert "GM0001" not in response.content.decode()

    again = client.get(PRECEDENTS_URL, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again["ETag"] == etag
    assert again.content == b""

    # The next day's contribution with the same figures: the feed is still current.
    tomorrow = json.loads(_payload("GM0002", households=10))
    tomorrow.update(as_of="2026-12-02", generated_at="2026-12-02T03:00:00Z")
    assert _post(client, token_b, json.dumps(tomorrow).encode()).status_code == 201
    assert client.get(PRECEDENTS_URL, HTTP_IF_NONE_MATCH=etag).status_code == 304

    _post(client, token_b, _payload("GM0002", households=11))
    changed = client.get(PRECEDENTS_URL, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag


# --- national knelpunten, kept by the hub's editors -------------------------------------------


@pytest.fixture
def editor(db):
    user = UserFactory(username="hubredactie")
    user.user_permissions.add(Permission.objects.get(codename="edit_national_knelpunt"))
    return user


def test_an_editor_sets_status_and_answer_audited_and_the_feed_carries_it(client, editor):
    client.force_login(editor)
    response = client.post(
        "/hub/knelpunten/",
        {
            "regulation_code": "bijstand",
            "article": "art. 31 lid 2 onderdeel m Pw",
            "status": "opgelost",
            "answer": "Opgelost per 1-1-2027 door een ruimere giftenvrijlating.",
        },
    )
    assert response.status_code == 302
    knelpunt = NationalKnelpunt.objects.get()
    # Kept the way municipalities group their signals: without lid and onderdeel.
    assert (knelpunt.article, knelpunt.status) == ("art. 31 Pw", "opgelost")
    log = AuditLog.objects.get(action="national_knelpunt.create")
    assert log.actor == editor
    (row,) = client.get(KNELPUNTEN_URL).json()["knelpunten"]
    assert row["status"] == "opgelost"
    assert row["answer"].startswith("Opgelost per 1-1-2027")
    page = client.get("/hub/").content.decode()
    assert 'id="knelpunt-bijstand-art-31-pw"' in page


def test_an_unknown_status_is_a_field_error_and_nothing_is_saved(client, editor):
    client.force_login(editor)
    response = client.post(
        "/hub/knelpunten/", {"regulation_code": "bijstand", "article": "", "status": "weg"}
    )
    assert response.status_code == 400
    assert "Kies een status uit de lijst." in response.content.decode()
    assert not NationalKnelpunt.objects.exists()
    assert not AuditLog.objects.filter(action__startswith="national_knelpunt").exists()


def test_only_editors_may_edit(client, db):
    client.force_login(UserFactory(username="gewoon"))
    response = client.post(
        "/hub/knelpunten/", {"regulation_code": "bijstand", "article": "", "status": "opgelost"}
    )
    assert response.status_code == 403
    assert not NationalKnelpunt.objects.exists()


@settings(max_examples=200, deadline=None)
@given(
    payload=st.fixed_dictionaries(
        {
            "schema": st.sampled_from(["doorbraak.lever-outcomes/1", "x"]),
            "municipality": st.fixed_dictionaries({"cbs_code": st.just("GM0001")}),
            "as_of": st.sampled_from(["2026-12-01", "gisteren"]),
            "disclosure_control": st.fixed_dictionaries(
                {"min_cell": st.one_of(st.integers(), st.text(max_size=3), st.none())}
            ),
            "rows": st.lists(
                st.dictionaries(
                    st.sampled_from(
                        [
                            "lever_code",
                            "regulation_code",
                            "knelpunt_type",
                            "breakthroughs",
                            "households",
                            "evaluated",
                            "goal_reached",
                            "median_cost_eur",
                            "extra",
                        ]
                    ),
                    st.one_of(
                        st.none(),
                        st.booleans(),
                        st.integers(min_value=-5, max_value=40),
                        st.text(max_size=5),
                        st.just("12.50"),
                    ),
                ),
                max_size=3,
            ),
        }
    )
)
def test_the_hub_s_check_never_breaks_on_odd_input_and_refuses_what_it_cannot_store(payload):
    problems = contribution_errors(payload)
    if not problems:
        for row in payload["rows"]:
            assert row["households"] >= MIN_CELL
            assert "extra" not in row


def test_an_unknown_field_in_a_row_is_refused_not_a_server_error(client, two_tokens):
    token_a, _token_b = two_tokens
    payload = json.loads(_payload("GM0001"))
    payload["rows"][0]["household_name"] = "Jansen"
    response = _post(client, token_a, json.dumps(payload).encode())
    assert response.status_code == 400
    assert not LeverOutcome.objects.exists()


def _received(code: str, period_end: date, signals: list[dict], *, current: bool = True):
    from hub.models import ReceivedReport

    return ReceivedReport.objects.create(
        report_id=uuid.uuid4(),
        cbs_code=code,
        municipality_name=code,
        period_start=period_end.replace(day=1),
        period_end=period_end,
        revision=1,
        content={"signals": signals},
        content_sha256="0" * 64,
        current=current,
    )


def test_the_knelpunten_feed_counts_municipalities_by_their_newest_report(client, db):
    gift = {"regulation_code": "bijstand", "article": "art. 31 lid 2 onderdeel m Pw"}
    _received("GM0001", date(2026, 6, 30), [gift])
    _received("GM0002", date(2026, 6, 30), [gift])
    # GM0002's newer report no longer names it; GM0003's old revision does not count.
    _received("GM0002", date(2026, 9, 30), [])
    _received("GM0003", date(2026, 9, 30), [gift], current=False)
    (row,) = client.get(KNELPUNTEN_URL).json()["knelpunten"]
    assert (row["regulation_code"], row["article"]) == ("bijstand", "art. 31 Pw")
    assert (row["municipalities"], row["status"]) == (1, "gesignaleerd")
