"""API tokens: created and revoked by staff (page and command), stored hashed, scoped, and
the only way into the API."""

from __future__ import annotations

import re
from typing import Any

import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from recruit.core.links import hash_token
from recruit.extensions import db
from recruit.models import ApiToken, AuditEntry, Event
from tests.api.conftest import ApiClient, make_token

EVENT = {"name": "Treffit", "date": "2027-04-01", "start": "09:00", "end": "12:00"}


def _events() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Event)) or 0


def test_no_valid_token_no_entry(client: FlaskClient, app: Flask) -> None:
    revoked = make_token()
    ApiClient(client, make_token())  # another, still valid token exists
    db.session.execute(sa.update(ApiToken).where(ApiToken.token_hash == hash_token(revoked))
                       .values(revoked_at=sa.func.now()))
    db.session.commit()
    for header in ({}, {"Authorization": "Basic abc"}, {"Authorization": "Bearer " + "x" * 43},
                   {"Authorization": f"Bearer {revoked}"}):
        response = client.get("/api/v1/events", headers=header)
        assert response.status_code == 401
        assert response.mimetype == "application/problem+json"
        assert response.headers["WWW-Authenticate"].startswith("Bearer")
        assert response.json["status"] == 401


def test_a_staff_session_alone_does_not_open_the_api(logged_in_client: FlaskClient) -> None:
    assert logged_in_client.get("/api/v1/events").status_code == 401
    assert logged_in_client.post("/api/v1/events", json=EVENT).status_code == 401
    assert _events() == 0


def test_a_read_token_reads_but_cannot_write(read_api: ApiClient) -> None:
    assert read_api.get("/events").status_code == 200
    response = read_api.post("/events", EVENT)
    assert response.status_code == 403
    assert response.json["title"]
    assert _events() == 0


def test_writes_need_no_csrf_token_and_are_audited_against_the_token(make_app: Any) -> None:
    app = make_app(WTF_CSRF_ENABLED=True)
    with app.app_context():
        token = make_token("write")
        row = db.session.scalar(sa.select(ApiToken))
        response = app.test_client().post("/api/v1/events", json=EVENT,
                                          headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 201, response.json
        entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "event.create"))
        assert entry is not None and entry.api_token_id == row.id and entry.staff_user_id is None
        db.session.remove()


def test_only_the_hash_is_stored(app: Flask) -> None:
    token = make_token()
    row = db.session.scalar(sa.select(ApiToken))
    assert row.token_hash == hash_token(token)
    stored = [str(value) for value in db.session.execute(sa.select(ApiToken.__table__)).one()]
    assert token not in stored
    assert row.prefix == token[:8]


def test_staff_create_a_token_see_it_once_and_revoke_it(
    logged_in_client: FlaskClient, app: Flask
) -> None:
    page = logged_in_client.post("/staff/api-tokens", data={"name": "Asiakasrekisteri",
                                                            "scope": "write"})
    assert page.status_code == 200
    token = re.search(r'<code id="new-token">([^<]+)</code>', page.text).group(1)
    api = ApiClient(logged_in_client, token)
    assert api.post("/events", EVENT).status_code == 201
    listing = logged_in_client.get("/staff/api-tokens")
    assert "Asiakasrekisteri" in listing.text and token not in listing.text
    row = db.session.scalar(sa.select(ApiToken))
    assert logged_in_client.post(f"/staff/api-tokens/{row.id}/revoke").status_code == 302
    assert api.get("/events").status_code == 401
    actions = set(db.session.scalars(sa.select(AuditEntry.action)))
    assert {"api_token.create", "api_token.revoke"} <= actions


def test_the_token_page_refuses_a_nameless_token(logged_in_client: FlaskClient) -> None:
    page = logged_in_client.post("/staff/api-tokens", data={"name": " ", "scope": "write"})
    assert page.status_code == 400
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ApiToken)) == 0


def test_the_token_page_needs_a_login(client: FlaskClient) -> None:
    assert client.get("/staff/api-tokens").status_code == 302
    assert client.post("/staff/api-tokens", data={"name": "x", "scope": "write"}
                       ).status_code in (302, 400)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ApiToken)) == 0


def test_the_command_creates_lists_and_revokes(runner: Any, client: FlaskClient) -> None:
    created = runner.invoke(args=["api-token", "create", "Report export", "--scope", "read"])
    assert created.exit_code == 0, created.output
    token = created.output.strip().rsplit(" ", 1)[-1]
    assert ApiClient(client, token).get("/events").status_code == 200
    listed = runner.invoke(args=["api-token", "list"])
    assert "Report export" in listed.output and token not in listed.output
    token_id = listed.output.split("\t", 1)[0]
    assert runner.invoke(args=["api-token", "revoke", token_id]).exit_code == 0
    assert ApiClient(client, token).get("/events").status_code == 401
    refused = runner.invoke(args=["api-token", "create", "x", "--scope", "admin"])
    assert refused.exit_code != 0
