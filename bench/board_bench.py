"""Benchmark: the staff board at 40 employers × 1,200 youth.

    .venv/bin/python bench/board_bench.py [--employers 40] [--youth 1200] [--rounds 5]
                                          [--database-url URL]

One database (a temporary SQLite file unless --database-url names a PostgreSQL server, on
which a private database is created and dropped) gets two events from the engine's generator
with a first-come-first-served draft as full as the tables allow
(`tests/scheduling/board_fill.py`): the demo's size
(8 employers × 200 youth, the baseline) and the large one, every status represented. A
logged-in staff client asks for each page `--rounds` times. Server time is what the app
itself logs for the request (before_request to after_request: queries, layout, template);
the median of the rounds is shown, with the SQL statements of one request, the HTML size and
the ratio to the baseline measured in the same run. Goals for the large board: server time
≤ 300 ms and HTML ≤ 1.5 MB, with as many SQL statements as the baseline (none per row).
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# The report benchmark's request timer and private database, shared.
sys.path.insert(0, str(ROOT / "bench"))

import logging  # noqa: E402

import sqlalchemy as sa  # noqa: E402
from report_bench import ServerTimes, measure, private_database  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from recruit import create_app  # noqa: E402
from recruit.extensions import db  # noqa: E402
from recruit.models import Interview, StaffUser  # noqa: E402
from tests.scheduling.board_fill import demo_with_draft, vary_statuses  # noqa: E402

GOAL_SECONDS = 0.3
GOAL_BYTES = 1.5 * 1024 * 1024
PASSWORD = "bench password for the board"


def cpu_seconds(client: Any, path: str, rounds: int) -> float:
    """Median CPU time of the process for one request (load on other cores aside)."""
    spent = []
    for _ in range(rounds):
        started = time.process_time()
        client.get(path)
        spent.append(time.process_time() - started)
    return statistics.median(spent)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--employers", type=int, default=40)
    parser.add_argument("--youth", type=int, default=1200)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL"))
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="board-bench-") as workdir:
        url, drop = private_database(args.database_url, Path(workdir))
        app = create_app({
            "TESTING": True, "SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI": url,
            "LOG_JSON": False, "LOG_LEVEL": "INFO", "REDIS_URL": None,
            "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False,
            "RATELIMIT_STORAGE_URI": "memory://", "ARGON2_PROFILE": "cheapest",
            "MAIL_SUPPRESS_SEND": True, "MAIL_DELIVER_ON_COMMIT": False,
        })
        times = ServerTimes()
        request_log = logging.getLogger("recruit.request")
        request_log.addHandler(times)
        request_log.propagate = False
        try:
            with app.app_context():
                db.create_all()
                started = time.perf_counter()
                small = demo_with_draft(8, 200, seed=2027, fill=True)
                vary_statuses(small)
                large = demo_with_draft(args.employers, args.youth, seed=2028, fill=True)
                vary_statuses(large)
                filled = time.perf_counter() - started
                small_id, large_id = small.id, large.id
                interviews = db.session.scalar(sa.select(sa.func.count(Interview.id)).where(
                    Interview.event_id == large_id, Interview.cancelled_at.is_(None)))
                some = db.session.scalars(sa.select(Interview).where(
                    Interview.event_id == large_id, Interview.cancelled_at.is_(None))
                    .order_by(Interview.id).limit(1)).one()
                interview_id, candidate_id, employer_id = (
                    some.id, some.candidate_id, some.employer_id)
                # An admin: a coordinator sees only the events assigned to them.
                user = StaffUser(email="bench@example.org", name="Bench", role="admin")
                user.set_password(PASSWORD)
                db.session.add(user)
                db.session.commit()
                db.engine.dispose()
            client = app.test_client()
            client.post("/auth/login", data={"email": "bench@example.org",
                                             "password": PASSWORD})
            board = f"/staff/events/{large_id}/schedule/board"
            scenarios = [
                ("8 × 200: board (baseline)", f"/staff/events/{small_id}/schedule/board"),
                (f"{args.employers} × {args.youth}: board", board),
                (f"{args.employers} × {args.youth}: board, one employer",
                 f"{board}?employer={employer_id}"),
                (f"{args.employers} × {args.youth}: board, locked only", f"{board}?status=locked"),
                (f"{args.employers} × {args.youth}: board + person's day",
                 f"{board}?person={candidate_id}"),
                (f"{args.employers} × {args.youth}: cells to move to (JSON)",
                 f"/staff/events/{large_id}/schedule/interviews/{interview_id}/targets"),
                (f"{args.employers} × {args.youth}: move list page",
                 f"/staff/events/{large_id}/schedule/interviews/{interview_id}/place"),
            ]
            results = []
            for name, path in scenarios:
                seconds, statements, size = measure(client, app, path, args.rounds, times)
                results.append((name, seconds, cpu_seconds(client, path, args.rounds),
                                statements, size))
        finally:
            if drop is not None:
                with app.app_context():
                    db.engine.dispose()
                drop()

    engine = make_url(url).get_backend_name()
    print(f"board benchmark: {args.employers} employers × {args.youth} youth "
          f"({interviews} live interviews), database {engine}, Python "
          f"{platform.python_version()}, {os.cpu_count()} cores; data written in {filled:.1f} s; "
          f"median of {args.rounds} rounds")
    print()
    load = os.getloadavg()[0]
    print(f"Load average during the run: {load:.1f} on {os.cpu_count()} cores; CPU time is the "
          f"process's own (the test client's share included), which another's load does not "
          f"inflate.")
    print()
    baseline = results[0][1]
    print(f"| {'request':<42} | {'server time':>11} | {'CPU time':>9} | {'SQL statements':>14} | "
          f"{'ratio':>6} | {'size':>9} |")
    print(f"|{'-' * 44}|{'-' * 12}:|{'-' * 10}:|{'-' * 15}:|{'-' * 7}:|{'-' * 10}:|")
    for name, seconds, cpu, statements, size in results:
        print(f"| {name:<42} | {seconds * 1000:>8.0f} ms | {cpu * 1000:>6.0f} ms | "
              f"{statements:>14} | {seconds / baseline:>5.1f}× | {size / 1024:>6.0f} kB |")
    _name, seconds, _cpu, statements, size = results[1]
    same_queries = statements == results[0][3]
    verdict = ("PASS" if seconds <= GOAL_SECONDS and size <= GOAL_BYTES and same_queries
               else "MISS")
    print(f"\n{verdict}: the {args.employers} × {args.youth} board in {seconds * 1000:.0f} ms "
          f"(goal ≤ {GOAL_SECONDS * 1000:.0f} ms), {size / 1024 / 1024:.2f} MB "
          f"(goal ≤ {GOAL_BYTES / 1024 / 1024:.1f} MB), {statements} SQL statements "
          f"({'the same as' if same_queries else 'not the same as'} the baseline's)")


if __name__ == "__main__":
    main()
