"""Walk-ins: a young person who comes to the event without having signed up.

Staff sign them up on the spot with minimal details and the person's consent, then book them
into a free time (the counsellor booking page) or let "fill gaps from now" place them. They are
open to any suitable job and available from now on: they are here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from recruit.booking.operations import check_in_open
from recruit.core import audit
from recruit.models import Candidate, Event, StaffUser, utcnow
from recruit.people.operations import CandidateData, create_candidate
from recruit.privacy import notices

LOCALES = ("fi", "sv", "en")


@dataclass(frozen=True)
class WalkInData:
    first_name: str
    last_name: str
    email: str
    birth_year: int
    phone: str = ""
    languages: list[str] = field(default_factory=list)


def add_walk_in(
    event: Event, data: WalkInData, by: StaffUser, *, now: datetime | None = None
) -> Candidate:
    """Sign the walk-in up (active, address taken as checked by staff) and check them in.

    Flushes; the caller commits. A taken address raises OperationError (field "email").
    """
    candidate = create_candidate(event, CandidateData(
        first_name=data.first_name,
        last_name=data.last_name,
        email=data.email,
        birth_year=data.birth_year,
        phone=data.phone,
        languages=data.languages or [event.languages[0] if event.languages else "fi"],
        open_to_other=True,
        status="active",
    ), by)
    if data.languages and data.languages[0] in LOCALES:
        candidate.locale = data.languages[0]  # their messages in a language they speak
    # Staff show the notice in the person's language before they agree.
    notice = notices.notice_for(notices.YOUTH, event, candidate.locale)
    candidate.consent_version, candidate.consent_notice_sha256 = notice.version, notice.sha256
    candidate.consent_at = now or utcnow()
    if check_in_open(event, now):
        candidate.checked_in_at = now or utcnow()
    audit.record("candidate.walk_in", candidate, by)
    return candidate
