"""Walk-ins: a young person who comes to the event without having signed up.

Staff sign them up on the spot with minimal details and the person's consent, then book them
into a free time (the counsellor booking page) or let "fill gaps from now" place them. They are
open to any suitable job and available from now on: they are here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from flask import current_app

from recruit.booking.operations import check_in_open
from recruit.core import audit
from recruit.models import Candidate, Event, StaffUser, utcnow
from recruit.people.operations import CandidateData, create_candidate

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
    candidate.consent_version = str(current_app.config["PRIVACY_NOTICE_VERSION"])
    candidate.consent_at = now or utcnow()
    if data.languages and data.languages[0] in LOCALES:
        candidate.locale = data.languages[0]  # their messages in a language they speak
    if check_in_open(event, now):
        candidate.checked_in_at = now or utcnow()
    audit.record("candidate.walk_in", candidate, by)
    return candidate
