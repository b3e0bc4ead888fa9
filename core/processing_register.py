"""The register of processing activities (verwerkingsactiviteiten, AVG art. 30) as data.

The register itself is `core/data/verwerkingsactiviteiten.yaml`. Every audit row names one
activity (Logboek Dataverwerkingen: `dpl.core.processing_activity_id`), chosen from what the row
already says: its purpose (`casusregie`, or `schuldhulpverlening:<fase>` by the part before the
colon), otherwise the first part of its action (`auth.login` -> `auth`). An audit event that
maps to no activity is a programming error, but the event is still recorded (blank activity)
and logged as an error: losing the audit row would be worse. tests/core/test_logboek.py checks
that every purpose in the code maps, and the actions recorded without a purpose.
"""

from __future__ import annotations

import csv
import io
import json
import logging
from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path

import yaml

logger = logging.getLogger(__name__)
REGISTER_PATH = Path(__file__).resolve().parent / "data" / "verwerkingsactiviteiten.yaml"
LIST_FIELDS = ("legal_basis", "data_subjects", "personal_data", "recipients")
EXPORT_FIELDS = (
    "code",
    "name",
    "purpose",
    "legal_basis",
    "data_subjects",
    "personal_data",
    "recipients",
    "retention",
    "controller",
)


@dataclass(frozen=True)
class ProcessingActivity:
    code: str
    name: str
    purpose: str
    legal_basis: tuple[str, ...]
    data_subjects: tuple[str, ...]
    personal_data: tuple[str, ...]
    recipients: tuple[str, ...]
    retention: str
    controller: str
    audit_purposes: tuple[str, ...]
    audit_actions: tuple[str, ...]

    def export_row(self) -> dict[str, object]:
        row = asdict(self)
        return {
            field: (list(row[field]) if field in LIST_FIELDS else row[field])
            for field in EXPORT_FIELDS
        }


@dataclass(frozen=True)
class Register:
    activities: tuple[ProcessingActivity, ...]
    by_purpose: dict[str, str]
    by_action: dict[str, str]

    def get(self, code: str) -> ProcessingActivity:
        for activity in self.activities:
            if activity.code == code:
                return activity
        raise KeyError(code)

    def activity_for(self, *, action: str, purpose: str = "") -> str:
        """The code of the activity an audit event belongs to."""
        for key in (purpose, purpose.split(":", 1)[0]):
            if key and key in self.by_purpose:
                return self.by_purpose[key]
        prefix = action.split(".", 1)[0]
        if prefix in self.by_action:
            return self.by_action[prefix]
        logger.error(
            "geen verwerkingsactiviteit voor handeling %r met doel %r in %s",
            action,
            purpose,
            REGISTER_PATH.name,
        )
        return ""

    def maps(self, *, action: str, purpose: str = "") -> bool:
        return (
            any(key in self.by_purpose for key in (purpose, purpose.split(":", 1)[0]) if key)
            or action.split(".", 1)[0] in self.by_action
        )


def parse_register(text: str) -> Register:
    """The register from its YAML, checked: unique codes, no purpose or action twice."""
    raw = yaml.safe_load(text)
    controller = str(raw["controller"])
    activities = []
    by_purpose: dict[str, str] = {}
    by_action: dict[str, str] = {}
    for item in raw["activities"]:
        activity = ProcessingActivity(
            code=str(item["code"]),
            name=str(item["name"]),
            purpose=str(item["purpose"]).strip(),
            legal_basis=tuple(item["legal_basis"]),
            data_subjects=tuple(item["data_subjects"]),
            personal_data=tuple(item["personal_data"]),
            recipients=tuple(item["recipients"]),
            retention=str(item["retention"]),
            controller=str(item.get("controller", controller)),
            audit_purposes=tuple(item.get("audit_purposes", ())),
            audit_actions=tuple(item.get("audit_actions", ())),
        )
        if any(existing.code == activity.code for existing in activities):
            raise ValueError(f"verwerkingsactiviteit {activity.code} staat er twee keer in")
        for mapping, keys in (
            (by_purpose, activity.audit_purposes),
            (by_action, activity.audit_actions),
        ):
            for key in keys:
                if key in mapping:
                    raise ValueError(f"{key} hoort bij {mapping[key]} en bij {activity.code}")
                mapping[key] = activity.code
        activities.append(activity)
    return Register(tuple(activities), by_purpose, by_action)


@cache
def register() -> Register:
    return parse_register(REGISTER_PATH.read_text(encoding="utf-8"))


def export_json(activities: tuple[ProcessingActivity, ...]) -> str:
    return json.dumps(
        {"verwerkingsactiviteiten": [activity.export_row() for activity in activities]},
        ensure_ascii=False,
        indent=2,
    )


def export_csv(activities: tuple[ProcessingActivity, ...]) -> str:
    """One row per activity; list fields joined with '; ' (a spreadsheet's one cell)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(EXPORT_FIELDS)
    for activity in activities:
        row = activity.export_row()
        writer.writerow(
            ["; ".join(value) if isinstance(value, list) else value for value in row.values()]
        )
    return buffer.getvalue()
