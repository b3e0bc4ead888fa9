"""Parameter values are scoped per municipality: a functional admin manages only their own
municipality's values, national values need the permission manage_national_parameters, and every
edit in the admin is audited. Through the entry points: the admin, the pack upload and decision
views, the re-screen page."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

import pytest

from core.models import AuditLog, Role, User
from regulations.models import ParameterPack, ParameterValue, RescreenRun
from tests.core.factories import MembershipFactory, MunicipalityFactory, UserFactory
from tests.regulations.factories import ParameterValueFactory

pytestmark = pytest.mark.django_db

FOREIGN = "GM0363"
MODEL_PERMISSIONS = [
    "view_parametervalue",
    "add_parametervalue",
    "change_parametervalue",
    "delete_parametervalue",
]
CHANGELIST = "admin:regulations_parametervalue_changelist"


@pytest.fixture
def local_admin(organisation):
    """A functional admin of the organisation's municipality with the admin's model permissions,
    without the national permission."""
    user = UserFactory(username="gemeentebeheer")
    user.is_staff = True
    user.save()
    MembershipFactory(
        user=user, municipality=organisation.municipality, team=None, role=Role.FUNCTIONAL_ADMIN
    )
    user.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label="regulations", codename__in=MODEL_PERMISSIONS
        )
    )
    return User.objects.get(pk=user.pk)  # fresh: no cached permissions


@pytest.fixture
def rows(organisation):
    MunicipalityFactory(cbs_code=FOREIGN, name="Amsterdam")
    own_code = organisation.municipality.cbs_code
    return {
        "national": ParameterValueFactory(key="test.landelijk", municipality_code=""),
        "own": ParameterValueFactory(key="test.eigen", municipality_code=own_code),
        "foreign": ParameterValueFactory(key="test.vreemd", municipality_code=FOREIGN),
    }


def _url(name: str, row: ParameterValue | None = None) -> str:
    args = [row.pk] if row is not None else []
    return reverse(f"admin:regulations_parametervalue_{name}", args=args)


def _form_data(row: ParameterValue | None = None, **changes: str) -> dict[str, str]:
    data = {
        "key": row.key if row else "test.nieuw",
        "value": '"250.00"',
        "kind": row.kind if row else "money",
        "unit": row.unit if row else "EUR/maand",
        "valid_from": (row.valid_from if row else date(2027, 1, 1)).isoformat(),
        "valid_to": "",
        "municipality_code": row.municipality_code if row else "",
        "source_url": "https://wetten.overheid.nl/",
        "source_title": "",
        "grade": "A",
        "note": "",
    }
    data.update(changes)
    return data


def _grant_national(user: User) -> User:
    user.user_permissions.add(Permission.objects.get(codename="manage_national_parameters"))
    return User.objects.get(pk=user.pk)


# --- the Django admin -----------------------------------------------------------------------


def test_the_changelist_shows_national_and_own_values_not_another_municipalitys(
    client, local_admin, rows
):
    client.force_login(local_admin)
    page = client.get(reverse(CHANGELIST)).content.decode()
    assert "test.landelijk" in page and "test.eigen" in page
    assert "test.vreemd" not in page
    foreign = rows["foreign"]
    for name in ("change", "delete"):
        assert client.get(_url(name, foreign)).status_code in (302, 404), name
    response = client.post(_url("change", foreign), _form_data(foreign, value='"1.00"'))
    assert response.status_code in (302, 404)
    foreign.refresh_from_db()
    assert foreign.value == "100.00"
    assert not AuditLog.objects.filter(action__startswith="parameter.").exists()


def test_a_national_value_is_read_only_without_the_national_permission(client, local_admin, rows):
    national = rows["national"]
    client.force_login(local_admin)
    page = client.get(_url("change", national))
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()  # shown, not editable
    assert client.post(_url("change", national), _form_data(national)).status_code == 403
    assert client.post(_url("delete", national), {"post": "yes"}).status_code == 403
    national.refresh_from_db()
    assert national.value == "100.00"


def test_the_own_municipalitys_value_is_changed_and_audited_with_old_and_new_value(
    client, local_admin, rows, organisation
):
    own = rows["own"]
    client.force_login(local_admin)
    response = client.post(_url("change", own), _form_data(own, value='"123.45"'))
    assert response.status_code == 302, response.content.decode()[:3000]
    own.refresh_from_db()
    assert (own.value, own.origin) == ("123.45", "admin")
    row = AuditLog.objects.get(action="parameter.change")
    assert row.actor == local_admin and row.object_id == str(own.pk)
    assert row.purpose == "parameterbeheer"
    assert row.municipality_code == organisation.municipality.cbs_code
    assert row.data["key"] == "test.eigen"
    assert row.data["municipality_code"] == organisation.municipality.cbs_code
    assert row.data["valid_from"] == "2025-01-01"
    assert row.data["old"]["value"] == "100.00" and row.data["new"]["value"] == "123.45"


def test_a_value_cannot_be_moved_to_another_municipality(client, local_admin, rows):
    own = rows["own"]
    client.force_login(local_admin)
    response = client.post(_url("change", own), _form_data(own, municipality_code=FOREIGN))
    assert response.status_code == 200  # the form again, with the field error
    assert f"U beheert gemeente {FOREIGN} niet." in response.content.decode()
    own.refresh_from_db()
    assert own.municipality_code != FOREIGN
    assert not AuditLog.objects.filter(action__startswith="parameter.").exists()


def test_the_add_form_refuses_another_municipality_and_a_national_value(
    client, local_admin, organisation
):
    client.force_login(local_admin)
    foreign = client.post(_url("add"), _form_data(municipality_code=FOREIGN))
    assert foreign.status_code == 200
    assert f"U beheert gemeente {FOREIGN} niet." in foreign.content.decode()
    national = client.post(_url("add"), _form_data(municipality_code=""))
    assert national.status_code == 200
    assert "Een landelijke waarde (zonder gemeente) wijzigt alleen wie het recht" in (
        national.content.decode()
    )
    assert not ParameterValue.objects.exists()

    own_code = organisation.municipality.cbs_code
    response = client.post(_url("add"), _form_data(municipality_code=own_code))
    assert response.status_code == 302, response.content.decode()[:3000]
    added = ParameterValue.objects.get(key="test.nieuw")
    assert added.municipality_code == own_code
    row = AuditLog.objects.get(action="parameter.add")
    assert row.data["old"] is None and row.data["new"]["value"] == "250.00"


def test_with_the_national_permission_a_national_value_is_edited_and_audited(
    client, local_admin, rows
):
    admin = _grant_national(local_admin)
    national = rows["national"]
    client.force_login(admin)
    page = client.get(_url("change", national)).content.decode()
    assert 'name="_save"' in page
    response = client.post(_url("change", national), _form_data(national, value='"111.11"'))
    assert response.status_code == 302, response.content.decode()[:3000]
    national.refresh_from_db()
    assert national.value == "111.11"
    row = AuditLog.objects.get(action="parameter.change")
    assert row.data["municipality_code"] == ""
    assert (row.data["old"]["value"], row.data["new"]["value"]) == ("100.00", "111.11")
    # Still not another municipality's value: the national right is no municipal right.
    assert client.get(_url("change", rows["foreign"])).status_code in (302, 404)


def test_deleting_the_own_value_is_audited(client, local_admin, rows):
    own = rows["own"]
    client.force_login(local_admin)
    response = client.post(_url("delete", own), {"post": "yes"})
    assert response.status_code == 302
    assert not ParameterValue.objects.filter(pk=own.pk).exists()
    row = AuditLog.objects.get(action="parameter.delete")
    assert row.object_id == str(own.pk)
    assert row.data["old"]["value"] == "100.00" and row.data["new"] is None


def test_a_bulk_delete_with_a_national_value_deletes_nothing(client, local_admin, rows):
    client.force_login(local_admin)
    response = client.post(
        reverse(CHANGELIST),
        {
            "action": "delete_selected",
            "post": "yes",
            "_selected_action": [str(rows["own"].pk), str(rows["national"].pk)],
        },
    )
    assert response.status_code == 403
    assert ParameterValue.objects.count() == 3
    assert not AuditLog.objects.filter(action="parameter.delete").exists()


# --- parameter packs ------------------------------------------------------------------------

OWN_AND_FOREIGN = """
parameters:
  - key: test.gemeentelijk
    unit: EUR/maand
    values:
      - {{valid_from: 2027-01-01, value: "10.00", grade: A, municipality_code: {own}, source_url: "https://lokaleregelgeving.overheid.nl/a"}}
      - {{valid_from: 2027-01-01, value: "20.00", grade: A, municipality_code: GM0363, source_url: "https://lokaleregelgeving.overheid.nl/b"}}
  - key: test.landelijk_pakket
    unit: EUR/maand
    values:
      - {{valid_from: 2027-01-01, value: "30.00", grade: A, source_url: "https://wetten.overheid.nl/c"}}
"""
OWN_ONLY = """
parameters:
  - key: test.gemeentelijk
    unit: EUR/maand
    values:
      - {{valid_from: 2027-01-01, value: "10.00", grade: A, municipality_code: {own}, source_url: "https://lokaleregelgeving.overheid.nl/a"}}
"""
NATIONAL_ONLY = """
parameters:
  - key: test.landelijk_pakket
    unit: EUR/maand
    values:
      - {valid_from: 2027-01-01, value: "30.00", grade: A, source_url: "https://wetten.overheid.nl/c"}
"""


def _upload(client, content: str):  # type: ignore[no-untyped-def]
    return client.post(
        reverse("regulations:pack-upload"),
        {"pack": SimpleUploadedFile("pakket.yaml", content.encode(), content_type="text/yaml")},
    )


def test_a_pack_with_another_municipalitys_and_national_rows_is_refused_per_row(
    client, local_admin, organisation
):
    client.force_login(local_admin)
    response = _upload(client, OWN_AND_FOREIGN.format(own=organisation.municipality.cbs_code))
    assert response.status_code == 422
    page = response.content.decode()
    assert "Het pakket is niet ingelezen: 2 fouten. Er is niets gewijzigd." in page
    assert (
        "pakket.yaml: test.gemeentelijk waarde 2: municipality_code: U beheert gemeente GM0363 niet."
        in page
    )
    assert (
        "pakket.yaml: test.landelijk_pakket waarde 1: municipality_code: Een landelijke waarde"
        in page
    )
    assert not ParameterPack.objects.exists()
    assert not ParameterValue.objects.exists()
    assert not AuditLog.objects.filter(action__startswith="parameterpack.").exists()


def test_a_pack_of_the_own_municipality_is_accepted(client, local_admin, organisation):
    client.force_login(local_admin)
    response = _upload(client, OWN_ONLY.format(own=organisation.municipality.cbs_code))
    assert response.status_code == 302
    assert ParameterPack.objects.get().status == ParameterPack.Status.PENDING


def test_the_approver_needs_the_right_for_every_row_at_decision_time(
    client, local_admin, organisation
):
    # Uploaded by the national admin (the organisation's functional admin in these tests) ...
    client.force_login(organisation.users[Role.FUNCTIONAL_ADMIN])
    assert _upload(client, NATIONAL_ONLY).status_code == 302
    pack = ParameterPack.objects.get()
    # ... approved by a municipality's admin without the national permission: refused.
    client.force_login(local_admin)
    response = client.post(
        reverse("regulations:pack-decide", args=[pack.pk]), {"decision": "approve"}, follow=True
    )
    assert "municipality_code: Een landelijke waarde (zonder gemeente)" in (
        response.content.decode()
    )
    pack.refresh_from_db()
    assert pack.status == ParameterPack.Status.PENDING
    assert not ParameterValue.objects.exists()
    assert not AuditLog.objects.filter(action="parameterpack.apply").exists()

    # With the permission the same admin approves it.
    client.force_login(_grant_national(local_admin))
    client.post(reverse("regulations:pack-decide", args=[pack.pk]), {"decision": "approve"})
    pack.refresh_from_db()
    assert pack.status == ParameterPack.Status.APPLIED
    assert ParameterValue.objects.get(key="test.landelijk_pakket").municipality_code == ""


# --- the manual re-screen of every municipality ---------------------------------------------


def test_the_full_rescreen_needs_the_national_permission(client, local_admin):
    client.force_login(local_admin)
    url = reverse("regulations:rescreen")
    assert client.get(url).status_code == 403
    assert client.post(url, {"reason": "Normen 2027"}).status_code == 403
    assert client.get(reverse("regulations:rescreen-progress")).status_code == 403
    assert not RescreenRun.objects.exists()

    client.force_login(_grant_national(local_admin))
    assert client.post(url, {"reason": "Normen 2027"}).status_code == 302
    assert RescreenRun.objects.count() == 1


def test_the_demo_functional_admin_is_the_national_admin():
    from core.demo import create_demo_organisation

    create_demo_organisation()
    beheer = User.objects.get(username="beheer")
    assert beheer.has_perm("regulations.manage_national_parameters")
    assert not User.objects.get(username="beleid").has_perm(
        "regulations.manage_national_parameters"
    )
