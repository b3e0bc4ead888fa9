"""Schema identifiers and the fixed categories (pillars, themes, knelpunt types, signal statuses)."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from pathlib import Path

SCHEMA_ID = "doorbraak.signal-report/1"
SCHEMA_PATH = Path(__file__).parent.parent / "schema" / "signal-report-1.schema.json"
# Version 2 = version 1 plus the costed proposals (``costed_proposals``); a report without any
# costed proposal stays version 1, byte for byte.
SCHEMA_ID_V2 = "doorbraak.signal-report/2"
SCHEMA_PATHS = {
    SCHEMA_ID: SCHEMA_PATH,
    SCHEMA_ID_V2: Path(__file__).parent.parent / "schema" / "signal-report-2.schema.json",
}
DISCLOSURE_METHOD = "cell_suppression/1"
# Namespace of the deterministic report ids: uuid5(NAMESPACE_URL, "urn:doorbraak:signal-report").
REPORT_ID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:doorbraak:signal-report")

# Fixed categories (DOMAIN.md sections 1 and 3). The Django choices should import these, so that
# the models and the report cannot drift apart.
PILLARS: tuple[str, ...] = (
    "inkomenszekerheid",
    "werkzekerheid",
    "menselijke_maat",
    "wonen_en_zorg",
)
THEME_PILLAR: Mapping[str, str] = {
    "schulden": "inkomenszekerheid",
    "wonen": "wonen_en_zorg",
    "zorg": "wonen_en_zorg",
    "arbeidsmarkt_beperking": "werkzekerheid",
    "uitvoerbaar_stelsel": "menselijke_maat",
}
THEMES: tuple[str, ...] = tuple(THEME_PILLAR)
KNELPUNT_TYPES: tuple[str, ...] = (
    "samenloop",
    "leeftijds_of_inkomensgrens",
    "geen_afwijkingsbevoegdheid",
    "uitvoeringspraktijk",
    "gegevensuitwisseling",
    "onduidelijk_wie_beslist",
    "terugvordering_bevoorschotting",
    "armoedeval",
)
# The Dutch names of the codes, for readers of the report (the hub's pages and open data). They
# equal the labels of the Django choices (tests/signals/test_labels.py keeps them so); a page
# translates them with gettext, whose catalogue holds them as the choices' msgids.
THEME_LABELS: Mapping[str, str] = {
    "schulden": "Schulden",
    "wonen": "Wonen",
    "zorg": "Zorg",
    "arbeidsmarkt_beperking": "Arbeidsmarkt en beperking",
    "uitvoerbaar_stelsel": "Uitvoerbaar stelsel",
}
KNELPUNT_TYPE_LABELS: Mapping[str, str] = {
    "samenloop": "Samenloop van regels",
    "leeftijds_of_inkomensgrens": "Leeftijds- of inkomensgrens",
    "geen_afwijkingsbevoegdheid": "Geen bevoegdheid om af te wijken",
    "uitvoeringspraktijk": "Uitvoeringspraktijk",
    "gegevensuitwisseling": "Gegevensuitwisseling",
    "onduidelijk_wie_beslist": "Onduidelijk wie beslist",
    "terugvordering_bevoorschotting": "Terugvordering / bevoorschotting",
    "armoedeval": "Armoedeval",
}
SIGNAL_STATUSES: tuple[str, ...] = (
    "draft",
    "reviewed",
    "sent",
    "acknowledged",
    "in_policy_cycle",
    "resolved",
    "rejected",
)
# A draft has not been reviewed for publication yet, so it never leaves the municipality.
PUBLISHABLE_SIGNAL_STATUSES: tuple[str, ...] = SIGNAL_STATUSES[1:]
SIGNAL_ROUTES: tuple[str, ...] = (
    "local_policy",
    "regional",
    "landelijk_maatwerkloket",
    "ministry",
    "vng",
)

# The residual row of breakthroughs without knelpunt type: derivable, never published.
KNELPUNT_RESIDUAL_KEY = "(zonder knelpunttype)"
