"""A real HTTP SMS gateway on loopback (`recruit.sms.fake_gateway`) for the SMS tests: the
tests read what arrived there, never whether a function was called."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from flask import Flask

from recruit.extensions import db
from recruit.models import SmsMessage
from recruit.sms.fake_gateway import FakeGateway

TOKEN = "test-gateway-token"


@pytest.fixture
def sms_gateway() -> Iterator[FakeGateway]:
    gateway = FakeGateway().start()
    yield gateway
    gateway.stop()


@pytest.fixture
def sms_app(app: Flask, sms_gateway: FakeGateway) -> Flask:
    """The shared `app` fixture (SQLite and PostgreSQL) sending texts to the fake gateway."""
    app.config.update(SMS_GATEWAY_URL=sms_gateway.url, SMS_GATEWAY_TOKEN=TOKEN,
                      SMS_SENDER="Ohjaamo", SMS_TIMEOUT_SECONDS=5,
                      SMS_RETRY_BASE_SECONDS=60, SMS_MAX_ATTEMPTS=3)
    return app


def stored_texts(kind: str | None = None) -> list[SmsMessage]:
    db.session.expire_all()
    query = sa.select(SmsMessage).order_by(SmsMessage.id)
    if kind is not None:
        query = query.where(SmsMessage.kind == kind)
    return list(db.session.scalars(query))
