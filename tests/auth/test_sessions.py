"""Staff sessions kept on the server: logout and a password change end them, they end after
30 idle minutes and 12 hours after login at the latest, and the cookie holds only an id."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
import sqlalchemy as sa
import time_machine
from flask_login import login_required

from recruit.extensions import db
from recruit.models import ServerSession, StaffUser
from tests.conftest import REDIS_URL
from tests.dayof.support import todays_event
from tests.factories import STAFF_PASSWORD


def _app(make_app, **settings):
    app = make_app(**settings)

    @app.get("/private")
    @login_required
    def private():
        return "private page"

    return app


def _login(client, user):
    response = client.post("/auth/login", data={"email": user.email, "password": STAFF_PASSWORD})
    assert response.status_code == 302
    return client.get_cookie("session").value


def _replay(app, cookie):
    other = app.test_client()
    other.set_cookie("session", cookie)
    return other.get("/private")


def _sends_to_login(response) -> bool:
    return response.status_code == 302 and response.location.startswith("/auth/login")


def test_a_cookie_replayed_after_logout_gets_the_login_page(make_app, staff_user):
    app = _app(make_app)
    client = app.test_client()
    cookie = _login(client, staff_user)
    assert _replay(app, cookie).status_code == 200  # the copy works while logged in
    client.post("/auth/logout")
    assert _sends_to_login(_replay(app, cookie))
    assert _sends_to_login(client.get("/private"))


def test_login_gives_a_new_session_id(make_app, staff_user):
    app = _app(make_app)
    client = app.test_client()
    client.get("/auth/login?lang=sv")  # a visitor's session (the language)
    before = client.get_cookie("session").value
    after = _login(client, staff_user)
    assert after != before
    # A session id planted before login does not become a logged-in one.
    assert _sends_to_login(_replay(app, before))


def test_a_password_change_ends_every_session_of_the_account(make_app, staff_user):
    app = _app(make_app)
    first, second = app.test_client(), app.test_client()
    _login(first, staff_user)
    _login(second, staff_user)
    user = db.session.get(StaffUser, staff_user.id)
    user.set_password("a brand new passphrase")
    db.session.commit()
    assert _sends_to_login(first.get("/private"))
    assert _sends_to_login(second.get("/private"))
    # The new password works.
    response = first.post("/auth/login", data={"email": user.email,
                                               "password": "a brand new passphrase"})
    assert response.status_code == 302
    assert first.get("/private").status_code == 200


def test_a_deactivated_account_is_logged_out(make_app, staff_user):
    app = _app(make_app)
    client = app.test_client()
    _login(client, staff_user)
    db.session.get(StaffUser, staff_user.id).is_active = False
    db.session.commit()
    assert _sends_to_login(client.get("/private"))


def test_a_session_ends_after_30_idle_minutes(make_app, staff_user):
    app = _app(make_app)
    client = app.test_client()
    start = dt.datetime.now(dt.UTC)
    with time_machine.travel(start, tick=False):
        _login(client, staff_user)
    with time_machine.travel(start + dt.timedelta(minutes=29), tick=False):
        assert client.get("/private").status_code == 200  # use moves the limit on
    with time_machine.travel(start + dt.timedelta(minutes=58), tick=False):
        assert client.get("/private").status_code == 200
    with time_machine.travel(start + dt.timedelta(minutes=89), tick=False):
        assert _sends_to_login(client.get("/private"))


def test_a_session_in_use_ends_12_hours_after_login(make_app, staff_user):
    app = _app(make_app)
    client = app.test_client()
    start = dt.datetime.now(dt.UTC)
    with time_machine.travel(start, tick=False):
        _login(client, staff_user)
    minute = 0
    while minute + 20 < 12 * 60:
        minute += 20
        with time_machine.travel(start + dt.timedelta(minutes=minute), tick=False):
            assert client.get("/private").status_code == 200, minute
    with time_machine.travel(start + dt.timedelta(hours=12, minutes=5), tick=False):
        assert _sends_to_login(client.get("/private"))


def test_limits_are_settings(make_app, staff_user):
    app = _app(make_app, SESSION_IDLE_SECONDS=120, SESSION_ABSOLUTE_SECONDS=3600)
    client = app.test_client()
    start = dt.datetime.now(dt.UTC)
    with time_machine.travel(start, tick=False):
        _login(client, staff_user)
    with time_machine.travel(start + dt.timedelta(minutes=3), tick=False):
        assert _sends_to_login(client.get("/private"))


def test_the_cookie_holds_only_an_id_and_the_database_only_its_hash(make_app, staff_user):
    app = _app(make_app)
    client = app.test_client()
    cookie = _login(client, staff_user)
    assert len(cookie) >= 43 and "." not in cookie  # a random id, not signed data
    stored = db.session.scalars(sa.select(ServerSession.store_id)).all()
    assert hashlib.sha256(cookie.encode()).hexdigest() in stored
    assert cookie not in stored
    row = db.session.scalar(sa.select(ServerSession).where(
        ServerSession.store_id == hashlib.sha256(cookie.encode()).hexdigest()))
    assert row.expires_at > dt.datetime.now(dt.UTC) + dt.timedelta(minutes=25)
    assert row.expires_at < dt.datetime.now(dt.UTC) + dt.timedelta(minutes=31)


def test_flash_messages_and_cookies_hold_no_name(
    make_app, staff_user, make_event, make_candidate
):
    from recruit.core import links

    app = make_app()
    client = app.test_client()
    _login(client, staff_user)
    event = todays_event(make_event)
    person = make_candidate(event, first_name="Sointu", last_name="Salmelainen")
    _link, token = links.issue(person, "check_in")
    db.session.commit()
    response = client.post(f"/staff/check-in/{token}")
    assert response.status_code == 302
    cookies = response.headers.getlist("Set-Cookie")
    assert not any("Sointu" in c or "Salmelainen" in c for c in cookies)
    with client.session_transaction() as session:
        flashes = [str(message) for _category, message in session.get("_flashes", [])]
    assert flashes and not any("Sointu" in m or "Salmelainen" in m for m in flashes)
    # What the server keeps for the session holds no name either.
    stored = b"".join(db.session.scalars(sa.select(ServerSession.data)).all())
    assert b"Sointu" not in stored and b"Salmelainen" not in stored
    # The page after the redirect names the person.
    assert "Sointu" in client.get(f"/staff/check-in/{token}").get_data(as_text=True)


def test_sessions_stay_in_the_database_when_redis_is_set(make_app, staff_user, redis_connection):
    """Redis holds the job queue and may go down or lose its data; a login must not."""
    app = _app(make_app, REDIS_URL=REDIS_URL)
    client = app.test_client()
    cookie = _login(client, staff_user)
    hashed = hashlib.sha256(cookie.encode()).hexdigest()
    # Other runs may have left keys in the shared test Redis: none is this session's.
    assert not [key for key in redis_connection.scan_iter("*")
                if hashed in key.decode() or cookie in key.decode()]
    stored = db.session.scalars(sa.select(ServerSession.store_id)).all()
    assert hashed in stored and cookie not in stored
    assert _replay(app, cookie).status_code == 200
    client.post("/auth/logout")
    assert _sends_to_login(_replay(app, cookie))


@pytest.mark.parametrize("target", ["/private\r\nSet-Cookie: x=1", "/private%0d%0aX: y",
                                    "/\x00x"])
def test_next_with_control_characters_is_ignored(make_app, staff_user, target):
    app = _app(make_app)
    client = app.test_client()
    response = client.post(f"/auth/login?next={target}",
                           data={"email": staff_user.email, "password": STAFF_PASSWORD})
    assert response.status_code == 302
    assert "\r" not in response.location and "\n" not in response.location


def test_a_stronger_hash_made_at_login_is_kept(make_app, make_staff_user):
    """Argon2 upgrades an old hash while checking it; the new session id given at login must
    not drop that change."""
    from recruit.models.user import _HASHERS

    weak = _HASHERS["cheapest"].hash(STAFF_PASSWORD)
    user = make_staff_user(email="old@example.org")
    user.password_hash = weak
    db.session.commit()
    app = _app(make_app, ARGON2_PROFILE="default")
    client = app.test_client()
    _login(client, user)
    db.session.expire_all()
    stored = db.session.get(StaffUser, user.id).password_hash
    assert stored != weak and stored.startswith("$argon2id$")
