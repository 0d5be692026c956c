"""Benchmark: one young person's booking page at a fair, in one process.

    .venv/bin/python bench/booking_profile.py [--database FILE] [--employers 40]
                                              [--youth 1200] [--rounds 10] [--profile N]

Builds the published fair of `bench/fair.py` in a SQLite file (kept, so that a second run,
e.g. on other code, measures the same data: pass the same `--database`), picks the first
scheduled person who still has free times, and asks a Flask test client for her booking page
and for the times page of the employer with most free times. Prints the median CPU time of
the process per request over `--rounds` (other load on the machine inflates it little), the
SQL statements of one request and the HTML size; `--profile N` adds cProfile's top N entries
(cumulative and own time) of `--rounds` requests of each page.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import sqlalchemy as sa  # noqa: E402

from recruit import create_app  # noqa: E402
from recruit.booking.free_slots import free_slots  # noqa: E402
from recruit.core import links  # noqa: E402
from recruit.extensions import db  # noqa: E402
from recruit.models import Candidate, Event, Interview  # noqa: E402


def _fair(employers: int, youth: int) -> Event:
    from bench.fair import published_fair

    db.create_all()
    event = db.session.scalar(sa.select(Event).order_by(Event.id.desc()))
    if event is not None:
        return event
    return published_fair(employers, youth, time_limit=15)


def _person(event: Event) -> tuple[Candidate, dict[int, int]]:
    people = db.session.scalars(
        sa.select(Candidate).where(Candidate.event_id == event.id,
                                   Candidate.id.in_(sa.select(Interview.candidate_id)))
        .order_by(Candidate.id))
    for person in people:
        slots = free_slots(person)
        if slots:
            times: dict[int, set[int]] = {}
            for slot in slots:
                times.setdefault(slot.employer_id, set()).add(slot.start_minute)
            return person, {e: len(t) for e, t in times.items()}
    raise SystemExit("nobody has a free time at this fair")


def cpu_ms(client: Any, path: str, rounds: int) -> float:
    spent = []
    for _ in range(rounds):
        started = time.process_time()
        response = client.get(path)
        spent.append(time.process_time() - started)
        assert response.status_code == 200, (path, response.status_code)
    return statistics.median(spent) * 1000


def statements(client: Any, path: str) -> int:
    sent: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        sent.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", record)
    try:
        client.get(path)
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", record)
    return len(sent)


def profile(client: Any, path: str, rounds: int, top: int) -> str:
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(rounds):
        client.get(path)
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).strip_dirs()
    stats.sort_stats("cumulative").print_stats(top)
    stats.sort_stats("tottime").print_stats(top)
    return out.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default="instance/booking-profile.sqlite3")
    parser.add_argument("--employers", type=int, default=40)
    parser.add_argument("--youth", type=int, default=1200)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--profile", type=int, default=0, help="top N cProfile entries")
    args = parser.parse_args()
    app = create_app({
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{Path(args.database).resolve()}",
        "SECRET_KEY": "bench", "REDIS_URL": None, "RATELIMIT_ENABLED": False,
        "RATELIMIT_STORAGE_URI": "memory://", "MAIL_DELIVER_ON_COMMIT": False,
        "LOG_LEVEL": "WARNING",
    })
    with app.app_context():
        event = _fair(args.employers, args.youth)
        person, times = _person(event)
        _link, token = links.issue(person, "booking")
        db.session.commit()
        busiest = max(times, key=lambda employer_id: (times[employer_id], -employer_id))
        pages = {"booking page": f"/youth/b/{token}"}
        if "youth.booking_times" in app.view_functions:
            pages["booking times"] = f"/youth/b/{token}/times/{busiest}"
        client = app.test_client()
        print(f"{args.employers} employers x {args.youth} youth; person {person.id}: "
              f"{sum(times.values())} free times at {len(times)} employers; "
              f"load average {os.getloadavg()[0]:.1f}")
        print()
        print("| page | CPU ms (median) | statements | size kB |")
        print("|---|---:|---:|---:|")
        for name, path in pages.items():
            size = len(client.get(path).data)  # also warms the per-process caches
            print(f"| {name} | {cpu_ms(client, path, args.rounds):.1f} | "
                  f"{statements(client, path)} | {size / 1024:.0f} |")
        print(f"| /healthz | {cpu_ms(client, '/healthz', args.rounds):.1f} | "
              f"{statements(client, '/healthz')} | 0 |")
        if args.profile:
            for name, path in pages.items():
                print(f"\n## {name}\n")
                print(profile(client, path, args.rounds, args.profile))


if __name__ == "__main__":
    main()
