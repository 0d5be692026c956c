"""Why young people were left out, counted over the latest schedule of each event.

The solve job stores the engine's answer on its `SolveRun` (`result`): `unscheduled` lists
each candidate the schedule could not place ("C12") with reasons, each a stable `code` and a
`detail` (`missing_card` names the `card`); `left_out` lists the candidates the app could not
even give to the engine (for example no available time inside the event). Counsellors use
the counts ("12 lacked the occupational safety card") to offer card trainings.

Only the latest run that produced a schedule counts, and only for people still signed up who
still have no interview: someone placed later from the waiting list or by hand, or who has
cancelled, is no longer left out.
Each person counts once per reason (code and card), however many vacancies it concerned.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import sqlalchemy as sa

from recruit.extensions import db
from recruit.models import Candidate, Interview, SolveRun

# A run whose schedule the event uses (the scheduling package stores results of these).
RESULT_STATUSES = ("done", "stopped")


def _person_id(key: Any) -> int | None:
    """The candidate id of the engine's "C12" key; employers ("E3") and others are None."""
    if isinstance(key, str) and key.startswith("C") and key[1:].isdigit():
        return int(key[1:])
    return None


def _reasons_of(note: dict[str, Any]) -> set[tuple[str, str]]:
    found = set()
    for reason in note.get("reasons") or ():
        code = str(reason.get("code") or "")
        card = str((reason.get("detail") or {}).get("card") or "") if code == "missing_card" else ""
        if code:
            found.add((code, card))
    return found


def count_reasons(scope: sa.Select) -> dict[int, tuple[int, Counter[tuple[str, str]]]]:
    """Per event id: how many youth the latest schedule left out, and the youth per reason."""
    latest = (
        sa.select(sa.func.max(SolveRun.id))
        .where(
            SolveRun.event_id.in_(scope),
            SolveRun.status.in_(RESULT_STATUSES),
            SolveRun.result.is_not(None),
        )
        .group_by(SolveRun.event_id)
    )
    # Only the two lists are read out of the stored JSON, not the whole schedule.
    rows = db.session.execute(
        sa.select(
            SolveRun.event_id, SolveRun.result["unscheduled"], SolveRun.result["left_out"]
        ).where(SolveRun.id.in_(latest))
    ).all()
    people: dict[int, dict[int, set[tuple[str, str]]]] = {}
    for event_id, unscheduled, left_out in rows:
        found: dict[int, set[tuple[str, str]]] = {}
        for note in unscheduled or ():
            person = _person_id(note.get("candidate"))
            if person is not None:
                found.setdefault(person, set()).update(_reasons_of(note))
        for item in left_out or ():
            person = _person_id(item.get("id"))
            if person is not None:
                found.setdefault(person, set()).add((str(item.get("code") or ""), ""))
        people[event_id] = found
    without = _still_without_interview(scope) if people else set()
    counted: dict[int, tuple[int, Counter[tuple[str, str]]]] = {}
    for event_id, found in people.items():
        reasons: Counter[tuple[str, str]] = Counter()
        still_out = [p for p in found if p in without]
        for person in still_out:
            reasons.update(found[person])
        counted[event_id] = (len(still_out), reasons)
    return counted


def _still_without_interview(scope: sa.Select) -> set[int]:
    """Signed-up young people of these events who have no live interview now (one query,
    as large as the group the report is about, however many ids the stored runs name)."""
    live = sa.select(Interview.id).where(
        Interview.candidate_id == Candidate.id, Interview.cancelled_at.is_(None)
    )
    return set(db.session.scalars(
        sa.select(Candidate.id).where(
            Candidate.event_id.in_(scope), Candidate.status == "active", ~live.exists()
        )
    ))
