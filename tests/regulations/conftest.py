"""Fixtures shared by the regulations tests (helpers come as fixtures, never imported from
another test module)."""

from __future__ import annotations

from django.core.management import call_command

import pytest


@pytest.fixture
def catalogue(db):
    """The regulations catalogue and its parameters, loaded as `make run` does."""
    call_command("load_regulations", verbosity=0)
