"""Benchmark: publishing a 40 employers × 1,200 youth schedule from the staff page.

    .venv/bin/python bench/publish_bench.py [--employers 40] [--youth 1200]
                                            [--database-url URL] [--redis-url URL]

One database (a temporary SQLite file unless --database-url names a PostgreSQL server, on
which a private database is created and dropped) gets the demo event (`flask demo`), built
by the engine (it stops once tiers 1-4 are proven). Measured in one run:

* before: `publish_schedule` as the request used to run it (version and every message in one
  transaction), timed to its flush and rolled back;
* the preview (the first press of "Publish": counts what will be sent);
* the confirming request, which records the version and queues the job;
* the job: from the request's start until every message is in the outbox.

Without --redis-url the job runs in a thread of this process (as without REDIS_URL); with it,
an `rq worker` started here runs it. Goal: request < 2 s, every message queued within 60 s.
With --profile the confirming request runs under cProfile (this thread only, not the job's)
and the functions with the most time in all are printed after the table.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import platform
import pstats
import secrets
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import sqlalchemy as sa  # noqa: E402
from report_bench import private_database  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from recruit import create_app  # noqa: E402
from recruit.events.demo import create_demo_event  # noqa: E402
from recruit.extensions import db  # noqa: E402
from recruit.models import Event, Interview, OutboxMessage, PublishRun, StaffUser  # noqa: E402
from recruit.scheduling import solving  # noqa: E402
from recruit.scheduling.publishing import publish_schedule  # noqa: E402

PASSWORD = "bench password for publishing"
GOAL_REQUEST_SECONDS = 2.0
GOAL_QUEUED_SECONDS = 60.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--employers", type=int, default=40)
    parser.add_argument("--youth", type=int, default=1200)
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL"))
    parser.add_argument("--redis-url", default=None)
    parser.add_argument("--profile", action="store_true",
                        help="profile the confirming request (cProfile)")
    args = parser.parse_args()
    profiler = cProfile.Profile() if args.profile else None

    with tempfile.TemporaryDirectory(prefix="publish-bench-") as workdir:
        url, drop = private_database(args.database_url, Path(workdir))
        queue = f"publish-bench-{secrets.token_hex(4)}"
        app = create_app({
            "TESTING": True, "SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI": url,
            "LOG_JSON": False, "LOG_LEVEL": "WARNING", "REDIS_URL": args.redis_url,
            "RQ_QUEUE": queue, "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False,
            "RATELIMIT_STORAGE_URI": "memory://", "ARGON2_PROFILE": "cheapest",
            "MAIL_SUPPRESS_SEND": True, "MAIL_DELIVER_ON_COMMIT": False,
        })
        worker = None
        try:
            with app.app_context():
                db.create_all()
                event = create_demo_event(args.employers, args.youth)
                db.session.commit()
                event_id = event.id
                build = solving.queue_run(event, None, time_limit=60)
                solving.run_solve(build.id)
                interviews = db.session.scalar(sa.select(sa.func.count(Interview.id)).where(
                    Interview.event_id == event_id))
                # An admin: a coordinator sees only the events assigned to them.
                user = StaffUser(email="bench@example.org", name="Bench", role="admin")
                user.set_password(PASSWORD)
                db.session.add(user)
                db.session.commit()

                started = time.perf_counter()
                publish_schedule(db.session.get_one(Event, event_id), None)
                db.session.flush()
                before_messages = db.session.scalar(
                    sa.select(sa.func.count(OutboxMessage.id)))
                before = time.perf_counter() - started
                db.session.rollback()
                db.engine.dispose()
            if args.redis_url:
                sqlalchemy_url = make_url(url).render_as_string(hide_password=False)
                worker = subprocess.Popen(
                    [str(Path(sys.executable).with_name("rq")), "worker", "--url",
                     args.redis_url, queue],
                    env={**os.environ, "DATABASE_URL": sqlalchemy_url,
                         "REDIS_URL": args.redis_url, "RQ_QUEUE": queue, "LOG_JSON": "false"},
                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                time.sleep(3)  # the worker is up before the clock starts
            client = app.test_client()
            client.post("/auth/login", data={"email": "bench@example.org",
                                             "password": PASSWORD})
            path = f"/staff/events/{event_id}/schedule/publish"
            started = time.perf_counter()
            preview = client.post(path)
            preview_seconds = time.perf_counter() - started
            assert preview.status_code == 200, preview.status_code

            started = time.perf_counter()
            if profiler is not None:
                profiler.enable()
            response = client.post(path, data={"confirm_messages": "1"})
            if profiler is not None:
                profiler.disable()
            request_seconds = time.perf_counter() - started
            assert response.status_code == 302, response.status_code
            run_id = int(response.headers["Location"].rsplit("/", 1)[1])
            with app.app_context():
                while True:
                    db.session.rollback()
                    run = db.session.get_one(PublishRun, run_id, populate_existing=True)
                    if run.status not in ("queued", "running"):
                        break
                    time.sleep(0.1)
                queued_seconds = time.perf_counter() - started
                status, messages = run.status, run.messages_queued
                outbox = db.session.scalar(sa.select(sa.func.count(OutboxMessage.id)))
                db.engine.dispose()
        finally:
            if worker is not None:
                worker.terminate()
                worker.wait(timeout=30)
            if drop is not None:
                with app.app_context():
                    db.engine.dispose()
                drop()

    engine = make_url(url).get_backend_name()
    runner = "rq worker" if args.redis_url else "thread of the web process"
    print(f"publish benchmark: {args.employers} employers × {args.youth} youth, {interviews} "
          f"draft interviews, database {engine}, job in a {runner}, Python "
          f"{platform.python_version()}, {os.cpu_count()} cores, load average "
          f"{os.getloadavg()[0]:.1f}")
    print()
    print("| step | seconds | messages | goal |")
    print("|---|---:|---:|---|")
    print(f"| before: publish with every message in the request | {before:.2f} | "
          f"{before_messages} | – |")
    print(f"| preview (counts what will be sent) | {preview_seconds:.2f} | – | – |")
    print(f"| publish request (version recorded, job queued) | {request_seconds:.2f} | – | "
          f"< {GOAL_REQUEST_SECONDS:.0f} s: {'met' if request_seconds < 2 else 'NOT met'} |")
    print(f"| every message queued (from the request's start) | {queued_seconds:.2f} | "
          f"{messages} ({outbox} in the outbox, job {status}) | < {GOAL_QUEUED_SECONDS:.0f} s: "
          f"{'met' if queued_seconds < GOAL_QUEUED_SECONDS and status == 'done' else 'NOT met'} |")
    if profiler is not None:
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(30)
        print()
        print("The confirming request under cProfile (most time in all):")
        print(out.getvalue())


if __name__ == "__main__":
    main()
