"""The API tested through its own OpenAPI document (schemathesis): for every operation,
generated requests, valid and invalid, never get a 5xx, and every answer matches what the
document says (status, content type, body schema). On SQLite and PostgreSQL."""

from __future__ import annotations

import contextvars
from typing import Any

import pytest
import schemathesis
from flask import Flask
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from recruit import create_app
from recruit.extensions import db
from tests import factories
from tests.api.conftest import make_token

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance]
METHODS = ("get", "post", "put", "patch", "delete")


def _operation_labels() -> list[str]:
    """Every operation of the document, read from an app built only for that."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "TESTING": True,
                      "LOG_JSON": False})
    with app.test_client() as client:
        spec = client.get("/api/v1/openapi.json").get_json()
    return [f"{method.upper()} {path}" for path, item in spec["paths"].items()
            for method in METHODS if method in item]


@pytest.fixture
def seeded(app: Flask) -> None:
    # Something to find: low ids are generated often, so reads and writes reach real rows.
    event = factories.make_event()
    employer = factories.make_employer(event)
    vacancy = factories.make_vacancy(employer, requires=["hygiene_passport"])
    factories.make_candidate(event, interests=[vacancy])
    db.session.commit()


@pytest.mark.slow
@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE],
                         ids=["valid", "invalid"])
@pytest.mark.parametrize("label", _operation_labels())
def test_every_operation_keeps_its_document(
    app: Flask, seeded: None, label: str, mode: GenerationMode
) -> None:
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    operation = schema.find_operation_by_label(label)
    assert operation is not None, label
    headers = {"Authorization": f"Bearer {make_token('write')}"}
    statuses: list[int] = []

    @given(case=operation.as_strategy(mode))
    @settings(max_examples=30, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    def exchange(case: Any) -> None:
        # Each request in a context of its own, as in production (see tests/conftest.py).
        response = contextvars.Context().run(
            case.call_and_validate, headers=headers, checks=CHECKS)
        statuses.append(response.status_code)

    exchange()
    assert statuses and max(statuses) < 500
