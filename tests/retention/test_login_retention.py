"""Login data (audit rows "auth.*") are kept 6 months, not the 10 years of the access log.

Selectielijst gemeenten 2020, category 19.1.24 "login-gegevens": 6 months from the event. The
term is the installation's (RETENTION_LOGIN_MONTHS), never a municipality's decision: a login row
is shared by every municipality its user works for. Through the nightly draft task, the list
page, the execution task and the terms page: a login row one second before the cutoff (local
midnight of today minus the months) is on the list, one at the cutoff or a second after is not;
a household.read row as old waits for the audit term; a failed anonymous login is covered, a
login of a user of another municipality only is not. The audit line no longer counts logins.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test import RequestFactory, override_settings
from django.urls import reverse
from django.utils import timezone

import pytest

from core.audit import audit_record
from core.models import AuditLog, AuditResult, Role
from retention import services
from retention.constants import LOGIN_RULE
from retention.models import DestructionCertificate, DestructionList, RetentionTermDecision
from retention.services import (
    audit_cutoff,
    destruction_list_approve,
    destruction_list_draft,
    destruction_list_propose,
    login_cutoff,
    months_before,
)
from retention.tasks import draft_destruction_lists, execute_destruction_list
from tests.core.factories import MembershipFactory, MunicipalityFactory, UserFactory
from tests.retention.factories import (
    DestructionListItemFactory,
    RetentionTermDecisionFactory,
    logged_in_client,
)

pytestmark = pytest.mark.django_db

AUDIT, LOGIN = "audit_log", "login_log"
SECOND = timedelta(seconds=1)
IP = "192.0.2.7"


def _backdated(row: AuditLog, timestamp: datetime) -> AuditLog:
    """Back-date an audit row as the owner role may (the app cannot)."""
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE core_auditlog DISABLE TRIGGER core_auditlog_no_update_delete")
        cursor.execute("UPDATE core_auditlog SET timestamp = %s WHERE id = %s", [timestamp, row.pk])
        cursor.execute("ALTER TABLE core_auditlog ENABLE TRIGGER core_auditlog_no_update_delete")
    row.refresh_from_db()
    return row


def _event(actor, timestamp, action="auth.login", **kwargs) -> AuditLog:
    """An audit row from a request (so with an IP address), back-dated."""
    request = RequestFactory().get("/inloggen/", REMOTE_ADDR=IP)
    return _backdated(
        audit_record(actor=actor, action=action, request=request, **kwargs), timestamp
    )


def _failed_anonymous_login(timestamp) -> AuditLog:
    return _event(
        None,
        timestamp,
        action="auth.login_failed",
        result=AuditResult.FAILURE,
        data={"known_account": False},
    )


@pytest.fixture
def elsewhere():
    """A user of another municipality only, and that municipality."""
    municipality = MunicipalityFactory()
    user = UserFactory(username="medewerker_elders")
    MembershipFactory(user=user, municipality=municipality, role=Role.AUDITOR, team=None)
    return municipality, user


# --- drafting ---------------------------------------------------------------------------------


def test_the_draft_lists_login_rows_past_six_months_and_the_audit_line_leaves_them_out(
    organisation, elsewhere
):
    today = timezone.localdate()
    municipality = organisation.municipality
    professional = organisation.users[Role.PROFESSIONAL]
    other_municipality, other_user = elsewhere
    cutoff = login_cutoff(today, 6)
    assert timezone.localtime(cutoff) == timezone.make_aware(
        datetime.combine(months_before(today, 6), time.min)
    )
    before = _event(professional, cutoff - SECOND)
    at_cutoff = _event(professional, cutoff)
    after = _event(professional, cutoff + SECOND)
    anonymous = _failed_anonymous_login(cutoff - timedelta(days=1))
    # A failed login to one of the municipality's accounts carries its code (security_events).
    known_account = _event(
        None,
        cutoff - timedelta(days=1),
        action="auth.lockout",
        result=AuditResult.DENIED,
        municipality_code=municipality.cbs_code,
    )
    mfa_failed = _event(professional, cutoff - timedelta(days=1), action="auth.mfa_failed")
    other = _event(other_user, cutoff - timedelta(days=1))
    # Read as long ago: the access log of a dossier keeps the audit term (10 years).
    read = _event(
        professional,
        cutoff - SECOND,
        action="household.read",
        municipality_code=municipality.cbs_code,
    )
    # Past the audit term as well: a login that old is on the login line, not the audit line.
    ten_years = audit_cutoff(today, 10)
    old_read = _event(
        professional,
        ten_years - SECOND,
        action="household.read",
        municipality_code=municipality.cbs_code,
    )
    old_login = _event(professional, ten_years - SECOND)

    assert draft_destruction_lists.apply().get() == 2  # this municipality and the other one

    destruction_list = DestructionList.objects.get(municipality=municipality)
    line = destruction_list.items.get(record_type=LOGIN)
    assert (line.count, line.cutoff, line.term_months, line.term_years) == (5, cutoff, 6, None)
    assert (line.term_source, line.term_decision) == ("standaard", None)
    assert (line.term_started_on, line.due_on) == (months_before(today, 6), today)
    due = services.login_rows_due(municipality=municipality, cutoff=cutoff)
    assert set(due.values_list("pk", flat=True)) == {
        before.pk,
        anonymous.pk,
        known_account.pk,
        mfa_failed.pk,
        old_login.pk,
    }
    for not_due in (at_cutoff, after, other, read):
        assert not due.filter(pk=not_due.pk).exists()
    audit_line = destruction_list.items.get(record_type=AUDIT)
    assert audit_line.count == 1  # the old household.read only, not the old login
    audit_due = services.audit_rows_due(
        municipality=municipality, cutoff=audit_line.cutoff, reference_date=today
    )
    assert list(audit_due.values_list("pk", flat=True)) == [old_read.pk]
    draft_row = AuditLog.objects.get(
        action="retention.list_draft", municipality_code=municipality.cbs_code
    )
    assert draft_row.data == {"dossiers": 0, "audit_rows": 1, "login_rows": 5}

    # The other municipality's list: its own user's login and the shared anonymous one.
    other_line = DestructionList.objects.get(municipality=other_municipality).items.get()
    assert (other_line.record_type, other_line.count) == (LOGIN, 2)

    page = logged_in_client(organisation.users[Role.AUDITOR]).get(
        reverse("retention:detail", args=[destruction_list.pk])
    )
    assert page.status_code == 200
    text = page.content.decode()
    assert f"Inloggegevens van vóór {timezone.localtime(cutoff):%d-%m-%Y}: 5" in text
    assert f"Bewaartermijn 6 maanden; grondslag: standaardtermijn ({LOGIN_RULE.source})." in text
    assert "19.1.24" in text


def test_a_municipality_with_only_recent_logins_gets_no_list(organisation):
    cutoff = login_cutoff(timezone.localdate(), 6)
    _event(organisation.users[Role.PROFESSIONAL], cutoff)
    _failed_anonymous_login(cutoff + SECOND)

    assert draft_destruction_lists.apply().get() == 0
    assert not DestructionList.objects.exists()


@override_settings(RETENTION_LOGIN_MONTHS=12)
def test_retention_login_months_moves_the_boundary(organisation):
    today = timezone.localdate()
    professional = organisation.users[Role.PROFESSIONAL]
    six, twelve = login_cutoff(today, 6), login_cutoff(today, 12)
    _event(professional, six - timedelta(days=1))  # past 6 months, not past 12
    _event(professional, twelve)
    past_twelve = _event(professional, twelve - SECOND)

    assert draft_destruction_lists.apply().get() == 1

    line = DestructionList.objects.get().items.get()
    assert (line.record_type, line.count, line.cutoff) == (LOGIN, 1, twelve)
    assert (line.term_months, line.term_source) == (12, "omgeving")
    due = services.login_rows_due(municipality=organisation.municipality, cutoff=twelve)
    assert list(due.values_list("pk", flat=True)) == [past_twelve.pk]
    page = logged_in_client(organisation.users[Role.FUNCTIONAL_ADMIN]).get(
        reverse("retention:detail", args=[line.destruction_list_id])
    )
    assert "Bewaartermijn 12 maanden; grondslag: instelling van de installatie." in (
        page.content.decode()
    )


@override_settings(RETENTION_LOGIN_MONTHS=0)
def test_the_login_term_is_never_below_one_month(organisation):
    professional = organisation.users[Role.PROFESSIONAL]
    one_month = login_cutoff(timezone.localdate(), 1)
    _event(professional, one_month - SECOND)
    _event(professional, one_month)

    assert draft_destruction_lists.apply().get() == 1
    line = DestructionList.objects.get().items.get()
    assert (line.term_months, line.count, line.cutoff) == (1, 1, one_month)


def test_six_months_before_the_end_of_august_is_the_end_of_february(organisation):
    assert months_before(date(2026, 8, 31), 6) == date(2026, 2, 28)
    assert months_before(date(2028, 8, 31), 6) == date(2028, 2, 29)  # a leap year
    assert months_before(date(2026, 3, 31), 1) == date(2026, 2, 28)
    assert months_before(date(2026, 1, 15), 6) == date(2025, 7, 15)
    # Through the service on 31 August: the cutoff is local midnight of 28 February.
    professional = organisation.users[Role.PROFESSIONAL]
    cutoff = timezone.make_aware(datetime(2026, 2, 28))
    assert login_cutoff(date(2026, 8, 31), 6) == cutoff
    due = _event(professional, cutoff - SECOND)
    _event(professional, cutoff)

    destruction_list = destruction_list_draft(
        municipality=organisation.municipality, today=date(2026, 8, 31)
    )

    line = destruction_list.items.get()
    assert (line.count, line.cutoff, line.term_started_on) == (1, cutoff, date(2026, 2, 28))
    listed = services.login_rows_due(municipality=organisation.municipality, cutoff=line.cutoff)
    assert list(listed.values_list("pk", flat=True)) == [due.pk]


# --- carrying out -------------------------------------------------------------------------------


def test_execution_strips_the_due_login_rows_and_the_verklaring_names_19_1_24_in_months(
    organisation, admins
):
    today = timezone.localdate()
    municipality = organisation.municipality
    professional = organisation.users[Role.PROFESSIONAL]
    proposer, approver = admins
    cutoff = login_cutoff(today, 6)
    due = [
        _event(professional, cutoff - SECOND),
        _event(professional, cutoff - timedelta(days=40), action="auth.logout"),
        _failed_anonymous_login(cutoff - timedelta(days=1)),
    ]
    kept = _event(professional, cutoff)
    read = _event(
        professional,
        cutoff - SECOND,
        action="household.read",
        municipality_code=municipality.cbs_code,
    )
    assert draft_destruction_lists.apply().get() == 1
    destruction_list = DestructionList.objects.get(municipality=municipality)
    destruction_list_propose(actor=proposer, destruction_list=destruction_list)
    destruction_list_approve(actor=approver, destruction_list=destruction_list)

    number = execute_destruction_list.apply(args=[destruction_list.pk]).get()

    for row in due:
        action, timestamp = row.action, row.timestamp
        row.refresh_from_db()
        assert (row.actor_id, row.actor_username, row.ip_address, row.data) == (None, "", None, {})
        assert row.personal_data_removed_at is not None
        assert (row.action, row.timestamp) == (action, timestamp)  # the event stays
    for row in (kept, read):
        row.refresh_from_db()
        assert (row.actor_id, row.ip_address) == (professional.pk, IP)
        assert row.personal_data_removed_at is None

    certificate = DestructionCertificate.objects.get(number=number)
    (category,) = certificate.content["categorieen"]
    assert category["soort"] == LOGIN
    assert category["omschrijving"] == "Inloggegevens"
    assert category["bewaartermijn_maanden"] == 6
    assert "bewaartermijn_jaren" not in category
    assert "19.1.24" in category["bron"] and "6 maanden" in category["bron"]
    assert category["grondslag_termijn"] == {
        "soort": "standaard",
        "besluit": None,
        "geldt_vanaf": None,
    }
    assert (category["aantal_uitgevoerd"], category["aantal_overgeslagen"]) == (3, 0)
    assert category["termijn_gestart_van"] == months_before(today, 6).isoformat()
    assert certificate.content["totalen"]["inlogregels_zonder_persoonsgegevens"] == 3
    assert certificate.content["totalen"]["auditregels_zonder_persoonsgegevens"] == 0
    assert professional.username not in str(certificate.content)
    page = logged_in_client(approver).get(
        reverse("retention:certificate", args=[destruction_list.pk])
    )
    assert page.status_code == 200
    text = page.content.decode()
    assert "6 maanden" in text and "19.1.24" in text and "Inloggegevens" in text


def test_login_rows_keep_their_personal_data_when_the_execution_fails(
    organisation, admins, monkeypatch
):
    """The login rows are cleared in the transaction of the whole list: all or nothing."""
    proposer, approver = admins
    row = _event(
        organisation.users[Role.PROFESSIONAL], login_cutoff(timezone.localdate(), 6) - SECOND
    )
    destruction_list = destruction_list_draft(
        municipality=organisation.municipality, today=timezone.localdate()
    )
    destruction_list_propose(actor=proposer, destruction_list=destruction_list)
    destruction_list_approve(actor=approver, destruction_list=destruction_list)

    def broken(*args, **kwargs):
        raise RuntimeError("verklaring niet geschreven")

    monkeypatch.setattr(services, "certificate_content", broken)
    with pytest.raises(RuntimeError):
        execute_destruction_list.apply(args=[destruction_list.pk], throw=True).get()

    row.refresh_from_db()
    assert (row.actor_id, row.ip_address, row.personal_data_removed_at) == (
        organisation.users[Role.PROFESSIONAL].pk,
        IP,
        None,
    )
    destruction_list.refresh_from_db()
    assert destruction_list.status == "approved"


def test_the_database_keeps_months_on_the_login_line_and_years_on_the_others(organisation):
    line = {"destruction_list__municipality": organisation.municipality}
    login = {"record_type": LOGIN, "household_id": None, "cutoff": timezone.now()}
    for fields in (
        {**login, "term_years": 10},  # years on the login line
        {**login, "term_years": None},  # no term at all
        {**login, "term_years": None, "term_months": 0},
        {"term_months": 6},  # months on a dossier line
        {"term_years": None},
    ):
        with (
            pytest.raises(IntegrityError, match="destruction_item_term_unit"),
            transaction.atomic(),
        ):
            DestructionListItemFactory(**line, **fields)
    assert DestructionListItemFactory(**line, **login, term_years=None, term_months=6).pk


# --- the terms page: shown, not decided ----------------------------------------------------------


def _terms_url(municipality) -> str:
    return reverse("retention:terms", args=[municipality.pk])


def test_the_terms_page_shows_the_login_term_read_only_with_its_source(organisation, settings):
    client = logged_in_client(organisation.users[Role.FUNCTIONAL_ADMIN])
    page = client.get(_terms_url(organisation.municipality))
    assert page.status_code == 200
    assert (page.context["login_term"].months, page.context["login_term"].source) == (
        6,
        "standaard",
    )
    text = page.content.decode()
    section = text.split('data-testid="term-login_log"')[1].split("</dl>")[0]
    assert "6 maanden" in section and "standaardtermijn" in section
    assert "categorie 19.1.24 (login-gegevens)" in section and "BIO 12.4.2.2" in section
    # The decision form offers the municipality's record types only.
    choices = [value for value, _label in page.context["form"].fields["record_type"].choices]
    assert choices == ["household_dossier", "audit_log"]
    assert 'value="login_log"' not in text
    overview = client.get(reverse("retention:list")).content.decode()
    assert "Inloggegevens: 6 maanden vanaf de gebeurtenis" in overview

    settings.RETENTION_LOGIN_MONTHS = 12
    text = client.get(_terms_url(organisation.municipality)).content.decode()
    section = text.split('data-testid="term-login_log"')[1].split("</dl>")[0]
    assert "12 maanden" in section and "RETENTION_LOGIN_MONTHS" in section


def test_a_decision_on_the_login_term_is_refused_by_form_service_and_database(organisation):
    municipality = organisation.municipality
    admin = organisation.users[Role.FUNCTIONAL_ADMIN]
    response = logged_in_client(admin).post(
        _terms_url(municipality),
        {
            "record_type": LOGIN,
            "years": "1",
            "decision_reference": "Collegebesluit 12-11-2026, nr. 2026/1234",
            "effective_from": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 400
    assert (
        "Kies een soort gegevens uit de lijst." in response.context["form"].errors["record_type"][0]
    )

    with pytest.raises(ValidationError) as refused:
        services.retention_term_decide(
            actor=admin,
            municipality=municipality,
            record_type=LOGIN,
            years=1,
            decision_reference="Collegebesluit 12-11-2026, nr. 2026/1234",
            effective_from=timezone.localdate(),
        )
    assert "geldt voor de hele installatie" in refused.value.message_dict["record_type"][0]

    with pytest.raises(IntegrityError, match="retention_term_type"), transaction.atomic():
        RetentionTermDecisionFactory(municipality=municipality, record_type=LOGIN, years=1)
    assert not RetentionTermDecision.objects.exists()
    assert not AuditLog.objects.filter(
        action="retention.term_decided", result=AuditResult.SUCCESS
    ).exists()
