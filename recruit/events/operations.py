"""Business actions on events and the requirement-card list.

Operations take models and plain values, change the session and flush; the caller commits
(one request, one transaction), so a failure anywhere leaves nothing half-saved.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext as _ln

from recruit.accounts.operations import add_coordinator
from recruit.changes.notify import notify_changes
from recruit.core import audit
from recruit.core.validators import Window
from recruit.extensions import db
from recruit.models import (
    Employer,
    EmployerWindow,
    Event,
    EventBreak,
    RequirementCard,
    StaffUser,
    Vacancy,
)
from recruit.people import queries
from recruit.scheduling.stranded import held_times, stranded_by, whose


@dataclass
class EventSettings:
    """Every setting of an event that staff edit (DESIGN §1)."""

    name: str
    date: date
    start_minute: int
    end_minute: int
    timezone: str = "Europe/Helsinki"
    venue_name: str = ""
    venue_address: str = ""
    breaks: list[Window] = field(default_factory=list)
    grid_minutes: int = 5
    candidate_buffer_minutes: int = 5
    max_interviews_per_candidate: int = 3
    max_ranked_interests: int = 3
    signup_deadline: datetime | None = None
    languages: list[str] = field(default_factory=lambda: ["fi", "sv", "en"])
    organiser_email: str = ""
    next_steps: str = ""
    change_policy: str = "automatic"
    retention_days: int = 90
    # Days after the event until the impact follow-up (None: no follow-up).
    follow_up_days: int | None = None
    default_min_candidates: int = 20
    default_max_candidates: int = 30
    card_ids: list[int] = field(default_factory=list)


# Settings that map one-to-one onto Event columns.
_COLUMNS = (
    "name", "date", "timezone", "venue_name", "venue_address", "start_minute", "end_minute",
    "grid_minutes", "candidate_buffer_minutes", "max_interviews_per_candidate",
    "max_ranked_interests", "signup_deadline", "organiser_email", "next_steps", "change_policy",
    "retention_days", "follow_up_days", "default_min_candidates", "default_max_candidates",
)


def settings_of(event: Event) -> EventSettings:
    values: dict[str, Any] = {name: getattr(event, name) for name in _COLUMNS}
    return EventSettings(
        **values,
        breaks=[(b.start_minute, b.end_minute) for b in event.breaks],
        languages=list(event.languages or []),
        card_ids=[card.id for card in event.cards],
    )


def _apply(event: Event, settings: EventSettings) -> None:
    for name in _COLUMNS:
        setattr(event, name, getattr(settings, name))
    event.languages = list(settings.languages)
    event.breaks = [EventBreak(start_minute=s, end_minute=e) for s, e in settings.breaks]
    cards = db.session.scalars(
        sa.select(RequirementCard).where(RequirementCard.id.in_(settings.card_ids))
    ).all()
    event.cards = sorted(cards, key=lambda card: card.code)


def setting_conflicts(event: Event, settings: EventSettings) -> list[tuple[str, str]]:
    """What the new settings would break among the event's people: (setting, message) pairs.

    Employers' and young people's times were checked against the old hours and grid; new
    hours must still contain them and a new grid must still fit them, or the scheduler would
    be handed times it cannot use. Staff fix the people first, then the event.
    """
    conflicts: list[tuple[str, str]] = []
    start, end, grid = settings.start_minute, settings.end_minute, settings.grid_minutes
    for employer in event.employers:
        windows = [(w.start_minute, w.end_minute) for w in employer.windows]
        company = employer.company_name
        if any(s < start for s, _ in windows):
            conflicts.append(("start_time", _l(
                "%(company)s has times before this; change them first.", company=company)))
        if any(e > end for _, e in windows):
            conflicts.append(("end_time", _l(
                "%(company)s has times after this; change them first.", company=company)))
        if any((s - start) % grid or (e - start) % grid for s, e in windows) or (
            employer.interview_minutes % grid
        ):
            conflicts.append(("grid_minutes", _l(
                "The times or interview length of %(company)s do not fit this grid.",
                company=company)))
    early, late = queries.candidate_windows_outside(event, start, end)
    if early:
        conflicts.append(("start_time", _ln(
            "The available time of %(num)d young person starts before this.",
            "The available times of %(num)d young people start before this.", early)))
    if late:
        conflicts.append(("end_time", _ln(
            "The available time of %(num)d young person ends after this.",
            "The available times of %(num)d young people end after this.", late)))
    ranked = queries.most_ranked_interests(event)
    if ranked > settings.max_ranked_interests:
        conflicts.append(("max_ranked_interests", _l(
            "Some young people have already ranked %(count)d vacancies.", count=ranked)))
    return conflicts + _schedule_conflicts(event, settings)


def _schedule_conflicts(event: Event, settings: EventSettings) -> list[tuple[str, str]]:
    """Scheduled interviews the new hours, breaks or grid would strand (see
    `recruit.scheduling.stranded`). Ends the transaction (the trial edit is rolled back)."""
    grid_field = (
        "grid_minutes" if settings.grid_minutes != event.grid_minutes
        else "candidate_buffer_minutes"
        if settings.candidate_buffer_minutes != event.candidate_buffer_minutes else None
    )
    if grid_field is not None:
        # The database's double-booking cells are cut by the grid and the buffer.
        held = sorted(held_times(event), key=lambda h: (h.employer_id, h.start_minute))
        if not held:
            return []
        return [(grid_field, _ln(
            "%(num)d interview is scheduled on the current grid (%(whose)s); remove it from "
            "the schedule before changing the grid or the buffer.",
            "%(num)d interviews are scheduled on the current grid (%(whose)s); remove them "
            "from the schedule before changing the grid or the buffer.",
            len(held), whose=whose(held)))]
    changed = [name for name, differs in (
        ("start_time", settings.start_minute != event.start_minute),
        ("end_time", settings.end_minute != event.end_minute),
        ("breaks", [(b.start_minute, b.end_minute) for b in event.breaks] != settings.breaks),
    ) if differs]
    if not changed:
        return []
    stranded = stranded_by(event, lambda: _apply(event, settings))
    if not stranded:
        return []
    return [(changed[0], _ln(
        "%(num)d scheduled interview (%(whose)s) would fall outside the new hours or in a "
        "break; move it on the schedule first.",
        "%(num)d scheduled interviews (%(whose)s) would fall outside the new hours or in a "
        "break; move them on the schedule first.",
        len(stranded), whose=whose(stranded)))]


def create_event(settings: EventSettings, by: StaffUser | None = None) -> Event:
    """A new event; the staff member who creates it becomes its coordinator."""
    event = Event()
    _apply(event, settings)
    db.session.add(event)
    db.session.flush()
    audit.record("event.create", event, by)
    if by is not None:
        add_coordinator(event, by, by)
    return event


def update_event(event: Event, settings: EventSettings, by: StaffUser | None = None) -> None:
    """Save the settings; everyone told of an interview whose day, time zone or place this
    changes gets a calendar update in the same transaction."""
    _apply(event, settings)
    db.session.flush()
    audit.record("event.update", event, by)
    notify_changes(event, reason="event.update")


def copy_event(
    source: Event,
    name: str,
    day: date,
    *,
    copy_employers: bool = False,
    by: StaffUser | None = None,
) -> Event:
    """A new event with the source's settings, breaks and card list on another day.

    The sign-up deadline keeps its distance from the event day. With `copy_employers`, the
    approved employers come along as *pending* sign-ups with their vacancies and times:
    staff re-check them, and their consent of last year is not carried over. Candidates never
    come along: their consent was for one event.
    """
    settings = settings_of(source)
    settings.name = name
    if settings.signup_deadline is not None:
        settings.signup_deadline = settings.signup_deadline + (day - source.date)
    settings.date = day
    event = create_event(settings, by)
    if copy_employers:
        for employer in source.employers:
            if employer.status == "approved":
                event.employers.append(_copy_employer(employer))
        db.session.flush()
    audit.record("event.copy", event, by)
    return event


def _copy_employer(employer: Employer) -> Employer:
    copy = Employer(
        company_name=employer.company_name,
        business_id=employer.business_id,
        contact_name=employer.contact_name,
        email=employer.email,
        phone=employer.phone,
        address=employer.address,
        interview_minutes=employer.interview_minutes,
        tables=employer.tables,
        min_candidates=employer.min_candidates,
        max_candidates=employer.max_candidates,
        status="pending",
    )
    copy.windows = [
        EmployerWindow(kind=w.kind, start_minute=w.start_minute, end_minute=w.end_minute)
        for w in employer.windows
    ]
    copy.vacancies = [
        Vacancy(
            title=v.title,
            description=v.description,
            positions=v.positions,
            languages=list(v.languages or []),
            min_age=v.min_age,
            requirements=list(v.requirements),
        )
        for v in employer.vacancies
    ]
    return copy


# --- Requirement cards --------------------------------------------------------------------


def card_code(name_en: str) -> str:
    """A plain identifier from the English name ("Hot work licence" -> "hot_work_licence").

    Codes travel to the solver, so they are ASCII; a clash gets a numeric suffix.
    """
    ascii_name = unicodedata.normalize("NFKD", name_en).encode("ascii", "ignore").decode()
    base = re.sub(r"[^a-z0-9]+", "_", ascii_name.lower()).strip("_")[:56] or "card"
    taken = set(
        db.session.scalars(
            sa.select(RequirementCard.code).where(RequirementCard.code.like(f"{base}%"))
        )
    )
    code, suffix = base, 2
    while code in taken:
        code, suffix = f"{base}_{suffix}", suffix + 1
    return code


def add_card(
    name_fi: str, name_sv: str, name_en: str, min_age_note: str = "",
    by: StaffUser | None = None,
) -> RequirementCard:
    card = RequirementCard(
        code=card_code(name_en),
        name_fi=name_fi.strip(),
        name_sv=name_sv.strip(),
        name_en=name_en.strip(),
        min_age_note=min_age_note.strip(),
    )
    db.session.add(card)
    db.session.flush()
    audit.record("card.create", card, by)
    return card


def set_card_active(card: RequirementCard, active: bool, by: StaffUser | None = None) -> None:
    """Deactivate (or reactivate) a card. Cards are never deleted: events and people that
    already refer to one keep it; it is only no longer offered for new events."""
    card.is_active = active
    db.session.flush()
    audit.record("card.activate" if active else "card.deactivate", card, by)
