"""Error bodies of the JSON API: RFC 9457 problem details in the caller's language.

Every refusal under /api/ is `application/problem+json` with `type`, `title`, `status` and
`detail`; a refused body or query also has `errors`, one entry per field. The title and the
default detail follow Accept-Language (fi, sv, en) like every page of the service.
"""

from __future__ import annotations

from typing import Any

from flask import Response, json, request
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import HTTPException

from recruit.api.messages import translated

PROBLEM_MIMETYPE = "application/problem+json"
API_PREFIX = "/api/"

TITLES: dict[int, Any] = {
    400: _l("Bad request"),
    401: _l("Authentication required"),
    403: _l("Not allowed"),
    404: _l("Not found"),
    405: _l("Method not allowed"),
    409: _l("Conflict"),
    412: _l("Precondition failed"),
    413: _l("Too much data"),
    415: _l("Unsupported media type"),
    422: _l("The request has errors"),
    428: _l("Precondition required"),
    429: _l("Too many requests"),
    500: _l("Something went wrong"),
    503: _l("Service unavailable"),
}
DETAILS: dict[int, Any] = {
    400: _l("The request could not be understood."),
    401: _l("Send an API token in the Authorization header: Bearer followed by the token."),
    403: _l("This API token may only read; writing needs a token with the write scope."),
    404: _l("There is no such object, or it belongs to another event."),
    405: _l("This address does not take that method."),
    412: _l("The object has changed since you read it: read it again and retry with its new "
            "ETag in If-Match."),
    413: _l("The request body is too large."),
    415: _l("Send the body as JSON (Content-Type: application/json)."),
    422: _l("Some fields have errors; see the list of errors."),
    428: _l("Changing this object needs the ETag you read, sent in the If-Match header."),
    429: _l("Too many requests in a short time; wait a moment and try again."),
    500: _l("An unexpected error occurred. It has been logged; please try again later."),
    503: _l("The service cannot answer right now; please try again later."),
}


def is_api_request() -> bool:
    return request.path.startswith(API_PREFIX)


def problem(
    status: int, detail: Any = None, *, errors: list[dict[str, Any]] | None = None,
    headers: dict[str, str] | None = None,
) -> Response:
    """A problem-details response for `status`."""
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": str(TITLES.get(status, TITLES[500] if status >= 500 else TITLES[400])),
        "status": status,
        "detail": str(detail or DETAILS.get(status, TITLES.get(status, ""))),
        "instance": request.path,
    }
    if errors:
        body["errors"] = errors
    response = Response(json.dumps(body), status=status, mimetype=PROBLEM_MIMETYPE)
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def field_errors(messages: Any, prefix: str = "") -> list[dict[str, str]]:
    """Flatten marshmallow/webargs messages ({"json": {"name": ["..."]}}) into a list."""
    found: list[dict[str, str]] = []
    if isinstance(messages, dict):
        for key, value in messages.items():
            if key in ("json", "query", "headers", "form", "files") and not prefix:
                found.extend(field_errors(value, ""))
            else:
                name = f"{prefix}.{key}" if prefix else str(key)
                found.extend(field_errors(value, name))
    elif isinstance(messages, list | tuple):
        for item in messages:
            if isinstance(item, dict | list | tuple):
                found.extend(field_errors(item, prefix))
            else:
                found.append({"field": prefix, "message": translated(str(item))})
    else:
        found.append({"field": prefix, "message": translated(str(messages))})
    return found


def from_http_exception(error: HTTPException) -> Response:
    """Any HTTP error raised under /api/ as a problem (webargs puts field errors in data)."""
    status = error.code or 500
    data = getattr(error, "data", None) or {}
    errors = field_errors(data.get("messages") or data.get("errors") or {})
    detail = data.get("message")
    headers = dict(data.get("headers") or {})
    if status == 405:
        headers.update((name, value) for name, value in error.get_headers() if name == "Allow")
    if status == 401:
        headers.setdefault("WWW-Authenticate", 'Bearer realm="api"')
    if status == 422 and errors and detail is None:
        detail = DETAILS[422]
    if status in (401, 403, 404, 405, 412, 413, 415, 428, 429) and detail is None:
        detail = DETAILS[status]
    return problem(status, detail, errors=errors, headers=headers)
