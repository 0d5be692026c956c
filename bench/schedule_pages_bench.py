"""Benchmark: the staff schedule page and the board of a published fair, in one process.

    .venv/bin/python bench/schedule_pages_bench.py [--employers 40] [--candidates 1200]
        [--rounds 10] [--database-url URL] [--keep FILE] [--profile "staff board"]

Puts the published fair of `bench/fair.py` (built by the build job, published, one spare
table per employer: what `bench/load.py` serves) in a database of its own (a SQLite file,
kept in --keep for the next run if given; or a fresh database on the PostgreSQL server of
--database-url, dropped at the end), logs a staff member in with Flask's test client and
asks for each page `--rounds` times after one warm-up request. It prints the median CPU time
of the process per request (other processes' load hardly inflates it), the median server
time the app logs, the SQL statements of one request, the rows they return (PostgreSQL
only: psycopg's row count; SQLite does not tell) and the response size. With --profile, that
page is then run under cProfile for `--rounds` requests and the functions with the most
time of their own and the most time in all are printed (CPU time of the process).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import logging
import os
import pstats
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import sqlalchemy as sa  # noqa: E402

from bench.fair import published_fair  # noqa: E402
from bench.measure import ServerTimes, private_database  # noqa: E402
from recruit import create_app  # noqa: E402
from recruit.extensions import db  # noqa: E402
from recruit.models import Employer, Event, StaffUser  # noqa: E402

PASSWORD = "bench password for the schedule pages"
EMAIL = "schedule-bench@example.org"


def _app(url: str) -> Any:
    return create_app({
        "TESTING": True, "SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI": url,
        "LOG_JSON": False, "LOG_LEVEL": "INFO", "REDIS_URL": None,
        "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False,
        "RATELIMIT_STORAGE_URI": "memory://", "ARGON2_PROFILE": "cheapest",
        "MAIL_SUPPRESS_SEND": True, "MAIL_DELIVER_ON_COMMIT": False,
    })


def _fair(app: Any, employers: int, candidates: int, time_limit: float) -> int:
    """The event's id: the fair already in the database, or one built now."""
    with app.app_context():
        db.create_all()
        event_id = db.session.scalar(sa.select(Event.id).order_by(Event.id.desc()).limit(1))
        if event_id is None:
            event_id = published_fair(employers, candidates, time_limit=time_limit).id
        if db.session.scalar(sa.select(StaffUser).where(StaffUser.email == EMAIL)) is None:
            user = StaffUser(email=EMAIL, name="Bench", role="admin")
            user.set_password(PASSWORD)
            db.session.add(user)
            db.session.commit()
        return int(event_id)


def _pages(app: Any, event_id: int) -> list[tuple[str, str]]:
    with app.app_context():
        employer_id = db.session.scalar(
            sa.select(Employer.id).where(Employer.event_id == event_id,
                                         Employer.status == "approved").order_by(Employer.id)
        )
        start = db.session.get(Event, event_id).start_minute  # type: ignore[union-attr]
    base = f"/staff/events/{event_id}/schedule"
    return [
        ("/healthz", "/healthz"),
        ("staff schedule", base),
        ("staff schedule, one employer", f"{base}?employer={employer_id}"),
        ("staff schedule, one hour", f"{base}?hour={start // 60 + 1}"),
        ("staff board", f"{base}/board"),
        ("staff board, one employer", f"{base}/board?employer={employer_id}"),
    ]


def _measure(app: Any, client: Any, path: str, rounds: int,
             times: ServerTimes) -> tuple[float, float, int, int, int]:
    """Median CPU ms, median server ms, statements and rows of one request, size in bytes."""
    statements: list[int] = []

    def count(_conn: Any, cursor: Any, *_args: Any) -> None:
        statements.append(max(0, getattr(cursor, "rowcount", -1) or 0))

    client.get(path)  # warms the caches a process keeps (templates, catalogues)
    with app.app_context():
        sa.event.listen(db.engine, "after_cursor_execute", count)
    response = client.get(path)
    with app.app_context():
        sa.event.remove(db.engine, "after_cursor_execute", count)
    if response.status_code != 200:
        raise SystemExit(f"{path} answered {response.status_code}")
    cpu, server = [], []
    for _ in range(rounds):
        times.ms.clear()
        started = time.process_time()
        client.get(path)
        cpu.append((time.process_time() - started) * 1000)
        server.append(times.ms[-1] if times.ms else 0.0)
    return (statistics.median(cpu), statistics.median(server), len(statements),
            sum(statements), len(response.data))


def _profile(client: Any, path: str, rounds: int, top: int) -> str:
    # CPU time, not wall time: on a shared machine a wall-clock profile charges the time the
    # process waited for a core to whatever function it was in.
    profiler = cProfile.Profile(time.process_time)
    profiler.enable()
    for _ in range(rounds):
        client.get(path)
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(top)
    return out.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--employers", type=int, default=40)
    parser.add_argument("--candidates", type=int, default=1200)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--time-limit", type=float, default=10.0, help="the build's, seconds")
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL"),
                        help="a PostgreSQL server (a database is made on it and dropped)")
    parser.add_argument("--keep", help="a SQLite file to keep the fair in for the next run")
    parser.add_argument("--profile", default="", help="a page's name, as in the table")
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args()

    times = ServerTimes()
    request_log = logging.getLogger("recruit.request")
    request_log.addHandler(times)
    request_log.propagate = False
    with tempfile.TemporaryDirectory(prefix="schedule-pages-") as workdir:
        if args.keep and not args.database_url:
            url, drop = f"sqlite:///{Path(args.keep).resolve()}", None
        else:
            url, drop = private_database(args.database_url, Path(workdir), "schedule_pages")
        app = _app(url)
        try:
            made = time.perf_counter()
            event_id = _fair(app, args.employers, args.candidates, args.time_limit)
            made = time.perf_counter() - made
            client = app.test_client()
            client.post("/auth/login", data={"email": EMAIL, "password": PASSWORD})
            rows = [(name, *_measure(app, client, path, args.rounds, times))
                    for name, path in _pages(app, event_id)]
            profile = ""
            if args.profile:
                path = dict(_pages(app, event_id))[args.profile]
                profile = _profile(client, path, args.rounds, args.top)
        finally:
            if drop is not None:
                with app.app_context():
                    db.engine.dispose()
                drop()
    load = os.getloadavg()
    print(f"{args.employers} employers × {args.candidates} youth, published; database "
          f"{url.split(':', 1)[0]}; fair ready in {made:.0f} s; median of {args.rounds}; "
          f"load average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}")
    print()
    print("| page | CPU ms | server ms | statements | rows returned | size |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, cpu, server, statements, returned, size in rows:
        shown = str(returned) if url.startswith("postgresql") else "–"
        print(f"| {name} | {cpu:.1f} | {server:.1f} | {statements} | {shown} | "
              f"{size / 1024:.0f} kB |")
    if profile:
        print()
        print(f"cProfile of {args.profile}, {args.rounds} requests:")
        print(profile)


if __name__ == "__main__":
    main()
