"""A real HTTP SMS gateway on loopback (`recruit.sms.fake_gateway`) for the SMS tests: the
tests read what arrived there, never whether a function was called."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask

from recruit.extensions import db
from recruit.models import SmsMessage, utcnow
from recruit.sms.fake_gateway import FakeGateway

# A client logged in as a given staff member (the texts page's roles), and the real SMTP test
# server of the mail tests (what arrives by e-mail beside the texts).
from tests.accounts.conftest import client_of  # noqa: F401
from tests.mail.conftest import make_smtp_server, point_at, smtp_server  # noqa: F401

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


@pytest.fixture
def texts_and_mail_app(sms_app: Flask, smtp_server: Any) -> Flask:  # noqa: F811
    """`sms_app` whose e-mail goes to the recording SMTP server as well."""
    point_at(sms_app, smtp_server.port)
    return sms_app


def make_text(candidate: Any, *, status: str = "queued", kind: str = "sms_reminder",
              last_error: str | None = None, attempts: int = 0,
              created_at: Any = None) -> SmsMessage:
    """A text of `candidate` in the SMS outbox as the sender leaves it in `status`."""
    now = created_at or utcnow()
    message = SmsMessage(
        reference=uuid.uuid4().hex, event_id=candidate.event_id, candidate_id=candidate.id,
        kind=kind, recipient=candidate.phone, locale="fi", body="Muistutus: huomenna.",
        segments=1, status=status, attempts=attempts, created_at=now, next_attempt_at=now,
        sent_at=now if status == "sent" else None, last_error=last_error)
    db.session.add(message)
    db.session.commit()
    return message
