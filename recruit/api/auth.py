"""Every route of the JSON API needs an API token (`Authorization: Bearer ...`).

The API takes tokens only: a staff member's browser session does not open it, so a page
cannot be made to call it on their behalf (and the routes need no CSRF token). Reading needs
a token of either scope; anything else needs the write scope.
"""

from __future__ import annotations

from flask import abort, g, request
from flask_smorest import Blueprint

from recruit.api.tokens import authenticate
from recruit.api.writes import handle_refusals

READ_METHODS = ("GET", "HEAD", "OPTIONS")


def require_token() -> None:
    scheme, _, value = request.headers.get("Authorization", "").partition(" ")
    token = authenticate(value.strip()) if scheme.lower() == "bearer" else None
    if token is None:
        abort(401)
    if not token.allows("read" if request.method in READ_METHODS else "write"):
        abort(403)
    g.api_token_id = token.id


def api_blueprint(name: str, description: str) -> Blueprint:
    """A blueprint of the API under /api/v1, guarded by `require_token`."""
    blueprint = Blueprint(name, __name__, url_prefix="/api/v1", description=description)
    blueprint.before_request(require_token)
    handle_refusals(blueprint)
    return blueprint
