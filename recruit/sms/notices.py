"""The texts that follow a change and the day-before reminder texts.

`queue_change_sms` is called by the change path (`recruit.changes.notify.notify_changes`) only,
beside the e-mail it queues: "your interview moved" with every update, "a time opened for you"
with an invitation that comes after the person was first told their schedule. The reminders
are queued by `flask send-reminders` together with the reminder e-mails; a second run the same
day queues no second text.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa

from recruit.core import links
from recruit.extensions import db
from recruit.mail.details import InterviewDetails
from recruit.models import Candidate, Event, SmsMessage
from recruit.models.sms import SMS_REMINDER
from recruit.sms import messages
from recruit.sms.outbox import queue_sms, sms_enabled, wants_sms

MOVED = "moved"
SLOT_OPENED = "slot_opened"


def queue_change_sms(kind: str, candidate: Candidate, details: InterviewDetails) -> bool:
    """Queue the text for one changed interview (`MOVED` or `SLOT_OPENED`); True if queued."""
    if not sms_enabled() or not wants_sms(candidate):
        return False
    url = links.new_booking_url(candidate)
    render = messages.interview_moved if kind == MOVED else messages.slot_opened
    rendered = render(candidate.locale, interview=details, booking_url=url)
    return queue_sms(candidate, rendered) is not None


def queue_sms_reminders(
    event: Event, coming: Sequence[tuple[Candidate, Sequence[InterviewDetails]]]
) -> int:
    """Queue the reminder text for each person in `coming` (those the reminder e-mail names,
    with their live interviews) who asked for texts and has none yet for this event."""
    if not sms_enabled():
        return 0
    reminded = set(db.session.scalars(
        sa.select(SmsMessage.candidate_id).where(
            SmsMessage.event_id == event.id, SmsMessage.kind == SMS_REMINDER)
    ))
    queued = 0
    for candidate, interviews in coming:
        if candidate.id in reminded or not interviews or not wants_sms(candidate):
            continue
        rendered = messages.reminder(
            candidate.locale, interviews=interviews,
            booking_url=links.new_booking_url(candidate))
        if queue_sms(candidate, rendered) is not None:
            reminded.add(candidate.id)
            queued += 1
    return queued
