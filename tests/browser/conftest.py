"""Browser fixtures: the real app on a live server, and Debian's Chromium driven by Playwright.

`live_server` runs the app from `create_app` in a background thread on a free port, with its
own SQLite database brought up through the migrations (not `create_all`), one staff account,
CSRF on, and solving through the in-process job runner, as `make run` serves it. The browser is
the system's Chromium (`/usr/bin/chromium`, installed with apt): Playwright's own browser
downloads are never used. Without it the browser tests are skipped with the reason, unless
REQUIRE_BROWSER=1 (CI), which turns a missing browser into a failure.

`mailing_server` is a second live server, for the public journeys (youth, employers), whose
e-mail really goes out: after each commit the in-process sender delivers the outbox over SMTP to
`mailbox`, a recording aiosmtpd server on loopback, and the links in the messages point back
at the server, so a test follows them as the person would.

Screenshots go to `artifacts/screenshots/` (git-ignored) for a person to look at.
"""

from __future__ import annotations

import logging
import os
import re
import secrets
import shutil
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from werkzeug.serving import BaseWSGIServer, make_server

from recruit import create_app
from recruit.core.cli import create_staff_user, init_database
from recruit.extensions import db
from tests.browser._mailbox import Mailbox, SMTPTestServer, free_loopback_port

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "artifacts" / "screenshots"
CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
STAFF_EMAIL = "selain@example.org"
STAFF_PASSWORD = "browser-test-password"
# Small enough that a build of the demo event ends within seconds; the solver keeps its
# best schedule when the limit is reached.
SOLVER_TIME_LIMIT_SECONDS = 3
# Playwright's waits: generous for a loaded 2-core machine, far below the module's budget.
DEFAULT_TIMEOUT_MS = 20_000
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


@dataclass
class LiveServer:
    """The running app: its address, and the Flask app for looking into its database."""

    url: str
    app: Flask

    def path(self, path: str) -> str:
        return self.url + path


def _browser_settings(folder: Path) -> dict[str, Any]:
    return {
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'browser.sqlite3'}",
        "SECRET_KEY": secrets.token_hex(32),
        "REDIS_URL": None,
        "SOLVER_TIME_LIMIT_SECONDS": SOLVER_TIME_LIMIT_SECONDS,
        "DEMO_TOOLS": True,
        "MAIL_SERVER": None,
        "MAIL_SUPPRESS_SEND": True,
        # Publishing queues an invitation per person; delivering them (tests/mail covers
        # it) would only compete with the pages for the machine's cores.
        "MAIL_DELIVER_ON_COMMIT": False,
        "ARGON2_PROFILE": "cheapest",
        "LOG_JSON": False,
        "LOG_LEVEL": "WARNING",
    }


@contextmanager
def _serving(settings: dict[str, Any]) -> Iterator[LiveServer]:
    """The app from `create_app` on a free loopback port, with its own migrated database and
    the staff account; `settings` override the browser defaults above."""
    folder = Path(tempfile.mkdtemp(prefix="recruit-browser-"))
    app = create_app({**_browser_settings(folder), **settings})
    with app.app_context():
        init_database()
        create_staff_user(STAFF_EMAIL, "Selma Selain", STAFF_PASSWORD)
    # One line per request from werkzeug would bury the test output.
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    server: BaseWSGIServer = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    try:
        yield LiveServer(url=f"http://127.0.0.1:{server.server_port}", app=app)
    finally:
        server.shutdown()
        thread.join(timeout=10)
        with app.app_context():
            db.engine.dispose()
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def live_server() -> Iterator[LiveServer]:
    with _serving({}) as served:
        yield served


@pytest.fixture(scope="session")
def mailbox() -> Iterator[Mailbox]:
    """A real SMTP server (aiosmtpd) on loopback that keeps every message it is sent."""
    smtp = SMTPTestServer(port=free_loopback_port()).start()
    try:
        yield Mailbox(smtp)
    finally:
        smtp.stop()


@pytest.fixture(scope="session")
def mailing_server(mailbox: Mailbox) -> Iterator[LiveServer]:
    """A second live server for the public journeys, whose mail really goes out: the
    in-process sender delivers the outbox after each commit to `mailbox`'s SMTP server, and
    the links in the messages point back at this server, so the browser can follow them."""
    with _serving(
        {
            "MAIL_SERVER": mailbox.host,
            "MAIL_PORT": mailbox.port,
            "MAIL_USE_TLS": False,
            "MAIL_USE_SSL": False,
            "MAIL_USERNAME": None,
            "MAIL_PASSWORD": None,
            "MAIL_SUPPRESS_SEND": False,
            "MAIL_DELIVER_ON_COMMIT": True,
            "MAIL_DEFAULT_SENDER": "Ohjaamo <rekry@ohjaamo.example>",
            "MAIL_TIMEOUT_SECONDS": 5,
        }
    ) as served:
        # Links in e-mails are built from PUBLIC_BASE_URL, read when each message is made.
        served.app.config["PUBLIC_BASE_URL"] = served.url
        yield served


def _browser_problem() -> str | None:
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is missing (install Debian's chromium package)"
    return None


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    problem = _browser_problem()
    if problem is not None:
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(f"REQUIRE_BROWSER=1 but {problem}", pytrace=False)
        pytest.skip(f"browser tests skipped: {problem}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def new_page(browser: Any) -> Iterator[Callable[..., Any]]:
    """Open a page in a fresh browser context: `new_page(viewport=PHONE, storage_state=...)`.

    The browser asks for Finnish first, as an organiser's browser in Finland would; the app's
    language switch then changes it.
    """
    contexts: list[Any] = []

    def open_page(**options: Any) -> Any:
        options.setdefault("viewport", DESKTOP)
        options.setdefault("locale", "fi-FI")
        context = browser.new_context(**options)
        context.set_default_timeout(DEFAULT_TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def shoot() -> Callable[..., Path]:
    """Save a screenshot as artifacts/screenshots/<name>.png (the whole page by default)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(page: Any, name: str, *, full_page: bool = True) -> Path:
        path = SCREENSHOTS / f"{re.sub(r'[^a-z0-9-]+', '-', name.lower())}.png"
        page.screenshot(path=str(path), full_page=full_page)
        return path

    return take


def log_in(page: Any, server: LiveServer) -> None:
    """Log in through the form, as the staff member would."""
    page.goto(server.path("/auth/login"))
    page.locator("input[name=email]").fill(STAFF_EMAIL)
    page.locator("input[name=password]").fill(STAFF_PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url(re.compile(r"/staff/events$"))


@pytest.fixture
def texts_on(live_server: LiveServer) -> Iterator[LiveServer]:
    """`live_server` with SMS on, pointed at a fake gateway, for one test; texts are not
    delivered on commit (the test reads the database, not the gateway)."""
    from recruit.sms.fake_gateway import FakeGateway

    gateway = FakeGateway().start()
    live_server.app.config.update(SMS_GATEWAY_URL=gateway.url, SMS_DELIVER_ON_COMMIT=False)
    try:
        yield live_server
    finally:
        live_server.app.config["SMS_GATEWAY_URL"] = None
        gateway.stop()
