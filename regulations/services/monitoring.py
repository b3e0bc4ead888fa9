"""Currency monitoring: which parameter values have ended without a successor or end soon.

One computation (``parameter_currency`` over the catalogue in use) feeds the catalogue page, the
weekly e-mail to the functional admins, ``/health/`` and the system check.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone

from core.models import Membership, Role
from regulations.schemes.params import ENDED, ENDING, Currency, parameter_currency
from regulations.schemes.results import date_nl
from regulations.services.parameters import parameter_resolver


def parameter_currency_list(*, on: date | None = None) -> list[Currency]:
    """Every key (per municipality) with its last value's end and status, problems first."""
    return parameter_currency(parameter_resolver().records, on=on or timezone.localdate())


def parameter_currency_alerts(*, on: date | None = None) -> list[Currency]:
    """Only what needs the functional admin: ended without a successor, or ending within 60 days."""
    return [c for c in parameter_currency_list(on=on) if c.status in (ENDED, ENDING)]


def currency_label(item: Currency) -> str:
    """``key`` or ``key (GM0363)``: no personal data, fit for health output and e-mail."""
    return f"{item.key} ({item.municipality_code})" if item.municipality_code else item.key


def parameter_currency_health() -> dict[str, object]:
    """For /health/: degraded (still HTTP 200) while a value has ended without a successor."""
    ended = [currency_label(c) for c in parameter_currency_alerts() if c.status == ENDED]
    if ended:
        return {"status": "degraded", "keys": ended}
    return {"status": "up"}


def functional_admin_emails() -> list[str]:
    return sorted(
        set(
            Membership.objects.filter(role=Role.FUNCTIONAL_ADMIN, user__is_active=True)
            .exclude(user__email="")
            .values_list("user__email", flat=True)
        )
    )


def parameter_currency_mail(*, on: date | None = None) -> int:
    """Mail the functional admins while anything has ended or ends soon; returns the number of
    recipients (0: nothing to report, or nobody to tell)."""
    alerts = parameter_currency_alerts(on=on)
    recipients = functional_admin_emails()
    if not alerts or not recipients:
        return 0
    ended = [c for c in alerts if c.status == ENDED]
    ending = [c for c in alerts if c.status == ENDING]
    lines = [
        "Parameterwaarden in Doorbraak hebben een nieuwe waarde nodig.",
        "",
    ]
    if ended:
        lines.append(
            f"Verlopen zonder opvolger ({len(ended)}); de toets rekent hiermee voorlopig door:"
        )
        lines += [
            f"- {currency_label(c)}: geldig tot en met {date_nl(c.valid_until)}" for c in ended
        ]
        lines.append("")
    if ending:
        lines.append(f"Verloopt binnen 60 dagen ({len(ending)}):")
        lines += [
            f"- {currency_label(c)}: geldig tot en met {date_nl(c.valid_until)}" for c in ending
        ]
        lines.append("")
    lines.append(
        "Vul de nieuwe waarden in via de catalogus (Regelingen) of importeer een parameterpakket; "
        "daarna worden de voorlopige toetsingen opnieuw uitgevoerd."
    )
    subject = (
        f"Doorbraak: {len(ended)} parameterwaarden verlopen, {len(ending)} verlopen binnenkort"
    )
    send_mail(subject, "\n".join(lines), settings.DEFAULT_FROM_EMAIL, recipients)
    return len(recipients)
