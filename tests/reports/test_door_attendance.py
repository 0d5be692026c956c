"""The day's check-in reaches the report: an interview whose attendance nobody recorded
counts as the door marked it (arrived or late: came; no-show: did not come) or, without a
mark, as came when the person was checked in at the door. A recorded attendance wins."""

from __future__ import annotations

import sqlalchemy as sa

from recruit.extensions import db
from recruit.models import Candidate, Interview, utcnow
from recruit.reports.counts import count_events, events_with_ids
from recruit.reports.outcomes import outcome_lines
from tests.reports.known_event import make_known_event


def _unrecorded(event_id: int) -> list[Interview]:
    return list(db.session.scalars(
        sa.select(Interview).where(Interview.event_id == event_id,
                                   Interview.cancelled_at.is_(None),
                                   Interview.attended.is_(None), Interview.outcome.is_(None))
        .order_by(Interview.id)))


def test_door_marks_count_where_nothing_was_recorded(app):
    known = make_known_event()
    event_id = known.event.id
    before = count_events(events_with_ids([event_id]))[event_id]
    marked_arrived, marked_no_show = _unrecorded(event_id)[:2]
    marked_arrived.arrival = "late"
    marked_no_show.arrival = "no_show"
    # A recorded no-show stays a no-show although the door marked the person arrived.
    recorded_no_show = db.session.scalars(sa.select(Interview).where(
        Interview.event_id == event_id, Interview.attended.is_(False)).limit(1)).one()
    recorded_no_show.arrival = "arrived"
    db.session.commit()

    after = count_events(events_with_ids([event_id]))[event_id]
    assert after.outcomes["not_recorded"] == before.outcomes["not_recorded"] - 2
    assert after.outcomes["came_no_outcome"] == before.outcomes["came_no_outcome"] + 1
    assert after.outcomes["no_show"] == before.outcomes["no_show"] + 1
    assert sum(after.outcomes.values()) == sum(before.outcomes.values())

    lines = {line.interview_id: line for line in outcome_lines(known.event)}
    assert lines[marked_arrived.id].category == "came_no_outcome"
    assert lines[marked_no_show.id].category == "no_show"
    assert lines[recorded_no_show.id].category == "no_show"


def test_a_person_checked_in_at_the_door_came_to_their_unmarked_interviews(app):
    known = make_known_event()
    event_id = known.event.id
    before = count_events(events_with_ids([event_id]))[event_id]
    interview = _unrecorded(event_id)[0]
    person = db.session.get(Candidate, interview.candidate_id)
    came_before = db.session.scalar(sa.select(sa.func.count()).where(
        Interview.candidate_id == person.id, Interview.cancelled_at.is_(None),
        Interview.attended.is_(True))) > 0
    person.checked_in_at = utcnow()
    db.session.commit()

    after = count_events(events_with_ids([event_id]))[event_id]
    assert after.outcomes["not_recorded"] < before.outcomes["not_recorded"]
    assert after.came == before.came + (0 if came_before else 1)
    assert {line.interview_id: line.category for line in outcome_lines(known.event)}[
        interview.id] == "came_no_outcome"
