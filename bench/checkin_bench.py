"""Benchmark: the event day's pages at 40 employers × 1,200 youth.

    .venv/bin/python bench/checkin_bench.py [--employers 40] [--youth 1200] [--rounds 5]
                                            [--database-url URL]

One event taking place today is generated with `tests/reports/bulk.py` (one to three
interviews for most of the young people) and its interviews are published. A logged-in staff
client and an employer's private link then ask for each page `--rounds` times. Server time is
what the app logs for the request (before_request to after_request); the median is shown with
the SQL statements of one request and the ratio to `/healthz` measured in the same run. The
statement counts show that no page runs a query per row: the full list and one employer's
list cost the same number of statements.
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import os
import platform
import random
import sys
import tempfile
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import sqlalchemy as sa  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from bench.measure import ServerTimes, measure, private_database  # noqa: E402
from recruit import create_app  # noqa: E402
from recruit.core import links  # noqa: E402
from recruit.extensions import db  # noqa: E402
from recruit.models import Employer, Interview, ScheduleVersion, StaffUser  # noqa: E402
from recruit.models.user import ROLE_ADMIN  # noqa: E402
from recruit.scheduling.publishing import record_entries  # noqa: E402
from recruit.scheduling.queries import snapshot_entry  # noqa: E402
from tests.reports.bulk import add_event  # noqa: E402

PASSWORD = "bench password for check-in"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--employers", type=int, default=40)
    parser.add_argument("--youth", type=int, default=1200)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL"))
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="checkin-bench-") as workdir:
        url, drop = private_database(args.database_url, Path(workdir))
        app = create_app({
            "TESTING": True, "SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI": url,
            "LOG_JSON": False, "LOG_LEVEL": "INFO", "REDIS_URL": None,
            "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False,
            "RATELIMIT_STORAGE_URI": "memory://", "ARGON2_PROFILE": "cheapest",
            "MAIL_SUPPRESS_SEND": True,
        })
        times = ServerTimes()
        request_log = logging.getLogger("recruit.request")
        request_log.addHandler(times)
        request_log.propagate = False
        today = dt.datetime.now(ZoneInfo("Europe/Helsinki")).date()
        try:
            with app.app_context():
                db.create_all()
                event_id = add_event(random.Random(1), today, args.employers, args.youth,
                                     follow_up=False)
                db.session.execute(sa.update(Interview).values(attended=None, outcome=None))
                rows = db.session.scalars(sa.select(Interview).where(
                    Interview.event_id == event_id, Interview.cancelled_at.is_(None))).all()
                version = ScheduleVersion(event_id=event_id, number=1, snapshot={
                    "interviews": [snapshot_entry(row) for row in rows]})
                db.session.add(version)
                db.session.flush()
                record_entries(version, version.snapshot["interviews"])
                employer = db.session.scalars(sa.select(Employer).where(
                    Employer.event_id == event_id).order_by(Employer.id).limit(1)).one()
                mine = [row for row in rows if row.employer_id == employer.id]
                _link, token = links.issue(employer, "employer")
                # An admin: a coordinator sees only the events assigned to them.
                user = StaffUser(email="bench@example.org", name="Bench", role=ROLE_ADMIN)
                user.set_password(PASSWORD)
                db.session.add(user)
                db.session.commit()
                employer_id, interviews, marked = employer.id, len(rows), mine[0].id
                roster = len(mine)
                db.engine.dispose()
            client = app.test_client()
            client.post("/auth/login", data={"email": "bench@example.org",
                                             "password": PASSWORD})
            base = f"/staff/events/{event_id}/check-in"
            scenarios = [
                ("/healthz (baseline)", "GET", "/healthz", {}),
                (f"check-in list, all {interviews} interviews", "GET", base, {}),
                (f"check-in list, one employer ({roster})", "GET",
                 f"{base}?employer={employer_id}", {}),
                ("check-in list, name search", "GET", f"{base}?q=virtanen", {}),
                ("one mark (JavaScript, JSON answer)", "POST", f"{base}/{marked}",
                 {"data": {"arrival": "arrived"}, "headers": {"Accept": "application/json"}}),
                (f"door list, all {interviews} interviews", "GET", f"{base}/door-list", {}),
                (f"employer's arrivals poll ({roster})", "GET",
                 f"/employers/link/{token}/arrivals", {}),
            ]
            results = [(name, *measure(client, app, path, args.rounds, times, method=method,
                                       **kw))
                       for name, method, path, kw in scenarios]
        finally:
            if drop is not None:
                with app.app_context():
                    db.engine.dispose()
                drop()

    engine = make_url(url).get_backend_name()
    print(f"check-in benchmark: {args.employers} employers × {args.youth} youth "
          f"({interviews} published interviews), database {engine}, Python "
          f"{platform.python_version()}, {os.cpu_count()} cores; median of {args.rounds} rounds")
    print()
    baseline = results[0][1]
    print(f"| {'request':<42} | {'server time':>11} | {'SQL statements':>14} | "
          f"{'ratio':>7} | {'size':>9} |")
    print(f"|{'-' * 44}|{'-' * 12}:|{'-' * 15}:|{'-' * 8}:|{'-' * 10}:|")
    for name, seconds, statements, size in results:
        print(f"| {name:<42} | {seconds * 1000:>8.1f} ms | {statements:>14} | "
              f"{seconds / baseline:>6.1f}× | {size / 1024:>6.0f} kB |")


if __name__ == "__main__":
    main()
