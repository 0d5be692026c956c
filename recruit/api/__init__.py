"""The JSON API under /api/v1 (flask-smorest): the organisation's other systems move events,
employers, young people, schedules and results in and out without screen work.

flask-smorest derives the OpenAPI 3.1 document from the marshmallow schemas and decorators
of the routes (`/api/v1/openapi.json`), validates bodies and query strings with the same
schemas, and brings pagination and ETag/If-Match handling; docs/api.md says why it was chosen.
Errors are problem details (recruit.api.problems), rendered by the app's error handler for
every path under /api/.
"""

from __future__ import annotations

import http
from typing import Any

from flask import Flask
from flask_smorest import Api
from flask_smorest.spec import prepare_response

from recruit.api import docs, events, import_routes, people, publish_runs, results, scheduling
from recruit.api.problems import PROBLEM_MIMETYPE
from recruit.api.schemas import ProblemSchema
from recruit.extensions import csrf

API_BLUEPRINTS = (
    events.blp, people.employers_blp, people.candidates_blp, import_routes.blp,
    scheduling.runs_blp, scheduling.schedule_blp, publish_runs.blp, results.blp,
)

SPEC_OPTIONS: dict[str, Any] = {
    "info": {
        "description": "Events, employers and vacancies, young people's sign-ups, solve runs, "
                       "schedules, interviews, outcomes and reports of the Täsmärekry "
                       "scheduler. Send an API token as `Authorization: Bearer <token>`; "
                       "errors are RFC 9457 problem details in the language of "
                       "Accept-Language (fi, sv, en).",
    },
    "components": {
        "securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer"}},
    },
    "security": [{"bearerAuth": []}],
}


class RecruitApi(Api):
    ERROR_SCHEMA = ProblemSchema

    def _register_error_handlers(self) -> None:
        # flask-smorest would take over every error of the app; the app's own handler turns
        # errors under /api/ into problems and keeps the HTML error pages everywhere else.
        pass

    def _register_responses(self) -> None:
        for status in http.HTTPStatus:
            response: dict[str, Any] = {"description": status.phrase}
            if not (100 <= status < 200) and status not in (204, 304):
                response["schema"] = self.ERROR_SCHEMA
            prepare_response(response, self.spec, PROBLEM_MIMETYPE)
            self.spec.components.response(status.name, response, lazy=True)
        response = {"description": "Problem details", "schema": self.ERROR_SCHEMA}
        prepare_response(response, self.spec, PROBLEM_MIMETYPE)
        self.spec.components.response("DEFAULT_ERROR", response, lazy=True)


def init_app(app: Flask) -> None:
    app.config.setdefault("API_TITLE", "Täsmärekry API")
    app.config.setdefault("API_VERSION", "v1")
    app.config.setdefault("OPENAPI_VERSION", "3.1.0")
    app.config.setdefault("OPENAPI_URL_PREFIX", "/api/v1")
    app.config.setdefault("OPENAPI_JSON_PATH", "openapi.json")
    app.config.setdefault("API_SPEC_OPTIONS", SPEC_OPTIONS)
    api = RecruitApi(app)
    for blueprint in API_BLUEPRINTS:
        csrf.exempt(blueprint)
        api.register_blueprint(blueprint)
    app.register_blueprint(docs.bp)
