"""Every model of the project's apps has a factory that makes a valid row; a new model without one
fails here."""

from __future__ import annotations

from importlib import import_module

from django.apps import apps

import pytest

FACTORY_MODULES = [
    "tests.core.factories",
    "tests.casework.factories",
    "tests.regulations.factories",
    "tests.breakthroughs.factories",
    "tests.signals.factories",
    "tests.retention.factories",
]
APPS = ("core", "casework", "regulations", "breakthroughs", "signals", "retention")


def _factories() -> dict[str, type]:
    found = {}
    for name in FACTORY_MODULES:
        module = import_module(name)
        for attribute in vars(module).values():
            model = getattr(getattr(attribute, "_meta", None), "model", None)
            if model is not None and attribute.__module__ == name:
                found[model._meta.label] = attribute
    return found


MODELS = sorted(
    model._meta.label for app in APPS for model in apps.get_app_config(app).get_models()
)


def test_every_model_has_a_factory():
    assert sorted(set(MODELS) - set(_factories())) == []


@pytest.mark.parametrize("label", MODELS)
def test_the_factory_makes_a_valid_row(db, label):
    instance = _factories()[label]()
    instance.full_clean()
    assert type(instance)._default_manager.filter(pk=instance.pk).exists()
