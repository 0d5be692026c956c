"""The Täsmärekry web service: `create_app` builds a configured Flask app (flaskr style).

Nothing happens at import time: extensions, blueprints, logging and commands are all wired
inside the factory, so tests can build as many independent apps as they like.
"""

from __future__ import annotations

import contextlib
import logging
import os
import time
from typing import Any

import sqlalchemy.exc as sa_exc
from flask import Flask, g, make_response, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter
from werkzeug.wrappers import Response

from config.settings import Config, instance_secret_key
from recruit import api, models  # noqa: F401  (models: registers every table)
from recruit.accounts import audit_views as account_audit_views
from recruit.accounts import password_views as account_password_views
from recruit.accounts import second_factor_views as account_second_factor_views
from recruit.accounts import views as account_views
from recruit.api import cli as api_cli
from recruit.api import import_views as api_import_views
from recruit.api import problems as api_problems
from recruit.api import token_views as api_token_views
from recruit.auth import cli as auth_cli
from recruit.auth import routes as auth_routes
from recruit.auth import second_factor_views
from recruit.auth import sessions as staff_sessions
from recruit.booking import views as booking_views
from recruit.calendar import feeds as calendar_feeds
from recruit.core import cli as core_cli
from recruit.core import forms, health, i18n, jobs, kept_forms, security, sessions, staff, throttle
from recruit.core.jobs import JobArg
from recruit.core.logging import configure_logging
from recruit.dayof import views as dayof_views
from recruit.employers import routes as employer_routes
from recruit.events import cli as events_cli
from recruit.events import demo_views
from recruit.events import views as event_views
from recruit.extensions import (
    babel,
    csrf,
    db,
    enable_sqlite_pragmas,
    limiter,
    login_manager,
    mail,
    migrate,
)
from recruit.followup import bp as follow_up_bp
from recruit.followup import cli as follow_up_cli
from recruit.mail import cli as mail_cli
from recruit.mail import sender as mail_sender
from recruit.mail import views as mail_views
from recruit.models.base import LARGEST_INTEGER
from recruit.people import cli as people_cli
from recruit.people import views as people_views
from recruit.privacy import cli as privacy_cli
from recruit.privacy import employer_views as privacy_employer_views
from recruit.privacy import views as privacy_views
from recruit.reports import bp as reports_bp
from recruit.reports import init_app as reports_init_app
from recruit.scheduling import board_views as schedule_board_views
from recruit.scheduling import cli as scheduling_cli
from recruit.scheduling import views as schedule_views
from recruit.sms import cli as sms_cli
from recruit.sms import sender as sms_sender
from recruit.sms import views as sms_views
from recruit.youth import routes as youth_routes

# The staff workspace is one blueprint (`staff.*`); each feature's views module adds its pages
# to it, so these imports are what puts the pages there.
STAFF_PAGES = (
    event_views, demo_views, people_views, schedule_views, schedule_board_views, booking_views,
    mail_views, dayof_views, api_token_views, api_import_views, account_views,
    account_audit_views, account_second_factor_views, sms_views,
)
# The password pages reached from an e-mail, and the second step of a login, add themselves
# to `auth.bp` the same way.
AUTH_PAGES = (account_password_views, second_factor_views)
BLUEPRINTS = (
    auth_routes.bp, staff.bp, youth_routes.bp, employer_routes.bp, calendar_feeds.bp, reports_bp,
    privacy_views.bp, privacy_employer_views.bp, follow_up_bp,
)
COMMANDS = (
    *core_cli.COMMANDS,
    *auth_cli.COMMANDS,
    *events_cli.COMMANDS,
    *people_cli.COMMANDS,
    *scheduling_cli.COMMANDS,
    *mail_cli.COMMANDS,
    *sms_cli.COMMANDS,
    *api_cli.COMMANDS,
    *privacy_cli.COMMANDS,
    *follow_up_cli.COMMANDS,
)

ERROR_TEXTS = {
    400: (
        _l("Bad request"),
        _l("The request could not be understood. Please check the form and try again."),
    ),
    403: (_l("Forbidden"), _l("You do not have permission to open this page.")),
    404: (_l("Page not found"), _l("The page does not exist, or the link has expired.")),
    405: (_l("Method not allowed"), _l("This page cannot be used that way.")),
    413: (_l("Too much data"), _l("The form sent too much data.")),
    429: (_l("Too many requests"), _l("Too many attempts. Please wait a moment and try again.")),
    500: (
        _l("Something went wrong"),
        _l("An unexpected error occurred. It has been logged; please try again later."),
    ),
    503: (
        _l("Briefly unavailable"),
        _l("The service lost its connection to the database for a moment. Nothing was "
           "saved from this request; please try again in a few seconds."),
    ),
}


class DatabaseIdConverter(IntegerConverter):
    """`<int:...>` in every route of the app: a number no Integer column can hold matches no
    route (a 404) instead of reaching the database ("integer out of range", a 500)."""

    def __init__(self, map: Any, fixed_digits: int = 0, min: int | None = None,
                 max: int | None = LARGEST_INTEGER, signed: bool = False) -> None:
        super().__init__(map, fixed_digits, min, max, signed)


class RecruitFlask(Flask):
    def log_exception(self, exc_info: Any) -> None:
        # Flask's version logs the request path, and paths of private links carry tokens.
        self.logger.error(
            "unhandled error",
            exc_info=exc_info,
            extra={"method": request.method, "endpoint": request.endpoint or "-"},
        )


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the app: defaults from `config.settings.Config`, then `config` (tests) on top."""
    app = RecruitFlask(
        __name__,
        instance_relative_config=True,
        template_folder=os.path.join(os.path.dirname(os.path.dirname(__file__)), "templates"),
    )
    app.url_map.converters["int"] = DatabaseIdConverter
    os.makedirs(app.instance_path, exist_ok=True)
    app.config.update(Config(app.instance_path).as_dict())
    if config:
        app.config.update(config)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = instance_secret_key(app.instance_path)

    if app.config["TRUSTED_PROXIES"]:
        hops = app.config["TRUSTED_PROXIES"]
        # Flask documents wrapping wsgi_app in middleware; its stubs declare it a method.
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops
        )

    configure_logging(app)
    _init_extensions(app)
    _register_security_headers(app)
    _register_error_pages(app)
    _register_blueprints(app)
    return app


def run_in_worker(path: str, *args: JobArg) -> None:
    """The RQ entry point (`jobs.WORKER_ENTRY`): build the app from the environment and run
    the job inside it."""
    jobs.run_job(create_app(), path, *args)


def _init_extensions(app: Flask) -> None:

    enable_sqlite_pragmas()
    db.init_app(app)

    # Runs before Flask-SQLAlchemy's own teardown (teardowns run last registered first).
    @app.teardown_appcontext
    def drop_a_dead_session(_error: BaseException | None) -> None:
        """A connection the database killed after the request's last query fails the
        session's closing ROLLBACK; that must not turn a finished answer into an error.
        SQLAlchemy has invalidated the connection; the session is dropped with it."""
        try:
            db.session.remove()
        except (sa_exc.OperationalError, sa_exc.InterfaceError) as error:
            app.logger.warning("database connection lost while closing a session (%s)",
                               type(error.orig).__name__)
            db.session.registry.clear()
    migrate.init_app(app, db, directory=os.path.join(os.path.dirname(app.root_path), "migrations"))
    mail.init_app(app)
    csrf.init_app(app)
    limiter.init_app(app)
    throttle.init_app(app)
    sessions.init_app(app)
    babel.init_app(app, locale_selector=i18n.select_locale)
    i18n.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please log in to open this page.")
    login_manager.login_message_category = "info"
    # "basic" keeps sessions valid behind proxies whose address changes; the session is
    # regenerated at login instead (recruit.auth).
    login_manager.session_protection = "basic"
    # Idle and absolute limits, and the end of sessions when the password changes.
    staff_sessions.init_app(app)


def _register_blueprints(app: Flask) -> None:
    for blueprint in BLUEPRINTS:
        app.register_blueprint(blueprint)
    for command in COMMANDS:
        app.cli.add_command(command)
    staff.init_app(app)
    forms.init_app(app)
    mail_sender.init_app(app)
    sms_sender.init_app(app)
    health.init_app(app)
    reports_init_app(app)
    api.init_app(app)

    @app.get("/")
    def index() -> ResponseReturnValue:
        return redirect(url_for("staff.events"))


def _register_security_headers(app: Flask) -> None:
    @app.before_request
    def start_timer() -> None:
        g.request_started = time.perf_counter()

    @app.after_request
    def log_request(response: Response) -> Response:
        _log_request(response)
        return response

    # Everything comes from our own origin: no CDN, no inline script (the venue network
    # may be closed, and private-link pages must load nothing from third parties).
    security.init_app(app)


def _log_request(response: Response) -> None:
    # The endpoint name, never the path or query: paths of private links carry tokens.
    started = g.get("request_started")
    duration = round((time.perf_counter() - started) * 1000, 1) if started else None
    logging.getLogger("recruit.request").info(
        "request",
        extra={
            "method": request.method,
            "endpoint": request.endpoint or "-",
            "status": response.status_code,
            "ms": duration,
        },
    )


def _register_error_pages(app: Flask) -> None:
    def render_error(code: int, message: str | None = None) -> ResponseReturnValue:
        title, text = ERROR_TEXTS.get(code, ERROR_TEXTS[500])
        if request.accept_mimetypes.best == "application/json":
            return {"error": str(title), "message": str(message or text)}, code
        staff = request.path.startswith(("/staff", "/auth"))
        return render_template(
            "errors/error.html", code=code, title=title, message=message or text,
            back_url=kept_forms.back_link() or (url_for("index") if staff else None),
        ), code

    def plain_error(code: int) -> Response:
        # Without the page's template, and with the language from the browser alone: the
        # session (which remembers the chosen language) may be what just failed to open.
        language = request.accept_languages.best_match(i18n.supported_languages())
        with force_locale(language or app.config["BABEL_DEFAULT_LOCALE"]):
            text = str(ERROR_TEXTS[code][1])
        return Response(text, status=code, mimetype="text/plain")

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> ResponseReturnValue:
        if api_problems.is_api_request():
            return api_problems.from_http_exception(error)
        code = error.code or 500
        if code not in ERROR_TEXTS:
            return error
        if code == 429:
            kept = kept_forms.redraw(
                _("Too many tries in a short time. Your answers are kept: wait a minute and "
                  "send the form again."), 429)
            if kept is not None:
                return kept
        return render_error(code)

    @app.errorhandler(CSRFError)
    def csrf_error(_error: CSRFError) -> ResponseReturnValue:
        kept = kept_forms.redraw(
            _("The page had been open for a long time. Your answers are kept: check them and "
              "send the form again."), 400)
        return kept if kept is not None else render_error(
            400, _("The form had expired. Please fill it in again."))

    # The database went away under the request (restarted, or its connection was killed):
    # a clean 503 the client may retry, not a 500. The pool drops the broken connection and
    # checks the others before use (pool_pre_ping), so the next request gets a working one.
    @app.errorhandler(sa_exc.OperationalError)
    @app.errorhandler(sa_exc.InterfaceError)
    def database_gone(error: sa_exc.DBAPIError) -> ResponseReturnValue:
        app.logger.warning("database unavailable during a request (%s)",
                           type(error.orig).__name__)
        # The connection is gone; what rollback cannot do, teardown's removal does.
        with contextlib.suppress(Exception):
            db.session.rollback()
        if api_problems.is_api_request():
            return api_problems.problem(503, headers={"Retry-After": "5"})
        response: Response
        try:
            response = make_response(render_error(503))
        except Exception:  # the page needs the session, which may be what just went away
            response = plain_error(503)
        response.headers["Retry-After"] = "5"
        return response

    # Only for exceptions nothing handled: Flask has logged them (RecruitFlask.log_exception)
    # and, in tests (PROPAGATE_EXCEPTIONS), raises them instead, so bugs show their traceback.
    @app.errorhandler(InternalServerError)
    def server_error(_error: InternalServerError) -> ResponseReturnValue:
        # Opening the request's session (before any view runs) met a dropped connection.
        original = getattr(_error, "original_exception", None)
        if isinstance(original, sa_exc.OperationalError | sa_exc.InterfaceError):
            return database_gone(original)
        try:
            if api_problems.is_api_request():
                return api_problems.problem(500)
            return render_error(500)
        except Exception:  # the error page itself may depend on what just broke
            app.logger.exception("error page failed")
            return plain_error(500)
