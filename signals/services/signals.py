"""Signals (knelpunten): create, edit, link breakthroughs, move along the status map.

Every text of a signal is written for publication (it goes to the VNG in the report): a text that
looks like it holds a BSN, postcode or e-mail address is refused. Every write is audited.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from breakthroughs.models import Breakthrough
from core.audit import audit_record
from core.identifiers import find_identifiers
from core.models import Municipality, User
from regulations.models import Simulation
from signals.constants import PURPOSE
from signals.models import Signal, SignalLink, SignalStatusChange
from signals.selectors import DECIDED_POSITIVELY
from signals.workflow import SIGNAL_TRANSITIONS

SIGNAL_TEXT_FIELDS = ("title", "description", "workaround", "proposed_fix", "answer")


def _check_publishable_text(data: Mapping[str, Any]) -> None:
    errors = {}
    for field in SIGNAL_TEXT_FIELDS:
        found = find_identifiers(str(data.get(field) or ""))
        if found:
            errors[field] = _(
                "Deze tekst lijkt persoonsgegevens te bevatten (%(what)s). Beschrijf het knelpunt "
                "neutraal: geen namen, adressen, telefoon- of rekeningnummers, (geboorte)data, "
                "BSN, postcode of e-mailadres."
            ) % {"what": ", ".join(found)}
    if errors:
        raise ValidationError(errors)


SIGNAL_FIELDS = (
    "title",
    "regulation_code",
    "article",
    "body",
    "knelpunt_type",
    "theme",
    "description",
    "workaround",
    "proposed_fix",
    "route",
)


@transaction.atomic
def signal_create(
    *,
    actor: User,
    municipality: Municipality,
    data: Mapping[str, Any],
    breakthrough_ids: list[int] | None = None,
    request: HttpRequest | None = None,
) -> Signal:
    _check_publishable_text(data)
    signal = Signal(
        municipality=municipality,
        created_by=actor,
        **{key: data[key] for key in SIGNAL_FIELDS if key in data},
    )
    signal.full_clean(exclude=["created_by", "municipality"])
    signal.save()
    if breakthrough_ids:
        signal_link(actor=actor, signal=signal, breakthrough_ids=breakthrough_ids)
    audit_record(
        actor=actor,
        action="signal.create",
        obj=signal,
        municipality_code=municipality.cbs_code,
        request=request,
        purpose=PURPOSE,
    )
    return signal


@transaction.atomic
def signal_update(
    *, actor: User, signal: Signal, data: Mapping[str, Any], request: HttpRequest | None = None
) -> Signal:
    _check_publishable_text(data)
    for key in SIGNAL_FIELDS:
        if key in data:
            setattr(signal, key, data[key])
    signal.full_clean(exclude=["created_by", "municipality"])
    signal.save()
    audit_record(
        actor=actor,
        action="signal.update",
        obj=signal,
        municipality_code=signal.municipality.cbs_code,
        request=request,
        purpose=PURPOSE,
    )
    return signal


@transaction.atomic
def signal_link(
    *,
    actor: User,
    signal: Signal,
    breakthrough_ids: list[int],
    request: HttpRequest | None = None,
) -> int:
    """Link approved breakthroughs of the signal's municipality; others are refused. Returns
    how many links are new (linking twice changes nothing)."""
    allowed = set(
        Breakthrough.objects.filter(
            pk__in=breakthrough_ids,
            municipality_id=signal.municipality_id,
            status__in=DECIDED_POSITIVELY,
        ).values_list("pk", flat=True)
    )
    refused = set(breakthrough_ids) - allowed
    if refused:
        raise ValidationError(
            {
                "breakthroughs": _(
                    "Alleen goedgekeurde doorbraken van deze gemeente kunnen worden gekoppeld."
                )
            }
        )
    existing = set(
        SignalLink.objects.filter(signal=signal, breakthrough_id__in=allowed).values_list(
            "breakthrough_id", flat=True
        )
    )
    new = sorted(allowed - existing)
    SignalLink.objects.bulk_create(
        [SignalLink(signal=signal, breakthrough_id=pk, added_by=actor) for pk in new],
        ignore_conflicts=True,
    )
    audit_record(
        actor=actor,
        action="signal.link",
        obj=signal,
        municipality_code=signal.municipality.cbs_code,
        request=request,
        purpose=PURPOSE,
        data={"added": len(new)},
    )
    return len(new)


@transaction.atomic
def signal_unlink(
    *,
    actor: User,
    signal: Signal,
    breakthrough_ids: list[int],
    request: HttpRequest | None = None,
) -> int:
    """Remove links; the live counts follow."""
    deleted, _details = SignalLink.objects.filter(
        signal=signal, breakthrough_id__in=list(breakthrough_ids)
    ).delete()
    audit_record(
        actor=actor,
        action="signal.unlink",
        obj=signal,
        municipality_code=signal.municipality.cbs_code,
        request=request,
        purpose=PURPOSE,
        data={"removed": deleted},
    )
    return deleted


@transaction.atomic
def signal_move(
    *,
    actor: User,
    signal: Signal,
    to_status: str,
    note: str = "",
    answer: str = "",
    route: str = "",
    request: HttpRequest | None = None,
) -> Signal:
    locked = Signal.objects.select_for_update().get(pk=signal.pk)
    if to_status not in SIGNAL_TRANSITIONS.get(locked.status, frozenset()):
        raise ValidationError(
            {
                "to_status": _("Van %(from)s naar %(to)s kan niet.")
                % {"from": locked.get_status_display(), "to": to_status}
            }
        )
    _check_publishable_text({"answer": answer})
    SignalStatusChange.objects.create(
        signal=locked,
        from_status=locked.status,
        to_status=to_status,
        route=route or locked.route,
        answer=answer,
        note=note,
        actor=actor,
    )
    locked.status = to_status
    if answer:
        locked.answer = answer
    if route:
        locked.route = route
    locked.save(update_fields=["status", "answer", "route", "updated_at"])
    audit_record(
        actor=actor,
        action="signal.move",
        obj=locked,
        municipality_code=locked.municipality.cbs_code,
        request=request,
        purpose=PURPOSE,
        data={"to": to_status},
    )
    return locked


@transaction.atomic
def signal_propose_simulation(
    *,
    actor: User,
    signal: Signal,
    simulation: Simulation | None,
    request: HttpRequest | None = None,
) -> Signal:
    """Attach a finished simulation of the signal's municipality as the costed proposed fix
    (None: detach). Its reform name is published with the report, so it is checked like the
    signal's own texts."""
    if simulation is not None:
        if (
            simulation.municipality_id != signal.municipality_id
            or simulation.status != Simulation.Status.DONE
        ):
            raise ValidationError(
                {
                    "simulation": _(
                        "Kies een afgeronde doorrekening van een hervorming van deze gemeente."
                    )
                }
            )
        if find_identifiers(simulation.reform.name):
            raise ValidationError(
                {
                    "simulation": _(
                        "De naam van de hervorming lijkt een persoonsgegeven te bevatten; "
                        "die gaat mee in de rapportage."
                    )
                }
            )
    signal.proposed_simulation = simulation
    signal.save(update_fields=["proposed_simulation", "updated_at"])
    audit_record(
        actor=actor,
        action="signal.propose_simulation",
        obj=signal,
        municipality_code=signal.municipality.cbs_code,
        request=request,
        purpose=PURPOSE,
        data={"simulation": str(simulation.public_id) if simulation else None},
    )
    return signal
