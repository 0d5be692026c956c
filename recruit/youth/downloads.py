"""What the booking page hands out: the check-in QR code and the person's own calendar."""

from __future__ import annotations

import functools

import qrcode
import qrcode.image.svg
from markupsafe import Markup

from recruit.booking.operations import YouthInterview
from recruit.calendar.invites import build_feed
from recruit.mail.details import InterviewDetails, event_details
from recruit.mail.messages import calendar_entry
from recruit.models import Candidate


def qr_svg(data: str, title: str) -> Markup:
    """`data` as an inline SVG QR code: drawn on the page itself, nothing loaded from
    elsewhere (the venue network may be closed, and link pages load no third parties)."""
    return _qr_svg(data, title)


@functools.lru_cache(maxsize=512)
def _qr_svg(data: str, title: str) -> Markup:
    # Remembered per process: drawing the code costs more than the rest of the booking page,
    # and a person's check-in link stays the same between their visits.
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=10)
    svg = image.to_string(encoding="unicode")
    labelled = svg.replace(
        "<svg ", f'<svg role="img" aria-label="{Markup.escape(title)}" class="qr" ', 1
    )
    # Safe: qrcode generated the markup, and the only text put in is escaped above.
    return Markup(labelled)


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
