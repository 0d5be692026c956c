"""What young people are told after a publish: invitations, updates and cancellations."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from recruit.booking.notices import (
    CANCEL,
    INVITE,
    UPDATE,
    details_of_entry,
    load_entries,
    queue_notice,
)
from recruit.booking.operations import BOOKED_SOURCES
from recruit.extensions import db
from recruit.models import Candidate, Event, Interview

if TYPE_CHECKING:
    # Only a type: publishing calls this module.
    from recruit.scheduling.publishing import PublishResult


def notify_youth(event: Event, result: PublishResult) -> None:
    """E-mail each young person whose schedule changed (called by `publish_schedule`).

    New interviews get an invitation, moved ones an update, dropped ones a cancellation.
    Skipped: interviews people booked themselves and interviews they declined or cancelled;
    they were told at that moment.
    """
    def candidate_of(entry: dict[str, Any]) -> Candidate | None:
        return db.session.get(Candidate, entry["candidate_id"])

    # A first publish mails everyone: load the rows in bulk, not one query per message.
    _loaded = load_entries([*result.added, *result.changed, *result.removed])
    for kind, entries in ((INVITE, result.added), (UPDATE, result.changed)):
        for entry in entries:
            row = db.session.get(Interview, entry["id"])
            candidate = candidate_of(entry)
            if candidate is None or (kind == INVITE and row is not None
                                     and row.source in BOOKED_SOURCES):
                continue
            queue_notice(kind, candidate, details_of_entry(event, entry, candidate.locale))
    for entry in result.removed:
        row = db.session.get(Interview, entry["id"])
        candidate = candidate_of(entry)
        if candidate is None or (row is not None and row.response == "declined"):
            continue
        details = details_of_entry(event, entry, candidate.locale)
        queue_notice(CANCEL, candidate, replace(details, sequence=details.sequence + 1))
