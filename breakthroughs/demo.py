"""Demo data for breakthroughs: budget pots per demo team, a board pot, and a handful of
breakthroughs in various statuses (through the services, so history and budgets add up).

Called from `seed_demo` after the demo organisation and its households exist. Idempotent: pots
are created when missing; breakthroughs only when the municipality has none yet.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils import timezone

from breakthroughs.constants import (
    Category,
    CostKind,
    GoalReached,
    KnelpuntType,
    LegalRoute,
    Pillar,
    Theme,
    Urgency,
)
from breakthroughs.models import Breakthrough, BudgetPot
from breakthroughs.services import breakthrough_propose, breakthrough_transition
from breakthroughs.workflow import Step
from casework.constants import HouseholdStatus
from casework.models import Household
from core.models import Membership, Municipality, Role, Team, User

TEAM_POT_AMOUNT = Decimal("25000.00")
TEAM_LEAD_LIMIT = Decimal("2500.00")
# Zaanstad made 400,000 euro a year available (research/doorbraak-domain.md 1.4).
BOARD_POT_AMOUNT = Decimal("400000.00")
BOARD_POT_NAME = "Doorbraakbudget gemeente"

# need, blocking problem, action, category, legal route, theme, pillar, amount, cost kind,
# months, avoided, the steps to take after submitting (by role), urgency, regulation, knelpunt.
SCENARIOS: list[dict[str, Any]] = [
    {
        "need": "Een eigen huis voor moeder en baby; nu slapen ze bij vrienden.",
        "blocking_problem": "Zonder borg geen huurcontract; de bijzondere bijstand wacht op een "
        "huurcontract.",
        "action": "De borg van de woning betalen uit het maatwerkbudget.",
        "category": Category.HOUSING, "legal_route": LegalRoute.BUDGET_ONLY,
        "theme": Theme.HOUSING, "pillar": Pillar.HOUSING_CARE, "amount": "1150.00",
        "regulation_code": "bijzondere_bijstand", "article": "art. 35 Participatiewet",
        "knelpunt_type": KnelpuntType.CONCURRENCE, "avoided": "14000.00",
        "steps": [(Step.APPROVE, Role.TEAM_LEAD), (Step.CARRY_OUT, Role.PROFESSIONAL),
                  (Step.EVALUATE, Role.PROFESSIONAL)],
    },
    {
        "need": "Rust: de zorgverzekeraar dreigt met schorsing en de man kan dan niet naar de "
        "tandarts voor zijn sollicitaties.",
        "blocking_problem": "Premieachterstand bij de zorgverzekeraar; schuldhulp kan pas na "
        "stabilisatie.",
        "action": "De premieachterstand aflossen zodat de collectieve verzekering kan starten.",
        "category": Category.DEBTS, "legal_route": LegalRoute.POLICY_ROOM,
        "theme": Theme.DEBTS, "pillar": Pillar.INCOME, "amount": "890.00",
        "regulation_code": "collectieve_zorgverzekering", "article": "art. 35 Participatiewet",
        "knelpunt_type": KnelpuntType.IMPLEMENTATION, "avoided": "3000.00",
        "steps": [(Step.APPROVE, Role.TEAM_LEAD), (Step.CARRY_OUT, Role.PROFESSIONAL)],
    },
    {
        "need": "Een slaapkamer voor de zoon bij moeder in plaats van een gesloten plaatsing.",
        "blocking_problem": "Geen passende woning; de jeugdzorg kent alleen de plaatsing.",
        "action": "Een unit in de tuin plaatsen voor de zoon (eenmalig).",
        "category": Category.YOUTH, "legal_route": LegalRoute.POWER_TO_DEVIATE,
        "theme": Theme.HOUSING, "pillar": Pillar.HOUSING_CARE, "amount": "5000.00",
        "regulation_code": "", "article": "",
        "knelpunt_type": KnelpuntType.NO_POWER_TO_DEVIATE, "avoided": "146000.00",
        "steps": [(Step.ESCALATE, Role.TEAM_LEAD), (Step.APPROVE, Role.BOARD_MEMBER)],
    },
    {
        "need": "Boodschappen kunnen doen tot de uitkering loopt.",
        "blocking_problem": "Acht weken wachttijd voor de bijstand; geen buffer.",
        "action": "Drie maanden een leefgeldbijdrage tot de eerste betaling.",
        "category": Category.INCOME_GAP, "legal_route": LegalRoute.BUDGET_ONLY,
        "theme": Theme.EXECUTABLE_SYSTEM, "pillar": Pillar.INCOME, "amount": "250.00",
        "cost_kind": CostKind.MONTHLY, "months": 3, "urgency": Urgency.ACUTE,
        "regulation_code": "bijstand", "article": "art. 44 Participatiewet",
        "knelpunt_type": KnelpuntType.IMPLEMENTATION, "avoided": "2500.00",
        "steps": [],
    },
    {
        "need": "Werk bij de sociaal ontwikkelbedrijf zonder de toeslagen te verliezen.",
        "blocking_problem": "De terugvordering van toeslagen maakt werken onaantrekkelijk.",
        "action": "Overbrugging van de terugvordering voor een half jaar.",
        "category": Category.WORK, "legal_route": LegalRoute.HARDSHIP_CLAUSE,
        "theme": Theme.LABOUR_DISABILITY, "pillar": Pillar.WORK, "amount": "4200.00",
        "regulation_code": "zorgtoeslag", "article": "art. 26 Awir",
        "knelpunt_type": KnelpuntType.RECOVERY, "avoided": "6000.00",
        "steps": [(Step.ESCALATE, Role.TEAM_LEAD)],
    },
    {
        "need": "Een nieuwe koelkast; de oude is kapot.",
        "blocking_problem": "Geen geld.",
        "action": "Een koelkast betalen uit het budget.",
        "category": Category.OTHER, "legal_route": LegalRoute.BUDGET_ONLY,
        "theme": Theme.DEBTS, "pillar": Pillar.INCOME, "amount": "450.00",
        "regulation_code": "", "article": "", "knelpunt_type": "", "avoided": "0.00",
        "steps": [(Step.REJECT, Role.TEAM_LEAD)],
        "reject_reason": "Past binnen de reguliere bijzondere bijstand: eerst daar aanvragen.",
    },
    {
        "need": "Weer naar school kunnen met een fiets.",
        "blocking_problem": "Nog te onderzoeken.",
        "action": "Een fiets via de kledingbank.",
        "category": Category.YOUTH, "legal_route": LegalRoute.POLICY_ROOM,
        "theme": Theme.CARE, "pillar": Pillar.HUMAN_MEASURE, "amount": "300.00",
        "regulation_code": "", "article": "", "knelpunt_type": "", "avoided": "0.00",
        "draft": True, "steps": [],
    },
]  # fmt: skip


def seed_budget_pots(*, municipality: Municipality, year: int | None = None) -> list[BudgetPot]:
    """One pot per team and one board pot for the year; existing pots are left as they are."""
    year = year or timezone.localdate().year
    pots = []
    for team in Team.objects.filter(municipality=municipality).order_by("name"):
        pot, _created = BudgetPot.objects.get_or_create(
            municipality=municipality,
            name=f"Maatwerkbudget {team.name}",
            year=year,
            defaults={
                "team": team,
                "amount": TEAM_POT_AMOUNT,
                "team_lead_limit": TEAM_LEAD_LIMIT,
                "spending_rules": "Eenmalige kosten die een doorbraak mogelijk maken.",
            },
        )
        pots.append(pot)
    board, _created = BudgetPot.objects.get_or_create(
        municipality=municipality,
        name=BOARD_POT_NAME,
        year=year,
        defaults={
            "team": None,
            "amount": BOARD_POT_AMOUNT,
            "team_lead_limit": Decimal("0.00"),
            "spending_rules": "Doorbraken boven het teammandaat, na besluit van het doorbraakteam.",
        },
    )
    pots.append(board)
    return pots


def _user(municipality: Municipality, role: str, team: Team | None) -> User | None:
    memberships = Membership.objects.filter(municipality=municipality, role=role)
    if team is not None:
        memberships = memberships.filter(team=team)
    membership = memberships.select_related("user").order_by("id").first()
    return membership.user if membership else None


def seed_breakthroughs(*, municipality: Municipality, year: int | None = None) -> int:
    """Create the demo pots and, once, the demo breakthroughs. Returns how many were created."""
    pots = seed_budget_pots(municipality=municipality, year=year)
    if Breakthrough.objects.filter(municipality=municipality).exists():
        return 0
    pot_by_team = {pot.team_id: pot for pot in pots if pot.team_id}
    board = _user(municipality, Role.BOARD_MEMBER, None)
    households = list(
        Household.objects.filter(
            municipality=municipality,
            team_id__in=list(pot_by_team),
            status=HouseholdStatus.OPEN,
        )
        .select_related("team")
        .order_by("id")[: len(SCENARIOS)]
    )
    created = 0
    for household, scenario in zip(households, SCENARIOS, strict=False):
        professional = _user(municipality, Role.PROFESSIONAL, household.team)
        lead = _user(municipality, Role.TEAM_LEAD, household.team)
        if professional is None or lead is None:
            continue
        actors = {Role.PROFESSIONAL: professional, Role.TEAM_LEAD: lead, Role.BOARD_MEMBER: board}
        data = {
            "need": scenario["need"],
            "blocking_problem": scenario["blocking_problem"],
            "life_domains": ["financien", "huisvesting"],
            "rules_checked": [],
            "action": scenario["action"],
            "category": scenario["category"],
            "legal_route": scenario["legal_route"],
            "regulation_code": scenario["regulation_code"],
            "article": scenario["article"],
            "knelpunt_type": scenario["knelpunt_type"],
            "cost_kind": scenario.get("cost_kind", CostKind.ONE_OFF),
            "amount": Decimal(scenario["amount"]),
            "duration_months": scenario.get("months", 1),
            "budget_pot": pot_by_team[household.team_id],
            "theme": scenario["theme"],
            "pillar": scenario["pillar"],
            "urgency": scenario.get("urgency", Urgency.REGULAR),
            "expected_avoided_cost": Decimal(scenario["avoided"]),
            "avoided_cost_basis": "Schatting met de prijslijst van de effectencalculator.",
        }
        item = breakthrough_propose(
            actor=professional, household=household, data=data, submit=not scenario.get("draft")
        )
        for step, role in scenario["steps"]:
            actor = actors[role]
            if actor is None:
                break
            motivation = {
                Step.APPROVE: "Rechtmatig binnen de bedoeling van de wet; voorkomt hogere kosten.",
                Step.ESCALATE: "Boven het mandaat van de teamleider.",
                Step.REJECT: scenario.get("reject_reason", "Past niet."),
            }.get(step, "")
            item = breakthrough_transition(
                actor=actor,
                breakthrough_id=item.pk,
                step=step,
                expected_status=item.status,
                motivation=motivation,
                evaluation={"goal_reached": GoalReached.YES, "notes": "Doel bereikt."}
                if step == Step.EVALUATE
                else None,
            )
        created += 1
    return created
