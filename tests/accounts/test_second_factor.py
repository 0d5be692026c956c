"""The optional second factor (TOTP): enrol with a first code, log in with a fresh code,
a code works once; an admin can require it of everyone and reset someone's."""

from __future__ import annotations

import re
import time

import pyotp
import sqlalchemy as sa

from recruit.accounts import second_factor
from recruit.extensions import db
from recruit.models import AuditEntry
from tests import factories


def _login(client, user):
    return client.post("/auth/login", data={"email": user.email,
                                            "password": factories.STAFF_PASSWORD})


def _secret_on(page: str) -> str:
    match = re.search(r'<code class="secret-key">([A-Z2-7]{32})</code>', page)
    assert match is not None
    return match.group(1)


def test_enrol_then_log_in_with_a_code_that_works_once(app, make_staff_user):
    user = make_staff_user(role="coordinator")
    client = app.test_client()
    assert _login(client, user).status_code == 302
    page = client.get("/staff/second-factor?lang=en").get_data(as_text=True)
    assert "<svg" in page and 'class="qr"' in page
    secret = _secret_on(page)
    assert client.post("/staff/second-factor", data={"code": "000000"}).status_code == 400
    # Reloading keeps the same secret until it is enrolled (the app scanned it).
    assert _secret_on(client.get("/staff/second-factor").get_data(as_text=True)) == secret
    code = pyotp.TOTP(secret).now()
    assert client.post("/staff/second-factor", data={"code": code}).status_code == 302
    db.session.refresh(user)
    assert user.totp_secret == secret
    client.post("/auth/logout")

    # Password alone no longer logs in: the code page comes next.
    response = _login(client, user)
    assert response.headers["Location"].endswith("/auth/second-factor")
    assert client.get("/staff/events").status_code == 302  # not logged in yet
    # The code used at enrolment is spent.
    assert client.post("/auth/second-factor", data={"code": code}).status_code == 400
    totp = pyotp.TOTP(secret)
    next_code = totp.at(time.time() + 30)
    response = client.post("/auth/second-factor", data={"code": next_code})
    assert response.status_code == 302
    assert client.get("/staff/events").status_code == 200
    client.post("/auth/logout")
    _login(client, user)
    # The same code again is refused: a code seen over a shoulder is worth nothing.
    assert client.post("/auth/second-factor", data={"code": next_code}).status_code == 400
    assert client.post("/auth/second-factor", data={"code": "abc"}).status_code == 400


def test_the_second_step_expires(app, make_staff_user):
    user = make_staff_user(totp_secret=pyotp.random_base32())
    client = app.test_client()
    _login(client, user)
    with client.session_transaction() as session:
        pending = dict(session["second_step"])
        pending["at"] -= 3600
        session["second_step"] = pending
    response = client.post("/auth/second-factor",
                           data={"code": pyotp.TOTP(user.totp_secret).now()})
    assert response.status_code == 302 and response.headers["Location"].endswith("/auth/login")
    assert client.get("/staff/events").status_code == 302
    # Without a password first, the pages send to the login.
    fresh = app.test_client()
    assert fresh.get("/auth/second-factor").headers["Location"].endswith("/auth/login")
    assert fresh.get("/auth/second-factor/enrol").headers["Location"].endswith("/auth/login")


def test_required_second_factor_sends_to_enrolment_after_the_password(
    app, make_staff_user, logged_in_client, staff_user
):
    assert logged_in_client.post("/staff/accounts/policy",
                                 data={"require_second_factor": "y"}).status_code == 302
    assert second_factor.required()
    user = make_staff_user(role="coordinator")
    client = app.test_client()
    response = _login(client, user)
    assert response.headers["Location"].endswith("/auth/second-factor/enrol")
    assert client.get("/staff/events").status_code == 302
    secret = _secret_on(client.get("/auth/second-factor/enrol").get_data(as_text=True))
    response = client.post("/auth/second-factor/enrol",
                           data={"code": pyotp.TOTP(secret).now()})
    assert response.status_code == 302
    assert client.get("/staff/events").status_code == 200
    # Required: nobody turns their own off.
    assert client.post("/staff/second-factor/remove").status_code == 400
    db.session.refresh(user)
    assert user.totp_secret == secret

    # Lost phone: an admin resets it, and the next login enrols again.
    assert logged_in_client.post(
        f"/staff/accounts/{user.id}/second-factor/reset").status_code == 302
    db.session.refresh(user)
    assert user.totp_secret is None
    client.post("/auth/logout")
    assert _login(client, user).headers["Location"].endswith("/auth/second-factor/enrol")
    actions = set(db.session.scalars(sa.select(AuditEntry.action)))
    assert {"staff_policy.second_factor_required", "staff_user.second_factor_enrol",
            "staff_user.second_factor_reset"} <= actions


def test_an_optional_second_factor_can_be_turned_off(app, make_staff_user):
    user = make_staff_user(totp_secret=pyotp.random_base32())
    client = app.test_client()
    _login(client, user)
    client.post("/auth/second-factor", data={"code": pyotp.TOTP(user.totp_secret).now()})
    assert client.post("/staff/second-factor/remove").status_code == 302
    db.session.refresh(user)
    assert user.totp_secret is None
    client.post("/auth/logout")
    assert _login(client, user).headers["Location"].endswith("/")


def test_a_coordinator_cannot_reset_or_require(app, make_staff_user, staff_user):
    coordinator = make_staff_user(role="coordinator")
    staff_user.totp_secret = pyotp.random_base32()
    db.session.commit()
    client = app.test_client()
    _login(client, coordinator)
    assert client.post(f"/staff/accounts/{staff_user.id}/second-factor/reset").status_code == 403
    assert client.post("/staff/accounts/policy",
                       data={"require_second_factor": "y"}).status_code == 403
    db.session.refresh(staff_user)
    assert staff_user.totp_secret is not None and not second_factor.required()
