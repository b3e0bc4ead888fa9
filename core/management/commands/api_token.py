"""Personal API tokens: issue (shown once), list and revoke, per user."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from core.models import ApiToken, User
from core.services import api_token_issue, api_token_revoke


class Command(BaseCommand):
    help = (
        "API-tokens van een gebruiker: `issue` (het token wordt één keer getoond), `list` en "
        "`revoke` (alle tokens, of één met --id)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["issue", "list", "revoke"])
        parser.add_argument("--user", required=True, help="gebruikersnaam")
        parser.add_argument("--name", default="API", help="waarvoor het token is (bij issue)")
        parser.add_argument("--days", type=int, default=None, help="geldigheid in dagen")
        parser.add_argument("--id", type=int, action="append", dest="ids", help="token-id")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["user"]).first()
        if user is None:
            raise CommandError(f"Gebruiker {options['user']!r} bestaat niet.")
        if options["action"] == "issue":
            try:
                _token, key = api_token_issue(
                    actor=None, user=user, name=options["name"], days=options["days"]
                )
            except ValidationError as exc:
                raise CommandError(" ".join(exc.messages)) from exc
            self.stdout.write(key)
        elif options["action"] == "list":
            for token in ApiToken.objects.filter(user=user):
                state = "bruikbaar" if token.is_usable else "niet bruikbaar"
                self.stdout.write(
                    f"{token.pk}\t{token.prefix}…\t{token.name}\t"
                    f"verloopt {token.expires_at:%Y-%m-%d}\t{state}"
                )
        else:
            count = api_token_revoke(actor=None, user=user, token_ids=options["ids"])
            self.stdout.write(f"{count} token(s) ingetrokken.")
