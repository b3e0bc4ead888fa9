"""Which data each phase of debt help may use, and the check the dossier services apply.

The Wet gemeentelijke schuldhulpverlening (text in force on 1 July 2026,
https://wetten.overheid.nl/BWBR0031331/2026-07-01) gives two different grounds for processing:

- *vroegsignalering* (art. 3 lid 1 onderdeel b, art. 8b): reaching out after a creditor's signal
  about payment arrears. Art. 8b lid 2 limits the data to the basisregistratie personen and what is
  needed to process the signal. What a signal carries is set by the Besluit gemeentelijke
  schuldhulpverlening (Stb. 2020, 240; https://zoek.officielebekendmakingen.nl/stb-2020-240.html),
  e.g. art. 2: the landlord gives the tenant's contact details and the amount of the arrears. So a
  debt in this phase holds the creditor, the amount and the months of arrears only, and there is no
  household budget yet;
- *toegang* and *plan van aanpak* (art. 3 lid 1 onderdeel a, art. 4, 4a and 8a): the help itself,
  for which the college may process the personal data it needs, health and criminal data included.
  The plan van aanpak is the decision that follows the first conversation (art. 4a lid 1), so a
  record in that phase names the date of that conversation.

`phase_errors` returns the field errors of a record against its phase; the services refuse the
save with them, so the form and the API answer the same Dutch messages per field.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import models
from django.utils.translation import gettext as _

from casework.constants import WgsPhase

# Per model: the fields a record may fill in the vroegsignalering phase (art. 8b lid 2 Wgs).
VROEGSIGNALERING_FIELDS: dict[str, frozenset[str]] = {
    "debt": frozenset(
        {"member", "creditor_kind", "creditor_name", "amount", "arrears_months", "registered_on"}
    ),
    # A household budget is no part of a creditor's signal.
    "fixedcost": frozenset(),
    # The request itself: its date and the threat that shortens the limit (art. 4 Wgs). The first
    # conversation is where the help starts (toegang).
    "wgsrequest": frozenset({"requested_on", "threat"}),
}

# Fields that are bookkeeping, never personal data of the phase.
_ALWAYS = frozenset({"id", "household", "phase", "due_on", "reminded_at", "escalated_at"})


def _filled(value: Any) -> bool:
    """Whether a field holds data: empty, False and a zero amount do not count."""
    if value is None or value is False or value == "":
        return False
    return not (isinstance(value, int | float | Decimal) and value == 0)


def phase_errors(item: models.Model) -> dict[str, list[str]]:
    """Field -> Dutch errors for data the record's phase may not hold (empty when allowed)."""
    phase = getattr(item, "phase", None)
    model = item._meta.model_name
    if phase is None or model not in VROEGSIGNALERING_FIELDS:
        return {}
    errors: dict[str, list[str]] = {}
    if phase == WgsPhase.VROEGSIGNALERING:
        allowed = VROEGSIGNALERING_FIELDS[model] | _ALWAYS
        for field in item._meta.concrete_fields:
            if field.auto_created or field.name in allowed or not field.editable:
                continue
            if _filled(getattr(item, field.attname)):
                errors[field.name] = [
                    _(
                        "Niet toegestaan in de fase vroegsignalering: dan gebruikt de gemeente "
                        "alleen de basisregistratie personen en de gegevens van het signaal "
                        "(schuldeiser, bedrag en duur van de achterstand; art. 8b Wgs). Zet de "
                        "fase op toegang zodra de inwoner om hulp vraagt."
                    )
                ]
    if (
        phase == WgsPhase.PLAN_VAN_AANPAK
        and model == "wgsrequest"
        and getattr(item, "first_conversation_on", None) is None
    ):
        errors["first_conversation_on"] = [
            _(
                "Het plan van aanpak volgt op het eerste gesprek (art. 4a Wgs): vul de datum van "
                "het eerste gesprek in."
            )
        ]
    return errors
