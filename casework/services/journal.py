"""The journal service."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from casework.constants import JournalKind
from casework.models import Household, JournalEntry
from casework.services.common import audit_change, journal_write
from core.models import User


@transaction.atomic
def journal_add(
    *,
    actor: User,
    household: Household,
    kind: str,
    text: str,
    occurred_on: date,
    request: HttpRequest | None = None,
) -> JournalEntry:
    if not text.strip():
        raise ValidationError({"text": _("Schrijf een tekst.")})
    if occurred_on > timezone.localdate():
        raise ValidationError(
            {"occurred_on": _("Een journaalregel kan niet in de toekomst liggen.")}
        )
    if kind not in JournalKind.values:
        raise ValidationError({"kind": _("Onbekende soort.")})
    entry = journal_write(household, author=actor, kind=kind, text=text, occurred_on=occurred_on)
    audit_change(
        actor=actor, action="journalentry.create", household=household, obj=entry, request=request
    )
    return entry
