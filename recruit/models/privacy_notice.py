"""The privacy notices people consented to: each distinct text once, under its sha256.

A notice is rendered per audience (young people, employers), language and event (it names
the event's retention period and organiser). The first time a text is shown for consent it is
stored here; a consent record (`Candidate.consent_notice_sha256`,
`Employer.consent_notice_sha256`) points to it by the hash. A changed text is a new row: the
hash of what a person agreed to no longer matches what the notice says now, and they are asked
again. Rows are never changed or deleted, and hold no personal data.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from recruit.extensions import Model
from recruit.models.base import UTCDateTime, one_of, utcnow

NOTICE_AUDIENCES = ("youth", "employer")


class PrivacyNotice(Model):
    __tablename__ = "privacy_notice"
    __table_args__ = (
        sa.CheckConstraint(one_of("audience", NOTICE_AUDIENCES), name="audience_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # Hex sha256 of `text`: what consent records point to.
    sha256: Mapped[str] = mapped_column(sa.String(64), unique=True)
    audience: Mapped[str] = mapped_column(sa.String(16))
    locale: Mapped[str] = mapped_column(sa.String(8))
    # The version label the text carried (PRIVACY_NOTICE_VERSION when it was first shown).
    version: Mapped[str] = mapped_column(sa.String(32))
    # The notice exactly as shown, as HTML.
    text: Mapped[str] = mapped_column(sa.Text)
    first_shown_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    def __repr__(self) -> str:
        return f"<PrivacyNotice {self.audience} {self.locale} {self.version} {self.sha256[:8]}>"
