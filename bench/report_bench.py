"""Benchmark: the funders' report over a year of events (40 events × 1,200 youth each).

    .venv/bin/python bench/report_bench.py [--events 40] [--employers 40] [--youth 1200]
                                           [--rounds 5] [--database-url URL]

One database (a temporary SQLite file unless --database-url names a PostgreSQL server, on
which a private database is created and dropped) is filled with generated events
(`tests/reports/bulk.py`: every event has employers, vacancies, young people of every age
and language, one to three interviews for most with every outcome, a finished solve run
whose stored result leaves the rest out with reasons, and the impact follow-up asked of those
who agreed to it and of the employers, about half of them answered, so that the report's
follow-up sections are computed and drawn). A logged-in staff client then asks
for each page or file `--rounds` times. Server time is what the app itself logs for the
request (from before_request to after_request, as in production: queries, figures, charts,
template); the median of the rounds is shown, with the SQL statements of one request and the
ratio to the baseline, the report of one event, measured in the same run. The goal is the
40-event report page in under 1 s.
"""

from __future__ import annotations

import argparse
import logging
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import sqlalchemy as sa  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

# The measuring loop, shared with the check-in and board benchmarks (the board benchmark
# imports these names from here).
from bench.measure import ServerTimes, measure, private_database  # noqa: E402
from recruit import create_app  # noqa: E402
from recruit.extensions import db  # noqa: E402
from recruit.models import Event, FollowUpAnswer, FollowUpRequest, Interview, StaffUser  # noqa: E402
from recruit.models.user import ROLE_ADMIN  # noqa: E402
from tests.reports.bulk import add_events  # noqa: E402

GOAL_SECONDS = 1.0
PASSWORD = "bench password for reports"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=40)
    parser.add_argument("--employers", type=int, default=40)
    parser.add_argument("--youth", type=int, default=1200)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL"))
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="report-bench-") as workdir:
        url, drop = private_database(args.database_url, Path(workdir))
        app = create_app({
            "TESTING": True, "SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI": url,
            "LOG_JSON": False, "LOG_LEVEL": "INFO", "REDIS_URL": None,
            "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False,
            "RATELIMIT_STORAGE_URI": "memory://", "ARGON2_PROFILE": "cheapest",
        })
        times = ServerTimes()
        request_log = logging.getLogger("recruit.request")
        request_log.addHandler(times)
        request_log.propagate = False
        try:
            with app.app_context():
                db.create_all()
                started = time.perf_counter()
                ids = add_events(args.events, args.employers, args.youth, seed=1)
                filled = time.perf_counter() - started
                # An admin: a coordinator sees only the events assigned to them.
                user = StaffUser(email="bench@example.org", name="Bench", role=ROLE_ADMIN)
                user.set_password(PASSWORD)
                db.session.add(user)
                db.session.commit()
                dates = sorted(db.session.scalars(sa.select(Event.date)))
                interviews = db.session.scalar(sa.select(sa.func.count(Interview.id)))
                asked = db.session.scalar(sa.select(sa.func.count(FollowUpRequest.id)))
                answers = db.session.scalar(sa.select(sa.func.count(FollowUpAnswer.id)))
                db.engine.dispose()
            client = app.test_client()
            client.post("/auth/login", data={"email": "bench@example.org",
                                             "password": PASSWORD})
            first, tenth, last = dates[0], dates[min(9, len(dates) - 1)], dates[-1]
            event_path = f"/staff/reports/events/{ids[0]}"
            scenarios = [
                ("1 event: report page (baseline)", event_path),
                ("1 event: XLSX", f"{event_path}/report.xlsx"),
                ("1 event: per-interview outcome page", f"/staff/reports/events/{ids[0]}/outcomes"),
                (f"{min(10, len(dates))} events: report page",
                 f"/staff/reports/?start={first}&end={tenth}"),
                (f"{len(dates)} events: report page", f"/staff/reports/?start={first}&end={last}"),
                (f"{len(dates)} events: XLSX",
                 f"/staff/reports/range.xlsx?start={first}&end={last}"),
                (f"{len(dates)} events: CSV",
                 f"/staff/reports/range.csv?start={first}&end={last}"),
            ]
            results = [(name, *measure(client, app, path, args.rounds, times))
                       for name, path in scenarios]
        finally:
            if drop is not None:
                with app.app_context():
                    db.engine.dispose()
                drop()

    engine = make_url(url).get_backend_name()
    print(f"report benchmark: {args.events} events × {args.employers} employers × "
          f"{args.youth} youth ({interviews} interviews, {asked} asked the follow-up, "
          f"{answers} answers), database {engine}, Python "
          f"{platform.python_version()}, {os.cpu_count()} cores; data written in {filled:.1f} s; "
          f"median of {args.rounds} rounds")
    print()
    baseline = results[0][1]
    print(f"| {'request':<40} | {'server time':>11} | {'SQL statements':>14} | "
          f"{'ratio':>6} | {'size':>9} |")
    print(f"|{'-' * 42}|{'-' * 12}:|{'-' * 15}:|{'-' * 7}:|{'-' * 10}:|")
    for name, seconds, statements, size in results:
        print(f"| {name:<40} | {seconds * 1000:>8.0f} ms | {statements:>14} | "
              f"{seconds / baseline:>5.1f}× | {size / 1024:>6.0f} kB |")
    year = next(seconds for name, seconds, *_ in results if name.endswith("events: report page")
                and name.startswith(str(len(dates))))
    verdict = "PASS" if year < GOAL_SECONDS else "MISS"
    print(f"\n{verdict}: the {len(dates)}-event report page in {year:.2f} s "
          f"(goal < {GOAL_SECONDS:.0f} s)")


if __name__ == "__main__":
    main()
