"""An event whose follow-up is due today: one young person who agreed to it, one who did
not, an employer who interviewed them and one who interviewed nobody."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest

from recruit.models import utcnow
from tests.mail.conftest import mail_app, make_smtp_server, smtp_server

__all__ = ["mail_app", "make_smtp_server", "smtp_server"]

FORM_URL = re.compile(r"/follow-up/([A-Za-z0-9_-]{40,64})")
FOLLOW_UP_DAYS = 90


@pytest.fixture
def due_event(make_event: Any, make_employer: Any, make_vacancy: Any, make_candidate: Any,
              make_interview: Any) -> dict[str, Any]:
    day = dt.datetime.now(dt.UTC).date() - dt.timedelta(days=FOLLOW_UP_DAYS + 1)
    event = make_event(date=day, follow_up_days=FOLLOW_UP_DAYS, retention_days=120,
                       signup_deadline=dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)
                       - dt.timedelta(days=7))
    employer = make_employer(event, locale="en")
    idle = make_employer(event, email="idle@example.com")
    vacancy = make_vacancy(employer)
    agreed = make_candidate(event, follow_up_consent_at=utcnow(), locale="en",
                            email="agreed@example.org")
    declined = make_candidate(event, email="no-follow-up@example.org")
    make_interview(agreed, vacancy)
    make_interview(declined, vacancy, start_minute=event.start_minute + 15)
    return {"event": event, "employer": employer, "idle": idle, "agreed": agreed,
            "declined": declined}


def token_in(text: str) -> str:
    match = FORM_URL.search(text)
    assert match, "no follow-up link in the message"
    return match.group(1)
