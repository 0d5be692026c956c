"""Server-side sessions (Flask-Session): the cookie carries a random id, the data stays here.

In the `server_session` table, also when Redis is set up: Redis holds the job queue and may be
down or restarted without its data, and neither may log staff out or break the pages
(tests/faults/test_redis_down.py). Flask-Session's own SQLAlchemy store is not used: it creates its
table outside the migrations and commits the request's database session when it saves, which
would commit whatever a failed form had left pending. Our table store has an engine (and a
small connection pool) of its own: a request never needs two connections of the app's pool at
once, and a page's statement count stays that of the page. Before it writes, it ends the
request's own transaction (whatever was not committed by then is dropped at the end of the
request anyway), so on SQLite it never waits for a write lock its own request holds.

The store keys a session by the sha256 of the cookie's id, so a copy of the database gives
no cookie that works. A session lives as long as it is used:
staff sessions SESSION_IDLE_SECONDS after their last use (and never beyond the absolute
limit, see `recruit.auth.sessions`), visitors' sessions (language, form tokens) as long as a
form's CSRF token is valid.
"""

from __future__ import annotations

import hashlib
from datetime import timedelta
from typing import Any

import msgspec
import sqlalchemy as sa
from flask import Flask, current_app, g, has_request_context
from flask_babel.speaklater import LazyString
from flask_session.base import ServerSideSession, ServerSideSessionInterface

from recruit.extensions import db
from recruit.models.base import utcnow
from recruit.models.session import ServerSession

# Flask-Login's key: a session that holds it belongs to a logged-in staff member.
STAFF_KEY = "_user_id"
SID_BYTES = 32
# The session store's own pool: each request holds a connection for one short statement.
POOL_SIZE, POOL_OVERFLOW = 2, 8


def session_lifetime(session: ServerSideSession) -> timedelta:
    """How long an unused session is kept: staff sessions end when idle for
    SESSION_IDLE_SECONDS; a visitor's lasts as long as its form token (WTF_CSRF_TIME_LIMIT)."""
    config = current_app.config
    if STAFF_KEY in session:
        return timedelta(seconds=config["SESSION_IDLE_SECONDS"])
    return timedelta(seconds=config["WTF_CSRF_TIME_LIMIT"] or config["SESSION_IDLE_SECONDS"])


def hashed_store_id(prefix: str, sid: str) -> str:
    return prefix + hashlib.sha256(sid.encode()).hexdigest()


class DatabaseStore(ServerSideSessionInterface):
    """Sessions in the `server_session` table, on an engine of their own."""

    # Flask-Session's switch for its own clean-up command or random per-request clean-up:
    # neither is needed, as expiry is checked on read and expired rows are deleted whenever a
    # new session is stored.
    ttl = True

    def __init__(self, app: Flask, **options: Any) -> None:
        super().__init__(app, **options)
        url = sa.engine.make_url(app.config["SQLALCHEMY_DATABASE_URI"])
        # A connection the database dropped (a restart) is replaced before use, not failed on.
        options = {"pool_pre_ping": True, **app.config.get("SQLALCHEMY_ENGINE_OPTIONS", {})}
        self.own_engine: sa.Engine | None = None
        if url.get_backend_name() != "sqlite":
            options = {"pool_size": POOL_SIZE, "max_overflow": POOL_OVERFLOW, **options}
        if url.get_backend_name() != "sqlite" or url.database not in (None, "", ":memory:"):
            self.own_engine = sa.create_engine(url, **options)

    @property
    def engine(self) -> sa.Engine:
        # An in-memory SQLite database exists once per engine: share the app's.
        return self.own_engine if self.own_engine is not None else db.engine

    def _get_store_id(self, sid: str) -> str:
        return hashed_store_id("", sid)

    def save_session(self, app: Flask, session: Any, response: Any) -> None:
        g.session_saving = True
        try:
            super().save_session(app, session, response)
        finally:
            g.session_saving = False

    def _before_write(self) -> None:
        # Saving at the end of a request (not a new id in the middle of a login, nor a
        # test's session_transaction): the view is done, so end its transaction and give its
        # connection back before taking one of our own.
        if has_request_context() and g.get("session_request") and g.get("session_saving"):
            db.session.rollback()

    def _retrieve_session_data(self, store_id: str) -> dict[str, Any] | None:
        with self.engine.connect() as connection:
            row = connection.execute(
                sa.select(ServerSession.data, ServerSession.expires_at)
                .where(ServerSession.store_id == store_id)
            ).first()
        if row is None:
            return None
        expires_at = row.expires_at  # UTCDateTime: timezone-aware on both engines
        if expires_at <= utcnow():
            self._delete_session(store_id)
            return None
        data = self.serializer.decode(bytes(row.data))
        return dict(data)

    def _delete_session(self, store_id: str) -> None:
        self._before_write()
        with self.engine.begin() as connection:
            connection.execute(sa.delete(ServerSession).where(ServerSession.store_id == store_id))

    def _upsert_session(
        self, session_lifetime_: timedelta, session: ServerSideSession, store_id: str
    ) -> None:
        data = self.serializer.encode(session)
        now = utcnow()
        expires_at = now + session_lifetime(session)
        self._before_write()
        with self.engine.begin() as connection:
            updated = connection.execute(
                sa.update(ServerSession).where(ServerSession.store_id == store_id)
                .values(data=data, expires_at=expires_at)
            ).rowcount
            if not updated:
                # A new session: the moment to drop those nobody used for too long.
                connection.execute(sa.delete(ServerSession).where(ServerSession.expires_at <= now))
                connection.execute(
                    sa.insert(ServerSession).values(store_id=store_id, data=data,
                                                    expires_at=expires_at)
                )

    def _delete_expired_sessions(self) -> None:
        with self.engine.begin() as connection:
            connection.execute(sa.delete(ServerSession).where(ServerSession.expires_at <= utcnow()))


def init_app(app: Flask) -> None:
    """Replace Flask's signed-cookie sessions with server-side ones."""
    # Written when changed or touched (recruit.auth.sessions touches a staff session at most
    # once a minute), not on every request.
    app.config["SESSION_REFRESH_EACH_REQUEST"] = False
    options: dict[str, Any] = {
        # Visitors' sessions end with the browser; a staff login makes its session permanent
        # (a cookie that expires with the idle limit).
        "permanent": False,
        "sid_length": SID_BYTES,
        "use_signer": False,
        "serialization_format": "msgpack",
    }
    app.session_interface = DatabaseStore(app, key_prefix="", **options)
    app.session_interface.serializer.encoder = msgspec.msgpack.Encoder(enc_hook=_plain)

    @app.before_request
    def mark_request() -> None:
        g.session_request = True


def dispose(app: Flask) -> None:
    """Close the database store's connections (tests building many apps call this)."""
    interface = app.session_interface
    if isinstance(interface, DatabaseStore) and interface.own_engine is not None:
        interface.own_engine.dispose()


def _plain(value: Any) -> Any:
    """Translated strings made lazily (Flask-Login's "please log in") go in as text."""
    if isinstance(value, LazyString):
        return str(value)
    # msgspec's contract for an encoder hook: NotImplementedError means "this type cannot be
    # encoded", which msgspec turns into its own encode error naming the type.
    raise NotImplementedError(f"a session cannot hold a {type(value).__name__}")


def regenerate(session: Any) -> None:
    """Give the session a new id and delete the old one from the store: a cookie copied
    before (at login) or replayed after (at logout) opens nothing."""
    interface = current_app.session_interface
    if isinstance(interface, ServerSideSessionInterface) and isinstance(session, ServerSideSession):
        old = interface._get_store_id(session.sid)
        interface._delete_session(old)
        session.sid = interface._generate_sid(SID_BYTES)
        session.modified = True
