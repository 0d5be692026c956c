"""The public sign-up is limited per person (e-mail) and per open form, under a per-address
ceiling high enough for a school class signing up from one connection."""

from __future__ import annotations

import re
from typing import Any

import sqlalchemy as sa
from flask.testing import FlaskClient

from recruit.extensions import db
from recruit.models import Candidate
from tests import factories
from tests.booking.support import signup_data


def _limited_app(make_app: Any) -> Any:
    # The shipped limits, with rate limiting and CSRF on as in production.
    return make_app(RATELIMIT_ENABLED=True, WTF_CSRF_ENABLED=True)


def _send(client: FlaskClient, url: str, **fields: Any) -> int:
    page = client.get(url).get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page) or re.search(
        r'name="csrf_token" value="([^"]+)"', page)
    assert token is not None
    return client.post(url, data=signup_data(csrf_token=token.group(1), **fields)).status_code


def test_a_school_class_signs_up_from_one_connection(make_app: Any) -> None:
    app = _limited_app(make_app)
    with app.app_context():
        event = factories.make_event()
        url = f"/youth/events/{event.id}/sign-up"
        # Forty pupils, forty browsers, one address: more than the old limit of 20.
        codes = [_send(app.test_client(), url, email=f"oppilas{n}@example.fi")
                 for n in range(40)]
        assert codes == [302] * 40
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Candidate)) == 40
        db.session.remove()


def test_one_person_repeating_is_stopped(make_app: Any) -> None:
    app = _limited_app(make_app)
    with app.app_context():
        event = factories.make_event()
        url = f"/youth/events/{event.id}/sign-up"
        codes = [_send(app.test_client(), url, email="Sama.Henkilo@example.fi")
                 for _ in range(6)]
        assert 429 not in codes[:5] and codes[5] == 429
        # Another person on the same connection is not affected.
        assert _send(app.test_client(), url, email="toinen@example.fi") == 302
        db.session.remove()


def test_one_form_sending_many_addresses_is_stopped(make_app: Any) -> None:
    app = _limited_app(make_app)
    with app.app_context():
        event = factories.make_event()
        url = f"/youth/events/{event.id}/sign-up"
        robot = app.test_client()
        codes = [_send(robot, url, email=f"keksitty{n}@example.fi") for n in range(11)]
        assert codes[:10] == [302] * 10 and codes[10] == 429
        assert _send(app.test_client(), url, email="oikea@example.fi") == 302
        db.session.remove()
