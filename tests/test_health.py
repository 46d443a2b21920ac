from django.db import connection

from sen_portal.celery import app


def test_healthz_is_public_and_reports_both_services(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "broker": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_healthz_fails_when_the_broker_does_not_answer(client, db, monkeypatch):
    # Port 1 on loopback: nothing listens there, so the connection is refused at once.
    # broker_write_url first: monkeypatch undoes in reverse order, so broker_url is
    # restored before the write URL is, and later tests see the real broker again.
    monkeypatch.setattr(app.conf, "broker_write_url", None)
    monkeypatch.setattr(app.conf, "broker_url", "redis://127.0.0.1:1/0")
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["broker"] == "error"
    assert response.json()["database"] == "ok"


class DownDatabase:
    def cursor(self):
        raise connection.Database.OperationalError("database is down")


def test_healthz_fails_when_the_database_does_not_answer(client, db, monkeypatch):
    monkeypatch.setattr("sen_portal.health.connection", DownDatabase())
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "error"
