"""/healthz and /readyz: what load balancers, systemd and compose ask before sending traffic.

The failures are real: a Redis or PostgreSQL port where nothing listens, and a "silent" server
that accepts the connection and never answers (a hung or overloaded host), which only the
timeouts can bound.
"""

from __future__ import annotations

import logging
import socket
import time
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from recruit import create_app
from recruit.extensions import db
from tests.conftest import REDIS_URL, _test_config

CLOSED_PORT = 1


@pytest.fixture
def silent_server() -> Iterator[int]:
    """A port on this machine that accepts connections (the kernel's backlog) and never
    replies; returns the port."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    yield listener.getsockname()[1]
    listener.close()


def _app_from_environment(monkeypatch, database_url: str, **overrides):
    """An app built as production builds it: the database from DATABASE_URL, so the engine
    options (the connect timeout) are the ones config.settings derives."""
    monkeypatch.setenv("DATABASE_URL", database_url)
    config = _test_config(database_url, **overrides)
    del config["SQLALCHEMY_DATABASE_URI"]
    return create_app(config)


def _get(app, path: str):
    started = time.monotonic()
    response = app.test_client().get(path)
    return response, time.monotonic() - started


def test_healthy_without_redis(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok", "redis": "not configured"}
    assert response.headers["Cache-Control"] == "no-store"


def test_healthy_with_redis(make_app, redis_connection):
    response = make_app(REDIS_URL=REDIS_URL).test_client().get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok", "redis": "ok"}


def test_dead_redis_is_503_at_once(make_app):
    app = make_app(REDIS_URL=f"redis://127.0.0.1:{CLOSED_PORT}/0")
    response, seconds = _get(app, "/healthz")
    assert response.status_code == 503
    assert response.get_json() == {
        "status": "unavailable", "database": "ok", "redis": "unavailable",
    }
    assert seconds < 2


def test_silent_redis_is_503_within_the_timeout(make_app, silent_server):
    app = make_app(REDIS_URL=f"redis://127.0.0.1:{silent_server}/0")
    response, seconds = _get(app, "/healthz")
    assert response.status_code == 503
    assert response.get_json()["redis"] == "unavailable"
    assert seconds < 4


def test_unreachable_database_is_503_without_details(monkeypatch, caplog):
    url = f"postgresql+psycopg://secret-user:secret-pass@127.0.0.1:{CLOSED_PORT}/nowhere"
    app = _app_from_environment(monkeypatch, url)
    with caplog.at_level(logging.WARNING, logger="recruit.core.health"):
        response, seconds = _get(app, "/healthz")
        ready, _ = _get(app, "/readyz")
    assert response.status_code == 503
    assert response.get_json() == {
        "status": "unavailable", "database": "unavailable", "redis": "not configured",
    }
    assert seconds < 2
    assert ready.status_code == 503
    assert ready.get_json()["migrations"] == "not checked"
    everything = response.get_data(as_text=True) + ready.get_data(as_text=True) + caplog.text
    for detail in ("secret-user", "secret-pass", "127.0.0.1", "nowhere", "Traceback"):
        assert detail not in everything
    assert "database unavailable (OperationalError)" in caplog.text


def test_silent_database_is_503_within_the_connect_timeout(monkeypatch, silent_server):
    monkeypatch.setenv("DATABASE_CONNECT_TIMEOUT", "2")
    app = _app_from_environment(
        monkeypatch, f"postgresql+psycopg://postgres@127.0.0.1:{silent_server}/test"
    )
    response, seconds = _get(app, "/healthz")
    assert response.status_code == 503
    assert response.get_json()["database"] == "unavailable"
    # libpq may try twice (with and without TLS), each bounded by the timeout.
    assert seconds < 6


def test_not_ready_until_migrated_to_head(empty_database_url):
    app = create_app(_test_config(empty_database_url))
    client = app.test_client()
    with app.app_context():
        try:
            # A database nobody migrated: alive, but not ready for this code.
            assert client.get("/healthz").status_code == 200
            response = client.get("/readyz")
            assert response.status_code == 503
            assert response.get_json()["migrations"] == "behind"

            upgrade()
            response = client.get("/readyz")
            assert response.status_code == 200
            assert response.get_json() == {
                "status": "ok", "database": "ok", "redis": "not configured", "migrations": "ok",
            }

            # New code deployed before `flask db upgrade`: one migration behind.
            downgrade(revision="-1")
            response = client.get("/readyz")
            assert response.status_code == 503
            assert response.get_json()["migrations"] == "behind"

            # Newer code has migrated the database further (a rolling deploy): this older
            # instance keeps serving until it is replaced.
            with db.engine.begin() as connection:
                connection.execute(
                    sa.text("UPDATE alembic_version SET version_num = '9999_from_newer_code'")
                )
            response = client.get("/readyz")
            assert response.status_code == 200
            assert response.get_json()["migrations"] == "ahead"
        finally:
            db.session.remove()
            db.engine.dispose()
