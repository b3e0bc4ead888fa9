"""A task on a real Celery worker against the real Redis broker."""

import pytest

from config.celery import app
from core.tasks import heartbeat


@pytest.mark.integration
def test_heartbeat_runs_on_a_real_worker(celery_worker):
    assert app.conf.broker_url.startswith("redis://")
    result = heartbeat.delay()
    assert result.get(timeout=20) == {"status": "ok", "vendor": "postgresql"}
