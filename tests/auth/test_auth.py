"""Staff login and logout, the login rate limit, and the create-staff command."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from flask_login import login_required

from recruit.extensions import db
from recruit.models import AuditEntry, StaffUser
from tests.factories import STAFF_PASSWORD


def _protected_app(make_app, **settings):
    """An app with one login-protected page, so these tests need no other blueprint."""
    app = make_app(**settings)

    @app.get("/private")
    @login_required
    def private():
        return "private page"

    return app


def test_login_page_has_labelled_fields(client):
    response = client.get("/auth/login")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert '<label for="email">Sähköposti</label>' in html
    assert '<label for="password">Salasana</label>' in html
    assert 'autocomplete="current-password"' in html


def test_login_starts_a_fresh_session(client, auth, staff_user):
    with client.session_transaction() as session:
        session["planted"] = "by someone else"
        session["lang"] = "sv"
    response = auth.login()
    assert response.status_code == 302
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session["_user_id"] == str(staff_user.id)
        assert session["lang"] == "sv"  # the language choice survives
        assert session.permanent
    user = db.session.get(StaffUser, staff_user.id)
    assert user.last_login_at is not None
    entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "staff.login"))
    assert entry.staff_user_id == staff_user.id


def test_email_is_matched_case_insensitively(client, auth, staff_user):
    assert auth.login(email="  Organiser@Example.ORG").status_code == 302


@pytest.mark.parametrize(
    ("email", "password"),
    [
        ("organiser@example.org", "wrong password"),
        ("nobody@example.org", STAFF_PASSWORD),
    ],
)
def test_wrong_credentials_get_one_generic_message(client, auth, staff_user, email, password):
    response = auth.login(email=email, password=password)
    assert response.status_code == 401
    html = response.get_data(as_text=True)
    assert "Väärä sähköpostiosoite tai salasana." in html
    # The address typed is kept in the form; the password never is.
    assert f'value="{email}"' in html
    assert password not in html
    with client.session_transaction() as session:
        assert "_user_id" not in session


def test_inactive_account_cannot_log_in(client, auth, staff_user):
    staff_user.is_active = False
    db.session.commit()
    response = auth.login()
    assert response.status_code == 401
    assert "Väärä sähköpostiosoite tai salasana." in response.get_data(as_text=True)


def test_empty_form_shows_each_error_beside_its_field(client):
    response = client.post("/auth/login?lang=en", data={"email": "not-an-address", "password": ""})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert '<span class="error" id="email-error">Enter a valid e-mail address.</span>' in html
    assert '<span class="error" id="password-error">Enter your password.</span>' in html
    assert 'aria-describedby="email-error"' in html
    assert 'value="not-an-address"' in html


def test_login_required_pages_redirect_to_login_and_back(make_app, staff_user):
    app = _protected_app(make_app)
    client = app.test_client()
    response = client.get("/private")
    assert response.status_code == 302
    assert response.location.startswith("/auth/login?next=")
    response = client.post(
        "/auth/login?next=/private",
        data={"email": staff_user.email, "password": STAFF_PASSWORD},
    )
    assert response.location == "/private"
    assert client.get("/private").get_data(as_text=True) == "private page"


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "javascript:x"])
def test_login_never_redirects_to_another_site(client, staff_user, target):
    response = client.post(
        f"/auth/login?next={target}",
        data={"email": staff_user.email, "password": STAFF_PASSWORD},
    )
    assert response.status_code == 302
    assert "evil" not in response.location and "javascript" not in response.location


def test_logout_is_post_only_and_ends_the_session(make_app, staff_user):
    app = _protected_app(make_app)
    client = app.test_client()
    client.post("/auth/login", data={"email": staff_user.email, "password": STAFF_PASSWORD})
    assert client.get("/private").status_code == 200
    assert client.get("/auth/logout").status_code == 405
    response = client.post("/auth/logout")
    assert response.status_code == 302
    assert client.get("/private").status_code == 302


def test_logged_in_page_shows_logout_button(logged_in_client):
    html = logged_in_client.get("/no-such-page").get_data(as_text=True)
    assert "Kirjaudu ulos" in html and "Outi Organiser" in html


def test_login_attempts_are_rate_limited(make_app, staff_user):
    app = make_app(RATELIMIT_ENABLED=True, LOGIN_RATE_LIMIT="3 per minute")
    client = app.test_client()
    for _ in range(3):
        assert (
            client.post("/auth/login", data={"email": "x@example.org", "password": "y"}).status_code
            == 401
        )
    response = client.post(
        "/auth/login", data={"email": staff_user.email, "password": STAFF_PASSWORD}
    )
    assert response.status_code == 429
    assert "Liian monta yritystä" in response.get_data(as_text=True)
    # Reading the page is not limited, only attempts.
    assert client.get("/auth/login").status_code == 200


def test_create_staff_command(runner):
    result = runner.invoke(
        args=["create-staff", "Liisa@Example.org", "--name", "Liisa Laine"],
        input="a long passphrase\na long passphrase\n",
    )
    assert result.exit_code == 0, result.output
    user = StaffUser.by_email("liisa@example.org")
    assert user.name == "Liisa Laine" and user.check_password("a long passphrase")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["create-staff", "not-an-address", "--name", "X", "--password", "long enough pw"],
            "not a valid",
        ),
        (["create-staff", "a@example.org", "--name", "X", "--password", "short"], "at least 10"),
        (["create-staff", "a@example.org", "--name", " ", "--password", "long enough pw"], "name"),
    ],
)
def test_create_staff_refuses_bad_input(runner, args, message):
    result = runner.invoke(args=args)
    assert result.exit_code != 0
    assert message in result.output
    assert db.session.scalar(sa.select(sa.func.count()).select_from(StaffUser)) == 0


def test_create_staff_refuses_a_second_account_for_one_address(runner, staff_user):
    result = runner.invoke(
        args=["create-staff", staff_user.email, "--name", "Again", "--password", "long enough pw"]
    )
    assert result.exit_code != 0
    assert "already exists" in result.output


def test_a_staff_members_own_language_applies_after_login(client, auth, make_staff_user):
    make_staff_user(email="sven@example.org", locale="sv")
    assert auth.login(email="sven@example.org").status_code == 302
    # Any page with the base layout will do; the error page belongs to no other blueprint.
    html = client.get("/no-such-page").get_data(as_text=True)
    assert "Logga ut" in html  # the navigation, in Swedish without any ?lang=
    # An explicit choice on the page still wins.
    assert "Kirjaudu ulos" in client.get("/no-such-page?lang=fi").get_data(as_text=True)
