"""Errors of the API are RFC 9457 problem details in the caller's language."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from tests import factories
from tests.api.conftest import ApiClient, make_token


def test_problems_speak_the_callers_language(client: FlaskClient, app: Flask) -> None:
    titles = {}
    for language in ("fi", "sv", "en"):
        response = client.get("/api/v1/events", headers={"Accept-Language": language})
        assert response.status_code == 401
        assert response.mimetype == "application/problem+json"
        body = response.json
        assert set(body) >= {"type", "title", "status", "detail", "instance"}
        titles[language] = body["title"]
    assert titles == {"fi": "Tunnistautuminen vaaditaan", "sv": "Autentisering krävs",
                      "en": "Authentication required"}


def test_field_errors_are_listed_in_the_callers_language(client: FlaskClient, app: Flask
                                                         ) -> None:
    event = factories.make_event()
    api = ApiClient(client, make_token(), language="fi")
    response = api.post(f"/events/{event.id}/candidates", {
        "first_name": "", "last_name": "Virtanen", "email": "aino@example.fi",
        "birth_year": "vuosi", "languages": ["fi"], "nickname": "Ainski"})
    assert response.status_code == 422
    errors = {entry["field"]: entry["message"] for entry in response.json["errors"]}
    assert errors == {"first_name": "Kirjoita 1–100 merkkiä.",
                      "birth_year": "Anna kokonaisluku.",
                      "nickname": "Tuntematon kenttä."}
    assert response.json["title"] == "Pyynnössä on virheitä"


def test_unknown_objects_and_methods(api: ApiClient, app: Flask) -> None:
    missing = api.get("/events/4242")
    assert missing.status_code == 404 and missing.json["status"] == 404
    wrong = api.send("DELETE", "/events")
    assert wrong.status_code == 405
    assert "GET" in wrong.headers["Allow"]
    assert wrong.mimetype == "application/problem+json"
    not_json = api.client.post("/api/v1/events", data="name=x",
                               headers={**api._headers(None),
                                        "Content-Type": "application/x-www-form-urlencoded"})
    assert not_json.status_code in (415, 422)
    assert not_json.mimetype == "application/problem+json"


def test_pages_outside_the_api_keep_their_html_errors(client: FlaskClient, app: Flask) -> None:
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert response.mimetype == "text/html"
