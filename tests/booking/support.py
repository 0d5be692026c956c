"""Helpers shared by the youth, link and booking-race tests."""

from __future__ import annotations

import re
import time
from typing import Any

import sqlalchemy as sa

from recruit.core import links
from recruit.core.links import fill_mail_links
from recruit.extensions import db
from recruit.models import Candidate, Event, OutboxMessage, SolveRun
from recruit.scheduling.publishing import publish_schedule

TOKEN_IN_URL = re.compile(r"/youth/(?:b|confirm)/([A-Za-z0-9_-]{40,64})")


def signup_data(**overrides: Any) -> dict[str, Any]:
    """A valid public sign-up form (ranked interests are added by the caller)."""
    data: dict[str, Any] = {
        "first_name": "Aino",
        "last_name": "Järvinen",
        "email": "Aino.Jarvinen@Example.org",
        "phone": "040 123 4567",
        "birth_year": "2006",
        "languages": ["fi", "en"],
        "open_to_other": "y",
        "availability": "all",
        "windows": "",
        "introduction": "Olen kiinnostunut asiakaspalvelusta.",
        "privacy": "y",
        "website": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def booking_token(candidate: Candidate) -> str:
    _link, token = links.issue(candidate, "booking")
    db.session.commit()
    return token


def publish(event: Event) -> None:
    publish_schedule(event, None)
    db.session.commit()


def outbox(kind: str | None = None, to: str | None = None) -> list[OutboxMessage]:
    db.session.expire_all()
    query = sa.select(OutboxMessage).order_by(OutboxMessage.id)
    if kind is not None:
        query = query.where(OutboxMessage.kind == kind)
    if to is not None:
        query = query.where(OutboxMessage.recipient == to)
    return list(db.session.scalars(query))


def token_from(message: OutboxMessage) -> str:
    match = TOKEN_IN_URL.search(fill_mail_links(message.body_text))
    assert match, "the message carries no private link"
    return match.group(1)


def count(model: Any, *where: Any) -> int:
    db.session.expire_all()
    return db.session.scalar(sa.select(sa.func.count()).select_from(model).where(*where)) or 0


def wait_for_refills(timeout: float = 60.0) -> list[SolveRun]:
    """Wait until no waiting-list run is queued or running (they run in threads in tests)."""
    deadline = time.monotonic() + timeout
    while True:
        db.session.rollback()
        runs = list(db.session.scalars(sa.select(SolveRun).order_by(SolveRun.id)))
        if all(run.status not in ("queued", "running") for run in runs):
            return runs
        if time.monotonic() > deadline:
            raise AssertionError(f"waiting-list runs still active after {timeout} s")
        time.sleep(0.1)
