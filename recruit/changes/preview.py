"""What a staff change would send, counted before anyone is messaged.

The change is made for real inside the request's transaction, the messages it queued are
counted, and everything is rolled back: the count is exactly what confirming will send, with
no second copy of the rules that decide it.
"""

from __future__ import annotations

from collections.abc import Callable

import sqlalchemy as sa

from recruit.changes.notify import ChangeCounts
from recruit.extensions import db
from recruit.mail import messages
from recruit.models import Event, OutboxMessage


def preview_messages(event: Event, change: Callable[[], object]) -> ChangeCounts:
    """Run `change`, count the calendar messages it queued for `event`, roll it all back.

    Errors from `change` pass through (after the rollback).
    """
    event_id = event.id
    before = db.session.scalar(
        sa.select(sa.func.max(OutboxMessage.id)).where(OutboxMessage.event_id == event_id)
    ) or 0
    try:
        change()
        db.session.flush()
        kinds = list(db.session.scalars(
            sa.select(OutboxMessage.kind).where(
                OutboxMessage.event_id == event_id, OutboxMessage.id > before
            )
        ))
    finally:
        db.session.rollback()
    return ChangeCounts(
        invitations=kinds.count(messages.INTERVIEW_INVITE),
        updates=kinds.count(messages.INTERVIEW_UPDATE),
        cancellations=kinds.count(messages.INTERVIEW_CANCEL),
    )
