"""The policy officer's signal workspace and report pages: access, pseudonymisation, flows."""

from __future__ import annotations

import json
import re
from decimal import Decimal

from django.urls import reverse

import pytest

from breakthroughs.constants import KnelpuntType, Theme
from casework.models import Member
from signals.constants import ReportStatus, SignalStatus
from signals.models import Signal, SignalReport, SignalStatusChange
from signals.periods import parse_period
from signals.reporting.builder import canonical_json
from signals.services import report_approve, report_generate
from tests.signals.factories import DECIDED, FAMILY, NEED, OTHER_ROLES, approved_breakthroughs

# --- access --------------------------------------------------------------------------------

PAGES = ["signals:workspace", "signals:create", "signals:reports"]


@pytest.mark.parametrize("role", OTHER_ROLES)
@pytest.mark.parametrize("page", PAGES)
def test_other_roles_get_403(client, organisation, role, page):
    client.force_login(organisation.users[role])
    assert client.get(reverse(page)).status_code == 403


def test_anonymous_users_are_sent_to_the_login_page(client, db):
    response = client.get(reverse("signals:workspace"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("role", OTHER_ROLES)
def test_other_roles_get_403_on_a_signal_and_a_report(
    client, organisation, officer, role, make_signal
):
    approved_breakthroughs(organisation.municipality, organisation.team, n=10)
    signal = make_signal(organisation, officer)
    report, _ = report_generate(
        municipality=organisation.municipality, period=parse_period("2026Q3")
    )
    client.force_login(organisation.users[role])
    assert client.get(reverse("signals:detail", args=[signal.public_id])).status_code == 403
    assert client.get(reverse("signals:report-detail", args=[report.report_id])).status_code == 403
    url = reverse("signals:report-approve", args=[report.report_id])
    assert client.post(url).status_code == 403
    report.refresh_from_db()
    assert report.status == ReportStatus.GENERATED


def test_another_municipalitys_signal_and_report_answer_404(
    client, organisation, officer, other_municipality, make_signal
):
    _municipality, _team, other_officer = other_municipality
    approved_breakthroughs(organisation.municipality, organisation.team, n=10)
    signal = make_signal(organisation, officer)
    report, _ = report_generate(
        municipality=organisation.municipality, period=parse_period("2026Q3")
    )
    client.force_login(other_officer)
    urls = [
        reverse("signals:detail", args=[signal.public_id]),
        reverse("signals:edit", args=[signal.public_id]),
        reverse("signals:report-detail", args=[report.report_id]),
        reverse("signals:report-json", args=[report.report_id]),
        reverse("signals:report-csv", args=[report.report_id, "totals"]),
    ]
    for url in urls:
        assert client.get(url).status_code == 404, url
    for name in ("signals:report-approve", "signals:report-send", "signals:report-revise"):
        assert client.post(reverse(name, args=[report.report_id])).status_code == 404
    assert client.post(reverse("signals:move", args=[signal.public_id])).status_code == 404


# --- the pseudonymised workspace -----------------------------------------------------------


def test_workspace_is_pseudonymised(officer_client, organisation):
    items = approved_breakthroughs(organisation.municipality, organisation.team, n=3)
    # A household of another team of the same municipality counts too.
    items += approved_breakthroughs(
        organisation.municipality, organisation.other_team, n=2, family_name="Achterhoekveld"
    )
    response = officer_client.get(reverse("signals:workspace"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "D-0001" in html and "D-0005" in html
    assert FAMILY not in html and "Achterhoekveld" not in html
    assert NEED not in html
    for item in items:
        household = item.household
        assert household.postcode not in html
        assert f"/huishoudens/{household.pk}/" not in html
        for member in Member.objects.filter(household=household).exclude(bsn_hash=""):
            assert member.reveal_bsn() not in html
            assert member.given_name not in html
        # No breakthrough or household id as a value anywhere in a form or link.
        assert f'value="{item.pk}"' not in html
        assert f"/doorbraken/{item.pk}/" not in html


def test_workspace_groups_and_suggests(officer_client, organisation):
    approved_breakthroughs(organisation.municipality, organisation.team, n=3)
    approved_breakthroughs(
        organisation.municipality,
        organisation.team,
        n=1,
        regulation="huurtoeslag",
        article="art. 7",
        knelpunt=KnelpuntType.CLIFF,
        theme=Theme.HOUSING,
    )
    html = officer_client.get(reverse("signals:workspace")).content.decode()
    assert "Maak signaal van deze groep" in html
    # The group of three is suggested; the single one is listed but not suggested.
    suggestions = re.findall(r'<li class="card suggestion">(.*?)</li>', html, re.S)
    # Grouped by the regulation's name, as people know it, not by its code.
    assert len(suggestions) == 1 and "Algemene bijstand (Participatiewet)" in suggestions[0]
    assert "art. 35" in suggestions[0] and "bijstand art. 35" not in suggestions[0]
    assert "Huurtoeslag art. 7" in html


def test_create_a_signal_from_a_suggested_group(officer_client, organisation):
    approved_breakthroughs(organisation.municipality, organisation.team, n=3)
    approved_breakthroughs(
        organisation.municipality, organisation.team, n=2, regulation="zorgtoeslag"
    )
    query = "?regeling=bijstand&artikel=art.+35&knelpunt=samenloop&thema=schulden"
    form = officer_client.get(reverse("signals:create") + query)
    assert form.status_code == 200
    assert 'name="group_regulation" value="bijstand"' in form.content.decode()
    response = officer_client.post(
        reverse("signals:create"),
        {
            "title": "Bijstand en samenloop",
            "regulation_code": "bijstand",
            "article": "art. 35",
            "body": "Gemeente",
            "knelpunt_type": "samenloop",
            "theme": "schulden",
            "description": "Bijzondere bijstand sluit deze kosten uit.",
            "route": "vng",
            "group_regulation": "bijstand",
            "group_article": "art. 35",
            "group_knelpunt": "samenloop",
            "group_theme": "schulden",
        },
    )
    signal = Signal.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("signals:detail", args=[signal.public_id])
    assert signal.links.count() == 3
    detail = officer_client.get(response["Location"]).content.decode()
    assert "€\xa02.550,00" in detail  # bridging cost of the three linked breakthroughs
    assert "€\xa012.000,00" in detail  # avoided cost


@pytest.mark.parametrize(
    ("field", "text"),
    [
        ("description", "Mevrouw met BSN 111222333 kreeg geen bijstand."),
        ("workaround", "Zie 1234 AB, huisnummer 5."),
        ("proposed_fix", "Mail jansen@example.nl voor details."),
    ],
)
def test_text_with_an_identifier_gets_a_field_error(officer_client, organisation, field, text):
    data = {
        "title": "Knelpunt",
        "regulation_code": "bijstand",
        "body": "Gemeente",
        "knelpunt_type": "samenloop",
        "theme": "schulden",
        "description": "Neutrale tekst.",
        "route": "vng",
        field: text,
    }
    response = officer_client.post(reverse("signals:create"), data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert "persoonsgegevens" in response.context["form"].errors[field][0]
    assert not Signal.objects.exists()


def test_edit_link_unlink_move_and_history(officer_client, organisation, officer, make_signal):
    approved_breakthroughs(organisation.municipality, organisation.team, n=4)
    signal = make_signal(organisation, officer)
    detail_url = reverse("signals:detail", args=[signal.public_id])
    page = officer_client.get(detail_url)
    refs = [row.ref for row in page.context["unlinked"]]
    assert len(refs) == 4

    response = officer_client.post(
        reverse("signals:link", args=[signal.public_id]), {"breakthroughs": refs[:3]}
    )
    assert response.status_code == 302
    assert signal.links.count() == 3
    response = officer_client.post(
        reverse("signals:unlink", args=[signal.public_id]), {"ontkoppel-breakthroughs": refs[:1]}
    )
    assert signal.links.count() == 2
    # A made-up reference is refused.
    response = officer_client.post(
        reverse("signals:link", args=[signal.public_id]), {"breakthroughs": ["verzonnen"]}
    )
    assert response.status_code == 400
    assert signal.links.count() == 2

    response = officer_client.post(
        reverse("signals:edit", args=[signal.public_id]),
        {**_form_data(signal), "proposed_fix": "Maak een hardheidsclausule."},
    )
    assert response.status_code == 302
    signal.refresh_from_db()
    assert signal.proposed_fix == "Maak een hardheidsclausule."

    move_url = reverse("signals:move", args=[signal.public_id])
    assert (
        officer_client.post(move_url, {"to_status": "reviewed", "note": "Gelezen"}).status_code
        == 302
    )
    response = officer_client.post(
        move_url,
        {"to_status": "sent", "route": "ministry", "note": "Naar SZW"},
    )
    assert response.status_code == 302
    # Not along the map: a form error, nothing changes.
    response = officer_client.post(move_url, {"to_status": "resolved"})
    assert response.status_code == 400
    signal.refresh_from_db()
    assert signal.status == SignalStatus.SENT and signal.route == "ministry"
    response = officer_client.post(
        move_url, {"to_status": "acknowledged", "answer": "Het ministerie bekijkt het."}
    )
    assert response.status_code == 302
    history = list(
        SignalStatusChange.objects.filter(signal=signal).values_list("to_status", flat=True)
    )
    assert history == ["reviewed", "sent", "acknowledged"]
    html = officer_client.get(detail_url).content.decode()
    assert "Het ministerie bekijkt het." in html and "Naar SZW" in html


def _form_data(signal):
    return {
        "title": signal.title,
        "regulation_code": signal.regulation_code,
        "article": signal.article,
        "body": signal.body,
        "knelpunt_type": signal.knelpunt_type,
        "theme": signal.theme,
        "description": signal.description,
        "workaround": signal.workaround,
        "proposed_fix": signal.proposed_fix,
        "route": signal.route,
    }


def test_edit_refuses_an_identifier(officer_client, organisation, officer, make_signal):
    signal = make_signal(organisation, officer)
    response = officer_client.post(
        reverse("signals:edit", args=[signal.public_id]),
        {**_form_data(signal), "description": "Gezin op 1234 AB heeft geen recht."},
    )
    assert response.status_code == 200
    assert "description" in response.context["form"].errors


# --- reports -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("period", "message"),
    [
        ("2027Q1", "toekomst"),
        ("2026Q4", "nog niet afgesloten"),
        ("kwartaal 3", "Geef een periode"),
    ],
)
def test_generate_form_shows_parse_period_messages(officer_client, organisation, period, message):
    response = officer_client.post(reverse("signals:reports"), {"period": period})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not SignalReport.objects.exists()


def test_generate_approve_send_download_and_revise(
    officer_client, organisation, officer, django_capture_on_commit_callbacks, make_signal
):
    approved_breakthroughs(organisation.municipality, organisation.team, n=12)
    approved_breakthroughs(
        organisation.municipality, organisation.team, n=3, theme=Theme.HOUSING,
        regulation="huurtoeslag", knelpunt=KnelpuntType.CLIFF,
    )  # fmt: skip
    signal = make_signal(organisation, officer)
    from signals.services import signal_move

    signal_move(actor=officer, signal=signal, to_status=SignalStatus.REVIEWED)
    # Reports only take signals created up to the end of the period (signals_for_report).
    Signal.objects.filter(pk=signal.pk).update(created_at=DECIDED)
    list_page = officer_client.get(reverse("signals:reports"))
    assert list_page.context["form"]["period"].value() == "2026Q3"
    response = officer_client.post(reverse("signals:reports"), {"period": "2026Q3"})
    report = SignalReport.objects.get()
    assert response["Location"] == reverse("signals:report-detail", args=[report.report_id])

    html = officer_client.get(response["Location"]).content.decode()
    assert "<svg" in html and "Doorbraken per thema" in html
    assert "&lt; 10" in html  # the housing theme: 3 households
    assert "onderdrukt" in html
    assert FAMILY not in html
    assert "De regel sluit een noodzakelijke tegemoetkoming uit." in html

    json_response = officer_client.get(reverse("signals:report-json", args=[report.report_id]))
    assert json_response.content == canonical_json(report.content)
    assert json_response["Content-Disposition"].startswith("attachment")
    csv_response = officer_client.get(
        reverse("signals:report-csv", args=[report.report_id, "by_theme"])
    )
    assert csv_response["Content-Type"].startswith("text/csv")
    text = csv_response.content.decode()
    assert text.startswith("theme,pillar,breakthroughs")
    assert "wonen,wonen_en_zorg,,,,," in text
    assert (
        officer_client.get(
            reverse("signals:report-csv", args=[report.report_id, "onbekend"])
        ).status_code
        == 404
    )

    officer_client.post(reverse("signals:report-approve", args=[report.report_id]))
    report.refresh_from_db()
    assert report.status == ReportStatus.APPROVED and report.approved_by == officer
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        officer_client.post(reverse("signals:report-send", args=[report.report_id]))
    report.refresh_from_db()
    assert report.status == ReportStatus.SENDING
    assert len(callbacks) == 1  # the delivery task is queued after commit

    # A correction is a new revision.
    SignalReport.objects.filter(pk=report.pk).update(status=ReportStatus.SENT)
    response = officer_client.post(reverse("signals:report-revise", args=[report.report_id]))
    revision = SignalReport.objects.get(revision=2)
    assert response["Location"] == reverse("signals:report-detail", args=[revision.report_id])
    listing = officer_client.get(reverse("signals:reports")).content.decode()
    assert "Opgesteld" in listing and "Verstuurd" in listing
    # An older revision cannot be corrected again.
    response = officer_client.post(reverse("signals:report-revise", args=[report.report_id]))
    assert SignalReport.objects.count() == 2


def test_generate_twice_returns_the_existing_report(officer_client, organisation):
    approved_breakthroughs(organisation.municipality, organisation.team, n=10)
    officer_client.post(reverse("signals:reports"), {"period": "2026Q3"})
    response = officer_client.post(reverse("signals:reports"), {"period": "2026Q3"}, follow=True)
    assert SignalReport.objects.count() == 1
    assert "bestond al" in response.content.decode()


def test_report_detail_shows_delivery_attempts(officer_client, organisation, officer):
    approved_breakthroughs(organisation.municipality, organisation.team, n=10)
    report, _ = report_generate(
        municipality=organisation.municipality, period=parse_period("2026Q3")
    )
    report = report_approve(actor=officer, report=report)
    report.attempts.create(status_code=503, outcome="retry")
    report.attempts.create(status_code=201, outcome="delivered")
    html = officer_client.get(reverse("signals:report-detail", args=[report.report_id])).content
    text = html.decode()
    assert "503" in text and "201" in text and "afgeleverd" in text
    assert json.dumps(report.content)  # serialisable


@pytest.mark.django_db
def test_money_formatting_touches_no_database(django_assert_num_queries):
    from signals.views import euro

    with django_assert_num_queries(0):
        assert euro(Decimal("1234.5")) == "€\xa01.234,50"
        assert euro(None) == ""
