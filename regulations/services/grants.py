"""Proactive work on non-take-up: grant ambtshalve, or record that the application was made."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from core.audit import audit_record
from core.models import User
from regulations.grant_routes import AMBTSHALVE, grant_route
from regulations.models import ProactiveGrant
from regulations.services.reads import PURPOSE


@transaction.atomic
def proactive_grant_handle(
    *, grant: ProactiveGrant, actor: User, status: str, note: str = "", request: Any = None
) -> ProactiveGrant:
    """Record what the team did with an open item; audited with the household.

    ``granted`` only for a scheme the gemeente grants itself (ambtshalve); ``applied`` only for
    one that another body grants (Dienst Toeslagen, the SVB) or that needs an application: the
    body it went to is recorded. ``dismissed`` for either.
    """
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    allowed = (
        ProactiveGrant.Status.GRANTED,
        ProactiveGrant.Status.APPLIED,
        ProactiveGrant.Status.DISMISSED,
    )
    if status not in allowed:
        raise ValidationError(
            {"status": _("Kies toegekend, aanvraag ingediend of niet van toepassing.")}
        )
    locked = ProactiveGrant.objects.select_for_update(of=("self",)).select_related(
        "household__municipality"
    )
    current = locked.get(pk=grant.pk)
    if current.status != ProactiveGrant.Status.OPEN:
        raise ValidationError({"status": _("Dit punt is al afgehandeld.")})
    route = grant_route(current.scheme_code)
    if status == ProactiveGrant.Status.GRANTED and route.kind != AMBTSHALVE:
        raise ValidationError(
            {
                "status": _(
                    "De gemeente kent deze regeling niet toe; dat doet %(body)s. Registreer dat "
                    "de aanvraag is ingediend."
                )
                % {"body": route.body}
            }
        )
    if status == ProactiveGrant.Status.APPLIED and route.kind == AMBTSHALVE:
        raise ValidationError(
            {"status": _("Deze regeling kent de gemeente zelf toe: registreer de toekenning.")}
        )
    current.status = status
    current.note = note
    current.applied_to = route.body if status == ProactiveGrant.Status.APPLIED else ""
    current.handled_at = timezone.now()
    current.handled_by = actor
    current.save(update_fields=["status", "note", "applied_to", "handled_at", "handled_by"])
    data = {"scheme": current.scheme_code}
    if current.applied_to:
        data["applied_to"] = current.applied_to
    audit_record(
        actor=actor,
        action=f"proactivegrant.{status}",
        obj=current,
        request=request,
        household_id=current.household_id,
        municipality_code=current.household.municipality.cbs_code,
        purpose=PURPOSE,
        data=data,
    )
    return current
