"""Signals (knelpunten): the policy officer's pseudonymised view of breakthroughs and curation.

The policy officer sees breakthroughs only through `pseudonymised_breakthroughs`: categories,
regulation, article, knelpunt type, theme, amounts and dates. Never a name, BSN, address, case id
or free text from the case.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Min, Q, QuerySet, Sum
from django.http import HttpRequest
from django.utils.translation import gettext as _

from breakthroughs.constants import SignalStatus, Status
from breakthroughs.models import Breakthrough, Signal, SignalLink, SignalStatusChange
from breakthroughs.models.signal import SIGNAL_TRANSITIONS
from breakthroughs.reporting.disclosure import find_identifiers
from core.audit import audit_record
from core.models import Municipality, User

DECIDED_POSITIVELY = (Status.APPROVED, Status.CARRIED_OUT, Status.EVALUATED)
# The only fields of a breakthrough a policy officer gets to see.
PSEUDONYMISED_FIELDS = (
    "category",
    "regulation_code",
    "article",
    "knelpunt_type",
    "theme",
    "pillar",
    "legal_route",
    "total_cost",
    "expected_avoided_cost",
    "decided_at",
    "mandate_level",
)
# A group of breakthroughs: the same rule, the same kind of knelpunt, the same theme.
GROUP_FIELDS = ("regulation_code", "article", "knelpunt_type", "theme")
SIGNAL_TEXT_FIELDS = ("title", "description", "workaround", "proposed_fix", "answer")


def pseudonymised_breakthroughs(*, municipality: Municipality) -> QuerySet[Breakthrough]:
    """Approved breakthroughs as values only (no model instances that could leak a relation).

    A pseudonym per row (its position in a stable order) replaces the id in the UI; the id is only
    used server-side to link a breakthrough to a signal.
    """
    return (
        Breakthrough.objects.filter(municipality=municipality, status__in=DECIDED_POSITIVELY)
        .order_by("decided_at", "pk")
        .values("pk", *PSEUDONYMISED_FIELDS)
    )


def grouped_breakthroughs(*, municipality: Municipality) -> list[dict[str, Any]]:
    """Groups by regulation and knelpunt type, with counts, costs and whether a signal covers them.

    These groups are the suggested signals: a group of at least two breakthroughs on the same rule
    and no signal yet is a candidate.
    """
    # The signals are counted in a query of their own: joining the links into the sums would
    # count (and add up) a breakthrough once per signal it is linked to.
    decided = Breakthrough.objects.filter(municipality=municipality, status__in=DECIDED_POSITIVELY)
    groups = (
        decided.values(*GROUP_FIELDS)
        .annotate(
            breakthroughs=Count("pk"),
            households=Count("household", distinct=True),
            amount=Sum("total_cost"),
            avoided=Sum("expected_avoided_cost"),
            first_seen=Min("decided_at"),
        )
        .order_by("-breakthroughs", "regulation_code", "article")
    )
    linked = {
        tuple(row[f"breakthrough__{field}"] for field in GROUP_FIELDS): row["linked"]
        for row in SignalLink.objects.filter(breakthrough__in=decided)
        .values(*(f"breakthrough__{field}" for field in GROUP_FIELDS))
        .annotate(linked=Count("signal", distinct=True))
        .order_by()
    }
    result = []
    for group in groups:
        group["linked"] = linked.get(tuple(group[field] for field in GROUP_FIELDS), 0)
        group["suggested"] = group["breakthroughs"] >= 2 and group["linked"] == 0
        result.append(group)
    return result


def signal_figures(signals: QuerySet[Signal]) -> QuerySet[Signal]:
    """Live counts per signal: breakthroughs, households, bridging cost, avoided cost."""
    return signals.annotate(
        n_breakthroughs=Count("links", distinct=True),
        n_households=Count("links__breakthrough__household", distinct=True),
        bridging_cost=Sum("links__breakthrough__total_cost"),
        avoided_cost=Sum("links__breakthrough__expected_avoided_cost"),
        first_seen=Min("links__breakthrough__decided_at"),
    )


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
        purpose="signalering",
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
        purpose="signalering",
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
        purpose="signalering",
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
        purpose="signalering",
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
        purpose="signalering",
        data={"to": to_status},
    )
    return locked


def signals_for_report(*, municipality: Municipality, period_end: date) -> QuerySet[Signal]:
    """The reviewed signals at the time of generation. A signal is usually curated after its
    quarter closes, so the report carries the running list (the builder treats signals as
    running counts); `period_end` only rules out signals whose first breakthrough came later."""
    signals = signal_figures(
        Signal.objects.filter(municipality=municipality).exclude(status=SignalStatus.DRAFT)
    )
    return signals.filter(Q(first_seen__isnull=True) | Q(first_seen__date__lte=period_end))
