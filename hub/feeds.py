"""The hub gives back (issue 14): the lever-outcomes contributions municipalities send, the
national precedents feed built from them, and the national knelpunten with their status and the
answer of national government, kept by the hub's editors.

Both feeds are public open data (national aggregates and editors' texts only) and carry an
ETag, so the municipalities' daily pull costs a 304 when nothing changed.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from core.api.parsers import json_depth_exceeds
from core.audit import audit_record
from core.legal_references import article_group, is_article_reference
from core.models import User
from hub.models import (
    KnelpuntStatus,
    LeverContribution,
    LeverOutcome,
    MunicipalityToken,
    NationalKnelpunt,
    ReceivedReport,
)
from hub.services import Rejected
from signals.reporting.builder import canonical_json
from signals.reporting.lever_outcomes import (
    ROW_FIELDS,
    contribution_errors,
    national_precedents,
    precedents_feed,
)

KNELPUNTEN_SCHEMA_ID = "doorbraak.national-knelpunten/1"
ANSWER_MAX_LENGTH = 2000
EDIT_PERMISSION = "hub.edit_national_knelpunt"


def min_cell() -> int:
    return max(10, int(getattr(settings, "SIGNAL_REPORT_MIN_CELL", 10)))


# The precedents feed says when a contribution last arrived; municipalities send daily, so that
# moment changes every day while the national figures mostly do not. Its ETag is weak and leaves
# the moment out: a copy with the same figures is current (RFC 9110 8.8.1).
VOLATILE_FIELDS = ("updated_at",)


def etag_of(content: dict[str, Any]) -> str:
    """Equal figures, equal tag: strong over the canonical bytes, weak when a volatile field
    (VOLATILE_FIELDS) is left out."""
    stable = {key: value for key, value in content.items() if key not in VOLATILE_FIELDS}
    digest = hashlib.sha256(canonical_json(stable)).hexdigest()[:32]
    return f'W/"{digest}"' if len(stable) < len(content) else f'"{digest}"'


@dataclass(frozen=True)
class ContributionReceipt:
    status: int  # 201 replaced or new, 200 identical repeat
    contribution: LeverContribution


def receive_lever_outcomes(*, token: MunicipalityToken, body: bytes) -> ContributionReceipt:
    """Validate and store a municipality's contribution; it replaces the previous one whole."""
    if json_depth_exceeds(body):
        raise Rejected(400, "invalid_json", _("De JSON is te diep genest."))
    try:
        payload = json.loads(body)
    except (json.JSONDecodeError, UnicodeDecodeError, RecursionError) as exc:
        raise Rejected(400, "invalid_json", _("De inhoud is geen geldige JSON.")) from exc
    problems = contribution_errors(payload)
    if problems:
        raise Rejected(
            400, "schema", _("De bijdrage voldoet niet aan doorbraak.lever-outcomes/1."), problems
        )
    if payload["municipality"]["cbs_code"] != token.cbs_code:
        raise Rejected(403, "wrong_municipality", _("Dit token hoort bij een andere gemeente."))
    sha = hashlib.sha256(canonical_json(payload)).hexdigest()
    with transaction.atomic():
        # The municipality's row, locked; two first deliveries at once meet in get_or_create
        # (the unique cbs_code), so the second waits and replaces, never fails.
        contribution, created = LeverContribution.objects.select_for_update().get_or_create(
            cbs_code=token.cbs_code,
            defaults={"as_of": date.fromisoformat(payload["as_of"]), "received_at": timezone.now()},
        )
        if not created and contribution.content_sha256 == sha:
            return ContributionReceipt(200, contribution)
        contribution.as_of = date.fromisoformat(payload["as_of"])
        contribution.content_sha256 = sha
        contribution.received_at = timezone.now()
        contribution.save()
        contribution.rows.all().delete()
        LeverOutcome.objects.bulk_create(
            LeverOutcome(
                contribution=contribution,
                **{name: row[name] for name in ROW_FIELDS if name != "median_cost_eur"},
                median_cost_eur=Decimal(row["median_cost_eur"]),
            )
            for row in payload["rows"]
        )
    return ContributionReceipt(201, contribution)


def precedents_feed_content() -> dict[str, Any]:
    """The national precedents per lever, blocking scheme and knelpunt type."""
    rows_by_municipality: dict[str, list[dict[str, Any]]] = defaultdict(list)
    fields = (
        "contribution__cbs_code",
        "lever_code",
        "regulation_code",
        "knelpunt_type",
        "breakthroughs",
        "evaluated",
        "goal_reached",
        "median_cost_eur",
    )
    for row in LeverOutcome.objects.values(*fields).order_by("pk"):
        rows_by_municipality[row.pop("contribution__cbs_code")].append(row)
    updated = LeverContribution.objects.aggregate(latest=Max("received_at"))["latest"]
    return precedents_feed(
        national_precedents(rows_by_municipality, min_cell=min_cell()),
        min_cell=min_cell(),
        updated_at=updated,
    )


def _reported_knelpunten() -> dict[tuple[str, str], set[str]]:
    """(regulation code, article group) -> CBS codes of the municipalities whose current report
    names a signal on it. A signal's article is already a strict reference or `-` in the report."""
    # Signals are a stock: each municipality's newest current report holds all of them.
    newest: dict[str, tuple[date, int]] = {}
    for cbs_code, period_end, pk in ReceivedReport.objects.filter(current=True).values_list(
        "cbs_code", "period_end", "pk"
    ):
        if cbs_code not in newest or newest[cbs_code] < (period_end, pk):
            newest[cbs_code] = (period_end, pk)
    found: dict[tuple[str, str], set[str]] = defaultdict(set)
    for cbs_code, content in ReceivedReport.objects.filter(
        pk__in=[pk for _end, pk in newest.values()]
    ).values_list("cbs_code", "content"):
        for signal in content.get("signals", []):
            article = signal.get("article") or ""
            key = (signal.get("regulation_code", ""), _group(article))
            found[key].add(cbs_code)
    return found


def _group(article: str) -> str:
    return article_group(article) if is_article_reference(article) else ""


def national_knelpunten() -> list[dict[str, Any]]:
    """Every knelpunt reported by a municipality or followed by the editors, with its status."""
    reported = _reported_knelpunten()
    kept = {(k.regulation_code, k.article): k for k in NationalKnelpunt.objects.all()}
    rows = []
    for key in sorted(set(reported) | set(kept)):
        knelpunt = kept.get(key)
        rows.append(
            {
                "regulation_code": key[0],
                "article": key[1],
                "municipalities": len(reported.get(key, ())),
                "status": knelpunt.status if knelpunt else KnelpuntStatus.SIGNALLED.value,
                "status_label": str(
                    KnelpuntStatus(knelpunt.status).label
                    if knelpunt
                    else KnelpuntStatus.SIGNALLED.label
                ),
                "answer": knelpunt.answer if knelpunt else "",
                "updated_at": knelpunt.updated_at if knelpunt else None,
            }
        )
    return rows


def knelpunten_feed_content() -> dict[str, Any]:
    """The public feed: status and answer per national knelpunt (no municipality is named)."""
    return {
        "schema": KNELPUNTEN_SCHEMA_ID,
        "knelpunten": [
            {
                "regulation_code": row["regulation_code"],
                "article": row["article"],
                "municipalities": row["municipalities"],
                "status": row["status"],
                "status_label": row["status_label"],
                "answer": row["answer"],
                "updated_on": row["updated_at"].date().isoformat() if row["updated_at"] else None,
            }
            for row in national_knelpunten()
        ],
    }


def may_edit_knelpunten(user: User) -> bool:
    return bool(user.is_authenticated and user.has_perm(EDIT_PERMISSION))


@transaction.atomic
def national_knelpunt_save(
    *,
    actor: User,
    regulation_code: str,
    article: str,
    status: str,
    answer: str,
    request: HttpRequest | None = None,
) -> NationalKnelpunt:
    """An editor sets the status and the answer of national government; audited."""
    if not may_edit_knelpunten(actor):
        raise PermissionDenied(_("Alleen een redacteur van de hub vult dit in."))
    errors = {}
    if not regulation_code or len(regulation_code) > 60:
        errors["regulation_code"] = _("Geef de code van de regeling.")
    if article and not is_article_reference(article):
        errors["article"] = _("Geef een artikelverwijzing, zoals art. 35 Pw.")
    if status not in KnelpuntStatus.values:
        errors["status"] = _("Kies een status uit de lijst.")
    answer = (answer or "").strip()
    if len(answer) > ANSWER_MAX_LENGTH:
        errors["answer"] = _("Hoogstens %(n)s tekens.") % {"n": ANSWER_MAX_LENGTH}
    if errors:
        raise ValidationError(errors)
    knelpunt, created = NationalKnelpunt.objects.update_or_create(
        regulation_code=regulation_code,
        article=article_group(article) if article else "",
        defaults={"status": status, "answer": answer},
    )
    audit_record(
        actor=actor,
        action="national_knelpunt.create" if created else "national_knelpunt.update",
        obj=knelpunt,
        request=request,
        purpose="beheer",
        data={"regulation_code": regulation_code, "article": knelpunt.article, "status": status},
    )
    return knelpunt
