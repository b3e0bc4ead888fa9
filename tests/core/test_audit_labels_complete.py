"""Every audit action the application writes literally has a Dutch label: the audit page and the
AVG access print would otherwise show a code to the auditor (the crawl test fails on those)."""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings
from django.utils import translation

from core.presentation.audit_labels import audit_action_label

ROOT = Path(settings.BASE_DIR)
SKIPPED = {".venv", "tests", "node_modules", "benchmarks"}
PATTERNS = (
    r'action\s*=\s*"([a-z_]+\.[a-z_.]+)"',
    r'what\s*=\s*"([a-z_]+\.[a-z_.]+)"',
    r'"([a-z_]+\.[a-z_]+)" if ',
    r'else "([a-z_]+\.[a-z_]+)"',
)


def _literal_actions() -> set[str]:
    actions: set[str] = set()
    for path in ROOT.glob("*/**/*.py"):
        if path.relative_to(ROOT).parts[0] in SKIPPED:
            continue
        text = path.read_text(encoding="utf-8")
        for pattern in PATTERNS:
            actions.update(re.findall(pattern, text))
    return actions


def test_every_literal_audit_action_has_a_dutch_label():
    actions = _literal_actions()
    assert {"household.read", "signal_workspace.read", "retention.list_approve"} <= actions
    with translation.override("nl"):
        unlabelled = sorted(a for a in actions if audit_action_label(a) == a)
    assert unlabelled == []
