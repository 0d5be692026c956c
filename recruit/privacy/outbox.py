"""Forgetting a person in the outbox: the messages that name them.

Messages that were delivered (or died) are deleted; messages still queued go out first,
because they carry the cancellations the person and the employers must get, and are deleted
the moment they are delivered (`OutboxMessage.erase_when_sent`, read by the sender).
"""

from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy as sa

from recruit.extensions import db
from recruit.models import OutboxMessage
from recruit.models.outbox import STATUS_QUEUED


def naming(event_id: int, needles: Iterable[str]) -> list[OutboxMessage]:
    """The event's messages whose address, subject or bodies contain any of `needles`."""
    wanted = [needle for needle in needles if needle]
    if not wanted:
        return []
    found = sa.or_(*(
        column.contains(needle, autoescape=True)
        for needle in wanted
        for column in (OutboxMessage.recipient, OutboxMessage.subject,
                       OutboxMessage.body_text, OutboxMessage.body_html)
    ))
    return list(db.session.scalars(
        sa.select(OutboxMessage).where(OutboxMessage.event_id == event_id, found)
    ))


def forget(event_id: int, needles: Iterable[str]) -> int:
    """Delete or mark every message of the event that names the person; returns how many.

    The caller has queued whatever the person and the employers still need to be told
    (flushed here, so those messages are found too); the caller commits.
    """
    db.session.flush()
    touched = 0
    for message in naming(event_id, needles):
        touched += 1
        if message.status == STATUS_QUEUED:
            message.erase_when_sent = True
        else:
            db.session.delete(message)
    db.session.flush()
    return touched
