"""After a publish, each young person in the pool without an interview is told, once: why
(in plain words, from the engine's explanation) and what they can do now.

Someone who declined an interview themselves is not told (they chose, and their cancellation
was confirmed). Once per person per publish cycle: `Candidate.left_out_told_version`
remembers the version that told them. A later publish that still leaves them out sends
nothing; one that gives them an interview clears the mark, so if a still later publish
leaves them out again (their situation changed), they are told again.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date

import sqlalchemy as sa
from flask_babel import force_locale
from flask_babel import gettext as _

from recruit.core import links
from recruit.core.i18n import format_day
from recruit.extensions import db
from recruit.mail import outbox, signup_messages
from recruit.mail.details import event_details
from recruit.models import Candidate, Event, Interview, RequirementCard
from recruit.scheduling.bridge import (
    Bridge,
    Reason,
    active_candidates,
    build_problem,
    candidate_key,
    declined_pairs,
    explain,
    solver_interviews,
    vacancy_key,
)

TIME_CODES = frozenset({"no_common_time", "busy", "others_blocked", "no_time", "too_late"})


def _sentence(reason: Reason, jobs: Mapping[str, str], cards: Mapping[str, str]) -> str:
    """One reason, said to the young person (never naming anyone else)."""
    detail = dict(reason.detail)
    job = jobs.get(detail.get("vacancy", ""), "")
    if reason.code == "no_preferences":
        return _("You did not choose a job and were not open to other jobs.")
    if reason.code == "missing_card" and job:
        card = cards.get(detail.get("card", ""), detail.get("card", ""))
        return _("%(job)s needs the %(card)s, which you did not have.", job=job, card=card)
    if reason.code == "language" and job:
        return _("%(job)s is held in a language you did not choose.", job=job)
    if reason.code == "too_young" and job:
        return _("%(job)s requires age %(age)s or over.", job=job, age=detail.get("min_age", ""))
    if reason.code in TIME_CODES:
        return _("The times you can come did not meet a free interview time.")
    return _("The interview times of the jobs that suit you were all taken.")


def _reasons_by_candidate(bridge: Bridge, rows: Sequence[Interview]) -> dict[str, list[Reason]]:
    placed = solver_interviews(rows)
    keys = {c.id for c in bridge.problem.candidates}
    in_problem = [i for i in placed if i.candidate in keys]
    unscheduled, _first = explain(bridge.problem, in_problem)
    found = {note.candidate: list(note.reasons) for note in unscheduled}
    for key, code in bridge.left_out:
        found.setdefault(key, [Reason(code=code, text="", detail=())])
    return found


def _other_events(event: Event, today: date) -> list[Event]:
    upcoming = db.session.scalars(
        sa.select(Event).where(Event.id != event.id, Event.date >= today).order_by(Event.date)
    )
    return [e for e in upcoming if e.signup_open()][:3]


def notify_left_out(event: Event, version_number: int, rows: Iterable[Interview]) -> int:
    """Queue the "no interview this time" e-mail for each young person the published
    `rows` leave out and who was not told yet; returns how many. Flushes."""
    rows = list(rows)
    with_interview = {row.candidate_id for row in rows}
    # Who declined an interview chose so and had its cancellation confirmed: not left out.
    declined = {candidate_id for candidate_id, _employer in declined_pairs(event)}
    pool = active_candidates(event)
    waiting: list[Candidate] = []
    for candidate in pool:
        if candidate.id in with_interview:
            candidate.left_out_told_version = None
        elif candidate.left_out_told_version is None and candidate.id not in declined:
            waiting.append(candidate)
    if not waiting:
        db.session.flush()
        return 0
    bridge = build_problem(event)
    reasons = _reasons_by_candidate(bridge, rows)
    jobs_of = {
        vacancy_key(employer.id, vacancy.id): vacancy.title
        for employer in event.employers
        for vacancy in employer.vacancies
    }
    details = event_details(event)
    others = _other_events(event, event.date)
    cards = list(db.session.scalars(sa.select(RequirementCard)))
    for candidate in waiting:
        locale = candidate.locale
        with force_locale(locale):
            card_names = {card.code: card.name_for(locale) for card in cards}
            sentences = list(dict.fromkeys(
                _sentence(r, jobs_of, card_names)
                for r in reasons.get(candidate_key(candidate.id), [])
            ))
            listed = [(e.name, format_day(e.date, "long", locale)) for e in others]
        rendered = signup_messages.youth_left_out(
            locale,
            event=details,
            first_name=candidate.first_name,
            reasons=sentences,
            next_steps=event.next_steps,
            booking_url=links.new_booking_url(candidate),
            other_events=listed,
        )
        outbox.queue_rendered(db.session, rendered, to=candidate.email, event_id=event.id)
        candidate.left_out_told_version = version_number
    db.session.flush()
    return len(waiting)
