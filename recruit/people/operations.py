"""Business actions on the people of an event: employers, their vacancies, and candidates.

Every action that touches personal data writes an audit entry (ids only). Operations flush;
the caller commits, so the change and its audit entry are saved together or not at all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, cast

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

from recruit.changes.notify import notify_changes
from recruit.core import audit
from recruit.core.validators import Window
from recruit.extensions import db
from recruit.models import (
    Candidate,
    CandidateInterest,
    CandidateWindow,
    Employer,
    EmployerWindow,
    Event,
    Interview,
    RequirementCard,
    SmsMessage,
    StaffUser,
    Vacancy,
    utcnow,
)
from recruit.models.employer import EMPLOYER_STATUSES
from recruit.people import contact_channel
from recruit.people.employer_link import send_employer_link
from recruit.people.employer_notices import send_rejection
from recruit.privacy import outbox as privacy_outbox
from recruit.privacy.own_data import person_needles


class OperationError(ValueError):
    """A business rule refused the action.

    `message` is shown to the user; `field` names the form field it belongs beside, if any.
    """

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


@dataclass
class EmployerData:
    company_name: str
    business_id: str
    contact_name: str
    email: str
    phone: str = ""
    address: str = ""
    interview_minutes: int = 15
    tables: int = 1
    min_candidates: int = 20
    max_candidates: int = 30
    available: list[Window] = field(default_factory=list)
    breaks: list[Window] = field(default_factory=list)


@dataclass
class VacancyData:
    title: str
    description: str = ""
    positions: int = 1
    card_ids: list[int] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    min_age: int = 0


@dataclass
class CandidateData:
    first_name: str
    last_name: str
    email: str
    birth_year: int
    phone: str = ""
    languages: list[str] = field(default_factory=list)
    card_ids: list[int] = field(default_factory=list)
    # Vacancy ids, most wanted first.
    interests: list[int] = field(default_factory=list)
    open_to_other: bool = False
    priority: bool = False
    # Empty: available for the whole event.
    windows: list[Window] = field(default_factory=list)
    introduction: str = ""
    share_with_employers: bool = False
    status: str = "active"
    # "email", "sms" or "both" as chosen at sign-up (`recruit.people.contact_channel`), or
    # None to leave the choice as it is (staff edits never change it).
    contact_channel: str | None = None


def _event_cards(event: Event, card_ids: list[int]) -> list[RequirementCard]:
    """Only cards on the event's own list count; anything else is ignored, not trusted."""
    allowed = {card.id: card for card in event.cards}
    return [allowed[card_id] for card_id in dict.fromkeys(card_ids) if card_id in allowed]


# --- Employers ----------------------------------------------------------------------------


_EMPLOYER_COLUMNS = (
    "company_name", "business_id", "contact_name", "email", "phone", "address",
    "interview_minutes", "tables", "min_candidates", "max_candidates",
)


def employer_data_of(employer: Employer) -> EmployerData:
    return EmployerData(
        **{name: getattr(employer, name) for name in _EMPLOYER_COLUMNS},
        available=[(w.start_minute, w.end_minute) for w in employer.available],
        breaks=[(w.start_minute, w.end_minute) for w in employer.breaks],
    )


def apply_employer(employer: Employer, data: EmployerData) -> None:
    for name in _EMPLOYER_COLUMNS:
        setattr(employer, name, getattr(data, name))
    employer.email = data.email.strip().lower()
    employer.windows = [
        EmployerWindow(kind=kind, start_minute=start, end_minute=end)
        for kind, windows in (("available", data.available), ("break", data.breaks))
        for start, end in windows
    ]


def create_employer(event: Event, data: EmployerData, by: StaffUser | None = None) -> Employer:
    """An employer added by staff is approved at once: staff did the checking themselves."""
    employer = Employer(event=event, status="approved")
    apply_employer(employer, data)
    db.session.add(employer)
    db.session.flush()
    audit.record("employer.create", employer, by)
    return employer


def update_employer(employer: Employer, data: EmployerData, by: StaffUser | None = None) -> None:
    apply_employer(employer, data)
    db.session.flush()
    audit.record("employer.update", employer, by)


def set_employer_status(employer: Employer, status: str, by: StaffUser | None = None) -> bool:
    """Approve, reject or reopen; True when the status changed (False: it already was).

    One conditional UPDATE (... WHERE status != the new one) makes the change, so when two
    staff approve at the same instant the database lets exactly one of them change the row
    (the other waits for its lock and then finds nothing to change), and only the approval
    that happened sends the link e-mail: one e-mail, one working link.
    """
    if status not in EMPLOYER_STATUSES:
        raise OperationError(_l("Unknown status."))
    db.session.flush()
    result = db.session.execute(
        sa.update(Employer)
        .where(Employer.id == employer.id, Employer.status != status)
        .values(status=status)
        .execution_options(synchronize_session=False)
    )
    # An UPDATE answers with a CursorResult, whose rowcount says how many rows changed.
    changed = cast(sa.CursorResult[Any], result).rowcount == 1
    db.session.expire(employer, ["status", "updated_at"])
    verbs = {"approved": "approve", "rejected": "reject", "pending": "reopen"}
    audit.record(f"employer.{verbs[status]}", employer, by)
    if changed and status == "approved":
        send_employer_link(employer)
    elif changed and status == "rejected":
        send_rejection(employer)
    if changed and status != "approved":
        cancel_employer_interviews(employer)
    return changed


def cancel_employer_interviews(
    employer: Employer, *, employers_told: set[int] | None = None
) -> int:
    """An employer who is no longer approved (withdrew, was removed or rejected) holds no
    interviews: each is cancelled, and everyone told of one gets a calendar cancellation in
    the same transaction. The freed young people stay in the pool, so the caller can offer
    them the waiting list. Returns how many interviews were cancelled."""
    cancelled = _cancel_live_interviews(sa.select(Interview).where(
        Interview.employer_id == employer.id, Interview.cancelled_at.is_(None)))
    notify_changes(employer.event, reason="employer.remove", employers_told=employers_told)
    return cancelled


def _cancel_live_interviews(query: sa.Select[Interview]) -> int:
    """Cancel these interviews and free their time; the change path then tells people."""
    live = db.session.scalars(query).all()
    for interview in live:
        interview.cancelled_at = utcnow()
        interview.locked = False
        interview.release_cells()
    db.session.flush()
    return len(live)


# --- Vacancies ----------------------------------------------------------------------------


def _apply_vacancy(vacancy: Vacancy, event: Event, data: VacancyData) -> None:
    vacancy.title = data.title.strip()
    vacancy.description = data.description.strip()
    vacancy.positions = data.positions
    vacancy.languages = list(data.languages)
    vacancy.min_age = data.min_age
    vacancy.requirements = _event_cards(event, data.card_ids)


def create_vacancy(employer: Employer, data: VacancyData, by: StaffUser | None = None) -> Vacancy:
    vacancy = Vacancy()
    _apply_vacancy(vacancy, employer.event, data)
    vacancy.employer = employer  # only now: see `create_candidate`
    db.session.add(vacancy)
    db.session.flush()
    audit.record("vacancy.create", vacancy, by, event_id=employer.event_id)
    return vacancy


def update_vacancy(vacancy: Vacancy, data: VacancyData, by: StaffUser | None = None) -> None:
    _apply_vacancy(vacancy, vacancy.employer.event, data)
    db.session.flush()
    audit.record("vacancy.update", vacancy, by, event_id=vacancy.employer.event_id)


def delete_vacancy(vacancy: Vacancy, by: StaffUser | None = None) -> None:
    """Remove a vacancy that has no interviews; people who ranked it lose that interest.

    A vacancy with interviews (even cancelled ones, kept as history) is refused: those people
    were told about it, so their interviews must be handled on the schedule first.
    """
    has_interviews = db.session.scalar(
        sa.select(sa.exists().where(Interview.vacancy_id == vacancy.id))
    )
    if has_interviews:
        raise OperationError(_l("This vacancy has interviews on the schedule; remove them "
                                "there before removing the vacancy."))
    event_id = vacancy.employer.event_id
    audit.record("vacancy.delete", vacancy, by, event_id=event_id)
    affected = db.session.scalars(
        sa.select(Candidate)
        .join(CandidateInterest)
        .where(CandidateInterest.vacancy_id == vacancy.id)
    ).all()
    vacancy.employer.vacancies.remove(vacancy)
    db.session.flush()
    # Close the gap the removed interest left, so ranks stay 1, 2, 3...
    for candidate in affected:
        db.session.refresh(candidate, ["interests"])
        _renumber(candidate)
    db.session.flush()


def _renumber(candidate: Candidate) -> None:
    interests = list(candidate.interests)
    # Two passes: unique(candidate, rank) would refuse a swap done in place.
    for offset, interest in enumerate(interests):
        interest.rank = 1000 + offset
    db.session.flush()
    for rank, interest in enumerate(interests, start=1):
        interest.rank = rank


# --- Candidates ---------------------------------------------------------------------------


_CANDIDATE_COLUMNS = (
    "first_name", "last_name", "birth_year", "phone", "open_to_other", "priority",
    "introduction", "share_with_employers", "status",
)


def candidate_data_of(candidate: Candidate) -> CandidateData:
    return CandidateData(
        **{name: getattr(candidate, name) for name in _CANDIDATE_COLUMNS},
        email=candidate.email,
        languages=list(candidate.languages or []),
        card_ids=[card.id for card in candidate.cards],
        interests=[interest.vacancy_id for interest in candidate.interests],
        windows=[(w.start_minute, w.end_minute) for w in candidate.windows],
    )


_EMAIL_TAKEN = _l("Someone with this e-mail address is already signed up for this event.")


def email_taken(event: Event, email: str, except_id: int | None = None) -> bool:
    query = sa.select(Candidate.id).where(
        Candidate.event_id == event.id, Candidate.email == email.strip().lower()
    )
    if except_id is not None:
        query = query.where(Candidate.id != except_id)
    return db.session.scalar(query) is not None


def _event_vacancy_ids(event: Event) -> set[int]:
    return set(
        db.session.scalars(
            sa.select(Vacancy.id).join(Employer).where(Employer.event_id == event.id)
        )
    )


def _apply_candidate(candidate: Candidate, event: Event, data: CandidateData) -> None:
    for name in _CANDIDATE_COLUMNS:
        setattr(candidate, name, getattr(data, name))
    candidate.first_name = data.first_name.strip()
    candidate.last_name = data.last_name.strip()
    candidate.email = data.email.strip().lower()
    candidate.introduction = data.introduction.strip()
    candidate.languages = list(data.languages)
    candidate.cards = _event_cards(event, data.card_ids)
    candidate.windows = [CandidateWindow(start_minute=s, end_minute=e) for s, e in data.windows]
    if data.contact_channel is not None:
        had_texts = contact_channel.takes_texts(candidate.contact_channel)
        contact_channel.set_channel(candidate, data.contact_channel)
        if had_texts and not contact_channel.takes_texts(candidate.contact_channel):
            contact_channel.drop_waiting_texts(candidate)
    allowed = _event_vacancy_ids(event)
    ranked = [v for v in dict.fromkeys(data.interests) if v in allowed]
    if len(ranked) > event.max_ranked_interests:
        raise OperationError(
            _l("Choose at most %(count)d vacancies.", count=event.max_ranked_interests),
            "interests")
    # Replace the old interests in a flush of their own: unique(candidate, rank) would
    # otherwise see the new rank 1 before the old rank 1 is gone.
    candidate.interests = []
    if candidate.id is not None:
        db.session.flush()
    candidate.interests = [
        CandidateInterest(vacancy_id=vacancy_id, rank=rank)
        for rank, vacancy_id in enumerate(ranked, start=1)
    ]


def _flush_candidate() -> None:
    """Flush, turning a lost race for the same address into the form's message.

    `email_taken` answers before the write; a public sign-up with the same address can still
    commit in between, and then unique(event_id, email) is the only other unique rule that a
    candidate row can break (its sign-up number comes from an atomic counter).
    """
    try:
        db.session.flush()
    except IntegrityError as error:
        raise OperationError(_EMAIL_TAKEN, "email") from error


def create_candidate(event: Event, data: CandidateData, by: StaffUser | None = None) -> Candidate:
    """Sign a young person up on their behalf (they phoned or walked in).

    Marked with the staff member who did it; `signup_seq` comes from the event's counter so
    first come, first served stays fair against concurrent public sign-ups.
    """
    if email_taken(event, data.email):
        raise OperationError(_EMAIL_TAKEN, "email")
    candidate = Candidate(signup_seq=event.allocate_signup_seq())
    candidate.signed_up_by_staff_id = by.id if by is not None else None
    if by is not None:
        # Staff checked the address with the person, so no confirmation e-mail is needed:
        # without this the scheduling bridge (confirmed addresses only) would skip them.
        candidate.email_verified_at = utcnow()
    _apply_candidate(candidate, event, data)
    # Joined to the event only now, with the session: joined first, the new person would sit
    # in `event.candidates` outside the session while the queries above flushed.
    candidate.event = event
    db.session.add(candidate)
    _flush_candidate()
    audit.record("candidate.create", candidate, by)
    return candidate


def update_candidate(
    candidate: Candidate, data: CandidateData, by: StaffUser | None = None
) -> None:
    if email_taken(candidate.event, data.email, except_id=candidate.id):
        raise OperationError(_EMAIL_TAKEN, "email")
    withdrawn = candidate.status != "cancelled" and data.status == "cancelled"
    _apply_candidate(candidate, candidate.event, data)
    _flush_candidate()
    audit.record("candidate.update", candidate, by)
    if withdrawn:
        # Staff record that the person withdrew: as when they cancel on their own page,
        # their interviews are cancelled and they are told, in the same transaction.
        cancel_candidate_interviews(candidate, reason="candidate.withdraw")


def cancel_candidate_interviews(candidate: Candidate, *, reason: str) -> int:
    """Cancel the person's live interviews and free their time; the change path tells them
    and the employers in the caller's transaction. Returns how many were cancelled."""
    cancelled = _cancel_live_interviews(sa.select(Interview).where(
        Interview.candidate_id == candidate.id, Interview.cancelled_at.is_(None)))
    notify_changes(candidate.event, reason=reason)
    return cancelled


def delete_candidate(candidate: Candidate, by: StaffUser | None = None) -> None:
    """Erase a person: their sign-up, cards, interests, windows, interviews, e-mails and texts.

    The audit entry keeps only the id, which no longer leads to anyone. Whatever the person
    was told is cancelled first (their address is still known), and the employers whose
    roster loses them are told; those messages go out and are then deleted, and every
    earlier message that names the person is deleted now (`recruit.privacy.outbox`). The
    caller offers the freed times to the waiting list.
    """
    audit.record("candidate.delete", candidate, by)
    notify_changes(candidate.event, reason="candidate.delete", gone={candidate.id})
    privacy_outbox.forget(candidate.event_id, person_needles(candidate))
    # Texts carry no cancellation (the e-mail does): every one of theirs goes now.
    db.session.execute(sa.delete(SmsMessage).where(SmsMessage.candidate_id == candidate.id))
    # Interviews first: their cells reference the interview and the candidate together.
    for interview in db.session.scalars(
        sa.select(Interview).where(Interview.candidate_id == candidate.id)
    ):
        db.session.delete(interview)
    db.session.flush()
    db.session.delete(candidate)
    db.session.flush()
