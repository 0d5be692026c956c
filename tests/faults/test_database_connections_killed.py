"""Fault: PostgreSQL drops the app's connections (a restart, a failover, an administrator's
`pg_terminate_backend`), also in the middle of requests.

The shared PostgreSQL is never stopped: the test kills the connections of its own test
database only, which is what a restart looks like to the app. Wanted: requests caught by the
kill answer a clean 503 (never a 500), and the requests after it succeed without any manual
step: the pool checks a connection before use (`pool_pre_ping`, config/settings.py).
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from typing import Any

import pytest
import sqlalchemy as sa

from config.settings import engine_options
from recruit.extensions import db
from tests import factories

PAGE = "/staff/events"
CLIENTS = 4

# Killing the server's connections is a PostgreSQL event; SQLite has no server to lose.
pytestmark = pytest.mark.postgresql_only


def _kill_connections(url: str) -> int:
    """Terminate every other connection to this test database; returns how many."""
    engine = sa.create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1),
                              poolclass=sa.pool.NullPool)
    try:
        with engine.connect() as connection:
            return len(connection.execute(sa.text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )).all())
    finally:
        engine.dispose()


@pytest.fixture
def pg_app(make_app: Any, database_url: str) -> Any:
    if not database_url.startswith("postgresql"):
        raise AssertionError("postgresql_only: the SQLite variant is deselected")
    uri = database_url.replace("postgresql://", "postgresql+psycopg://", 1)
    # The production engine settings (pre-ping), not the tests' defaults.
    app = make_app(SQLALCHEMY_ENGINE_OPTIONS=engine_options(uri), PROPAGATE_EXCEPTIONS=False)
    with app.app_context():
        factories.make_staff_user(email="organiser@example.org")
        factories.make_event()
        db.session.commit()
    return app


def _clients(app: Any) -> list[Any]:
    clients = []
    for _ in range(CLIENTS):
        client = app.test_client()
        assert client.post("/auth/login", data={
            "email": "organiser@example.org", "password": factories.STAFF_PASSWORD,
        }).status_code == 302
        clients.append(client)
    return clients


def test_after_the_connections_are_killed_the_next_requests_succeed(
    pg_app: Any, database_url: str
) -> None:
    clients = _clients(pg_app)
    for client in clients:  # every pooled connection in use once
        assert client.get(PAGE).status_code == 200
    assert _kill_connections(database_url) >= 1
    codes = [client.get(PAGE).status_code for client in clients for _ in range(5)]
    assert codes == [200] * len(codes)
    health = clients[0].get("/healthz")
    assert health.status_code == 200 and health.json["database"] == "ok"


def test_connections_killed_mid_request_give_clean_503s_and_recover_at_once(
    pg_app: Any, database_url: str
) -> None:
    clients = _clients(pg_app)
    codes: Counter[int] = Counter()
    lock = threading.Lock()
    stop = threading.Event()

    raised: list[BaseException] = []

    def hammer(client: Any) -> None:
        while not stop.is_set():
            try:
                code = client.get(PAGE).status_code
            except Exception as error:  # the app let an error escape: no answer at all
                raised.append(error)
                return
            with lock:
                codes[code] += 1

    threads = [threading.Thread(target=hammer, args=(c,), daemon=True) for c in clients]
    for thread in threads:
        thread.start()
    killed = 0
    deadline = time.monotonic() + 4
    while time.monotonic() < deadline:
        killed += _kill_connections(database_url)
        time.sleep(0.05)
    stop.set()
    for thread in threads:
        thread.join(timeout=30)
    assert killed > 0
    assert raised == []
    assert codes[500] == 0, codes
    assert set(codes) <= {200, 503}, codes
    assert codes[200] > 0
    # Right after the last kill: every request succeeds, no loop of errors.
    after = [client.get(PAGE).status_code for client in clients for _ in range(5)]
    assert after == [200] * len(after)
    print(f"{killed} connections killed; answers during the kills: {dict(codes)}")
