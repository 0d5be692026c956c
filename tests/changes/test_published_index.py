"""The index of published versions (`published_entry`) is exactly what each version's snapshot
lists, after the first publish and after every change that makes a new version (a waiting-list
fill published at once, staff edits published), and the pages of one person or one employer
read the same entries from it as from the snapshot."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa

from recruit.booking import operations as booking
from recruit.booking.free_slots import free_slots
from recruit.extensions import db
from recruit.models import Interview, PublishedEntry, ScheduleVersion, SolveRun
from recruit.scheduling import publishing
from recruit.scheduling.queries import entries_of, latest_version, version_of
from recruit.scheduling.waitlist import refill_job


def _by_id(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(entries, key=lambda entry: entry["id"])


def assert_index_is_the_snapshot(event: Any) -> int:
    """Every version of the event: its index rows are its snapshot's entries, field by field;
    each person's and each employer's entries are those the snapshot lists for them.
    Returns how many versions there are."""
    db.session.expire_all()
    versions = db.session.scalars(
        sa.select(ScheduleVersion).where(ScheduleVersion.event_id == event.id)
        .order_by(ScheduleVersion.number)).all()
    for version in versions:
        snapshot = version.snapshot["interviews"]
        indexed = [row.as_entry() for row in db.session.scalars(
            sa.select(PublishedEntry).where(PublishedEntry.version_id == version.id))]
        assert _by_id(indexed) == _by_id(snapshot), f"version {version.number}"
        for key, ids in (("candidate_id", {e["candidate_id"] for e in snapshot}),
                         ("employer_id", {e["employer_id"] for e in snapshot})):
            for some_id in ids:
                assert _by_id(entries_of(version, **{key: some_id})) == _by_id(
                    [e for e in snapshot if e[key] == some_id])
    return len(versions)


@pytest.fixture
def fair(make_event: Any, make_employer: Any, make_vacancy: Any, make_candidate: Any,
         make_interview: Any) -> dict[str, Any]:
    """Two employers with two tables, four young people; three of them scheduled and
    published (version 1).
    Changes are published at once (the automatic policy)."""
    event = make_event(start_minute=9 * 60, end_minute=11 * 60, max_interviews_per_candidate=2,
                       change_policy="automatic")
    cafe = make_employer(event, company_name="Kahvila Oy", available=[(9 * 60, 10 * 60)],
                         min_candidates=0, tables=2)
    shop = make_employer(event, company_name="Kauppa Oy", available=[(9 * 60, 10 * 60)],
                         min_candidates=0, tables=2)
    barista, seller = make_vacancy(cafe, title="Barista"), make_vacancy(shop, title="Myyjä")
    people = [make_candidate(event, interests=[barista, seller], open_to_other=True)
              for _ in range(4)]
    make_interview(people[0], barista, start_minute=9 * 60)
    make_interview(people[1], barista, start_minute=9 * 60 + 15)
    make_interview(people[2], seller, start_minute=9 * 60)
    publishing.publish_schedule(event, None)
    db.session.commit()
    return {"event": event, "barista": barista, "seller": seller, "people": people}


def _refill(event: Any) -> None:
    """The waiting list's run, as its job runs it (in this thread)."""
    run = SolveRun(event_id=event.id, status="queued", time_limit=5,
                   progress={"kind": "waitlist"})
    db.session.add(run)
    db.session.commit()
    refill_job(run.id)
    db.session.commit()


def _moves(interview: Interview, start: int, table: int) -> bool:
    """Move the interview there if no rule forbids it."""
    try:
        publishing.move_interview(interview, start_minute=start, table_no=table, by=None)
    except publishing.ScheduleError:
        return False
    return True


def test_the_index_follows_every_version_through_the_change_path(
    fair: dict[str, Any], make_candidate: Any
) -> None:
    event, people = fair["event"], fair["people"]
    assert assert_index_is_the_snapshot(event) == 1
    first = latest_version(event)
    assert first is not None
    assert len(entries_of(first, employer_id=fair["barista"].employer_id)) == 2

    # A decline, then the waiting list fills the time and publishes version 2 at once.
    declined = db.session.scalar(sa.select(Interview).where(Interview.candidate_id == people[0].id))
    booking.decline(people[0], declined.id)
    db.session.commit()
    _refill(event)
    assert assert_index_is_the_snapshot(event) == 2

    # A self-booking (no new version: it binds at once and is read from the live rows).
    late = make_candidate(event, interests=[fair["seller"]], open_to_other=True)
    slot = free_slots(late)[-1]
    booking.book(late, slot.vacancy_id, slot.start_minute)
    db.session.commit()
    assert assert_index_is_the_snapshot(event) == 2

    # Staff move one interview and remove another, and publish: version 3.
    moved = db.session.scalar(sa.select(Interview).where(
        Interview.candidate_id == people[1].id, Interview.cancelled_at.is_(None)))
    target = next(
        (start, table) for start in (9 * 60, 9 * 60 + 15, 9 * 60 + 30, 9 * 60 + 45)
        for table in (1, 2) if start != moved.start_minute and _moves(moved, start, table))
    removed = db.session.scalar(sa.select(Interview).where(
        Interview.candidate_id == people[2].id, Interview.cancelled_at.is_(None),
        Interview.source.not_in(("self", "counsellor"))))
    publishing.remove_interview(removed, None)
    publishing.publish_schedule(event, None)
    db.session.commit()
    assert assert_index_is_the_snapshot(event) == 3
    latest = latest_version(event)
    assert latest is not None
    mine = entries_of(latest, candidate_id=people[1].id)
    assert [(e["id"], e["start_minute"], e["table_no"]) for e in mine
            if e["employer_id"] == moved.employer_id] == [(moved.id, *target)]
    assert removed.id not in {e["id"] for e in entries_of(latest, candidate_id=people[2].id)}
    # The removed interview stays in the version that listed it (what people were told).
    assert removed.id in {e["id"] for e in entries_of(version_of(event, 2),
                                                      candidate_id=people[2].id)}

    # A withdrawal cancels rows only; the versions and their index stay as published.
    booking.cancel_everything(people[1])
    db.session.commit()
    assert assert_index_is_the_snapshot(event) == 3


def test_a_publish_that_fails_leaves_no_index_rows(fair: dict[str, Any]) -> None:
    """The index is written in the publish's own transaction: rolled back with it."""
    event = fair["event"]
    publishing.publish_schedule(event, None)
    db.session.rollback()
    assert assert_index_is_the_snapshot(event) == 1
    assert db.session.scalar(sa.select(sa.func.count()).select_from(PublishedEntry)) == 3


def test_published_entries_cannot_be_changed(fair: dict[str, Any]) -> None:
    row = db.session.scalars(sa.select(PublishedEntry)).first()
    assert row is not None
    row.start_minute += 15
    with pytest.raises(ValueError, match="cannot be changed"):
        db.session.flush()
    db.session.rollback()
