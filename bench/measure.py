"""The measuring loop the page benchmarks share (report, check-in, board).

`measure` asks a Flask test client for one page `rounds` times (after one request that warms
the caches and is not counted) and gives the median server time the app itself logs for the
request (`recruit.request`, from before_request to after_request, as in production), the SQL
statements of one request and the response size. `private_database` makes a database of the
benchmark's own: a SQLite file in `workdir`, or a fresh database on a PostgreSQL server
(created, then dropped by the function it returns).
"""

from __future__ import annotations

import logging
import os
import secrets
import statistics
from collections.abc import Callable
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import make_url

from recruit.extensions import db


class ServerTimes(logging.Handler):
    """Collects the `ms` the app logs for every request (recruit.request)."""

    def __init__(self) -> None:
        super().__init__()
        self.ms: list[float] = []

    def emit(self, record: logging.LogRecord) -> None:
        ms = getattr(record, "ms", None)
        if ms is not None:
            self.ms.append(ms)


def private_database(
    server_url: str | None, workdir: Path, prefix: str = "report"
) -> tuple[str, Callable[[], None] | None]:
    """The URL of a database for this run, and how to drop it (None for a SQLite file)."""
    if not server_url:
        return f"sqlite:///{workdir / f'{prefix}.sqlite3'}", None
    server = make_url(server_url)
    name = f"{prefix}_bench_{os.getpid()}_{secrets.token_hex(3)}"
    admin = sa.create_engine(server.set(database="postgres"), isolation_level="AUTOCOMMIT",
                             poolclass=sa.NullPool)
    with admin.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))

    def drop() -> None:
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))

    return server.set(database=name).render_as_string(hide_password=False), drop


def measure(client: Any, app: Any, path: str, rounds: int, times: ServerTimes,
            method: str = "GET", **kwargs: Any) -> tuple[float, int, int]:
    """Median server seconds, SQL statements of one request (the session's user lookup
    included), response size in bytes. `kwargs` go to the client (data, headers)."""
    statements: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    seconds: list[float] = []
    size = 0
    for round_number in range(rounds + 1):  # the first warms caches and is not counted
        times.ms.clear()
        statements.clear()
        with app.app_context():
            sa.event.listen(db.engine, "before_cursor_execute", count)
        response = client.open(path, method=method, **kwargs)
        with app.app_context():
            sa.event.remove(db.engine, "before_cursor_execute", count)
        if response.status_code != 200:
            raise SystemExit(f"{method} {path} answered {response.status_code}")
        size = len(response.data)
        if round_number:
            seconds.append(times.ms[-1] / 1000)
    return statistics.median(seconds), len(statements), size
