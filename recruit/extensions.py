"""Extension instances, created once and bound to an app in `create_app` (microblog style).

Nothing here touches an app, a database or the network at import time.
"""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING

import flask_sqlalchemy.model
import sqlalchemy as sa
from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_mail import Mail
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy.orm import DeclarativeBase

# Deterministic constraint names: Alembic can only alter or drop a constraint it can name,
# and SQLite's batch mode recreates tables by name.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_N_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)

if TYPE_CHECKING:
    # `db.Model` is made at run time, so a type checker cannot see it as a class; this is
    # what it is (the declarative base plus Flask-SQLAlchemy's query property).
    class Model(Base, flask_sqlalchemy.model.Model):
        __abstract__ = True
else:
    Model = db.Model
migrate = Migrate(render_as_batch=True, compare_type=True)
mail = Mail()
login_manager = LoginManager()
csrf = CSRFProtect()
limiter = Limiter(key_func=get_remote_address, default_limits=[])
babel = Babel()


def enable_sqlite_pragmas() -> None:
    """Register `_sqlite_pragmas` for every engine (once; called from `create_app`)."""
    if not sa.event.contains(sa.engine.Engine, "connect", _sqlite_pragmas):
        sa.event.listen(sa.engine.Engine, "connect", _sqlite_pragmas)


def _sqlite_pragmas(dbapi_connection: object, _record: object) -> None:
    """Make SQLite enforce foreign keys (off by default), wait for locks instead of failing,
    and keep a write-ahead log (`bench/mail_bench.py`: see docs/performance.md).

    Listens on the Engine class, so it applies to every engine, but acts only on SQLite.
    """
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    # Write-ahead log: readers no longer block the writer (the sender marks messages sent
    # while pages read), and synchronous=NORMAL syncs at checkpoints instead of every commit,
    # still safe against corruption. An in-memory database keeps its own journal mode.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()
