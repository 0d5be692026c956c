"""Mails anyone can ask for are limited per recipient, whatever the client: a stranger typing
someone's address into the public forms from many connections makes us send at most three
(PUBLIC_MAIL_PER_RECIPIENT_LIMIT) an hour, and the forms answer exactly the same past it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
import time_machine

from recruit.extensions import db
from recruit.mail.sender import deliver_due
from recruit.models import Candidate
from tests.booking.support import outbox, signup_data
from tests.conftest import REDIS_URL
from tests.employers.test_link import main_content
from tests.mail.conftest import make_smtp_server, point_at, smtp_server  # noqa: F401

VICTIM = "victim@example.org"
# Client limits high enough that only the per-recipient limit can bind.
OPEN_CLIENT_LIMITS = {
    "RATELIMIT_ENABLED": True,
    "YOUTH_SIGNUP_RATE_LIMIT": "1000 per minute",
    "YOUTH_SIGNUP_PERSON_RATE_LIMIT": "1000 per minute",
    "YOUTH_SIGNUP_FORM_RATE_LIMIT": "1000 per minute",
    "YOUTH_LINK_AGAIN_RATE_LIMIT": "1000 per minute",
    "EMPLOYER_SIGNUP_RATE_LIMIT": "1000 per minute",
}


def _from(number: int) -> dict[str, Any]:
    """A different client address for each request."""
    return {"REMOTE_ADDR": f"10.0.{number // 250}.{number % 250 + 1}"}


def _delivered_to(app, server, address: str) -> int:
    point_at(app, server.port)
    deliver_due(app)
    return sum(1 for item in server.received if address in item.rcpt_tos)


def test_thirty_sign_ups_with_one_address_send_three_confirmations(
    make_app, make_event, smtp_server  # noqa: F811
):
    app = make_app(**OPEN_CLIENT_LIMITS)
    event = make_event()
    db.session.commit()
    client = app.test_client()
    answers = set()
    for number in range(30):
        response = client.post(f"/youth/events/{event.id}/sign-up?lang=en",
                               data=signup_data(email=VICTIM), environ_base=_from(number))
        answers.add((response.status_code, response.location))
    assert len(answers) == 1  # every sign-up got the same answer
    assert len(outbox("email_confirmation", to=VICTIM)) == 3
    assert _delivered_to(app, smtp_server, VICTIM) == 3
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Candidate)) == 1


def test_link_again_is_limited_per_address_and_answers_the_same(
    make_app, make_event, make_candidate, smtp_server  # noqa: F811
):
    app = make_app(**OPEN_CLIENT_LIMITS)
    event = make_event()
    make_candidate(event, email=VICTIM)
    db.session.commit()
    client = app.test_client()
    url = f"/youth/events/{event.id}/link-again?lang=en"
    unknown = main_content(client.post(url, data={"email": "nobody@example.org"}))
    start = dt.datetime.now(dt.UTC)
    with time_machine.travel(start, tick=False):
        for number in range(10):
            response = client.post(url, data={"email": VICTIM}, environ_base=_from(number))
            assert response.status_code == 200
            assert main_content(response) == unknown
    assert len(outbox("link_again", to=VICTIM)) == 3
    assert _delivered_to(app, smtp_server, VICTIM) == 3
    # An hour later the person can ask again.
    with time_machine.travel(start + dt.timedelta(hours=1, minutes=1), tick=False):
        client.post(url, data={"email": VICTIM})
    assert len(outbox("link_again", to=VICTIM)) == 4


def test_employer_link_again_is_limited_per_address(make_app, make_event, make_employer):
    app = make_app(**OPEN_CLIENT_LIMITS)
    employer = make_employer(make_event(), email=VICTIM)
    db.session.commit()
    client = app.test_client()
    url = f"/employers/events/{employer.event_id}/link-again?lang=en"
    answers = {main_content(client.post(url, data={"email": VICTIM}, environ_base=_from(n)))
               for n in range(8)}
    assert len(answers) == 1
    assert len(outbox("link_again", to=VICTIM)) == 3


def test_other_addresses_are_not_affected(make_app, make_event, make_candidate):
    app = make_app(**OPEN_CLIENT_LIMITS)
    event = make_event()
    make_candidate(event, email=VICTIM)
    make_candidate(event, email="friend@example.org")
    db.session.commit()
    client = app.test_client()
    url = f"/youth/events/{event.id}/link-again"
    for _ in range(5):
        client.post(url, data={"email": VICTIM})
    client.post(url, data={"email": "friend@example.org"})
    assert len(outbox("link_again", to="friend@example.org")) == 1


def test_the_limit_is_shared_by_processes_through_redis(
    make_app, make_event, make_candidate, redis_connection
):
    _forget_counters(redis_connection)
    settings = {**OPEN_CLIENT_LIMITS, "RATELIMIT_STORAGE_URI": REDIS_URL}
    first, second = make_app(**settings), make_app(**settings)
    event = make_event()
    make_candidate(event, email=VICTIM)
    db.session.commit()
    url = f"/youth/events/{event.id}/link-again"
    for number in range(4):
        app = first if number % 2 else second
        app.test_client().post(url, data={"email": VICTIM})
    assert len(outbox("link_again", to=VICTIM)) == 3
    keys = b" ".join(redis_connection.keys("*"))
    assert b"mail:link_again" in keys and b"victim" not in keys
    _forget_counters(redis_connection)


def _forget_counters(redis_connection) -> None:
    for key in redis_connection.scan_iter("*recruit-throttle*"):
        redis_connection.delete(key)
