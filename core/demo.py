"""Demo organisation for `make run`: one municipality, two teams and one user per role."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import Permission
from django.db import transaction

from core.models import Membership, Municipality, Role, Team, User

DEMO_PASSWORD = "doorbraak-demo"  # noqa: S105 - printed for the embedded demo only
DEMO_MUNICIPALITY = ("GM0479", "Zaanstad")
# The demo's functional admin is also the installation's national admin: the embedded default
# has national parameter values only, and they are changed and re-screened by this one admin.
NATIONAL_PARAMETERS_PERMISSION = ("regulations", "manage_national_parameters")
DEMO_TEAMS = (("Wijkteam Centrum", "wijkteam"), ("Schuldhulp Oost", "schuldhulp"))

# username, first name, last name, role, index of the team (None: municipality-wide)
DEMO_USERS: tuple[tuple[str, str, str, Role, int | None], ...] = (
    ("professional", "Fatima", "El Amrani", Role.PROFESSIONAL, 0),
    ("teamleider", "Jeroen", "de Vries", Role.TEAM_LEAD, 0),
    ("doorbraakteam", "Ingrid", "Bakker", Role.BOARD_MEMBER, None),
    ("beleid", "Sanne", "Visser", Role.POLICY_OFFICER, None),
    ("beheer", "Ahmed", "Yilmaz", Role.FUNCTIONAL_ADMIN, None),
    ("auditor", "Kees", "Jansen", Role.AUDITOR, None),
    ("professional2", "Lotte", "Smit", Role.PROFESSIONAL, 1),
    ("teamleider2", "Mohamed", "Bouzid", Role.TEAM_LEAD, 1),
)


@dataclass(frozen=True)
class DemoOrganisation:
    municipality: Municipality
    teams: list[Team]
    users: list[User]


@transaction.atomic
def create_demo_organisation() -> DemoOrganisation:
    """Idempotent: running it twice gives the same organisation."""
    municipality, _ = Municipality.objects.get_or_create(
        cbs_code=DEMO_MUNICIPALITY[0], defaults={"name": DEMO_MUNICIPALITY[1]}
    )
    teams = [
        Team.objects.get_or_create(municipality=municipality, name=name, defaults={"kind": kind})[0]
        for name, kind in DEMO_TEAMS
    ]
    users = []
    for username, first, last, role, team_index in DEMO_USERS:
        user, created = User.objects.get_or_create(
            username=username, defaults={"first_name": first, "last_name": last}
        )
        if created:
            # Hashing is deliberately slow; only new demo users get a password.
            user.set_password(DEMO_PASSWORD)
            user.email = f"{username}@zaanstad.example"
            # The admin site is where a functional admin grants rights.
            user.is_staff = role == Role.FUNCTIONAL_ADMIN
            user.save()
        Membership.objects.get_or_create(
            user=user,
            municipality=municipality,
            team=teams[team_index] if team_index is not None else None,
            role=role,
        )
        if role == Role.FUNCTIONAL_ADMIN:
            app_label, codename = NATIONAL_PARAMETERS_PERMISSION
            user.user_permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )
        users.append(user)
    return DemoOrganisation(municipality=municipality, teams=teams, users=users)
