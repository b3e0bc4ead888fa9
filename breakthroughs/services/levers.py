"""The catalogue of legal levers: loading the shipped file and the functional admin's edits.

Every change is a dated version: an edit with a later `valid_from` closes the version before it
(`valid_to` the day before), an edit with the same date corrects that version. Each write is
checked as a whole (nothing saved halfway) and audited.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from breakthroughs.catalogue_cache import clear_catalogue_cache
from breakthroughs.constants import KnelpuntType, LegalRoute, MandateLevel
from breakthroughs.models import LegalLever, LeverGrade, LeverKind
from breakthroughs.services.proposals import regulation_codes
from core.audit import audit_record
from core.legal_references import OTHER_REGULATION, is_article_reference
from core.models import Role, User
from core.permissions import access_for

LEVERS_FILE = Path(__file__).resolve().parent.parent / "data" / "legal_levers.json"
LAW_URL_PREFIX = "https://wetten.overheid.nl/"
LEVER_FIELDS = (
    "code",
    "valid_from",
    "title",
    "law",
    "article",
    "article_reference",
    "kind",
    "legal_route",
    "summary",
    "conditions",
    "decider",
    "mandate_level",
    "risks",
    "scheme_codes",
    "knelpunt_types",
    "keywords",
    "law_url",
    "source",
    "grade",
)
LIST_FIELDS = ("conditions", "scheme_codes", "knelpunt_types", "keywords")


def load_lever_file(path: Path = LEVERS_FILE) -> list[dict[str, Any]]:
    """The levers of the shipped catalogue file, as plain dicts."""
    with path.open(encoding="utf-8") as handle:
        return list(json.load(handle)["levers"])


def lever_errors(*, data: Mapping[str, Any], schemes: set[str] | None = None) -> dict[str, str]:
    """Field -> Dutch error for one lever; empty when the lever is complete and consistent."""
    errors: dict[str, str] = {}
    for name in LEVER_FIELDS:
        value = data.get(name)
        if value in (None, "", []):
            errors[name] = _("Dit veld is verplicht.")
    for name in LIST_FIELDS:
        value = data.get(name)
        if value and not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
            errors[name] = _("Geef een lijst van teksten.")
    choices = {
        "kind": LeverKind.values,
        "legal_route": LegalRoute.values,
        "mandate_level": MandateLevel.values,
        "grade": LeverGrade.values,
    }
    for name, allowed in choices.items():
        if data.get(name) and data[name] not in allowed:
            errors[name] = _("Kies een waarde uit de lijst.")
    if data.get("article_reference") and not is_article_reference(data["article_reference"]):
        errors["article_reference"] = _("Geef een artikelverwijzing, zoals art. 18 lid 1 Pw.")
    if data.get("law_url") and not str(data["law_url"]).startswith(LAW_URL_PREFIX):
        errors["law_url"] = _("De link moet naar wetten.overheid.nl wijzen.")
    known = (schemes if schemes is not None else regulation_codes()) | {OTHER_REGULATION}
    if isinstance(data.get("scheme_codes"), list) and set(data["scheme_codes"]) - known:
        errors["scheme_codes"] = _("Onbekende regeling: %(codes)s.") % {
            "codes": ", ".join(sorted(set(data["scheme_codes"]) - known))
        }
    types = data.get("knelpunt_types")
    if isinstance(types, list) and set(types) - set(KnelpuntType.values):
        errors["knelpunt_types"] = _("Onbekend soort knelpunt.")
    return errors


def _catalogue_changed() -> None:
    """The suggestions keep the catalogue per process; after a commit this process reads it anew."""

    transaction.on_commit(clear_catalogue_cache)


def _as_date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def _values(data: Mapping[str, Any]) -> dict[str, Any]:
    values = {name: data[name] for name in LEVER_FIELDS if name != "code"}
    values["valid_from"] = _as_date(values["valid_from"])
    return values


def _close_previous(*, code: str, valid_from: date) -> None:
    """The version before `valid_from` ends the day before; the next one bounds this one."""
    earlier = (
        LegalLever.objects.select_for_update()
        .filter(code=code, valid_from__lt=valid_from)
        .order_by("-valid_from")
        .first()
    )
    if earlier is not None and (earlier.valid_to is None or earlier.valid_to >= valid_from):
        earlier.valid_to = valid_from - timedelta(days=1)
        earlier.save(update_fields=["valid_to"])


def _next_start(*, code: str, valid_from: date) -> date | None:
    later = LegalLever.objects.filter(code=code, valid_from__gt=valid_from).order_by("valid_from")
    first = later.first()
    return first.valid_from if first else None


@transaction.atomic
def legal_levers_sync_from_file(*, path: Path = LEVERS_FILE) -> dict[str, int]:
    """Load the catalogue file. Idempotent; a version the file does not hold is left alone.

    The whole file is checked first: one incomplete lever and nothing is loaded.
    """
    items = load_lever_file(path)
    schemes = regulation_codes()
    problems = {
        item.get("code", f"#{index}"): errors
        for index, item in enumerate(items)
        if (errors := lever_errors(data=item, schemes=schemes))
    }
    if problems:
        raise ValidationError(
            _("De catalogus van hefbomen is onvolledig: %(problems)s")
            % {"problems": json.dumps(problems, ensure_ascii=False)}
        )
    created = updated = 0
    for item in items:
        values = _values(item)
        code = item["code"]
        _close_previous(code=code, valid_from=values["valid_from"])
        next_start = _next_start(code=code, valid_from=values["valid_from"])
        values["valid_to"] = next_start - timedelta(days=1) if next_start else None
        _lever, was_created = LegalLever.objects.update_or_create(
            code=code, valid_from=values["valid_from"], defaults=values
        )
        created += was_created
        updated += not was_created
    _catalogue_changed()
    audit_record(
        actor=None,
        action="legal_lever.load",
        data={"created": created, "updated": updated},
    )
    return {"levers": len({item["code"] for item in items}), "created": created, "updated": updated}


def may_edit_levers(user: User) -> bool:
    """Functional admins keep the catalogue (and superusers, who set up the installation)."""
    return bool(user.is_superuser or access_for(user).has_role(Role.FUNCTIONAL_ADMIN))


@transaction.atomic
def legal_lever_save(
    *,
    actor: User,
    data: Mapping[str, Any],
    request: HttpRequest | None = None,
) -> LegalLever:
    """Create a lever, add a dated version of it, or correct the version with that date.

    Raises PermissionDenied for anyone but a functional admin, ValidationError (per field) for an
    incomplete lever; nothing is written then.
    """
    if not may_edit_levers(actor):
        raise PermissionDenied(_("Alleen een functioneel beheerder wijzigt de catalogus."))
    errors = lever_errors(data=data)
    if errors:
        raise ValidationError(errors)
    values = _values(data)
    code = str(data["code"])
    _close_previous(code=code, valid_from=values["valid_from"])
    next_start = _next_start(code=code, valid_from=values["valid_from"])
    values["valid_to"] = next_start - timedelta(days=1) if next_start else None
    lever, created = LegalLever.objects.update_or_create(
        code=code, valid_from=values["valid_from"], defaults=values
    )
    _catalogue_changed()
    audit_record(
        actor=actor,
        action="legal_lever.create" if created else "legal_lever.update",
        obj=lever,
        request=request,
        purpose="beheer",
        data={"code": code, "valid_from": values["valid_from"].isoformat()},
    )
    return lever
