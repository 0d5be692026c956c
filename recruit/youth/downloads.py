"""What the booking page hands out: the check-in QR code and the person's own calendar."""

from __future__ import annotations

import qrcode
import qrcode.image.svg
from flask_babel import gettext as _
from markupsafe import Markup

from recruit.invites import CalendarInterview, build_feed
from recruit.models import Candidate
from recruit.operations.booking import YouthInterview


def qr_svg(data: str, title: str) -> Markup:
    """`data` as an inline SVG QR code: drawn on the page itself, nothing loaded from
    elsewhere (the venue network may be closed, and link pages load no third parties)."""
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=10)
    svg = image.to_string(encoding="unicode")
    labelled = svg.replace(
        "<svg ", f'<svg role="img" aria-label="{Markup.escape(title)}" class="qr" ', 1
    )
    # Safe: qrcode generated the markup, and the only text put in is escaped above.
    return Markup(labelled)


def youth_calendar(candidate: Candidate, shown: list[YouthInterview], booking_url: str) -> bytes:
    """The person's live interviews as a read-only calendar (METHOD:PUBLISH).

    Same UIDs and sequences as the e-mailed invitations, so importing it next to them does
    not make copies.
    """
    event = candidate.event
    location = ", ".join(part for part in (event.venue_name, event.venue_address) if part)
    entries = [
        CalendarInterview(
            uid=item.interview.uid,
            sequence=item.interview.sequence,
            start=event.local_datetime(item.start_minute),
            end=event.local_datetime(item.end_minute),
            summary=_("Job interview: %(employer)s – %(vacancy)s",
                      employer=item.employer.company_name, vacancy=item.vacancy.title),
            location=_("%(location)s, table %(table)s", location=location, table=item.table_no),
            description=_("Confirm, decline or see your interviews: %(url)s", url=booking_url),
            organiser_email=event.organiser_email or "noreply@localhost",
            organiser_name=event.name,
            url=booking_url,
        )
        for item in shown
        if item.live and item.interview is not None
    ]
    return build_feed(entries, name=event.name)
