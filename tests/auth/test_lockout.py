"""Per-account login lockout: five wrong passwords lock that address (from every client) for
15 minutes; colleagues behind the same office connection still log in; an administrator can
lift the lock (`lift_lockout`, `flask lift-lockout`); unknown addresses behave the same."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
import time_machine

from recruit.auth.lockout import lift_lockout
from recruit.extensions import db
from recruit.models import AuditEntry, StaffUser
from tests.conftest import REDIS_URL
from tests.factories import STAFF_PASSWORD

OFFICE = {"REMOTE_ADDR": "192.0.2.10"}
LOCKED_TEXT = "Too many wrong passwords for this address"


def _try(client, email, password, where=OFFICE):
    return client.post("/auth/login?lang=en", data={"email": email, "password": password},
                       environ_base=where)


def _lock(client, email):
    for _ in range(5):
        assert _try(client, email, "wrong password").status_code == 401


def test_five_wrong_passwords_lock_the_account_not_the_office(
    make_app, staff_user, make_staff_user
):
    app = make_app(RATELIMIT_ENABLED=True)
    colleague = make_staff_user(email="colleague@example.org")
    client = app.test_client()
    _lock(client, staff_user.email)
    locked = _try(client, staff_user.email, STAFF_PASSWORD)
    assert locked.status_code == 429
    assert LOCKED_TEXT in locked.get_data(as_text=True)
    assert "15 minutes" in locked.get_data(as_text=True)
    # From another address too: the lock is on the account.
    assert _try(app.test_client(), staff_user.email, STAFF_PASSWORD,
                {"REMOTE_ADDR": "198.51.100.7"}).status_code == 429
    # A colleague in the same office logs in.
    assert _try(app.test_client(), colleague.email, STAFF_PASSWORD).status_code == 302


def test_the_lock_ends_after_15_minutes(make_app, staff_user):
    app = make_app(RATELIMIT_ENABLED=True)
    client = app.test_client()
    start = dt.datetime.now(dt.UTC)
    with time_machine.travel(start, tick=False):
        _lock(client, staff_user.email)
    with time_machine.travel(start + dt.timedelta(minutes=14), tick=False):
        assert _try(client, staff_user.email, STAFF_PASSWORD).status_code == 429
    with time_machine.travel(start + dt.timedelta(minutes=15, seconds=5), tick=False):
        assert _try(client, staff_user.email, STAFF_PASSWORD).status_code == 302


def test_a_right_password_forgets_earlier_mistakes(make_app, staff_user):
    app = make_app(RATELIMIT_ENABLED=True)
    client = app.test_client()
    for _ in range(4):
        _try(client, staff_user.email, "wrong password")
    assert _try(client, staff_user.email, STAFF_PASSWORD).status_code == 302
    client.post("/auth/logout")
    for _ in range(4):
        assert _try(client, staff_user.email, "wrong password").status_code == 401
    assert _try(client, staff_user.email, STAFF_PASSWORD).status_code == 302


def test_unknown_addresses_are_locked_the_same_way(make_app, staff_user):
    app = make_app(RATELIMIT_ENABLED=True)
    client = app.test_client()
    _lock(client, "nobody@example.org")
    unknown = _try(client, "nobody@example.org", STAFF_PASSWORD)
    _lock(client, staff_user.email)
    known = _try(client, staff_user.email, STAFF_PASSWORD)
    assert unknown.status_code == known.status_code == 429
    assert LOCKED_TEXT in unknown.get_data(as_text=True)


def test_an_administrator_lifts_the_lock(make_app, staff_user):
    app = make_app(RATELIMIT_ENABLED=True)
    client = app.test_client()
    _lock(client, staff_user.email)
    with app.app_context():
        lift_lockout(db.session.get(StaffUser, staff_user.id))
    assert _try(client, staff_user.email, STAFF_PASSWORD).status_code == 302


def test_an_administrator_lifts_the_lock_from_the_staff_page(make_app, staff_user,
                                                             make_staff_user):
    app = make_app(RATELIMIT_ENABLED=True)
    colleague = make_staff_user(email="colleague@example.org")
    _lock(app.test_client(), colleague.email)
    admin = app.test_client()
    assert _try(admin, staff_user.email, STAFF_PASSWORD).status_code == 302
    page = admin.get("/staff/accounts?lang=en").get_data(as_text=True)
    assert f"/staff/accounts/{colleague.id}/lift-lockout" in page
    lifted = admin.post(f"/staff/accounts/{colleague.id}/lift-lockout?lang=en",
                        follow_redirects=True)
    assert "The login lock was lifted" in lifted.get_data(as_text=True)
    assert _try(app.test_client(), colleague.email, STAFF_PASSWORD).status_code == 302
    with app.app_context():
        assert db.session.scalar(sa.select(AuditEntry.action).where(
            AuditEntry.object_id == colleague.id)) == "staff.lockout_lifted"


def test_lift_lockout_command(make_app, staff_user):
    app = make_app(RATELIMIT_ENABLED=True)
    client = app.test_client()
    _lock(client, staff_user.email)
    runner = app.test_cli_runner()
    with app.app_context():  # the command runs in this app, not the fixture's
        result = runner.invoke(args=["lift-lockout", staff_user.email.upper()])
    assert result.exit_code == 0, result.output
    assert "can log in again" in result.output
    assert _try(client, staff_user.email, STAFF_PASSWORD).status_code == 302
    with app.app_context():
        missing = runner.invoke(args=["lift-lockout", "nobody@example.org"])
    assert missing.exit_code != 0 and "no staff account" in missing.output


def test_the_office_ceiling_is_higher_than_one_accounts_lock(make_app, make_staff_user):
    """Twenty failed logins over several accounts from one office do not stop the others."""
    app = make_app(RATELIMIT_ENABLED=True)
    users = [make_staff_user(email=f"person{n}@example.org") for n in range(6)]
    client = app.test_client()
    for user in users[:4]:
        _lock(client, user.email)
    assert _try(client, users[5].email, STAFF_PASSWORD).status_code == 302


def test_the_lock_holds_across_processes_with_redis(make_app, staff_user, redis_connection):
    for key in redis_connection.scan_iter("*recruit-throttle*"):
        redis_connection.delete(key)
    first = make_app(RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI=REDIS_URL)
    second = make_app(RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI=REDIS_URL)
    _lock(first.test_client(), staff_user.email)
    assert _try(second.test_client(), staff_user.email, STAFF_PASSWORD).status_code == 429
    keys = b" ".join(redis_connection.keys("*recruit-throttle*"))
    assert b"login-failure" in keys and b"organiser" not in keys
    with second.app_context():
        lift_lockout(db.session.get(StaffUser, staff_user.id))
    assert _try(first.test_client(), staff_user.email, STAFF_PASSWORD).status_code == 302
    for key in redis_connection.scan_iter("*recruit-throttle*"):
        redis_connection.delete(key)


def test_without_redis_the_counts_are_in_the_database_for_every_process(make_app, staff_user):
    """Two apps (two web processes, or a web process and `flask lift-lockout`) share the
    database; the rows name no address."""
    import sqlalchemy as sa

    from recruit.models import ThrottleHit

    first, second = make_app(RATELIMIT_ENABLED=True), make_app(RATELIMIT_ENABLED=True)
    _lock(first.test_client(), staff_user.email)
    assert _try(second.test_client(), staff_user.email, STAFF_PASSWORD).status_code == 429
    keys = db.session.scalars(sa.select(ThrottleHit.key)).all()
    assert len(keys) == 5 and all(k.startswith("login-failure:") for k in keys)
    assert not any("organiser" in k for k in keys)
    result = second.test_cli_runner().invoke(args=["lift-lockout", staff_user.email])
    assert result.exit_code == 0, result.output
    assert _try(first.test_client(), staff_user.email, STAFF_PASSWORD).status_code == 302
