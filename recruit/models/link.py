"""Private links: booking pages, e-mail confirmation, check-in and employer pages.

Only a hash of a link's token is stored (sha256 of `secrets.token_urlsafe(32)`, 256 bits), so
a copy of the database does not open anyone's page. A link belongs to exactly one owner, a
candidate or an employer (a staff calendar feed: the event itself), and stops working when it
is revoked or when the event's retention period ends (`recruit.core.links` decides both, and gives
every failure the same 404).
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from recruit.extensions import Model
from recruit.models.base import UTCDateTime, one_of, utcnow

if TYPE_CHECKING:
    from recruit.models.candidate import Candidate
    from recruit.models.employer import Employer

# booking: the young person's own page; confirm_email: the double opt-in link (may carry a
# pending re-sign-up in `payload`); check_in: the QR code scanned at the door (staff only);
# employer: the employer's roster page; event_feed: the staff calendar feed of a whole event
# (owned by the event alone, see `recruit.calendar.feeds`); follow_up: the impact follow-up's
# form months after the event (`recruit.followup`).
LINK_PURPOSES = ("booking", "confirm_email", "check_in", "employer", "event_feed", "follow_up")
EXACTLY_ONE_OWNER = (
    "(purpose = 'event_feed' AND candidate_id IS NULL AND employer_id IS NULL) OR "
    "(purpose <> 'event_feed' AND (candidate_id IS NULL) <> (employer_id IS NULL))"
)


class BookingLink(Model):
    __tablename__ = "booking_link"
    __table_args__ = (
        sa.CheckConstraint(one_of("purpose", LINK_PURPOSES), name="purpose_known"),
        sa.CheckConstraint(EXACTLY_ONE_OWNER, name="exactly_one_owner"),
        sa.CheckConstraint("length(token_hash) = 64", name="token_hash_length"),
        sa.CheckConstraint("expires_at > created_at", name="expires_after_created"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # Hex sha256 of the token; the token itself is only ever in the URL sent to the owner.
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    purpose: Mapped[str] = mapped_column(sa.String(16))
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("event.id", ondelete="CASCADE"), index=True)
    candidate_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("candidate.id", ondelete="CASCADE"), index=True
    )
    employer_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("employer.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # A re-sign-up with a known address waits here until the address is confirmed again.
    payload: Mapped[dict[str, Any] | None] = mapped_column(sa.JSON)

    candidate: Mapped[Candidate | None] = relationship()
    employer: Mapped[Employer | None] = relationship()

    def __repr__(self) -> str:
        # Never the hash: reprs end up in logs.
        return f"<BookingLink {self.id} {self.purpose}>"

    def usable(self, now: datetime | None = None) -> bool:
        return self.revoked_at is None and (now or utcnow()) < self.expires_at
