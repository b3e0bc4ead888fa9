"""The report format's codes and Dutch names equal the Django choices of the apps, so the models,
the report and the hub's pages cannot drift apart."""

from __future__ import annotations

from breakthroughs.constants import KnelpuntType, Pillar, Theme
from signals.constants import SignalRoute, SignalStatus
from signals.reporting.builder import (
    KNELPUNT_TYPE_LABELS,
    KNELPUNT_TYPES,
    PILLARS,
    SIGNAL_ROUTES,
    SIGNAL_STATUSES,
    THEME_LABELS,
    THEMES,
)


def test_codes_equal_the_choices():
    assert tuple(Theme.values) == THEMES
    assert tuple(KnelpuntType.values) == KNELPUNT_TYPES
    assert tuple(Pillar.values) == PILLARS
    assert tuple(SignalStatus.values) == SIGNAL_STATUSES
    assert tuple(SignalRoute.values) == SIGNAL_ROUTES


def test_dutch_names_equal_the_labels_of_the_choices():
    # The choices' labels are the gettext msgids; the hub translates the report's names by them.
    assert {code: str(label) for code, label in Theme.choices} == dict(THEME_LABELS)
    assert {code: str(label) for code, label in KnelpuntType.choices} == dict(KNELPUNT_TYPE_LABELS)
