"""The JSON parser every API view uses: bounded size and nesting, so hostile input is a 4xx
problem, never a 500."""

from __future__ import annotations

import io
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rest_framework.exceptions import APIException, ParseError
from rest_framework.parsers import JSONParser

from core.jsondepth import MAX_JSON_DEPTH, json_depth_exceeds

__all__ = ["MAX_JSON_DEPTH", "BoundedJSONParser", "RequestTooLarge", "json_depth_exceeds"]


class RequestTooLarge(APIException):
    status_code = 413
    default_detail = gettext_lazy("Het verzoek is te groot.")
    default_code = "too_large"


class BoundedJSONParser(JSONParser):
    """JSONParser that refuses JSON nested deeper than MAX_JSON_DEPTH with a ParseError (400)."""

    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        raw = stream.read(limit + 1 if limit is not None else -1) if stream is not None else b""
        if limit is not None and len(raw) > limit:
            raise RequestTooLarge()
        if json_depth_exceeds(raw):
            raise ParseError(
                _("De JSON is te diep genest (hoogstens %(limit)d niveaus).")
                % {"limit": MAX_JSON_DEPTH}
            )
        try:
            return super().parse(io.BytesIO(raw), media_type, parser_context)
        except RecursionError as exc:  # a guard behind the guard: never a 500
            raise ParseError(_("De JSON is te diep genest.")) from exc
