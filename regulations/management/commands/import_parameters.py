"""Import a parameter pack from the command line, with the same checks and four eyes as the page.

manage.py import_parameters PACK.yaml --user NAME      validate, show the diff, store pending
manage.py import_parameters --approve ID --user NAME   a second functional admin applies it
manage.py import_parameters --reject ID --user NAME
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from core.models import User
from regulations import selectors, services
from regulations.models import ParameterPack

CHANGE_LABELS = {"new": "nieuw", "changed": "gewijzigd", "ending": "eindigt"}


class Command(BaseCommand):
    help = (
        "Controleert een parameterpakket (YAML, zelfde opbouw als regulations/data/parameters), "
        "toont de wijzigingen en zet het klaar; een tweede functioneel beheerder keurt goed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", nargs="?", help="het pakket (YAML)")
        parser.add_argument("--user", required=True, help="gebruikersnaam (functioneel beheerder)")
        decision = parser.add_mutually_exclusive_group()
        decision.add_argument("--approve", type=int, metavar="ID", help="pakket goedkeuren")
        decision.add_argument("--reject", type=int, metavar="ID", help="pakket afwijzen")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            actor = User.objects.get(username=options["user"], is_active=True)
        except User.DoesNotExist as exc:
            raise CommandError(f"Onbekende gebruiker {options['user']!r}.") from exc
        try:
            if options["approve"] or options["reject"]:
                self._decide(actor, approve=options["approve"], reject=options["reject"])
            elif options["file"]:
                self._submit(actor, Path(options["file"]))
            else:
                raise CommandError("Geef een pakket (FILE) of --approve/--reject ID.")
        except PermissionDenied as exc:
            raise CommandError(f"{actor} is geen functioneel beheerder.") from exc

    def _submit(self, actor: User, path: Path) -> None:
        try:
            content = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"Kan {path} niet lezen als UTF-8-tekst.") from exc
        try:
            pack = services.pack_submit(content=content, filename=path.name, actor=actor)
        except ValidationError as exc:
            for message in exc.messages:
                self.stderr.write(message)
            raise CommandError(
                f"Het pakket is niet ingelezen: {len(exc.messages)} fout(en). Er is niets gewijzigd.",
                returncode=2,
            ) from exc
        self._print_diff(pack)
        self.stdout.write(
            self.style.SUCCESS(
                f"Pakket {pack.pk} staat klaar. Een andere functioneel beheerder keurt goed met: "
                f"manage.py import_parameters --approve {pack.pk} --user NAAM"
            )
        )

    def _print_diff(self, pack: ParameterPack) -> None:
        counts = selectors.parameter_pack_counts(pack)
        self.stdout.write(
            f"{counts['new']} nieuw, {counts['changed']} gewijzigd, {counts['ending']} eindigt."
        )
        for entry in pack.diff:
            self.stdout.write(entry["key"])
            for change in entry["changes"]:
                where = change["municipality_code"] or "landelijk"
                after = change["after"]
                line = (
                    f"  {CHANGE_LABELS[change['change']]:<10} {where:<9} vanaf "
                    f"{change['valid_from']}: {after['value']} {after['unit']} "
                    f"t/m {after['valid_to'] or 'onbepaald'}"
                )
                if change["before"]:
                    before = change["before"]
                    line += f" (was {before['value']} t/m {before['valid_to'] or 'onbepaald'})"
                self.stdout.write(line)

    def _decide(self, actor: User, *, approve: int | None, reject: int | None) -> None:
        pack_id = approve or reject
        if not ParameterPack.objects.filter(pk=pack_id).exists():
            raise CommandError(f"Pakket {pack_id} bestaat niet.")
        decide = services.pack_approve if approve else services.pack_reject
        try:
            pack = decide(pack_id=pack_id, actor=actor)  # type: ignore[arg-type]
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        if approve:
            self._print_diff(pack)
            self.stdout.write(self.style.SUCCESS(f"Pakket {pack.pk} is toegepast."))
        else:
            self.stdout.write(self.style.SUCCESS(f"Pakket {pack.pk} is afgewezen."))
