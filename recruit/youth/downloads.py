"""What the booking page hands out: the person's own calendar (the check-in QR code is drawn
by `recruit.core.qr`)."""

from __future__ import annotations

from recruit.booking.operations import YouthInterview
from recruit.calendar.invites import build_feed
from recruit.mail.details import InterviewDetails, event_details
from recruit.mail.messages import calendar_entry
from recruit.models import Candidate


def youth_calendar(candidate: Candidate, shown: list[YouthInterview], booking_url: str) -> bytes:
    """The person's live interviews as a read-only calendar (METHOD:PUBLISH).

    Each entry is built by `messages.calendar_entry`, as in the e-mailed invitation: same
    UID, sequence, wording and alarm, so importing it next to them does not make copies.
    """
    event = candidate.event
    details = event_details(event)
    entries = [
        calendar_entry(
            details,
            InterviewDetails(
                uid=item.interview.uid,
                sequence=item.interview.sequence,
                start=event.local_datetime(item.start_minute),
                end=event.local_datetime(item.end_minute),
                employer_name=item.employer.company_name,
                vacancy_title=item.vacancy.title,
                table_label=str(item.table_no),
            ),
            attendee_email="",
            attendee_name="",
            booking_url=booking_url,
        )
        for item in shown
        if item.live and item.interview is not None
    ]
    return build_feed(entries, name=event.name)
