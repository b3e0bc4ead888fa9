"""Retention terms decided per municipality in the app, with their history.

The nightly draft uses each municipality's own term in force on the draft day: a municipality
that decided on 15 years does not get a dossier closed 12 years ago on its list, another one
without a decision (the 10-year default) does. The boundaries are pinned to the day: a dossier
closed exactly `years` ago is due, one closed a day later is not; a decision effective today
applies, one effective tomorrow does not. The decisions are append-only and audited, and only a
functional admin of the municipality records one (auditors read along, others get 404 or 403).
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db import DatabaseError, IntegrityError, connection, transaction
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import reverse
from django.utils import timezone

import pytest

from core.audit import audit_record
from core.models import AuditLog, AuditResult, Role
from retention import services
from retention.models import DestructionList, RetentionTermDecision
from retention.services import audit_cutoff, years_before
from retention.tasks import draft_destruction_lists
from tests.core.factories import MembershipFactory, MunicipalityFactory, TeamFactory, UserFactory
from tests.retention.factories import (
    RetentionTermDecisionFactory,
    closed_household,
    logged_in_client,
)

pytestmark = pytest.mark.django_db

DOSSIER, AUDIT = "household_dossier", "audit_log"


def _backdated(row, timestamp):
    """Back-date an audit row as the owner role may (the app cannot)."""
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE core_auditlog DISABLE TRIGGER core_auditlog_no_update_delete")
        cursor.execute("UPDATE core_auditlog SET timestamp = %s WHERE id = %s", [timestamp, row.pk])
        cursor.execute("ALTER TABLE core_auditlog ENABLE TRIGGER core_auditlog_no_update_delete")
    return row


def _old_audit_row(municipality, timestamp):
    """An audit row of the municipality, back-dated."""
    row = audit_record(actor=None, action="household.read", municipality_code=municipality.cbs_code)
    return _backdated(row, timestamp)


def _terms_url(municipality) -> str:
    return reverse("retention:terms", args=[municipality.pk])


def _decide(client, municipality, **overrides):
    data = {
        "record_type": DOSSIER,
        "years": "15",
        "decision_reference": "Collegebesluit 12-11-2026, nr. 2026/1234",
        "effective_from": timezone.localdate().isoformat(),
        **overrides,
    }
    return client.post(_terms_url(municipality), data)


# --- the nightly draft --------------------------------------------------------------------------


def test_the_draft_task_uses_each_municipalitys_term_in_force_on_the_day(organisation):
    today = timezone.localdate()
    admin = organisation.users[Role.FUNCTIONAL_ADMIN]
    wmo = organisation.municipality  # decided on 15 years, effective today
    RetentionTermDecisionFactory(
        municipality=wmo,
        years=12,
        effective_from=today - timedelta(days=400),
        entered_by=admin,
    )
    for record_type in (DOSSIER, AUDIT):
        RetentionTermDecisionFactory(
            municipality=wmo, record_type=record_type, years=15, effective_from=today
        )
    plain = MunicipalityFactory()  # no decision in force: the 10-year default
    plain_team = TeamFactory(municipality=plain)
    RetentionTermDecisionFactory(municipality=plain, years=15, effective_from=today + timedelta(1))

    twelve_years = years_before(today, 12)
    wmo_twelve = closed_household(organisation.team, twelve_years)
    wmo_on_the_day = closed_household(organisation.team, years_before(today, 15))
    wmo_day_later = closed_household(organisation.team, years_before(today, 15) + timedelta(days=1))
    plain_twelve = closed_household(plain_team, twelve_years)
    plain_on_the_day = closed_household(plain_team, years_before(today, 10))
    plain_day_later = closed_household(plain_team, years_before(today, 10) + timedelta(days=1))
    # Audit rows: due under 10 years but not under 15, and just past 15 years.
    wmo_cutoff, plain_cutoff = audit_cutoff(today, 15), audit_cutoff(today, 10)
    _old_audit_row(wmo, plain_cutoff - timedelta(microseconds=1))
    _old_audit_row(wmo, wmo_cutoff - timedelta(microseconds=1))
    _old_audit_row(wmo, wmo_cutoff)
    _old_audit_row(plain, plain_cutoff - timedelta(microseconds=1))
    _old_audit_row(plain, plain_cutoff)

    assert draft_destruction_lists.apply().get() == 2

    wmo_list = DestructionList.objects.get(municipality=wmo)
    dossiers = wmo_list.items.filter(record_type=DOSSIER)
    assert set(dossiers.values_list("household_id", flat=True)) == {wmo_on_the_day.pk}
    assert wmo_twelve.pk not in set(dossiers.values_list("household_id", flat=True))
    assert wmo_day_later.pk not in set(dossiers.values_list("household_id", flat=True))
    assert dossiers.get().term_years == 15
    assert dossiers.get().due_on == today
    audit_line = wmo_list.items.get(record_type=AUDIT)
    assert (audit_line.count, audit_line.term_years) == (1, 15)
    assert audit_line.cutoff == wmo_cutoff

    plain_list = DestructionList.objects.get(municipality=plain)
    dossiers = plain_list.items.filter(record_type=DOSSIER)
    assert set(dossiers.values_list("household_id", flat=True)) == {
        plain_twelve.pk,
        plain_on_the_day.pk,
    }
    assert plain_day_later.pk not in set(dossiers.values_list("household_id", flat=True))
    assert set(dossiers.values_list("term_years", flat=True)) == {10}
    audit_line = plain_list.items.get(record_type=AUDIT)
    assert (audit_line.count, audit_line.term_years) == (1, 10)
    assert audit_line.cutoff == plain_cutoff


def _old_shared_row(actor, timestamp):
    """An audit row without a municipality (an MFA enrolment, or an anonymous event), back-dated.
    Not a login: login rows have their own line and term (test_login_retention)."""
    return _backdated(audit_record(actor=actor, action="mfa.enrol"), timestamp)


def test_a_shorter_municipal_term_does_not_clear_rows_it_shares_before_the_installation_term(
    organisation,
):
    """Rows without a municipality code (an MFA enrolment, an anonymous event) may belong to
    several municipalities: they wait for the installation's term (10 years by default) even where a
    municipality decided on 5 years for its own rows."""
    today = timezone.localdate()
    municipality = organisation.municipality
    RetentionTermDecisionFactory(
        municipality=municipality, record_type=AUDIT, years=5, effective_from=today
    )
    professional = organisation.users[Role.PROFESSIONAL]
    own_cutoff, shared_cutoff = audit_cutoff(today, 5), audit_cutoff(today, 10)
    own = _old_audit_row(municipality, own_cutoff - timedelta(microseconds=1))
    _old_shared_row(None, own_cutoff - timedelta(microseconds=1))
    _old_shared_row(professional, own_cutoff - timedelta(microseconds=1))
    _old_shared_row(None, shared_cutoff)
    past_both = [
        _old_shared_row(None, shared_cutoff - timedelta(microseconds=1)),
        _old_shared_row(professional, shared_cutoff - timedelta(microseconds=1)),
    ]

    assert draft_destruction_lists.apply().get() == 1

    line = DestructionList.objects.get(municipality=municipality).items.get(record_type=AUDIT)
    assert (line.count, line.term_years, line.cutoff) == (3, 5, own_cutoff)
    due = services.audit_rows_due(
        municipality=municipality, cutoff=own_cutoff, reference_date=today
    )
    assert set(due.values_list("pk", flat=True)) == {own.pk, *(row.pk for row in past_both)}


def test_without_a_decision_the_environment_term_applies(organisation, settings):
    settings.RETENTION_TERM_YEARS = {DOSSIER: 12}
    today = timezone.localdate()
    on_the_day = closed_household(organisation.team, years_before(today, 12))
    closed_household(organisation.team, years_before(today, 12) + timedelta(days=1))

    assert draft_destruction_lists.apply().get() == 1
    item = DestructionList.objects.get().items.get()
    assert (item.household_id, item.term_years) == (on_the_day.pk, 12)
    page = logged_in_client(organisation.users[Role.FUNCTIONAL_ADMIN]).get(
        _terms_url(organisation.municipality)
    )
    state = {s.record_type: s for s in page.context["states"]}
    assert (state[DOSSIER].years, state[DOSSIER].source) == (12, "omgeving")
    assert (state[AUDIT].years, state[AUDIT].source) == (10, "standaard")


# --- the page -----------------------------------------------------------------------------------


def test_an_admin_records_a_decision_which_is_audited_and_supersedes_the_previous(organisation):
    admin = organisation.users[Role.FUNCTIONAL_ADMIN]
    client = logged_in_client(admin)
    municipality = organisation.municipality
    overview = client.get(reverse("retention:list")).content.decode()
    assert _terms_url(municipality) in overview

    page = client.get(_terms_url(municipality))
    assert page.status_code == 200
    text = page.content.decode()
    assert "standaardtermijn" in text
    assert "Selectielijst gemeenten en intergemeentelijke organen 2020" in text  # RULES source
    # The category behind each default, so the archivist can check it against the list.
    assert "categorie 8.1 (voorziening verstrekt)" in text and "19.1.24" in text
    assert "Nieuw besluit vastleggen" in text

    response = _decide(client, municipality, effective_from="2026-01-01")
    assert response.status_code == 302
    first = RetentionTermDecision.objects.get()
    assert (first.years, first.entered_by, first.record_type) == (15, admin, DOSSIER)
    assert first.decision_reference == "Collegebesluit 12-11-2026, nr. 2026/1234"
    row = AuditLog.objects.get(action="retention.term_decided")
    assert (row.actor_id, row.result, row.purpose) == (admin.pk, AuditResult.SUCCESS, "archivering")
    assert row.municipality_code == municipality.cbs_code
    assert (row.object_type, row.object_id) == ("retention.retentiontermdecision", str(first.pk))
    assert row.data == {
        "record_type": DOSSIER,
        "years": 15,
        "effective_from": "2026-01-01",
        "below_default": False,
    }

    response = _decide(
        client, municipality, years="20", decision_reference="Collegebesluit nr. 2026/2000"
    )
    assert response.status_code == 302
    page = client.get(_terms_url(municipality))
    state = {s.record_type: s for s in page.context["states"]}[DOSSIER]
    assert (state.years, state.source, state.default_years) == (20, "besluit", 10)
    assert state.decision.decision_reference == "Collegebesluit nr. 2026/2000"
    assert [d.years for d in state.history] == [20, 15]
    text = page.content.decode()
    assert "besluit: Collegebesluit nr. 2026/2000" in text
    assert "vervangen" in text and "geldt nu" in text
    assert AuditLog.objects.filter(action="retention.term_decided").count() == 2


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"years": "0"}, "years", "Een bewaartermijn ligt tussen 1 en 100 jaar."),
        ({"years": "101"}, "years", "Een bewaartermijn ligt tussen 1 en 100 jaar."),
        ({"years": "vijftien"}, "years", "Vul een heel aantal jaren in."),
        ({"decision_reference": "   "}, "decision_reference", "Vermeld het besluit"),
        ({"effective_from": ""}, "effective_from", "Vul de datum in waarop het besluit ingaat."),
        ({"effective_from": "2026-01-31"}, "effective_from", "vóór die van het laatste besluit"),
        ({"record_type": "anders"}, "record_type", "Kies een soort gegevens uit de lijst."),
    ],
)
def test_a_wrong_decision_gets_a_dutch_error_on_its_field(organisation, overrides, field, message):
    municipality = organisation.municipality
    latest = RetentionTermDecisionFactory(
        municipality=municipality, years=12, effective_from=date(2026, 2, 1)
    )
    response = _decide(
        logged_in_client(organisation.users[Role.FUNCTIONAL_ADMIN]), municipality, **overrides
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert list(errors) == [field]
    assert message in errors[field][0]
    assert list(RetentionTermDecision.objects.all()) == [latest]
    assert not AuditLog.objects.filter(action="retention.term_decided").exists()


@pytest.mark.parametrize("record_type", [DOSSIER, AUDIT])
def test_a_term_below_the_default_needs_an_explicit_confirmation(organisation, record_type):
    """Below the default (10 years; for dossiers the Selectielijst's) records go earlier than
    the source allows: one year less needs the admin's confirmation, the default itself not."""
    municipality = organisation.municipality
    client = logged_in_client(organisation.users[Role.FUNCTIONAL_ADMIN])

    response = _decide(client, municipality, record_type=record_type, years="9")
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert list(errors) == ["below_default_confirmed"]
    assert (
        "9 jaar is korter dan de standaardtermijn van 10 jaar"
        in errors["below_default_confirmed"][0]
    )
    assert not RetentionTermDecision.objects.exists()

    confirmed = {"record_type": record_type, "below_default_confirmed": "on"}
    assert _decide(client, municipality, years="9", **confirmed).status_code == 302
    assert _decide(client, municipality, record_type=record_type, years="10").status_code == 302
    assert list(RetentionTermDecision.objects.order_by("pk").values_list("years", flat=True)) == [
        9,
        10,
    ]
    rows = AuditLog.objects.filter(action="retention.term_decided").order_by("pk")
    assert [row.data["below_default"] for row in rows] == [True, False]


def test_a_decision_on_the_date_of_the_latest_is_accepted(organisation):
    municipality = organisation.municipality
    RetentionTermDecisionFactory(municipality=municipality, effective_from=timezone.localdate())
    client = logged_in_client(organisation.users[Role.FUNCTIONAL_ADMIN])
    assert _decide(client, municipality, years="16").status_code == 302
    # An effective date a day before the latest one is refused (the boundary above).
    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()
    assert _decide(client, municipality, effective_from=yesterday).status_code == 400


def test_the_decision_and_its_audit_row_commit_together(organisation, monkeypatch):
    def broken_audit(**kwargs):
        raise RuntimeError("audit log unavailable")

    monkeypatch.setattr(services, "audit_record", broken_audit)
    with pytest.raises(RuntimeError):
        _decide(
            logged_in_client(organisation.users[Role.FUNCTIONAL_ADMIN]), organisation.municipality
        )
    assert not RetentionTermDecision.objects.exists()


def test_the_auditor_reads_the_terms_but_cannot_decide(organisation):
    municipality = organisation.municipality
    RetentionTermDecisionFactory(municipality=municipality, decision_reference="Besluit nr. 7")
    auditor = organisation.users[Role.AUDITOR]
    client = logged_in_client(auditor)
    page = client.get(_terms_url(municipality))
    assert page.status_code == 200
    assert "Besluit nr. 7" in page.content.decode()
    assert "Nieuw besluit vastleggen" not in page.content.decode()
    assert _decide(client, municipality).status_code == 403
    assert RetentionTermDecision.objects.count() == 1
    denied = AuditLog.objects.get(action="retention.term_decided")
    assert (denied.actor_id, denied.result) == (auditor.pk, AuditResult.DENIED)


@pytest.mark.parametrize(
    "role", [Role.PROFESSIONAL, Role.TEAM_LEAD, Role.BOARD_MEMBER, Role.POLICY_OFFICER]
)
def test_other_roles_get_404(organisation, role):
    client = logged_in_client(organisation.users[role])
    assert client.get(_terms_url(organisation.municipality)).status_code == 404
    assert _decide(client, organisation.municipality).status_code == 404
    assert not RetentionTermDecision.objects.exists()


def test_an_admin_of_another_municipality_gets_404_and_sees_only_their_own(organisation):
    other = MunicipalityFactory()
    outsider = UserFactory()
    MembershipFactory(user=outsider, municipality=other, role=Role.FUNCTIONAL_ADMIN, team=None)
    client = logged_in_client(outsider)
    assert client.get(_terms_url(organisation.municipality)).status_code == 404
    assert _decide(client, organisation.municipality).status_code == 404
    assert not RetentionTermDecision.objects.exists()
    assert client.get(_terms_url(other)).status_code == 200
    overview = client.get(reverse("retention:list")).content.decode()
    assert _terms_url(other) in overview
    assert _terms_url(organisation.municipality) not in overview


def test_an_anonymous_visitor_is_sent_to_the_login(organisation, settings):
    response = Client().get(_terms_url(organisation.municipality))
    assert response.status_code == 302
    assert response["Location"].startswith(resolve_url(settings.LOGIN_URL))


# --- append-only ------------------------------------------------------------------------------


def test_a_decision_is_never_changed_or_removed(organisation):
    decision = RetentionTermDecisionFactory(municipality=organisation.municipality)
    with pytest.raises(PermissionError):
        decision.save()
    with pytest.raises(PermissionError):
        decision.delete()
    with pytest.raises(PermissionError):
        RetentionTermDecision.objects.filter(pk=decision.pk).update(years=1)
    with pytest.raises(PermissionError):
        RetentionTermDecision.objects.filter(pk=decision.pk).delete()
    for statement in (
        "UPDATE retention_retentiontermdecision SET years = 1 WHERE id = %s",
        "DELETE FROM retention_retentiontermdecision WHERE id = %s",
    ):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(statement, [decision.pk])
    decision.refresh_from_db()
    assert decision.years == 15


@pytest.mark.parametrize(
    "fields", [{"years": 0}, {"years": 101}, {"decision_reference": ""}, {"record_type": "x"}]
)
def test_the_database_refuses_a_decision_out_of_range(organisation, fields):
    with pytest.raises(IntegrityError), transaction.atomic():
        RetentionTermDecisionFactory(municipality=organisation.municipality, **fields)
