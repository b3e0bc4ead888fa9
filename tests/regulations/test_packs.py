"""Parameter packs: validation per row, the diff, four eyes, an invalid pack changes nothing, the
audit, the command, and the re-screen of affected households on a real worker after approval."""

from __future__ import annotations

import time
from datetime import date, timedelta
from decimal import Decimal
from io import StringIO

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone

import pytest

from core.models import AuditLog
from regulations import services
from regulations.models import ParameterPack, ParameterValue, RescreenRun, Screening
from regulations.schemes.catalogue import DATA_DIR, load_pack_files
from regulations.schemes.packs import PackInvalid, load_yaml, parse_pack
from tests.core.factories import MembershipFactory, UserFactory

NORM = "bijstand.norm.alleenstaande_21_aow"
# The pack tests use their own keys, so new official values in the release's data files do not
# change what these packs mean.
GOOD = """
parameters:
  - key: test.norm
    unit: EUR/maand
    values:
      - {valid_from: 2026-01-01, valid_to: 2026-06-30, value: "1401.50", grade: A, source_url: "https://www.rijksoverheid.nl/normen-januari-2026"}
      - {valid_from: 2026-07-01, valid_to: 2026-12-31, value: "1425.10", grade: A, source_url: "https://www.rijksoverheid.nl/normen-juli-2026"}
  - key: test.gehuwden
    unit: EUR/maand
    values:
      - {valid_from: 2026-01-01, valid_to: 2026-06-30, value: "2002.14", grade: A, source_url: "https://www.rijksoverheid.nl/normen-januari-2026"}
  - key: test.premie
    unit: EUR/jaar
    values:
      - {valid_from: 2026-01-01, valid_to: 2026-11-30, value: "2119", grade: A, source_url: "https://wetten.overheid.nl/BWBR0051838/2026-01-01"}
"""
BAD = """
parameters:
  - key: test.norm
    unit: EUR/maand
    values:
      - {valid_from: 2026-07-01, value: 1425.10, grade: A, source_url: "https://www.rijksoverheid.nl/x"}
      - {valid_from: 2026-08-01, valid_to: 2026-12-31, value: "1425.10", grade: D}
  - key: test.nieuw
    unit: lichtjaren
    values:
      - {valid_from: 2026-07-01, value: "1", grade: A, source_url: "https://example.org/a"}
  - key: test.gehuwden
    unit: EUR/jaar
    values:
      - {valid_from: 2026-05-01, valid_to: 2026-12-31, value: "2040.00", grade: A, source_url: "https://example.org/b"}
"""
STORED = [
    (
        "test.norm",
        "EUR/maand",
        "1401.50",
        date(2026, 6, 30),
        "https://www.rijksoverheid.nl/normen-januari-2026",
    ),
    (
        "test.gehuwden",
        "EUR/maand",
        "2002.13",
        date(2026, 6, 30),
        "https://www.rijksoverheid.nl/normen-januari-2026",
    ),
    (
        "test.premie",
        "EUR/jaar",
        "2119",
        date(2026, 12, 31),
        "https://wetten.overheid.nl/BWBR0051838/2026-01-01",
    ),
]


@pytest.fixture
def catalogue(db):
    call_command("load_regulations", verbosity=0)
    for key, unit, value, valid_to, source_url in STORED:
        ParameterValue.objects.create(
            key=key,
            value=value,
            kind="decimal",
            unit=unit,
            valid_from=date(2026, 1, 1),
            valid_to=valid_to,
            source_url=source_url,
            grade="A",
            origin="file",
        )


@pytest.fixture
def second_admin(organisation, grant_national_parameters):
    user = UserFactory(username="beheer2")
    MembershipFactory(
        user=user, municipality=organisation.municipality, team=None, role="functional_admin"
    )
    return grant_national_parameters(user)


def _snapshot_of_catalogue():
    return sorted(
        ParameterValue.objects.values_list(
            "key", "municipality_code", "valid_from", "valid_to", "value", "origin"
        )
    )


# --- the validator (shared with the release's data files) -------------------------------------


def test_the_release_data_is_a_valid_pack():
    records = load_pack_files(DATA_DIR)
    assert len(records) > 200
    assert all(item.record.source_url.startswith("http") for item in records)


def test_every_row_error_is_reported_in_dutch():
    with pytest.raises(PackInvalid) as caught:
        parse_pack([("pakket.yaml", load_yaml(BAD, source="pakket.yaml"))])
    messages = [str(error) for error in caught.value.errors]
    prefix = "pakket.yaml: test.norm"
    assert f"{prefix} waarde 1: value: schrijf decimalen als tekst" in messages[0]
    assert f"{prefix} waarde 2: grade: betrouwbaarheid A, B of C is verplicht" in messages
    assert f"{prefix} waarde 2: source_url: bron (http(s)-adres) is verplicht" in messages
    assert any("test.nieuw: unit: onbekende eenheid 'lichtjaren'" in m for m in messages)


def test_overlapping_periods_per_key_and_municipality_are_refused():
    pack = """
parameters:
  - key: x.y
    unit: EUR
    values:
      - {valid_from: 2026-01-01, valid_to: 2026-06-30, value: "1", grade: A, source_url: "https://a.nl/1"}
      - {valid_from: 2026-06-30, value: "2", grade: A, source_url: "https://a.nl/2"}
      - {valid_from: 2026-01-01, value: "3", grade: A, source_url: "https://a.nl/3", municipality_code: GM0363}
"""
    with pytest.raises(PackInvalid) as caught:
        parse_pack([("p.yaml", load_yaml(pack, source="p.yaml"))])
    assert [str(e) for e in caught.value.errors] == [
        "p.yaml: x.y waarde 2: valid_from: periode overlapt met de waarde vanaf 2026-01-01 "
        "(tot en met 2026-06-30) van x.y (landelijk)"
    ]
    # the day after the end is fine
    parse_pack(
        [
            (
                "p.yaml",
                load_yaml(
                    pack.replace('2026-06-30, value: "2"', '2026-07-01, value: "2"'),
                    source="p.yaml",
                ),
            )
        ]
    )


def test_malformed_yaml_names_the_line():
    with pytest.raises(PackInvalid) as caught:
        parse_pack([("p.yaml", load_yaml("parameters: [\n  - {key: x", source="p.yaml"))])
    assert "geen geldige YAML (regel" in str(caught.value.errors[0])


# --- upload, diff, four eyes --------------------------------------------------------------------


def _upload(client, content: str, name: str = "normen-juli-2026.yaml"):
    return client.post(
        reverse("regulations:pack-upload"),
        {"pack": SimpleUploadedFile(name, content.encode(), content_type="text/yaml")},
    )


def test_upload_shows_the_diff_per_key_before_anything_changes(client, organisation, catalogue):
    before = _snapshot_of_catalogue()
    client.force_login(organisation.users["functional_admin"])

    response = _upload(client, GOOD)

    pack = ParameterPack.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("regulations:pack-detail", args=[pack.pk])
    assert _snapshot_of_catalogue() == before  # nothing applied yet
    assert pack.status == ParameterPack.Status.PENDING
    diff = {entry["key"]: entry["changes"] for entry in pack.diff}
    assert set(diff) == {"test.norm", "test.gehuwden", "test.premie"}
    # the repeated 1 January value is unchanged and left out; July is new
    assert [(c["change"], c["valid_from"]) for c in diff["test.norm"]] == [("new", "2026-07-01")]
    assert diff["test.norm"][0]["before"] is None
    assert diff["test.norm"][0]["after"]["value"] == "1425.10"
    changed = diff["test.gehuwden"][0]
    assert changed["change"] == "changed"
    assert (changed["before"]["value"], changed["after"]["value"]) == ("2002.13", "2002.14")
    assert changed["fields"] == ["value"]
    ending = diff["test.premie"][0]
    assert ending["change"] == "ending"
    assert (ending["before"]["valid_to"], ending["after"]["valid_to"]) == (
        "2026-12-31",
        "2026-11-30",
    )

    html = client.get(response["Location"]).content.decode()
    assert "1 nieuwe waarden, 1 gewijzigde waarden, 1 waarden die (eerder) eindigen." in html
    assert 'data-change="new" data-key="test.norm"' in html
    assert 'data-testid="four-eyes"' in html  # the uploader sees no approve button
    assert 'value="approve"' not in html
    assert AuditLog.objects.filter(action="parameterpack.upload", object_id=str(pack.pk)).exists()


def test_the_uploader_cannot_approve(client, organisation, catalogue):
    before = _snapshot_of_catalogue()
    uploader = organisation.users["functional_admin"]
    client.force_login(uploader)
    _upload(client, GOOD)
    pack = ParameterPack.objects.get()

    response = client.post(
        reverse("regulations:pack-decide", args=[pack.pk]), {"decision": "approve"}, follow=True
    )

    assert "Vier ogen: een andere functioneel beheerder" in response.content.decode()
    pack.refresh_from_db()
    assert pack.status == ParameterPack.Status.PENDING
    assert _snapshot_of_catalogue() == before
    with pytest.raises(Exception):  # noqa: B017 - the database refuses it as well
        ParameterPack.objects.filter(pk=pack.pk).update(decided_by=uploader)


def test_only_functional_admins_upload_or_decide(client, organisation, catalogue):
    for role in ("policy_officer", "professional", "team_lead", "auditor"):
        client.force_login(organisation.users[role])
        assert _upload(client, GOOD).status_code == 403, role
    assert not ParameterPack.objects.exists()


def test_second_admin_approves_applies_and_audits(
    complete_household,
    client,
    organisation,
    second_admin,
    catalogue,
    django_capture_on_commit_callbacks,
    monkeypatch,
):
    household = complete_household(organisation.team)
    services.screening_run_and_store(household_id=household.pk)
    started: list[dict] = []
    monkeypatch.setattr("regulations.tasks.start_rescreen", lambda **kwargs: started.append(kwargs))
    client.force_login(organisation.users["functional_admin"])
    _upload(client, GOOD)
    pack = ParameterPack.objects.get()
    client.force_login(second_admin)
    assert (
        'value="approve"'
        in client.get(reverse("regulations:pack-detail", args=[pack.pk])).content.decode()
    )

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("regulations:pack-decide", args=[pack.pk]), {"decision": "approve"}
        )

    assert response.status_code == 302
    pack.refresh_from_db()
    assert pack.status == ParameterPack.Status.APPLIED
    assert pack.decided_by == second_admin
    july = ParameterValue.objects.get(key="test.norm", valid_from=date(2026, 7, 1))
    assert (july.value, july.origin, july.grade) == ("1425.10", "pack", "A")
    jan = date(2026, 1, 1)
    assert ParameterValue.objects.get(key="test.gehuwden", valid_from=jan).value == "2002.14"
    assert ParameterValue.objects.get(key="test.premie", valid_from=jan).valid_to == date(
        2026, 11, 30
    )
    audit = AuditLog.objects.get(action="parameterpack.apply", object_id=str(pack.pk))
    assert audit.actor == second_admin
    assert audit.data["created"] == 1 and audit.data["updated"] == 2
    assert audit.data["uploaded_by"] == "functional_admin"
    # no open household's latest screening used these keys: nothing to re-screen
    assert started == []
    # a later load of the release's data files keeps the approved values
    call_command("load_regulations", verbosity=0)
    assert ParameterValue.objects.get(key="test.gehuwden", valid_from=jan).value == "2002.14"


def test_a_pack_whose_diff_went_stale_is_not_applied(organisation, second_admin, catalogue):
    pack = services.pack_submit(
        content=GOOD, filename="p.yaml", actor=organisation.users["functional_admin"]
    )
    # Meanwhile the value is corrected by hand: the diff the approver saw no longer holds.
    ParameterValue.objects.filter(key="test.gehuwden").update(value="2002.14")
    before = _snapshot_of_catalogue()

    with pytest.raises(ValidationError, match="opnieuw in"):
        services.pack_approve(pack_id=pack.pk, actor=second_admin)

    assert _snapshot_of_catalogue() == before
    pack.refresh_from_db()
    assert pack.status == ParameterPack.Status.PENDING


def test_reject_changes_nothing(client, organisation, second_admin, catalogue):
    before = _snapshot_of_catalogue()
    client.force_login(organisation.users["functional_admin"])
    _upload(client, GOOD)
    pack = ParameterPack.objects.get()
    client.force_login(second_admin)
    client.post(reverse("regulations:pack-decide", args=[pack.pk]), {"decision": "reject"})
    pack.refresh_from_db()
    assert pack.status == ParameterPack.Status.REJECTED
    assert _snapshot_of_catalogue() == before
    assert AuditLog.objects.filter(action="parameterpack.reject", actor=second_admin).exists()


def test_an_invalid_pack_changes_nothing_and_lists_every_row(client, organisation, catalogue):
    before = _snapshot_of_catalogue()
    client.force_login(organisation.users["functional_admin"])

    response = _upload(client, BAD)

    assert response.status_code == 422
    html = response.content.decode()
    assert 'data-testid="pack-errors"' in html
    assert "Er is niets gewijzigd." in html
    assert "waarde 2: grade: betrouwbaarheid A, B of C is verplicht" in html
    assert "lichtjaren" in html
    assert not ParameterPack.objects.exists()
    assert _snapshot_of_catalogue() == before
    assert not AuditLog.objects.filter(action__startswith="parameterpack.").exists()


def test_a_pack_that_conflicts_with_the_catalogue_is_refused(client, organisation, catalogue):
    before = _snapshot_of_catalogue()
    client.force_login(organisation.users["functional_admin"])
    conflicting = """
parameters:
  - key: test.gehuwden
    unit: EUR/jaar
    values:
      - {valid_from: 2026-05-01, valid_to: 2026-12-31, value: "2040.00", grade: A, source_url: "https://example.org/b"}
"""
    html = _upload(client, conflicting).content.decode()
    assert "unit: eenheid &#x27;EUR/jaar&#x27; wijkt af van de catalogus" in html
    assert "periode overlapt met de waarde vanaf 2026-01-01 (tot en met 2026-06-30)" in html
    assert _snapshot_of_catalogue() == before


def test_the_pack_is_applied_all_or_nothing(organisation, second_admin, catalogue, monkeypatch):
    pack = services.pack_submit(
        content=GOOD, filename="p.yaml", actor=organisation.users["functional_admin"]
    )
    before = _snapshot_of_catalogue()

    def fail(*args, **kwargs):
        raise RuntimeError("audit store away")

    monkeypatch.setattr("regulations.services.packs.audit_record", fail)
    with pytest.raises(RuntimeError):
        services.pack_approve(pack_id=pack.pk, actor=second_admin)
    assert _snapshot_of_catalogue() == before
    pack.refresh_from_db()
    assert pack.status == ParameterPack.Status.PENDING


# --- the command --------------------------------------------------------------------------------


def test_command_submits_shows_the_diff_and_needs_a_second_admin(
    tmp_path, organisation, second_admin, catalogue
):
    path = tmp_path / "normen.yaml"
    path.write_text(GOOD, encoding="utf-8")
    out = StringIO()
    call_command("import_parameters", str(path), "--user", "functional_admin", stdout=out)
    text = out.getvalue()
    assert "1 nieuw, 1 gewijzigd, 1 eindigt." in text
    assert "nieuw      landelijk vanaf 2026-07-01: 1425.10 EUR/maand t/m 2026-12-31" in text
    assert "(was 2002.13 t/m 2026-06-30)" in text
    pack = ParameterPack.objects.get()
    assert pack.filename == "normen.yaml"

    with pytest.raises(CommandError, match="Vier ogen"):
        call_command("import_parameters", "--approve", str(pack.pk), "--user", "functional_admin")
    call_command(
        "import_parameters", "--approve", str(pack.pk), "--user", "beheer2", stdout=StringIO()
    )
    pack.refresh_from_db()
    assert pack.status == ParameterPack.Status.APPLIED
    assert ParameterValue.objects.filter(key="test.norm", valid_from=date(2026, 7, 1)).exists()


def test_command_with_an_invalid_pack_exits_2_and_changes_nothing(
    tmp_path, organisation, catalogue
):
    before = _snapshot_of_catalogue()
    path = tmp_path / "fout.yaml"
    path.write_text(BAD, encoding="utf-8")
    err = StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("import_parameters", str(path), "--user", "functional_admin", stderr=err)
    assert caught.value.returncode == 2
    assert "fout.yaml: test.norm waarde 2: grade:" in err.getvalue()
    assert _snapshot_of_catalogue() == before
    assert not ParameterPack.objects.exists()


def test_command_refuses_a_user_without_the_role(tmp_path, organisation, catalogue):
    path = tmp_path / "normen.yaml"
    path.write_text(GOOD, encoding="utf-8")
    with pytest.raises(CommandError, match="geen functioneel beheerder"):
        call_command("import_parameters", str(path), "--user", "professional")


# --- re-screening on a real worker ----------------------------------------------------------


@pytest.mark.integration
def test_approval_rescreens_affected_households_on_a_real_worker(
    complete_household, organisation, second_admin, celery_worker
):
    call_command("load_regulations", verbosity=0)
    today = timezone.localdate()
    # Today's single norm ends yesterday: the households are screened provisionally.
    ParameterValue.objects.filter(key__startswith="bijstand.norm.").delete()
    ParameterValue.objects.create(
        key=NORM,
        value="1401.50",
        kind="decimal",
        unit="EUR/maand",
        valid_from=today - timedelta(days=200),
        valid_to=today - timedelta(days=1),
        source_url="https://www.rijksoverheid.nl/",
        grade="A",
        origin="file",
    )
    households = [complete_household(organisation.team, wages=Decimal("900.00")) for _ in range(3)]
    for household in households:
        services.screening_run_and_store(household_id=household.pk)
        assert NORM in services.latest_screening(household_id=household.pk).provisional_keys
    pack = f"""
parameters:
  - key: {NORM}
    unit: EUR/maand
    values:
      - {{valid_from: {today.isoformat()}, value: "1430.00", grade: A, source_url: "https://www.rijksoverheid.nl/normen"}}
"""
    submitted = services.pack_submit(
        content=pack, filename="norm.yaml", actor=organisation.users["functional_admin"]
    )

    services.pack_approve(pack_id=submitted.pk, actor=second_admin)

    deadline = time.monotonic() + 90
    run = None
    while time.monotonic() < deadline:
        run = RescreenRun.objects.first()
        if run is not None and run.status != RescreenRun.Status.RUNNING:
            break
        time.sleep(0.25)
    assert run is not None and run.status == RescreenRun.Status.DONE, run
    assert run.total == 3 and run.done == 3
    for household in households:
        latest = services.latest_screening(household_id=household.pk)
        assert latest.trigger == Screening.Trigger.PARAMETERS
        assert NORM not in latest.provisional_keys
        czv = next(r for r in latest.results if r["scheme"] == "collectieve_zorgverzekering")
        assert czv["version"]["parameters"][NORM] == today.isoformat()
