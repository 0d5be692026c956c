"""The event's text messages as staff see them: counts by status and one page of texts with
the person's name (never the number or the text). Two queries whatever the event's size."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from recruit.extensions import db
from recruit.models import Candidate, SmsMessage
from recruit.models.outbox import STATUS_DEAD, STATUS_QUEUED, STATUS_SENT
from recruit.sms import gateway

SMS_STATUSES = (STATUS_QUEUED, STATUS_SENT, STATUS_DEAD)
TEXTS_PER_PAGE = 50


@dataclass(frozen=True)
class ListedText:
    id: int
    kind: str
    status: str
    name: str
    attempts: int
    created_at: datetime
    sent_at: datetime | None
    next_attempt_at: datetime
    # For a dead text: why (`recruit.sms.gateway.failure_class`), and whether staff may retry.
    failure: str | None
    retryable: bool


def status_counts(event_id: int) -> dict[str, int]:
    rows = db.session.execute(
        sa.select(SmsMessage.status, sa.func.count())
        .where(SmsMessage.event_id == event_id)
        .group_by(SmsMessage.status)
    ).all()
    counts = dict.fromkeys(SMS_STATUSES, 0)
    counts.update({status: count for status, count in rows})
    return counts


def text_page(event_id: int, page: int, *, status: str | None = None,
              per_page: int = TEXTS_PER_PAGE) -> tuple[list[ListedText], bool]:
    """One page of the event's texts, newest first (optionally of one status), and whether
    an older page follows."""
    query = (
        sa.select(SmsMessage.id, SmsMessage.kind, SmsMessage.status, SmsMessage.attempts,
                  SmsMessage.created_at, SmsMessage.sent_at, SmsMessage.next_attempt_at,
                  SmsMessage.last_error, Candidate.first_name, Candidate.last_name)
        .join(Candidate, Candidate.id == SmsMessage.candidate_id)
        .where(SmsMessage.event_id == event_id)
        .order_by(SmsMessage.created_at.desc(), SmsMessage.id.desc())
        .offset((page - 1) * per_page)
        .limit(per_page + 1)
    )
    if status is not None:
        query = query.where(SmsMessage.status == status)
    rows = db.session.execute(query).all()
    listed = []
    for row in rows[:per_page]:
        failure = gateway.failure_class(row.last_error) if row.status == STATUS_DEAD else None
        listed.append(ListedText(
            id=row.id, kind=row.kind, status=row.status,
            name=f"{row.first_name} {row.last_name}".strip(), attempts=row.attempts,
            created_at=row.created_at, sent_at=row.sent_at,
            next_attempt_at=row.next_attempt_at, failure=failure,
            retryable=failure in gateway.TEMPORARY_FAILURES))
    return listed, len(rows) > per_page
