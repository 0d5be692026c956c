"""HTTP security headers, set by Flask-Talisman, and the stricter headers of private-link pages.

- Content-Security-Policy: everything from our own origin, no inline script or style (the
  templates keep scripts and styles in static files), charts as `data:` images, no plugins,
  forms post only to us, and no page may be framed (`frame-ancestors 'none'`, and the older
  `X-Frame-Options: DENY`).
- Strict-Transport-Security on responses served over HTTPS (directly, or behind a trusted
  proxy that says so in X-Forwarded-Proto, see TRUSTED_PROXIES).
- Referrer-Policy: REFERRER_POLICY on ordinary pages; a page reached by a private link sends
  `no-referrer` and `Cache-Control: no-store` (`private_link_page`), so the token in its URL
  is never passed on or kept in a cache.
- Cache-Control: no-store on every staff page, the login page and the JSON API
  (`STAFF_PATHS`): they show personal data, and a shared computer's browser cache or a proxy
  must not keep a copy after logout.
Redirecting plain HTTP to HTTPS is the proxy's job (config/nginx), not the app's.
"""

from __future__ import annotations

from typing import TypeVar

from flask import Flask, g, request
from flask_talisman import Talisman
from werkzeug.wrappers import Response

CONTENT_SECURITY_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}
HSTS_SECONDS = 31536000
# Staff pages (the reports included), login, and the JSON API.
STAFF_PATHS = ("/staff/", "/auth/", "/api/")

talisman = Talisman()

AnyResponse = TypeVar("AnyResponse", bound=Response)


def private_link_page(response: AnyResponse) -> AnyResponse:
    """Mark a response to a private link: no referrer, no cache, no search engine."""
    g.private_link_page = True
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response


def init_app(app: Flask) -> None:
    # Registered before Talisman, so it runs after it (Flask runs after-request functions in
    # reverse): Talisman sets the ordinary referrer policy on every response.
    @app.after_request
    def keep_private_referrer_policy(response: Response) -> Response:
        if g.get("private_link_page"):
            response.headers["Referrer-Policy"] = "no-referrer"
        return response

    @app.after_request
    def no_store_on_staff_pages(response: Response) -> Response:
        if request.path == "/staff" or request.path.startswith(STAFF_PATHS):
            response.headers["Cache-Control"] = "no-store"
        return response

    talisman.init_app(
        app,
        content_security_policy=CONTENT_SECURITY_POLICY,
        frame_options="DENY",
        force_https=False,
        strict_transport_security=True,
        strict_transport_security_max_age=HSTS_SECONDS,
        strict_transport_security_include_subdomains=False,
        referrer_policy=app.config["REFERRER_POLICY"],
        # The cookie settings stay those of config/settings.py (SESSION_COOKIE_SECURE from
        # the environment: development and tests run over plain HTTP).
        session_cookie_secure=False,
        session_cookie_http_only=True,
        session_cookie_samesite=app.config.get("SESSION_COOKIE_SAMESITE", "Lax"),
        # Talisman's default feature policies are for APIs this service never uses.
        permissions_policy={"camera": "()", "microphone": "()", "geolocation": "()"},
        feature_policy={},
        document_policy={},
    )
