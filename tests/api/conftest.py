"""Fixtures of the API tests: tokens and a client that sends one."""

from __future__ import annotations

import time
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from recruit.api import tokens
from recruit.extensions import db


def make_token(scope: str = "write", name: str = "Client register") -> str:
    _row, token = tokens.create_token(name, scope, None)
    db.session.commit()
    return token


class ApiClient:
    """The test client with a token and JSON bodies: `api.get("/events")`."""

    def __init__(self, client: FlaskClient, token: str, language: str = "en") -> None:
        self.client, self.token, self.language = client, token, language

    def _headers(self, extra: dict[str, str] | None) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}", "Accept-Language": self.language,
                **(extra or {})}

    def get(self, path: str, **kwargs: Any) -> Any:
        return self.client.get(f"/api/v1{path}", headers=self._headers(kwargs.pop("headers", None)),
                               **kwargs)

    def send(self, method: str, path: str, body: Any = None, **kwargs: Any) -> Any:
        return self.client.open(f"/api/v1{path}", method=method, json=body,
                                headers=self._headers(kwargs.pop("headers", None)), **kwargs)

    def post(self, path: str, body: Any = None, **kwargs: Any) -> Any:
        return self.send("POST", path, body if body is not None else {}, **kwargs)


def follow_publish(api: ApiClient, location: str, timeout: float = 60.0) -> dict[str, Any]:
    """Poll a publish run (a Location under /api/v1) until it is neither queued nor running."""
    path = location.removeprefix("/api/v1")
    deadline = time.monotonic() + timeout
    while True:
        response = api.get(path)
        assert response.status_code == 200, response.json
        if response.json["status"] not in ("queued", "running"):
            return dict(response.json)
        assert time.monotonic() < deadline, f"publish run still {response.json}"
        time.sleep(0.05)


def publish(api: ApiClient, event_id: int) -> dict[str, Any]:
    """Publish through the API and wait until everyone is told; the finished run."""
    response = api.post(f"/events/{event_id}/schedule/versions")
    assert response.status_code == 202, response.json
    return follow_publish(api, response.headers["Location"])


@pytest.fixture
def api(app: Flask, client: FlaskClient) -> ApiClient:
    return ApiClient(client, make_token("write"))


@pytest.fixture
def read_api(app: Flask, client: FlaskClient) -> ApiClient:
    return ApiClient(client, make_token("read", "Report reader"))
