"""Every model of the signals app has a factory in tests/signals/factories.py that makes a valid
row; a new signal model without one fails here."""

from __future__ import annotations

import hashlib

from django.apps import apps

import pytest

from signals.reporting.builder import canonical_json, validate_report
from tests.signals import factories


def _factories() -> dict[str, type]:
    found = {}
    for attribute in vars(factories).values():
        model = getattr(getattr(attribute, "_meta", None), "model", None)
        if model is not None and attribute.__module__ == factories.__name__:
            found[model._meta.label] = attribute
    return found


MODELS = sorted(model._meta.label for model in apps.get_app_config("signals").get_models())


def test_every_signal_model_has_a_factory():
    assert MODELS == [
        "signals.DeliveryAttempt",
        "signals.Signal",
        "signals.SignalLink",
        "signals.SignalReport",
        "signals.SignalStatusChange",
    ]
    assert sorted(set(MODELS) - set(_factories())) == []


@pytest.mark.parametrize("label", MODELS)
def test_the_factory_makes_a_valid_row(db, label):
    instance = _factories()[label]()
    instance.full_clean()
    assert type(instance)._default_manager.filter(pk=instance.pk).exists()


def test_a_report_row_holds_a_valid_report_and_its_hash(db):
    report = factories.SignalReportFactory()
    assert validate_report(report.content) == []
    assert str(report.report_id) == report.content["report_id"]
    assert report.content_sha256 == hashlib.sha256(canonical_json(report.content)).hexdigest()
