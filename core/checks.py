"""Deploy checks of core (`manage.py check --deploy`): settings that production can run without,
but a privacy officer will miss."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def processing_register_uri_check(
    app_configs: Sequence[Any] | None = None, **kwargs: Any
) -> list[Warning]:
    """Without PROCESSING_REGISTER_URI the Logboek export names each processing activity by a
    path of this app (`/verwerkingsregister/#code`), which a central Logboek cannot resolve."""
    if settings.PROCESSING_REGISTER_URI:
        return []
    return [
        Warning(
            "PROCESSING_REGISTER_URI is niet ingesteld: de Logboek-export verwijst naar "
            "verwerkingsactiviteiten met een relatief pad.",
            hint="Zet PROCESSING_REGISTER_URI op de plek waar de gemeente haar register van "
            "verwerkingsactiviteiten publiceert, bijvoorbeeld "
            "https://www.gemeente.example/privacy/verwerkingsregister.",
            id="core.W001",
        )
    ]
