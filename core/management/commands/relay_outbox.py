"""Send the tasks waiting in the outbox to the broker: once, or in a loop beside the web processes.

The loop needs no broker to reach it (unlike the beat task), so it also empties the outbox right
after a broker outage ends. It stops by itself after --max-seconds when given.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections

from core import outbox


class Command(BaseCommand):
    help = "Verstuur de wachtende taken uit de outbox naar de broker (eenmalig of met --loop)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--loop", action="store_true", help="blijf herhalen")
        parser.add_argument("--interval", type=float, default=5.0, help="seconden tussen rondes")
        parser.add_argument(
            "--max-seconds", type=float, default=None, help="stop na zoveel seconden (met --loop)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        deadline = None
        if options["max_seconds"] is not None:
            deadline = time.monotonic() + options["max_seconds"]
        while True:
            try:
                result = outbox.relay_all()
            except Exception as exc:  # the database restarting: try again next round
                if not options["loop"]:
                    raise
                self.stderr.write(f"outbox: {exc.__class__.__name__}: {exc}")
                close_old_connections()
            else:
                if result.sent or result.error or not options["loop"]:
                    line = f"verstuurd: {result.sent}, wachtend: {outbox.pending_count()}"
                    if result.error:
                        line += f" (broker: {result.error})"
                    self.stdout.write(line)
            if not options["loop"] or (deadline is not None and time.monotonic() >= deadline):
                return
            time.sleep(options["interval"])
