"""`manage.py screen`: the stable command-line contract (SCHEMES.md section 0)."""

from __future__ import annotations

import copy
import io
import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

from django.core.management import call_command
from django.db import connection

import pytest

from regulations.schemes.engine import SCHEME_CODES

ROOT = Path(__file__).resolve().parents[2]
HOUSEHOLD = {
    "reference_date": "2025-03-01",
    "municipality_code": "GM0363",
    "members": [
        {
            "ref": "p1",
            "relation": "applicant",
            "birth_date": "1990-05-01",
            "assessed_income_yearly": 28000,
            "incomes": [{"kind": "wages", "gross_monthly": 2100.00, "net_monthly": 1750.00}],
            "health_insured": True,
        },
        {"ref": "p2", "relation": "partner", "birth_date": "1991-02-11"},
        {"ref": "c1", "relation": "child", "birth_date": "2019-04-01"},
        {"ref": "h1", "relation": "housemate", "birth_date": "1980-07-07"},
    ],
    "assets_total": 3000.00,
    "housing": {"tenure": "social_rent", "basic_rent": 900.00, "service_costs": 0.00},
    "benefits_received": ["zorgtoeslag"],
}


def write(tmp_path: Path, data, name: str = "huishouden.json") -> Path:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return path


def screen_json(*args: str):
    out = io.StringIO()
    call_command("screen", *args, stdout=out)
    return json.loads(out.getvalue())


def run_screen(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    """The command as other tools call it: a separate process, exit code and streams."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    # The test database, so the subprocess reads (and must not write) the same rows we count.
    env["DATABASE_URL"] = _test_database_url()
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "screen", *args],
        cwd=ROOT,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _test_database_url() -> str:
    settings = connection.settings_dict
    return (
        f"postgres://{settings['USER']}:{settings['PASSWORD']}@{settings['HOST'] or '127.0.0.1'}:"
        f"{settings['PORT'] or 5432}/{settings['NAME']}"
    )


def _table_sizes() -> dict[str, int]:
    from django.apps import apps

    return {
        model._meta.db_table: model._default_manager.count()
        for model in apps.get_models()
        if not model._meta.proxy
    }


# --- in process (call_command) ------------------------------------------------------------------


@pytest.mark.django_db
def test_one_household_gives_every_scheme(tmp_path):
    output = screen_json(str(write(tmp_path, HOUSEHOLD)))
    assert output["reference_date"] == "2025-03-01"
    assert [r["scheme"] for r in output["results"]] == list(SCHEME_CODES)
    result = output["results"][0]
    assert set(result) == {
        "scheme",
        "outcome",
        "amount_monthly",
        "amount_yearly",
        "missing",
        "explanation",
        "version",
        "received",
        "non_take_up",
        "provisional",
    }
    kinderbijslag = next(r for r in output["results"] if r["scheme"] == "kinderbijslag")
    assert kinderbijslag["outcome"] == "eligible"
    assert kinderbijslag["non_take_up"] is True


@pytest.mark.django_db
def test_an_array_gives_an_array_in_order(tmp_path):
    later = copy.deepcopy(HOUSEHOLD)
    later["reference_date"] = "2025-09-01"
    later["members"] = later["members"][:1]
    output = screen_json(str(write(tmp_path, [HOUSEHOLD, later])))
    assert [item["reference_date"] for item in output] == ["2025-03-01", "2025-09-01"]
    single = screen_json(str(write(tmp_path, later, "later.json")))
    assert output[1] == single


@pytest.mark.django_db
def test_date_overrides_the_file(tmp_path):
    output = screen_json(str(write(tmp_path, HOUSEHOLD)), "--date", "2025-08-15")
    assert output["reference_date"] == "2025-08-15"
    law_urls = [s["law_url"] for r in output["results"] for s in r["explanation"]]
    assert law_urls and all("g=2025-08-15" in url for url in law_urls)


@pytest.mark.django_db
def test_scheme_filter(tmp_path):
    output = screen_json(
        str(write(tmp_path, HOUSEHOLD)), "--scheme", "zorgtoeslag", "--scheme", "kinderbijslag"
    )
    assert [r["scheme"] for r in output["results"]] == ["zorgtoeslag", "kinderbijslag"]


@pytest.mark.django_db
def test_writes_no_database_rows(tmp_path):
    before = _table_sizes()
    screen_json(str(write(tmp_path, [HOUSEHOLD, HOUSEHOLD])))
    assert _table_sizes() == before


# --- as a separate process: exit codes ----------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_subprocess_exits_0_and_writes_no_rows(tmp_path):
    before = _table_sizes()
    result = run_screen(str(write(tmp_path, HOUSEHOLD)))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["reference_date"] == "2025-03-01"
    assert _table_sizes() == before


@pytest.mark.django_db(transaction=True)
def test_subprocess_reads_stdin():
    result = run_screen("-", "--scheme", "kinderbijslag", stdin=json.dumps(HOUSEHOLD))
    assert result.returncode == 0, result.stderr
    assert [r["scheme"] for r in json.loads(result.stdout)["results"]] == ["kinderbijslag"]


def _broken(change):
    household = copy.deepcopy(HOUSEHOLD)
    change(household)
    return household


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("content", "args", "field"),
    [
        ('{"reference_date": "2025-03-01", "members": [', (), "$"),
        (_broken(lambda h: h["members"][1].update(relation="oom")), (), "members[1].relation"),
        (_broken(lambda h: h["housing"].update(basic_rent=-1)), (), "housing.basic_rent"),
        (
            _broken(lambda h: h["members"][2].update(birth_date="2019-02-29")),
            (),
            "members[2].birth_date",
        ),
        (HOUSEHOLD, ("--scheme", "vakantiegeld"), "--scheme[0]"),
        (HOUSEHOLD, ("--date", "2025-02-30"), "--date"),
        ([HOUSEHOLD, _broken(lambda h: h.update(assets_total=-1))], (), "[1].assets_total"),
        ("[" * 50_000 + "]" * 50_000, (), "$"),
        ('{"members": ' + "[" * 40 + "]" * 40 + "}", (), "$"),
    ],
    ids=[
        "malformed-json",
        "unknown-relation",
        "negative-amount",
        "impossible-date",
        "unknown-scheme",
        "impossible-date-option",
        "error-in-array",
        "nested-50000-deep",
        "nested-past-the-cap",
    ],
)
def test_malformed_input_exits_2_naming_the_field(tmp_path, content, args, field):
    before = _table_sizes()
    result = run_screen(str(write(tmp_path, content)), *args)
    assert result.returncode == 2, result.stdout + result.stderr
    assert result.stdout == ""
    assert field in result.stderr
    assert "Ongeldige invoer" in result.stderr
    assert _table_sizes() == before


@pytest.mark.django_db(transaction=True)
def test_a_file_that_is_not_utf8_exits_2(tmp_path):
    path = tmp_path / "latin1.json"
    path.write_bytes(
        '{"reference_date": "2025-03-01", "members": [{"ref": "Jos\u00e9"}]}'.encode("latin-1")
    )
    result = run_screen(str(path))
    assert result.returncode == 2, result.stderr
    assert result.stdout == ""
    assert "Ongeldige invoer: $: geen geldige UTF-8 (byte 58)" in result.stderr


@pytest.mark.django_db
def test_a_value_past_its_end_is_reported_as_provisional(tmp_path):
    # Far beyond the last published bijstand norms (they always end): the screening computes with
    # the last known norm and says so, in the same JSON as the API and the stored snapshots.
    path = str(write(tmp_path, HOUSEHOLD))
    output = screen_json(path, "--date", "2031-01-15", "--scheme", "bijstand")
    result = output["results"][0]
    assert not any(item.startswith("parameter:") for item in result["missing"])
    norms = [p for p in result["provisional"] if p["key"].startswith("bijstand.norm.")]
    assert norms
    for item in norms:
        assert set(item) == {"key", "used_valid_from", "expired_on"}
        assert date.fromisoformat(item["used_valid_from"]) <= date.fromisoformat(item["expired_on"])
        assert date.fromisoformat(item["expired_on"]) < date(2031, 1, 15)
    assert result["explanation"][0]["rule"].startswith("Voorlopig:")


# --- batch speed: compact orjson by default, --indent, --no-explanation ----------------------------


def screen_text(*args: str) -> str:
    out = io.StringIO()
    call_command("screen", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_output_is_compact_by_default_and_indented_on_request(tmp_path):
    path = str(write(tmp_path, [HOUSEHOLD, HOUSEHOLD]))
    compact = screen_text(path)
    assert compact.count("\n") == 1 and compact.startswith('[{"reference_date":"2025-03-01"')
    indented = screen_text(path, "--indent")
    assert '\n  {\n    "reference_date": "2025-03-01"' in indented
    assert json.loads(compact) == json.loads(indented)


@pytest.mark.django_db
def test_compact_output_equals_the_api_form_of_the_results(tmp_path):
    # The orjson path writes Step dataclasses and Decimals itself: it must equal to_json().
    from regulations.schemes.engine import screen
    from regulations.schemes.facts import parse_household

    expected = screen(parse_household(copy.deepcopy(HOUSEHOLD))).to_json()
    assert json.loads(screen_text(str(write(tmp_path, HOUSEHOLD)))) == expected


@pytest.mark.django_db
def test_no_explanation_keeps_outcomes_and_amounts(tmp_path):
    path = str(write(tmp_path, HOUSEHOLD))
    full = json.loads(screen_text(path))
    bare = json.loads(screen_text(path, "--no-explanation"))
    assert all(result["explanation"] == [] for result in bare["results"])
    assert sum(len(result["explanation"]) for result in full["results"]) > 12
    for with_steps, without in zip(full["results"], bare["results"], strict=True):
        assert {**with_steps, "explanation": []} == without


def test_subprocess_no_explanation_and_malformed_batch_still_exits_2(tmp_path):
    broken = copy.deepcopy(HOUSEHOLD)
    broken["members"][0]["birth_date"] = "1990-13-01"
    result = run_screen(str(write(tmp_path, [HOUSEHOLD, broken])), "--no-explanation")
    assert result.returncode == 2
    assert result.stdout == ""
    assert "[1].members[0].birth_date" in result.stderr


@pytest.mark.django_db
def test_no_explanation_batch_uses_the_vector_engine_with_the_scalar_results(tmp_path):
    # A mixed batch (several municipalities and dates, edge cases, missing facts): the vectorised
    # engine behind --no-explanation gives, per household, exactly the scalar engine's JSON.

    from regulations.schemes.engine import screen
    from regulations.schemes.facts import parse_household

    batch = _mixed_batch(seed=9, per_date=150, order_seed=1)
    documents = json.loads(screen_text(str(write(tmp_path, batch)), "--no-explanation"))
    assert len(documents) == len(batch)
    provisional = 0
    for raw, document in zip(batch, documents, strict=True):
        expected = screen(parse_household(copy.deepcopy(raw)), explain=False)
        assert document == json.loads(json.dumps(expected.to_json(explanation=False)))
        provisional += sum(bool(result["provisional"]) for result in document["results"])
    assert provisional > 0


def _mixed_batch(*, seed: int = 11, per_date: int = 60, order_seed: int = 2) -> list[dict]:
    """Households around the thresholds on three dates (one with carried-forward values), several
    municipalities: every kind of explanation step, shared ones (provenance, provisional) included."""
    import random

    from regulations.schemes.catalogue import default_parameters
    from regulations.schemes.vector.differential import EdgeCases

    batch = []
    for on, code in (
        (date(2026, 3, 1), "GM1731"),
        (date(2027, 3, 1), None),
        (date(2025, 3, 1), "GM0363"),
    ):
        generator = EdgeCases(
            random.Random(seed), default_parameters(reference_date=on, municipality_code=code)
        )
        for _ in range(per_date):
            household = generator.household()
            if code:
                household["municipality_code"] = code
            batch.append(household)
    random.Random(order_seed).shuffle(batch)
    return batch


@pytest.mark.django_db(transaction=True)
def test_subprocess_batch_output_is_byte_for_byte_the_reference_encoding(tmp_path):
    # The command writes orjson's bytes directly, encodes shared steps once and parses through a
    # fast path: the text must stay exactly that of encoding each screening's to_json() (steps as
    # dicts, Decimals as strings) as compact JSON, one array, newline-terminated.
    import orjson

    from regulations.schemes.engine import screen
    from regulations.schemes.facts import parse_household

    batch = _mixed_batch()
    expected = (
        b"["
        + b",".join(
            orjson.dumps(
                screen(parse_household(copy.deepcopy(raw))).to_json(),
                option=orjson.OPT_NON_STR_KEYS,
            )
            for raw in batch
        )
        + b"]\n"
    ).decode()
    result = run_screen(str(write(tmp_path, batch)))
    assert result.returncode == 0, result.stderr
    assert result.stdout == expected
    assert '"provisional":[{' in expected and "graad" in expected  # shared steps were covered
    single = run_screen(str(write(tmp_path, batch[0], name="een.json")))
    assert (
        single.stdout
        == orjson.dumps(
            screen(parse_household(copy.deepcopy(batch[0]))).to_json(),
            option=orjson.OPT_NON_STR_KEYS,
        ).decode()
        + "\n"
    )


def test_starting_django_imports_no_views_tasks_or_clients():
    # Every `manage.py screen` process pays for what django.setup() imports: the apps register
    # their dashboard panels and task subscriptions by name, so the views, the report builder and
    # the hub client load only where they are used.
    code = (
        "import sys, django; django.setup(); "
        "print(sorted(name for name in ('casework.views', 'signals.views', 'breakthroughs.views', "
        "'breakthroughs.tasks', 'signals.reporting.builder', 'requests', 'jsonschema') "
        "if name in sys.modules))"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
        timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
