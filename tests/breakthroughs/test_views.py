"""The breakthrough pages through the Django test client: propose, detail, steps, queues, budgets."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

import pytest

from breakthroughs.constants import MandateLevel, Status, Urgency
from breakthroughs.models import Breakthrough, BreakthroughTransition, BudgetPot, Notification
from breakthroughs.services import breakthrough_transition
from breakthroughs.workflow import Step
from casework.constants import HouseholdStatus
from casework.models import Assessment
from core.models import AuditLog, Role
from regulations.models import Screening
from tests.breakthroughs.factories import BreakthroughFactory, BudgetPotFactory
from tests.casework.factories import HouseholdFactory

pytestmark = pytest.mark.django_db


def step_post(step: str, status: str, motivation: str = "", **extra) -> dict:
    data = {
        f"{step}-step": step,
        f"{step}-expected_status": status,
        f"{step}-motivation": motivation,
    }
    data.update({f"{step}-{key}": value for key, value in extra.items()})
    return data


# --- propose ----------------------------------------------------------------------------------


def test_proposal_form_is_prefilled_from_screening_and_household(
    client, organisation, household, pot
):
    Screening.objects.create(
        household=household,
        reference_date=date.today(),
        inputs={},
        engine_version="test",
        results=[
            {"scheme": "zorgtoeslag", "outcome": "eligible", "received": True, "explanation": []},
            {
                "scheme": "kinderbijslag",
                "outcome": "eligible",
                "non_take_up": True,
                "explanation": [{"rule": "Kind", "article": "art. 7 Algemene Kinderbijslagwet"}],
            },
            {"scheme": "individuele_inkomenstoeslag", "outcome": "not_eligible", "received": True},
            {
                "scheme": "huurtoeslag",
                "outcome": "not_eligible",
                "explanation": [
                    {"rule": "Huur", "article": "art. 11 Wet op de huurtoeslag"},
                    {"rule": "Grens", "article": "art. 13 Wet op de huurtoeslag"},
                ],
            },
            {"scheme": "bijstand", "outcome": "insufficient_data", "explanation": []},
        ],
    )
    client.force_login(organisation.users[Role.PROFESSIONAL])
    response = client.get(reverse("breakthroughs:propose", args=[household.pk]))
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["doormodderen_yearly_cost"] == Decimal("11700.00")
    assert form.initial["budget_pot"] == pot.pk
    rows = [f.initial for f in response.context["formset"].forms]
    # Only what matters: entitled and not received, or no right; not what is received already,
    # nor what waits for data.
    assert [row["scheme"] for row in rows] == ["kinderbijslag", "huurtoeslag"]
    assert rows[1]["article"] == "art. 13 Wet op de huurtoeslag"
    content = response.content.decode()
    assert "Doormodderen of doorbreken" in content
    assert "11.700,00" in content
    assert AuditLog.objects.filter(action="household.read", household_id=household.pk).exists()


def _prefilled_post(proposal_post, pot, **rows: str) -> dict[str, str]:
    """The proposal as the form sends it: two rows pre-filled from the screening (opt-in)."""
    post = proposal_post(pot)
    post.update({"regels-0-prefilled": "True", "regels-1-prefilled": "True"})
    post.update({"regels-0-reason": "", "regels-1-reason": ""})
    post.update(rows)
    return post


def test_prefilled_schemes_not_kept_stay_out_and_need_no_reason(
    proposal_post, client, organisation, household, pot
):
    client.force_login(organisation.users[Role.PROFESSIONAL])
    response = client.post(
        reverse("breakthroughs:propose", args=[household.pk]),
        _prefilled_post(
            proposal_post, pot, **{"regels-1-keep": "on", "regels-1-reason": "Huur te hoog."}
        ),
    )
    assert response.status_code == 302
    rules = Breakthrough.objects.get().rules_checked
    assert [(r["scheme"], r["reason"]) for r in rules] == [("huurtoeslag", "Huur te hoog.")]


def test_a_kept_prefilled_scheme_needs_its_reason(
    proposal_post, client, organisation, household, pot
):
    client.force_login(organisation.users[Role.PROFESSIONAL])
    response = client.post(
        reverse("breakthroughs:propose", args=[household.pk]),
        _prefilled_post(proposal_post, pot, **{"regels-0-keep": "on"}),
    )
    assert response.status_code == 400
    rows = response.context["formset"].forms
    assert rows[0].errors["reason"] == ["Leg uit waarom deze regeling niet past."]
    assert not rows[1].errors
    assert not Breakthrough.objects.exists()


def test_prefilled_rows_show_the_scheme_name_and_a_keep_box(client, organisation, household, pot):
    Screening.objects.create(
        household=household,
        reference_date=date.today(),
        inputs={},
        engine_version="test",
        results=[{"scheme": "huurtoeslag", "outcome": "not_eligible", "explanation": []}],
    )
    client.force_login(organisation.users[Role.PROFESSIONAL])
    content = client.get(reverse("breakthroughs:propose", args=[household.pk])).content.decode()
    assert "Huurtoeslag" in content and 'value="huurtoeslag"' in content
    assert "Meenemen: deze regeling blokkeert de oplossing" in content
    assert 'name="regels-0-DELETE"' not in content


def test_professional_submits_a_proposal(proposal_post, client, organisation, household, pot):
    client.force_login(organisation.users[Role.PROFESSIONAL])
    response = client.post(
        reverse("breakthroughs:propose", args=[household.pk]), proposal_post(pot)
    )
    breakthrough = Breakthrough.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("breakthroughs:detail", args=[breakthrough.pk])
    assert breakthrough.status == Status.SUBMITTED
    assert breakthrough.total_cost == Decimal("1200.00")
    assert breakthrough.mandate_level == MandateLevel.TEAM
    assert breakthrough.due_at is not None
    assert breakthrough.life_domains == ["huisvesting", "financien"]
    assert [r["scheme"] for r in breakthrough.rules_checked] == [
        "bijzondere_bijstand",
        "huurtoeslag",
    ]
    assert breakthrough.doormodderen_yearly_cost == Decimal("11700.00")
    assert Notification.objects.filter(user=organisation.users[Role.TEAM_LEAD]).count() == 1


def test_save_as_draft_and_monthly_cost(proposal_post, client, organisation, household, pot):
    client.force_login(organisation.users[Role.PROFESSIONAL])
    data = proposal_post(
        pot, _actie="concept", cost_kind="monthly", amount="300.00", duration_months="6"
    )
    client.post(reverse("breakthroughs:propose", args=[household.pk]), data)
    breakthrough = Breakthrough.objects.get()
    assert breakthrough.status == Status.DRAFT
    assert breakthrough.total_cost == Decimal("1800.00")
    assert not BreakthroughTransition.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"amount": "0"}, "amount", "Het bedrag moet groter zijn dan nul."),
        ({"amount": "-50"}, "amount", "Het bedrag moet groter zijn dan nul."),
        ({"amount": ""}, "amount", "Dit veld is vereist."),
        ({"budget_pot": "999999"}, "budget_pot", "Kies een bestaand budget."),
        ({"need": ""}, "need", "Dit veld is vereist."),
        ({"cost_kind": "monthly", "duration_months": ""}, "duration_months", "looptijd"),
        ({"regels-1-reason": ""}, None, "Leg uit waarom deze regeling niet past."),
    ],
)
def test_bad_input_shows_a_dutch_error_and_stores_nothing(
    proposal_post, client, organisation, household, pot, overrides, field, message
):
    client.force_login(organisation.users[Role.PROFESSIONAL])
    audit_before = AuditLog.objects.count()
    response = client.post(
        reverse("breakthroughs:propose", args=[household.pk]), proposal_post(pot, **overrides)
    )
    assert response.status_code == 400
    if field:
        assert any(message in error for error in response.context["form"].errors[field])
    assert message in response.content.decode()
    assert not Breakthrough.objects.exists()
    assert AuditLog.objects.count() == audit_before


def test_pot_of_another_team_is_refused(proposal_post, client, organisation, household):
    other_pot = BudgetPotFactory(
        municipality=organisation.municipality, team=organisation.other_team
    )
    client.force_login(organisation.users[Role.PROFESSIONAL])
    response = client.post(
        reverse("breakthroughs:propose", args=[household.pk]), proposal_post(other_pot)
    )
    assert response.status_code == 400
    assert "Kies een bestaand budget." in response.content.decode()
    assert not Breakthrough.objects.exists()


def test_proposal_on_a_closed_case_is_refused(proposal_post, client, organisation, household, pot):
    household.status = HouseholdStatus.CLOSED
    household.save()
    client.force_login(organisation.users[Role.PROFESSIONAL])
    page = client.get(reverse("breakthroughs:propose", args=[household.pk]))
    assert "afgesloten" in page.content.decode()
    response = client.post(
        reverse("breakthroughs:propose", args=[household.pk]), proposal_post(pot)
    )
    assert response.status_code == 400
    assert "Dit huishouden is afgesloten" in response.content.decode()
    assert not Breakthrough.objects.exists()


def test_rows_are_added_and_removed_without_javascript(
    proposal_post, client, organisation, household, pot
):
    client.force_login(organisation.users[Role.PROFESSIONAL])
    url = reverse("breakthroughs:propose", args=[household.pk])
    response = client.post(
        url, proposal_post(pot, **{"_regel_toevoegen": "1", "regels-0-DELETE": "on"})
    )
    assert response.status_code == 200
    rows = [form.initial for form in response.context["formset"].forms]
    # Row 0 was ticked for removal; row 1 stays; one empty row is added.
    assert [row["scheme"] for row in rows] == ["huurtoeslag", ""]
    assert response.context["form"].initial["need"] == "Een eigen plek voor moeder en kind."
    assert not Breakthrough.objects.exists()

    client.post(url, proposal_post(pot, **{"regels-0-DELETE": "on"}))
    assert [r["scheme"] for r in Breakthrough.objects.get().rules_checked] == ["huurtoeslag"]


def test_proposal_page_of_another_team_is_404(client, organisation, household, pot):
    client.force_login(organisation.other_team_users[Role.PROFESSIONAL])
    assert client.get(reverse("breakthroughs:propose", args=[household.pk])).status_code == 404
    client.force_login(organisation.users[Role.POLICY_OFFICER])
    assert client.get(reverse("breakthroughs:propose", args=[household.pk])).status_code == 404


def test_draft_can_be_edited_and_submitted(proposal_post, client, organisation, household, pot):
    draft = BreakthroughFactory(household=household, budget_pot=pot)
    client.force_login(organisation.users[Role.PROFESSIONAL])
    url = reverse("breakthroughs:edit", args=[draft.pk])
    page = client.get(url)
    assert page.status_code == 200
    response = client.post(url, proposal_post(pot, amount="900.00"))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.status, draft.total_cost) == (Status.SUBMITTED, Decimal("900.00"))


# --- detail access --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "status", "expected"),
    [
        ("professional", Status.SUBMITTED, 200),
        ("team_lead", Status.SUBMITTED, 200),
        ("professional_zuid", Status.SUBMITTED, 404),
        ("team_lead_zuid", Status.SUBMITTED, 404),
        ("board_member", Status.SUBMITTED, 404),
        ("board_member", Status.ESCALATED, 200),
        ("policy_officer", Status.SUBMITTED, 404),
        ("policy_officer", Status.ESCALATED, 404),
        ("auditor", Status.ESCALATED, 404),
        ("functional_admin", Status.ESCALATED, 404),
    ],
)
def test_detail_access_matrix(client, organisation, household, pot, who, status, expected):
    users = {**organisation.users}
    users.update({f"{role}_zuid": user for role, user in organisation.other_team_users.items()})
    breakthrough = BreakthroughFactory(household=household, budget_pot=pot, status=status)
    client.force_login(users[who])
    response = client.get(reverse("breakthroughs:detail", args=[breakthrough.pk]))
    assert response.status_code == expected
    if expected == 200:
        read = AuditLog.objects.get(action="breakthrough.read")
        assert (read.household_id, read.object_id) == (household.pk, str(breakthrough.pk))


def test_board_member_keeps_access_to_what_they_decided(client, organisation, household, pot):
    breakthrough = BreakthroughFactory(household=household, budget_pot=pot, status=Status.ESCALATED)
    board = organisation.users[Role.BOARD_MEMBER]
    breakthrough_transition(
        actor=board,
        breakthrough_id=breakthrough.pk,
        step=Step.REJECT,
        expected_status=Status.ESCALATED,
        motivation="Past niet binnen de bedoeling.",
    )
    client.force_login(board)
    response = client.get(reverse("breakthroughs:detail", args=[breakthrough.pk]))
    assert response.status_code == 200
    content = response.content.decode()
    # The board sees the proposal, not the household dossier behind it.
    assert reverse("casework:detail", args=[household.pk]) not in content
    assert "Past niet binnen de bedoeling." in content


def test_detail_shows_everything_and_only_the_allowed_steps(
    make_submitted, client, organisation, household, pot
):
    breakthrough = make_submitted(organisation, household, pot)
    client.force_login(organisation.users[Role.PROFESSIONAL])
    response = client.get(reverse("breakthroughs:detail", args=[breakthrough.pk]))
    assert [row["step"] for row in response.context["steps"]] == [Step.WITHDRAW]
    content = response.content.decode()
    for text in ("Wat is er nodig", "Doormodderen of doorbreken", "Geschiedenis", "Resterend"):
        assert text in content
    client.force_login(organisation.users[Role.TEAM_LEAD])
    response = client.get(reverse("breakthroughs:detail", args=[breakthrough.pk]))
    assert [row["step"] for row in response.context["steps"]] == [
        Step.WITHDRAW,
        Step.APPROVE,
        Step.REJECT,
        Step.ESCALATE,
    ]
    assert 'name="approve-expected_status" value="submitted"' in response.content.decode()


# --- steps through the page -------------------------------------------------------------------


def test_team_lead_approves_within_mandate_and_the_pot_decreases(
    make_submitted, client, organisation, household, pot
):
    breakthrough = make_submitted(organisation, household, pot)
    client.force_login(organisation.users[Role.TEAM_LEAD])
    url = reverse("breakthroughs:step", args=[breakthrough.pk])
    response = client.post(url, step_post(Step.APPROVE, Status.SUBMITTED, "Binnen de regels."))
    assert response.status_code == 302
    pot.refresh_from_db()
    assert pot.remaining == Decimal("8800.00")
    page = client.get(reverse("breakthroughs:detail", args=[breakthrough.pk]))
    assert "8.800,00" in page.content.decode()
    assert "Binnen de regels." in page.content.decode()


def test_a_decision_without_motivation_is_refused(
    make_submitted, client, organisation, household, pot
):
    breakthrough = make_submitted(organisation, household, pot)
    client.force_login(organisation.users[Role.TEAM_LEAD])
    response = client.post(
        reverse("breakthroughs:step", args=[breakthrough.pk]),
        step_post(Step.APPROVE, Status.SUBMITTED, ""),
    )
    assert response.status_code == 400
    assert "Geef een motivering voor dit besluit." in response.content.decode()
    breakthrough.refresh_from_db()
    assert breakthrough.status == Status.SUBMITTED


def test_above_mandate_the_team_lead_escalates_and_the_board_decides(
    make_submitted, client, organisation, household, pot
):
    breakthrough = make_submitted(organisation, household, pot, amount=Decimal("4000.00"))
    assert breakthrough.mandate_level == MandateLevel.BOARD
    url = reverse("breakthroughs:step", args=[breakthrough.pk])
    client.force_login(organisation.users[Role.TEAM_LEAD])
    page = client.get(reverse("breakthroughs:detail", args=[breakthrough.pk]))
    assert "boven mandaat" in page.content.decode()
    response = client.post(url, step_post(Step.APPROVE, Status.SUBMITTED, "Akkoord."))
    assert response.status_code == 409
    assert "boven uw mandaat" in response.content.decode()
    assert "Er is niets gewijzigd." in response.content.decode()
    pot.refresh_from_db()
    assert pot.committed == 0
    response = client.post(url, step_post(Step.ESCALATE, Status.SUBMITTED, "Boven mijn mandaat."))
    assert response.status_code == 302
    breakthrough.refresh_from_db()
    assert breakthrough.status == Status.ESCALATED

    client.force_login(organisation.users[Role.BOARD_MEMBER])
    response = client.post(
        url, step_post(Step.APPROVE, Status.ESCALATED, "Voorkomt uithuisplaatsing.")
    )
    assert response.status_code == 302
    breakthrough.refresh_from_db()
    pot.refresh_from_db()
    assert breakthrough.status == Status.APPROVED
    assert pot.remaining == Decimal("6000.00")


def test_overrun_needs_explicit_consent_of_the_board(
    make_submitted, client, organisation, household
):
    small = BudgetPotFactory(
        municipality=organisation.municipality,
        team=organisation.team,
        amount=Decimal("1000.00"),
        team_lead_limit=Decimal("500.00"),
    )
    breakthrough = make_submitted(organisation, household, small, amount=Decimal("1500.00"))
    breakthrough_transition(
        actor=organisation.users[Role.TEAM_LEAD],
        breakthrough_id=breakthrough.pk,
        step=Step.ESCALATE,
        expected_status=Status.SUBMITTED,
        motivation="Boven mandaat en budget.",
    )
    client.force_login(organisation.users[Role.BOARD_MEMBER])
    url = reverse("breakthroughs:step", args=[breakthrough.pk])
    page = client.get(reverse("breakthroughs:detail", args=[breakthrough.pk]))
    assert "Overschrijding van het budget toestaan" in page.content.decode()
    response = client.post(url, step_post(Step.APPROVE, Status.ESCALATED, "Noodzakelijk."))
    assert response.status_code == 409
    assert "overschrijding uitdrukkelijk toestaan" in response.content.decode()
    small.refresh_from_db()
    assert (small.committed, small.overrun_allowed) == (0, 0)

    response = client.post(
        url,
        step_post(
            Step.APPROVE, Status.ESCALATED, "Noodzakelijk: ontruiming dreigt.", allow_overrun="on"
        ),
    )
    assert response.status_code == 302
    small.refresh_from_db()
    breakthrough.refresh_from_db()
    assert breakthrough.overrun_approved == Decimal("500.00")
    assert (small.committed, small.overrun_allowed) == (Decimal("1500.00"), Decimal("500.00"))
    history = BreakthroughTransition.objects.filter(transition=Step.APPROVE).get()
    assert history.data["overrun_motivation"] == "Noodzakelijk: ontruiming dreigt."


def test_stale_decision_shows_the_message_and_changes_nothing(
    make_submitted, client, organisation, household, pot
):
    breakthrough = make_submitted(organisation, household, pot)
    # Someone else withdrew it after the team lead opened the page.
    breakthrough_transition(
        actor=organisation.users[Role.PROFESSIONAL],
        breakthrough_id=breakthrough.pk,
        step=Step.WITHDRAW,
        expected_status=Status.SUBMITTED,
        motivation="Niet meer nodig.",
    )
    client.force_login(organisation.users[Role.TEAM_LEAD])
    response = client.post(
        reverse("breakthroughs:step", args=[breakthrough.pk]),
        step_post(Step.APPROVE, Status.SUBMITTED, "Akkoord."),
    )
    assert response.status_code == 409
    content = response.content.decode()
    assert "intussen gewijzigd (nu: Ingetrokken)" in content
    assert 'role="alert"' in content
    pot.refresh_from_db()
    assert pot.committed == 0
    assert BreakthroughTransition.objects.filter(breakthrough=breakthrough).count() == 2


def test_carry_out_and_evaluate_through_the_page(
    make_submitted, client, organisation, household, pot
):
    breakthrough = make_submitted(organisation, household, pot)
    breakthrough_transition(
        actor=organisation.users[Role.TEAM_LEAD],
        breakthrough_id=breakthrough.pk,
        step=Step.APPROVE,
        expected_status=Status.SUBMITTED,
        motivation="Akkoord.",
    )
    assessment = Assessment.objects.create(
        household=household,
        assessed_on=date.today(),
        assessed_by=organisation.users[Role.PROFESSIONAL],
    )
    client.force_login(organisation.users[Role.PROFESSIONAL])
    url = reverse("breakthroughs:step", args=[breakthrough.pk])
    assert client.post(url, step_post(Step.CARRY_OUT, Status.APPROVED)).status_code == 302
    pot.refresh_from_db()
    assert (pot.committed, pot.spent) == (0, Decimal("1200.00"))
    missing = client.post(url, step_post(Step.EVALUATE, Status.CARRIED_OUT))
    assert missing.status_code == 400
    assert "Kies ja, gedeeltelijk of nee." in missing.content.decode()
    response = client.post(
        url,
        step_post(
            Step.EVALUATE,
            Status.CARRIED_OUT,
            goal_reached="partly",
            follow_up_assessment=str(assessment.pk),
            doormodderen_after_yearly_cost="2000.00",
            notes="Woning behouden; schulden nog niet rond.",
        ),
    )
    assert response.status_code == 302
    breakthrough.refresh_from_db()
    assert breakthrough.status == Status.EVALUATED
    assert breakthrough.evaluation.follow_up_assessment == assessment
    page = client.get(reverse("breakthroughs:detail", args=[breakthrough.pk]))
    assert "Gedeeltelijk" in page.content.decode()
    assert "2.000,00" in page.content.decode()


def test_other_team_lead_cannot_post_a_step(make_submitted, client, organisation, household, pot):
    breakthrough = make_submitted(organisation, household, pot)
    client.force_login(organisation.other_team_users[Role.TEAM_LEAD])
    response = client.post(
        reverse("breakthroughs:step", args=[breakthrough.pk]),
        step_post(Step.APPROVE, Status.SUBMITTED, "Akkoord."),
    )
    assert response.status_code == 404


# --- queues, notifications -------------------------------------------------------------------


def test_team_queue_orders_acute_first_then_due_time_and_flags(
    make_submitted, client, organisation, household, pot
):
    now = timezone.now()
    regular_late = make_submitted(organisation, household, pot)
    regular_early = make_submitted(organisation, household, pot, amount=Decimal("3000.00"))
    acute = make_submitted(organisation, household, pot, urgency=Urgency.ACUTE)
    Breakthrough.objects.filter(pk=regular_late.pk).update(due_at=now + timedelta(days=5))
    Breakthrough.objects.filter(pk=regular_early.pk).update(due_at=now - timedelta(hours=1))
    Breakthrough.objects.filter(pk=acute.pk).update(due_at=now + timedelta(days=9))
    BreakthroughFactory(
        household=HouseholdFactory(team=organisation.other_team), status=Status.SUBMITTED
    )
    client.force_login(organisation.users[Role.TEAM_LEAD])
    response = client.get(reverse("breakthroughs:queue"))
    queue = response.context["team_queue"]
    assert [item.pk for item in queue] == [acute.pk, regular_early.pk, regular_late.pk]
    assert [item.is_overdue for item in queue] == [False, True, False]
    assert [item.above_mandate for item in queue] == [False, True, False]
    content = response.content.decode()
    assert 'data-flag="overdue"' in content and 'data-flag="above-mandate"' in content
    assert response.context["board_queue"] is None


def test_board_queue_lists_escalated_items_by_due_time(client, organisation, household, pot):
    first = BreakthroughFactory(household=household, budget_pot=pot, status=Status.ESCALATED)
    second = BreakthroughFactory(household=household, budget_pot=pot, status=Status.ESCALATED)
    BreakthroughFactory(household=household, budget_pot=pot, status=Status.SUBMITTED)
    now = timezone.now()
    Breakthrough.objects.filter(pk=first.pk).update(due_at=now + timedelta(days=3))
    Breakthrough.objects.filter(pk=second.pk).update(due_at=now + timedelta(days=1))
    client.force_login(organisation.users[Role.BOARD_MEMBER])
    response = client.get(reverse("breakthroughs:queue"))
    assert [item.pk for item in response.context["board_queue"]] == [second.pk, first.pk]
    assert response.context["team_queue"] is None


def test_queue_is_for_deciders_only(client, organisation):
    client.force_login(organisation.users[Role.PROFESSIONAL])
    assert client.get(reverse("breakthroughs:queue")).status_code == 403


def _queue_rows(make_submitted, organisation, household, pot, count):
    for _ in range(count):
        make_submitted(organisation, household, pot)


def test_queue_query_count_does_not_grow(
    make_submitted, client, organisation, household, pot, django_assert_num_queries
):
    client.force_login(organisation.users[Role.TEAM_LEAD])
    url = reverse("breakthroughs:queue")
    _queue_rows(make_submitted, organisation, household, pot, 2)
    client.get(url)  # warm up session and caches
    # Three of the eight are the audit: the INSERT of the look at the queue, the persons of the
    # households shown (their pseudonyms, one query for all), and one INSERT of a row per need.
    with django_assert_num_queries(8):
        client.get(url)
    _queue_rows(make_submitted, organisation, household, pot, 8)
    with django_assert_num_queries(8):
        response = client.get(url)
    assert len(response.context["team_queue"]) == 10
    assert AuditLog.objects.filter(action="breakthrough.queue.read").count() == 2 + 2 + 10


def test_notifications_are_listed_and_marked_read(
    make_submitted, client, organisation, household, pot
):
    make_submitted(organisation, household, pot)
    lead = organisation.users[Role.TEAM_LEAD]
    notification = Notification.objects.get(user=lead)
    client.force_login(lead)
    page = client.get(reverse("breakthroughs:notifications"))
    assert "wacht op uw besluit" in page.content.decode()
    client.post(reverse("breakthroughs:notification-read", args=[notification.pk]))
    notification.refresh_from_db()
    assert notification.read_at is not None
    # Someone else's notification cannot be touched.
    client.force_login(organisation.users[Role.PROFESSIONAL])
    response = client.post(reverse("breakthroughs:notification-read", args=[notification.pk]))
    assert response.status_code == 404


def test_mark_all_notifications_read(make_submitted, client, organisation, household, pot):
    make_submitted(organisation, household, pot)
    make_submitted(organisation, household, pot)
    lead = organisation.users[Role.TEAM_LEAD]
    client.force_login(lead)
    client.post(reverse("breakthroughs:notifications-read"))
    assert not Notification.objects.filter(user=lead, read_at__isnull=True).exists()


# --- budget pots ------------------------------------------------------------------------------


def test_team_lead_sees_the_pots_of_their_teams(client, organisation, pot, board_pot):
    other = BudgetPotFactory(municipality=organisation.municipality, team=organisation.other_team)
    client.force_login(organisation.users[Role.TEAM_LEAD])
    response = client.get(reverse("breakthroughs:pots"))
    assert [row["pot"].pk for row in response.context["rows"]] == [pot.pk]
    assert other.name not in response.content.decode()
    assert "<svg" in response.content.decode()
    assert not response.context["can_manage"]
    assert client.get(reverse("breakthroughs:pot-create")).status_code == 403


def test_pots_page_is_not_for_professionals(client, organisation):
    client.force_login(organisation.users[Role.PROFESSIONAL])
    assert client.get(reverse("breakthroughs:pots")).status_code == 403


def test_functional_admin_creates_and_edits_pots(client, organisation, pot):
    admin = organisation.users[Role.FUNCTIONAL_ADMIN]
    client.force_login(admin)
    listing = client.get(reverse("breakthroughs:pots"))
    assert listing.context["can_manage"]
    url = reverse("breakthroughs:pot-create")
    data = {
        "name": "Maatwerkbudget Zuid",
        "team": str(organisation.other_team.pk),
        "year": str(date.today().year),
        "amount": "0",
        "team_lead_limit": "2500",
        "spending_rules": "",
    }
    response = client.post(url, data)
    assert response.status_code == 400
    assert "Het budget moet groter zijn dan nul." in response.content.decode()
    assert not BudgetPot.objects.filter(name="Maatwerkbudget Zuid").exists()
    assert client.post(url, {**data, "amount": "20000"}).status_code == 302
    created = BudgetPot.objects.get(name="Maatwerkbudget Zuid")
    assert (created.team, created.amount) == (organisation.other_team, Decimal("20000"))
    assert AuditLog.objects.filter(action="budget_pot.create", object_id=str(created.pk)).exists()

    # Lowering a pot below what it has committed is refused.
    BudgetPot.objects.filter(pk=pot.pk).update(committed=Decimal("4000.00"))
    edit = reverse("breakthroughs:pot-edit", args=[pot.pk])
    response = client.post(
        edit,
        {"name": pot.name, "team": str(pot.team_id), "year": str(pot.year), "amount": "3000",
         "team_lead_limit": "2500", "spending_rules": ""},
    )  # fmt: skip
    assert response.status_code == 400
    assert "het budget kan niet lager" in response.content.decode()
    response = client.post(
        edit,
        {"name": pot.name, "team": str(pot.team_id), "year": str(pot.year), "amount": "12000",
         "team_lead_limit": "3000", "spending_rules": "Alleen eenmalige kosten."},
    )  # fmt: skip
    assert response.status_code == 302
    pot.refresh_from_db()
    assert (pot.amount, pot.team_lead_limit) == (Decimal("12000"), Decimal("3000"))


# --- case section and navigation --------------------------------------------------------------


def test_case_section_lists_breakthroughs_with_a_propose_link(client, organisation, household, pot):
    breakthrough = BreakthroughFactory(household=household, budget_pot=pot, status=Status.APPROVED)
    client.force_login(organisation.users[Role.PROFESSIONAL])
    url = reverse("breakthroughs:case-section", args=[household.pk])
    partial = client.get(url, headers={"HX-Request": "true"})
    content = partial.content.decode()
    assert "<html" not in content
    assert reverse("breakthroughs:propose", args=[household.pk]) in content
    assert reverse("breakthroughs:detail", args=[breakthrough.pk]) in content
    assert "Goedgekeurd" in content
    full = client.get(url)
    assert "<html" in full.content.decode()
    client.force_login(organisation.other_team_users[Role.PROFESSIONAL])
    assert client.get(url).status_code == 404


def test_case_section_is_registered():
    from casework.sections import sections_for

    keys = [section["key"] for section in sections_for(1)]
    assert "doorbraken" in keys


@pytest.mark.parametrize(
    ("role", "labels"),
    [
        (Role.PROFESSIONAL, {"Doorbraken"}),
        (Role.TEAM_LEAD, {"Doorbraken", "Beoordelen", "Budgetten"}),
        (Role.BOARD_MEMBER, {"Beoordelen"}),
        (Role.FUNCTIONAL_ADMIN, {"Budgetten"}),
        (Role.POLICY_OFFICER, set()),
    ],
)
def test_navigation_entries_per_role(client, organisation, role, labels):
    client.force_login(organisation.users[role])
    response = client.get(reverse("core:dashboard"))
    shown = {str(item["label"]) for item in response.context["nav_items"]}
    assert shown & {"Doorbraken", "Beoordelen", "Budgetten"} == labels


def test_list_page_shows_the_teams_breakthroughs(client, organisation, household, pot):
    own = BreakthroughFactory(household=household, budget_pot=pot)
    BreakthroughFactory(household=HouseholdFactory(team=organisation.other_team))
    client.force_login(organisation.users[Role.PROFESSIONAL])
    response = client.get(reverse("breakthroughs:list"))
    assert [item.pk for item in response.context["page"].object_list] == [own.pk]
    filtered = client.get(reverse("breakthroughs:list"), {"status": "approved"})
    assert list(filtered.context["page"].object_list) == []


# --- demo data and the pots command --------------------------------------------------------------


def test_demo_seeding_gives_pots_and_breakthroughs_in_various_statuses(db):
    from breakthroughs.demo import seed_breakthroughs
    from casework.demo import seed_households
    from core.demo import create_demo_organisation

    organisation = create_demo_organisation()
    seed_households(organisation=organisation, count=10, seed=7, if_empty=False)
    created = seed_breakthroughs(municipality=organisation.municipality)
    assert created == 7
    assert seed_breakthroughs(municipality=organisation.municipality) == 0  # idempotent
    pots = BudgetPot.objects.filter(municipality=organisation.municipality)
    assert pots.count() == len(organisation.teams) + 1
    assert pots.filter(team__isnull=True, amount=Decimal("400000.00")).exists()
    statuses = set(Breakthrough.objects.values_list("status", flat=True))
    assert {Status.DRAFT, Status.SUBMITTED, Status.ESCALATED, Status.REJECTED} <= statuses
    assert {Status.APPROVED, Status.CARRIED_OUT, Status.EVALUATED} <= statuses
    for pot in pots:
        assert pot.remaining >= 0


def test_budget_pots_command(db, organisation):
    from django.core.management import call_command

    call_command("budget_pots", organisation.municipality.cbs_code, "--year", "2030",
                 "--board-amount", "100000")  # fmt: skip
    call_command("budget_pots", organisation.municipality.cbs_code, "--year", "2030")
    pots = BudgetPot.objects.filter(year=2030)
    assert pots.count() == 3
    assert pots.get(team__isnull=True).amount == Decimal("100000")
