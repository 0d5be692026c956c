"""No personal data in logs: every page opened (as its owner, and as staff) through a real
development server, the public forms sent with known names, addresses and phone numbers, a
staff search for an address, and the mail sender delivering and failing, while everything
logged by the app, werkzeug, SQLAlchemy and RQ is captured; none of the known values, nor any
private-link token, appears in it."""

from __future__ import annotations

import http.cookiejar
import logging
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest
import sqlalchemy as sa
from werkzeug.serving import make_server

from recruit.core.logging import redact_request_line
from recruit.extensions import db
from recruit.mail.outbox import RenderedMessage, queue_rendered
from recruit.mail.sender import deliver_due
from recruit.models import Candidate, Employer
from tests.booking.support import signup_data
from tests.mail.conftest import point_at
from tests.privacy.test_authorisation_matrix import (
    ADMIN,
    EVENT_STAFF,
    STAFF,
    _access,
    _url,
    _world,
)

STAFF_ACCESS = (STAFF, EVENT_STAFF, ADMIN)

LOGGERS = ("", "recruit", "werkzeug", "sqlalchemy", "rq", "flask_limiter")
SIGNUP = {"first_name": "Lokeliina", "last_name": "Kirjaamaton", "email": "lokeliina@loki.example",
          "phone": "0401239876"}


class Capture(logging.Handler):
    """Every record, as its message, its arguments, its extra fields and its exception."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        parts = [record.name, record.getMessage(), repr(record.args)]
        parts += [f"{k}={v!r}" for k, v in record.__dict__.items()
                  if k not in ("msg", "args", "exc_info", "exc_text", "stack_info")]
        if record.exc_info:
            parts.append(logging.Formatter().formatException(record.exc_info))
        self.lines.append(" ".join(parts))


@pytest.fixture
def captured() -> Iterator[Capture]:
    capture = Capture()
    saved = []
    for name in LOGGERS:
        logger = logging.getLogger(name)
        saved.append((logger, logger.level))
        logger.addHandler(capture)
    # As verbose as each is run: werkzeug's request lines and RQ's job lines are INFO, and
    # our own code at its most talkative.
    logging.getLogger("werkzeug").setLevel(logging.INFO)
    logging.getLogger("rq").setLevel(logging.INFO)
    logging.getLogger("recruit").setLevel(logging.DEBUG)
    yield capture
    for logger, level in saved:
        logger.removeHandler(capture)
        logger.setLevel(level)


def _known_people() -> list[str]:
    """Give everyone distinctive values, and return every one of them."""
    needles = [*SIGNUP.values(), "+358401239876"]
    for person in db.session.scalars(sa.select(Candidate)):
        person.first_name, person.last_name = f"Etuloki{person.id}", f"Sukuloki{person.id}"
        person.email = f"nuori.loki{person.id}@loki.example"
        person.phone = f"+35850777{person.id:04d}"
        person.introduction = f"Esittely-loki-{person.id}"
        person.share_with_employers = True
        needles += [person.first_name, person.last_name, person.email, person.phone,
                    person.introduction]
    for employer in db.session.scalars(sa.select(Employer)):
        employer.contact_name = f"Yhteysloki{employer.id}"
        employer.email = f"tyonantaja.loki{employer.id}@loki.example"
        employer.phone = f"+35840888{employer.id:04d}"
        needles += [employer.contact_name, employer.email, employer.phone]
    db.session.commit()
    return needles


class Browser:
    """A cookie-keeping HTTP client against a real server (not the test client)."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()),
            _NoRedirect())

    def open(self, path: str, data: dict[str, Any] | None = None) -> int:
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        try:
            with self.opener.open(self.base + path, data=body, timeout=60) as response:
                response.read()
                return int(response.status)
        except urllib.error.HTTPError as error:
            error.read()
            return int(error.code)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def test_the_development_server_request_line_keeps_only_the_route_shape():
    assert redact_request_line("GET /youth/b/Ab3_x9Zk2LmNoPqRsTuVwXyZ0123456789abcdefghi/data"
                               "?lang=fi HTTP/1.1") == "GET /youth/b/…/data HTTP/1.1"
    assert redact_request_line("GET /staff/events/12/candidates?q=a@b.example HTTP/1.1") == (
        "GET /staff/events/12/candidates HTTP/1.1")
    assert redact_request_line("GET /x/liisa@example.org HTTP/1.1") == "GET /x/… HTTP/1.1"
    assert redact_request_line("GET /a b c HTTP/1.1") == "(request line not shown)"
    # Coloured by the development server: the codes stay around the method and protocol.
    assert redact_request_line("\x1b[33mGET /youth/b/Ab3_x9Zk2LmNoPqRsTuVwXyZ0123456789/data"
                               " HTTP/1.1\x1b[0m") == "\x1b[33mGET /youth/b/…/data HTTP/1.1\x1b[0m"


def test_no_personal_data_or_token_in_any_log(
    mail_app, smtp_server, make_smtp_server, staff_user, captured, make_event, make_employer,
    make_vacancy, make_candidate, make_interview, make_staff_user,
):
    world = _world(make_event, make_employer, make_vacancy, make_candidate, make_interview,
                   make_staff_user)
    needles = _known_people() + [
        token for kind in ("owner", "expired", "revoked") for token in world[kind].values()]
    needles += list(world["api"].values())
    event_id = world["ids"]["event_id"]

    server = make_server("127.0.0.1", 0, mail_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        anonymous = Browser(f"http://127.0.0.1:{server.server_port}")
        staff = Browser(anonymous.base)
        assert staff.open("/auth/login", {"email": "organiser@example.org",
                                          "password": "correct horse battery staple"}) == 302
        statuses = []
        rules = sorted(mail_app.url_map.iter_rules(), key=lambda r: r.rule)
        for rule in rules:
            if "GET" not in rule.methods or rule.endpoint == "auth.logout":
                continue
            access = _access(rule.endpoint, rule.arguments)
            browser = staff if access in STAFF_ACCESS else anonymous
            url = _url(rule, "admin" if access in STAFF_ACCESS else "link owner", world)
            if url is None:
                continue
            statuses.append(browser.open(url))
            if access == "booking link":  # the same page in the other languages
                statuses.append(browser.open(url + "?lang=sv"))
        # Searches and forms with the known values in the query and the body.
        staff.open(f"/staff/events/{event_id}/candidates?q={SIGNUP['email']}")
        staff.open(f"/staff/events/{event_id}/candidates?q={SIGNUP['last_name']}")
        assert anonymous.open(f"/youth/events/{event_id}/sign-up", signup_data(
            **SIGNUP, languages=["fi"])) == 302
        anonymous.open(f"/youth/events/{event_id}/link-again", {"email": SIGNUP["email"]})
        anonymous.open(f"/employers/events/{event_id}/link-again",
                       {"email": SIGNUP["email"]})
        anonymous.open(f"/youth/b/{world['owner']['booking link']}/data/stop-sharing", {})
    finally:
        server.shutdown()
        thread.join(timeout=10)
    assert sum(200 <= status < 300 for status in statuses) >= 40

    # The sender: delivering, then an address the server refuses.
    assert deliver_due(mail_app).sent > 0
    point_at(mail_app, make_smtp_server("reject_550").port)
    with mail_app.app_context():
        queue_rendered(db.session, RenderedMessage(
            kind="link_again", subject=f"Hei {SIGNUP['first_name']}",
            text=f"Hei {SIGNUP['first_name']} {SIGNUP['last_name']}",
            html=f"<p>Hei {SIGNUP['first_name']}</p>", locale="fi"),
            to=SIGNUP["email"], event_id=event_id)
        db.session.commit()
    assert deliver_due(mail_app).sent == 0

    text = "\n".join(captured.lines)
    assert "request" in text and "werkzeug" in text  # the capture saw both kinds of line
    hits = sorted({needle for needle in needles if needle and needle.lower() in text.lower()})
    assert hits == [], [line for line in captured.lines
                        if any(h.lower() in line.lower() for h in hits)][:5]
