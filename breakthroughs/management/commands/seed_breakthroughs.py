from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from breakthroughs.demo import seed_breakthroughs
from core.demo import create_demo_organisation


class Command(BaseCommand):
    help = "Demo: budgetpotten per team, een pot voor het doorbraakteam en enkele doorbraken."

    def handle(self, *args: Any, **options: Any) -> None:
        organisation = create_demo_organisation()
        seed_breakthroughs(municipality=organisation.municipality)
        self.stdout.write(self.style.SUCCESS("Demo-doorbraken en budgetten klaar."))
