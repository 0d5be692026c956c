"""A published fair for the load benchmark and the query-count tests.

`published_fair(employers, candidates)` makes the demo event from the engine's generator
(`flask demo`'s people), builds its schedule with the build job (`run_solve`, run here in
the caller's process: the draft, the run's result and summary, the kept explanation) and
publishes it, as staff would with "Build schedule" and "Publish". The caller has an app
context and gets the committed event back.

The engine fills the employers' limits, so the published fair has no free time left to book.
With `spare_capacity` every employer then opens one more table and takes ten more young
people, as happens when employers bring a colleague on the day: the booking pages have free
times to offer and the self-booking benchmark has slots to race for.
"""

from __future__ import annotations

import sqlalchemy as sa

from recruit.events.demo import create_demo_event
from recruit.extensions import db
from recruit.models import Employer, Event, SolveRun
from recruit.scheduling.publishing import publish_schedule
from recruit.scheduling.solving import run_solve


def published_fair(
    employers: int, candidates: int, *, time_limit: float = 10.0, seed: int = 2027,
    spare_capacity: bool = True,
) -> Event:
    event = create_demo_event(employers=employers, candidates=candidates, seed=seed)
    db.session.commit()
    run = SolveRun(event_id=event.id, time_limit=max(1, round(time_limit)), seed=seed)
    db.session.add(run)
    db.session.commit()
    run_solve(run.id)
    finished = db.session.get(SolveRun, run.id)
    if finished is None or finished.status not in ("done", "stopped"):
        raise RuntimeError(f"the fair's build did not finish: {finished and finished.error}")
    publish_schedule(event, None)
    db.session.commit()
    if spare_capacity:
        db.session.execute(
            sa.update(Employer)
            .where(Employer.event_id == event.id)
            .values(tables=Employer.tables + 1, max_candidates=Employer.max_candidates + 10)
        )
        db.session.commit()
    return event
