"""`/healthz` and `/readyz`: what a load balancer, systemd or a container runtime asks.

`/healthz` (liveness): the database answers `SELECT 1` and, when REDIS_URL is set, Redis
answers PING. `/readyz` (readiness) also requires the database schema to have every
migration of this code, so an instance started with new code before `flask db upgrade` ran
takes no traffic. Both answer 200 when every check passes and 503 otherwise, with a JSON body naming
each part's state and nothing else: no error text (it carries host and user names), no trace.
"""

from __future__ import annotations

import logging
from typing import Any

import sqlalchemy as sa
from flask import Flask, current_app
from flask.typing import ResponseReturnValue

from recruit.extensions import db

log = logging.getLogger(__name__)

OK = "ok"
UNAVAILABLE = "unavailable"
NOT_CONFIGURED = "not configured"
NOT_CHECKED = "not checked"
BEHIND = "behind"
AHEAD = "ahead"
# A probe must answer well within the prober's own timeout (nginx, systemd, compose: ~5 s).
REDIS_TIMEOUT_SECONDS = 2.0


def check_database() -> str:
    try:
        with db.engine.connect() as connection:
            connection.execute(sa.text("SELECT 1"))
    except Exception as error:  # any failure means "not healthy"; the reason goes to the log
        _log_failure("database", error)
        return UNAVAILABLE
    return OK


def check_redis(app: Flask) -> str:
    url = app.config.get("REDIS_URL")
    if not url:
        return NOT_CONFIGURED
    from redis import Redis

    connection = Redis.from_url(
        url, socket_connect_timeout=REDIS_TIMEOUT_SECONDS, socket_timeout=REDIS_TIMEOUT_SECONDS
    )
    try:
        connection.ping()
    except Exception as error:
        _log_failure("redis", error)
        return UNAVAILABLE
    finally:
        connection.close()
    return OK


def check_migrations(app: Flask) -> str:
    """"ok" at the newest migration of this code, "behind" when the database still lacks some
    of them (this code may need them), "ahead" when newer code has already migrated it.

    "ahead" counts as ready: during a rolling deploy the instances still on the old code keep
    serving after the new code's migrations ran (migrations keep the previous release
    working; docs/deployment.md).
    """
    from alembic.migration import MigrationContext

    try:
        with db.engine.connect() as connection:
            current = set(MigrationContext.configure(connection).get_current_heads())
    except Exception as error:
        _log_failure("migrations", error)
        return UNAVAILABLE
    heads, known = _code_revisions(app)
    if current == heads:
        return OK
    return AHEAD if current and not current <= known else BEHIND


def _code_revisions(app: Flask) -> tuple[set[str], set[str]]:
    """(the newest revisions, every revision) of the migration scripts in this code."""
    # The scripts on disk do not change while the process runs: read them once.
    revisions = app.extensions.get("health_migration_revisions")
    if revisions is None:
        from alembic.script import ScriptDirectory

        config = app.extensions["migrate"].migrate.get_config()
        script = ScriptDirectory.from_config(config)
        revisions = (
            set(script.get_heads()),
            {revision.revision for revision in script.walk_revisions()},
        )
        app.extensions["health_migration_revisions"] = revisions
    return revisions


def _log_failure(part: str, error: Exception) -> None:
    # The exception's type only: its message names hosts, users and sometimes passwords.
    log.warning("health check: %s unavailable (%s)", part, type(error).__name__)


def _answer(checks: dict[str, str]) -> ResponseReturnValue:
    healthy = all(state in (OK, NOT_CONFIGURED, AHEAD) for state in checks.values())
    body: dict[str, Any] = {"status": OK if healthy else UNAVAILABLE, **checks}
    # Never cached: a proxy must not answer a probe with an old result.
    return body, 200 if healthy else 503, {"Cache-Control": "no-store"}


def healthz() -> ResponseReturnValue:
    app: Flask = current_app._get_current_object()  # type: ignore[attr-defined]
    return _answer({"database": check_database(), "redis": check_redis(app)})


def readyz() -> ResponseReturnValue:
    app: Flask = current_app._get_current_object()  # type: ignore[attr-defined]
    database = check_database()
    migrations = check_migrations(app) if database == OK else NOT_CHECKED
    return _answer({"database": database, "redis": check_redis(app), "migrations": migrations})


def init_app(app: Flask) -> None:
    app.add_url_rule("/healthz", "healthz", healthz, methods=["GET"])
    app.add_url_rule("/readyz", "readyz", readyz, methods=["GET"])
