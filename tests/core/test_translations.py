"""The English catalogue is complete and its compiled file is current."""

from __future__ import annotations

import gettext
import re
from pathlib import Path

from django.conf import settings

PO = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")


def _entries(text: str) -> list[dict[str, str]]:
    """msgid and msgstr(s) of each entry, continuation lines joined; obsolete entries skipped."""
    entries = []
    for block in text.split("\n\n"):
        lines = [line for line in block.splitlines() if not line.startswith("#")]
        fields: dict[str, str] = {}
        key = None
        for line in lines:
            match = re.match(r'^(msgid|msgid_plural|msgstr(?:\[\d+\])?) "(.*)"$', line)
            if match:
                key = match.group(1)
                fields[key] = match.group(2)
            elif key and line.startswith('"'):
                fields[key] += line[1:-1]
        if fields.get("msgid"):
            entries.append(fields)
    return entries


def test_every_message_has_an_english_translation() -> None:
    entries = _entries(PO.read_text(encoding="utf-8"))
    missing = [
        e["msgid"]
        for e in entries
        if any(value == "" for key, value in e.items() if key.startswith("msgstr"))
    ]
    assert len(entries) > 1000
    assert missing == []


def test_the_compiled_catalogue_matches_the_source() -> None:
    with MO.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for entry in _entries(PO.read_text(encoding="utf-8")):
        if "msgid_plural" in entry:
            continue
        assert compiled.gettext(entry["msgid"].replace('\\"', '"').replace("\\n", "\n")) == (
            entry["msgstr"].replace('\\"', '"').replace("\\n", "\n")
        ), entry["msgid"]
