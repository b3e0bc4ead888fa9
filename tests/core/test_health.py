def test_health_reports_database_and_broker_up(client, db):
    response = client.get("/health/")
    assert response.status_code == 200
    body = response.json()
    # "degraded" (still 200) when parameter values have run out; see tests/regulations.
    assert body["status"] in {"up", "degraded"}
    assert body["checks"]["database"] == {"status": "up", "vendor": "postgresql"}
    assert body["checks"]["broker"]["status"] == "up"


def test_health_answers_503_when_the_broker_is_down(client, db, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["checks"]["broker"]["status"] == "down"
    assert response.json()["checks"]["database"]["status"] == "up"
