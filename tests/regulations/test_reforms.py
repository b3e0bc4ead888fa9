"""Reforms and simulations: the figures through the entry points (command, Celery task on a real
worker), exact euros for a known reform, suppression below ten households, immutability."""

from __future__ import annotations

import io
import json
from datetime import date
from decimal import Decimal

from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError, InternalError, ProgrammingError, transaction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.models import AuditLog, Role
from regulations.models import Simulation
from regulations.schemes.reforms import ReformInvalid
from regulations.services.simulations import reform_create, reform_parse, simulation_start
from tests.regulations.factories import SimulationFactory

ON = date(2026, 7, 1)
# Participatiewet art. 21 (1 July 2026): the single person's norm 21-AOW age, in the catalogue.
SINGLE_NORM = Decimal("1419.46")
NORMS_PLUS_10 = """
name: Normen bijstand +10%
valid_from: 2026-07-01
valid_to: 2026-12-31
overrides:
  - key: bijstand.norm.*
    factor: "1.10"
"""
NOTHING = """
name: Niets verandert
valid_from: 2026-07-01
overrides:
  - key: bijstand.norm.*
    factor: "1"
"""

pytestmark = pytest.mark.usefixtures("catalogue")


def _simulate(tmp_path, text: str, municipality) -> dict:
    path = tmp_path / "hervorming.yaml"
    path.write_text(text, encoding="utf-8")
    out = io.StringIO()
    call_command("simulate", str(path), "--municipality", municipality.cbs_code, stdout=out)
    return json.loads(out.getvalue())


def test_a_reform_that_changes_nothing_costs_nothing_and_has_no_winners(
    organisation, tmp_path, singles_without_income
):
    singles_without_income(organisation.team, 12)
    output = _simulate(tmp_path, NOTHING, organisation.municipality)
    results = output["results"]
    assert results["households"] == 12
    assert results["cost_yearly"]["total"] == "0.00"
    assert all(row["cost"] == "0.00" for row in results["cost_yearly"]["by_scheme"])
    assert results["winners"] == {"households": 0, "gain_yearly": "0.00"}
    assert results["losers"] == {"households": 0, "loss_yearly": "0.00"}
    assert output["inputs"]["changed_parameters"] == []


def test_norms_plus_ten_percent_cost_the_hand_computed_euros(
    organisation, tmp_path, singles_without_income
):
    """12 singles on bijstand: (round(1419.46 x 1.10) - 1419.46) x 12 months x 12 households."""
    singles_without_income(organisation.team, 12)
    output = _simulate(tmp_path, NORMS_PLUS_10, organisation.municipality)
    results = output["results"]
    new_norm = Decimal("1561.41")  # 1561.406 rounded half-up to cents
    assert (SINGLE_NORM * Decimal("1.10")).quantize(Decimal("0.01")) == new_norm
    per_household = (new_norm - SINGLE_NORM) * 12
    assert per_household == Decimal("1703.40")
    by_scheme = {row["scheme"]: row for row in results["cost_yearly"]["by_scheme"]}
    assert by_scheme["bijstand"] == {
        "scheme": "bijstand",
        "cost": "20440.80",
        "households_changed": 12,
    }
    assert results["cost_yearly"]["total"] == "20440.80"
    assert results["winners"] == {"households": 12, "gain_yearly": "20440.80"}
    assert results["losers"]["households"] == 0
    bands = {row["band"]: row["households"] for row in results["distribution"]}
    assert bands["winst_100_200"] == 12  # 141.95 a month each
    assert sum(count for count in bands.values()) == 12
    assert "bijstand.norm.alleenstaande_21_aow" in output["inputs"]["changed_parameters"]
    assert output["parameter_versions"]["bijstand.norm.alleenstaande_21_aow"] == "2026-07-01"
    typical = {row["key"]: row for row in results["typical"]}
    first = typical["alleenstaande"]["steps"][0]
    assert Decimal(first["disposable_after"]) - Decimal(first["disposable_before"]) == Decimal(
        "141.95"
    )
    # Every household read is audited, without a user from the command line.
    assert AuditLog.objects.filter(action="simulation.household_read").count() == 12


@pytest.mark.parametrize(("households", "published"), [(9, False), (10, True)])
def test_counts_below_ten_households_are_suppressed(
    organisation, tmp_path, households, published, singles_without_income
):
    singles_without_income(organisation.team, households)
    results = _simulate(tmp_path, NORMS_PLUS_10, organisation.municipality)["results"]
    if published:
        assert results["winners"]["households"] == 10
        assert results["cost_yearly"]["total"] == "17034.00"
        assert results["suppressed"] == []
    else:
        assert results["winners"] == {"households": None, "gain_yearly": None}
        assert results["cost_yearly"]["total"] is None
        bijstand = next(r for r in results["cost_yearly"]["by_scheme"] if r["scheme"] == "bijstand")
        assert bijstand["cost"] is None
        cells = {(c["table"], c["row"], c["column"]) for c in results["suppressed"]}
        assert ("winners", "winners", "households") in cells
        assert ("cost_yearly", "total", "cost") in cells
        assert ("distribution", "winst_100_200", "households") in cells
        # The one band that holds them cannot be computed back from the total.
        assert "9" not in json.dumps(results["distribution"])


def test_malformed_reform_exits_2_naming_the_field(organisation, tmp_path):
    path = tmp_path / "fout.yaml"
    path.write_text(
        'name: X\nvalid_from: 2026-07-01\noverrides:\n  - key: bijstand.norm.*\n    factor: "nul"\n',
        encoding="utf-8",
    )
    err = io.StringIO()
    with pytest.raises(CommandError) as raised:
        call_command(
            "simulate", str(path), "--municipality", organisation.municipality.cbs_code, stderr=err
        )
    assert raised.value.returncode == 2
    assert "overrides[0].factor: geen geldig getal" in err.getvalue()
    path.write_text("name: [niet: afgesloten\n", encoding="utf-8")
    with pytest.raises(CommandError) as raised:
        call_command(
            "simulate", str(path), "--municipality", organisation.municipality.cbs_code, stderr=err
        )
    assert raised.value.returncode == 2


def test_reform_validation_names_every_wrong_field(catalogue):
    with pytest.raises(ReformInvalid) as raised:
        reform_parse(
            {
                "name": "",
                "valid_from": "2026-07-01",
                "valid_to": "2026-01-01",
                "overrides": [
                    {"key": "bestaat.niet", "value": "1"},
                    {"key": "huurtoeslag.rekenmethode", "factor": "1.1"},
                    {"key": "bijstand.norm.*", "value": "1"},
                ],
                "switches": {"minima.kostendelersnorm_toepassen": "nee", "onbekend": True},
                "extra": 1,
            }
        )
    fields = dict(raised.value.errors)
    assert set(fields) == {
        "extra",
        "name",
        "valid_to",
        "overrides[0].key",
        "overrides[1].factor",
        "overrides[2].value",
        "switches.minima.kostendelersnorm_toepassen",
        "switches.onbekend",
    }
    assert fields["overrides[0].key"] == "onbekende parameter 'bestaat.niet'"


def test_a_switch_is_a_parameter_the_engine_reads(organisation, tmp_path, singles_without_income):
    """The income limit of the municipal collectieve zorgverzekering as a switch (130% of the
    sociaal minimum in the catalogue, 50% in the reform): a single person with € 1,000 net a
    month (70% of € 1,419.46) qualifies today and not under the reform. The reform is recorded
    as run."""
    singles_without_income(organisation.team, 10)
    text = "name: CZV tot 50%\nvalid_from: 2026-07-01\nswitches:\n  czv.percentage_sociaal_minimum: '0.5'\n"
    output = _simulate(tmp_path, text, organisation.municipality)
    assert output["inputs"]["changed_parameters"] == ["czv.percentage_sociaal_minimum"]
    assert output["inputs"]["reform"]["switches"] == {"czv.percentage_sociaal_minimum": "0.5"}

    from regulations.schemes.catalogue import default_parameters
    from regulations.schemes.engine import screen
    from regulations.schemes.facts import parse_household
    from regulations.schemes.reforms import apply_reform, parse_reform

    baseline = default_parameters(reference_date=ON, municipality_code="GM0479")
    assert baseline.get("czv.percentage_sociaal_minimum") == Decimal("1.30")
    reform = apply_reform(baseline, parse_reform(__import__("yaml").safe_load(text)))
    single = parse_household(
        {
            "reference_date": "2026-07-01",
            "municipality_code": "GM0479",
            "members": [
                {
                    "ref": "p1",
                    "relation": "applicant",
                    "birth_date": "1991-01-01",
                    "incomes": [
                        {"kind": "wages", "gross_monthly": "1200.00", "net_monthly": "1000.00"}
                    ],
                    "health_insured": True,
                }
            ],
            "assets_total": "0.00",
            "housing": {"tenure": "social_rent", "basic_rent": "650.00", "service_costs": "0.00"},
        }
    )
    czv = "collectieve_zorgverzekering"
    assert screen(single, parameters=baseline, explain=False).result(czv).outcome == "eligible"
    assert screen(single, parameters=reform, explain=False).result(czv).outcome == "not_eligible"


@pytest.mark.integration
def test_a_simulation_runs_on_the_worker_with_progress_and_stays_immutable(
    organisation, celery_worker, singles_without_income
):
    singles_without_income(organisation.team, 12)
    officer = organisation.users[Role.POLICY_OFFICER]
    reform = reform_create(
        actor=officer,
        municipality=organisation.municipality,
        spec=reform_parse(__import__("yaml").safe_load(NORMS_PLUS_10)),
    )
    with transaction.atomic():
        simulation = simulation_start(actor=officer, reform=reform)
    assert simulation.total == 12
    import time

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        simulation.refresh_from_db()
        if simulation.finished:
            break
        time.sleep(0.2)
    assert simulation.status == Simulation.Status.DONE, simulation.error
    assert simulation.done == simulation.total == 12
    assert simulation.results["cost_yearly"]["total"] == "20440.80"
    assert simulation.engine_version.startswith("engine-")
    assert simulation.inputs["households"] == 12
    assert len(simulation.inputs["facts_sha256"]) == 64
    assert simulation.parameter_versions["bijstand.norm.alleenstaande_21_aow"] == "2026-07-01"
    # Finished: the database refuses any change and any delete, whatever the client.
    for statement in (
        Simulation.objects.filter(pk=simulation.pk).update,
        Simulation.objects.filter(pk=simulation.pk).delete,
    ):
        with pytest.raises((InternalError, ProgrammingError, IntegrityError)), transaction.atomic():
            statement(**({"results": {}} if statement.__name__ == "update" else {}))
    simulation.refresh_from_db()
    assert simulation.results["cost_yearly"]["total"] == "20440.80"


def test_a_queued_simulation_takes_progress_but_a_finished_one_refuses(organisation):
    simulation = SimulationFactory(municipality=organisation.municipality, total=5)
    Simulation.objects.filter(pk=simulation.pk).update(done=3)
    Simulation.objects.filter(pk=simulation.pk).update(status=Simulation.Status.DONE)
    with pytest.raises((InternalError, ProgrammingError)), transaction.atomic():
        Simulation.objects.filter(pk=simulation.pk).update(done=4)


def test_a_hidden_cell_is_protected_by_a_complementary_one():
    """One scheme's cost over 3 households next to a published total would be the total minus
    the rest: the smallest other non-zero scheme is hidden as well, and with both hidden the
    pair covers at least ten households."""
    from regulations.simulation import aggregate, publish

    raw = aggregate([])
    raw["cost_yearly"] = {
        "total": "1500.00",
        "households_changed": 40,
        "by_scheme": [
            {"scheme": "bijstand", "cost": "1000.00", "households_changed": 25},
            {"scheme": "zorgtoeslag", "cost": "120.00", "households_changed": 3},
            {"scheme": "huurtoeslag", "cost": "380.00", "households_changed": 12},
            {"scheme": "kinderbijslag", "cost": "0.00", "households_changed": 0},
        ],
    }
    published = publish(raw)
    by_scheme = {row["scheme"]: row["cost"] for row in published["cost_yearly"]["by_scheme"]}
    assert by_scheme == {
        "bijstand": "1000.00",
        "zorgtoeslag": None,
        "huurtoeslag": None,
        "kinderbijslag": "0.00",
    }
    assert published["cost_yearly"]["total"] == "1500.00"
    hidden = {(c["table"], c["row"]) for c in published["suppressed"]}
    assert hidden == {("cost_yearly", "zorgtoeslag"), ("cost_yearly", "huurtoeslag")}


@given(
    scheme_counts=st.lists(st.integers(min_value=0, max_value=40), min_size=12, max_size=12),
    band_counts=st.lists(st.integers(min_value=0, max_value=40), min_size=8, max_size=8),
    crossing=st.tuples(*[st.integers(min_value=0, max_value=30)] * 3),
)
@settings(max_examples=300, deadline=None)
def test_published_simulation_figures_never_give_a_small_count_away(
    scheme_counts, band_counts, crossing
):
    """For any consistent figures: no published count lies in 1..9, and wherever a published
    figure is the sum of others (the total of the schemes' costs; all households = winners +
    losers + unchanged; winners and losers = their bands), the hidden cells of that sum are
    none, or at least two covering ten households or more."""
    from core.disclosure import MIN_CELL_DEFAULT
    from regulations.schemes.results import SCHEME_CODES
    from regulations.simulation import BAND_KEYS, aggregate, publish

    bands = dict(zip(BAND_KEYS, band_counts, strict=True))
    gains = {k: v for k, v in bands.items() if k.startswith("winst_")}
    losses = {k: v for k, v in bands.items() if k.startswith("verlies_")}
    raw = aggregate([])
    raw["cost_yearly"] = {
        "total": "1.00",
        "households_changed": sum(scheme_counts),
        "by_scheme": [
            {"scheme": code, "cost": "1.00", "households_changed": count}
            for code, count in zip(SCHEME_CODES, scheme_counts, strict=True)
        ],
    }
    raw["distribution"] = [{"band": band, "households": count} for band, count in bands.items()]
    raw["households"] = sum(band_counts)
    raw["winners"] = {"households": sum(gains.values()), "gain_yearly": "1.00"}
    raw["losers"] = {"households": sum(losses.values()), "loss_yearly": "1.00"}
    stay_below, up, down = crossing
    raw["crossings"] = [
        {
            "level": 100,
            "up": up,
            "down": down,
            "below_before": stay_below + up,
            "below_after": stay_below + down,
        }
    ]
    published = publish(raw)

    def small(value: int | None) -> bool:
        return value is not None and 0 < value < MIN_CELL_DEFAULT

    def safe(hidden: list[int]) -> bool:
        return not hidden or (len(hidden) >= 2 and sum(hidden) >= MIN_CELL_DEFAULT)

    rows = published["cost_yearly"]["by_scheme"]
    shown = {row["band"]: row["households"] for row in published["distribution"]}
    assert not any(small(row["households_changed"]) for row in rows)
    assert not any(small(value) for value in shown.values())
    assert not small(published["winners"]["households"])
    assert not small(published["losers"]["households"])
    assert not any(small(v) for v in published["crossings"][0].values())
    if published["cost_yearly"]["total"] is not None:
        assert safe([c for c, row in zip(scheme_counts, rows, strict=True) if row["cost"] is None])
    groups = {
        "winners": (raw["winners"]["households"], published["winners"]["households"]),
        "losers": (raw["losers"]["households"], published["losers"]["households"]),
        "gelijk": (bands["gelijk"], shown["gelijk"]),
    }
    assert safe([count for count, value in groups.values() if value is None])
    for margin, table in (("winners", gains), ("losers", losses)):
        if groups[margin][1] is not None:
            assert safe([count for key, count in table.items() if shown[key] is None])
    hidden_crossing = [
        raw["crossings"][0][c] for c, v in published["crossings"][0].items() if v is None
    ]
    assert len([c for c in hidden_crossing if c]) != 1


def test_the_simulation_reads_the_same_amounts_from_the_columns_as_from_the_scalar_results():
    """The simulation takes its amounts from the bulk engine's columns; they must be the scalar
    engine's amounts to the cent (yearly per scheme and the monthly total), edge cases included."""
    import random

    from regulations import simulation
    from regulations.schemes.catalogue import default_parameters
    from regulations.schemes.engine import screen
    from regulations.schemes.facts import parse_household
    from regulations.schemes.vector.differential import EdgeCases

    on = date(2026, 7, 1)
    parameters = default_parameters(reference_date=on, municipality_code="GM0363")
    generator = EdgeCases(random.Random(11), parameters)
    households = [parse_household(generator.household()) for _ in range(1500)]
    yearly, monthly = simulation.scheme_amounts(
        households, reference_date=on, parameters=parameters
    )
    for household, columns_yearly, columns_monthly in zip(households, yearly, monthly, strict=True):
        scalar = screen(household, reference_date=on, parameters=parameters, explain=False)
        assert columns_yearly == simulation._yearly(scalar)
        assert columns_monthly == simulation._monthly_total(scalar)


@pytest.mark.parametrize(
    ("on", "municipality", "factor", "changes"),
    [
        (date(2026, 7, 1), "GM0363", "1.10", True),  # current values; winners
        (date(2026, 7, 1), None, "0.90", True),  # losers
        (date(2027, 3, 1), "GM1731", "1.05", True),  # provisional (carried-forward) values
        # Norm parameters missing before the catalogue: no bijstand either way, the sociaal
        # minimum unknown (the scalar engine's rows of the bulk path).
        (date(2023, 8, 1), None, "1.10", False),
    ],
)
def test_the_column_path_gives_the_per_household_figures_exactly(on, municipality, factor, changes):
    """The bulk path of a simulation (``effect_columns`` + ``aggregate_columns``, whole cents)
    against the per-household path (``household_effects`` + ``aggregate``, Decimal): the same
    effect per household and the same figures, on 3,000 edge-case households per case."""
    import random

    from regulations import simulation
    from regulations.schemes.catalogue import default_parameters
    from regulations.schemes.facts import parse_household
    from regulations.schemes.reforms import apply_reform, parse_reform
    from regulations.schemes.vector.differential import EdgeCases, with_new_work

    baseline = default_parameters(reference_date=on, municipality_code=municipality)
    reform = apply_reform(
        baseline,
        parse_reform(
            {
                "name": "Normen",
                "valid_from": on,
                "overrides": [{"key": "bijstand.norm.*", "factor": factor}],
            }
        ),
    )
    rng = random.Random(f"{on}-{factor}")
    generator = EdgeCases(rng, baseline)
    households = [with_new_work(parse_household(generator.household()), rng) for _ in range(3000)]
    expected = simulation.household_effects(
        households, reference_date=on, baseline=baseline, reform=reform
    )
    # In two batches, as the task computes a caseload, joined before the aggregation.
    parts = [
        simulation.effect_columns(part, reference_date=on, baseline=baseline, reform=reform)
        for part in (households[:1234], households[1234:])
    ]
    columns = simulation.EffectColumns.concatenate(parts)
    assert columns.to_effects() == expected
    raw = simulation.aggregate(expected)
    assert simulation.aggregate_columns(columns) == raw
    # The sample holds what the comparison is about (a degenerate generator fails here).
    assert raw["unknown_position"] > 50
    if changes:
        assert raw["cost_yearly"]["households_changed"] > 50
        assert raw["winners"]["households"] + raw["losers"]["households"] > 50
        assert sum(row["up"] + row["down"] for row in raw["crossings"]) > 10
    else:
        assert raw["unknown_position"] == len(households)


def test_the_column_path_of_no_households():
    from regulations import simulation

    empty = simulation.EffectColumns.concatenate([])
    assert simulation.aggregate_columns(empty) == simulation.aggregate([])
