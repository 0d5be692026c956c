"""Benchmark: 1,000 sign-ups through the JSON API over HTTP, and the API's list page.

    .venv/bin/python bench/api_bench.py [--signups 1000] [--clients 8] [--database-url URL]

The app is served by werkzeug's threaded server on loopback (a temporary SQLite file unless
--database-url names a database); `--clients` threads post sign-ups concurrently with their
own connections, as another system would. Measured in the same run, as the baseline:
`/healthz` (one `SELECT 1`) under the same concurrency. Then a page of 100 young people of the
event at 1,200 sign-ups, against `/healthz` again. The goal: 1,000 sign-ups in at most 60 s
with 0 errors.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import statistics
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from werkzeug.serving import make_server

from recruit import create_app
from recruit.api import tokens
from recruit.extensions import db
from recruit.models import Employer, EmployerWindow, Event, Vacancy, seed_cards


def _request(url: str, token: str, body: Any = None) -> tuple[int, float]:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method="POST" if data else "GET", headers={
        "Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    return status, time.perf_counter() - started


def _run(count: int, clients: int, call: Callable[[int], tuple[int, float]]
         ) -> dict[str, float]:
    started = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        results = list(pool.map(call, range(count)))
    elapsed = time.perf_counter() - started
    times = sorted(seconds for _status, seconds in results)
    return {"n": count, "seconds": elapsed, "per_s": count / elapsed,
            "errors": sum(1 for status, _ in results if status >= 400),
            "p50_ms": statistics.median(times) * 1000,
            "p95_ms": times[int(len(times) * 0.95) - 1] * 1000}


def _setup(url: str) -> tuple[Any, int, str]:
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "LOG_JSON": False,
                      "RATELIMIT_ENABLED": False, "MAIL_SUPPRESS_SEND": True})
    app.logger.disabled = True
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    logging.getLogger("recruit").setLevel(logging.ERROR)
    with app.app_context():
        db.create_all()
        seed_cards()
        event = Event(name="Työnantajatreffit", date=dt.date(2027, 3, 12), start_minute=540,
                      end_minute=780, max_ranked_interests=3)
        employer = Employer(event=event, company_name="Kahvila Oy", business_id="1572860-0",
                            contact_name="Maija", email="maija@example.fi", status="approved")
        employer.windows = [EmployerWindow(kind="available", start_minute=540, end_minute=780)]
        employer.vacancies = [Vacancy(title="Barista")]
        db.session.add(event)
        db.session.commit()
        _row, token = tokens.create_token("bench", "write", None)
        db.session.commit()
        return app, event.id, token


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--signups", type=int, default=1000)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="api-bench-")
    app, event_id, token = _setup(args.database_url or f"sqlite:///{folder}/bench.sqlite3")
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"

    def signup(number: int) -> tuple[int, float]:
        return _request(f"{base}/api/v1/events/{event_id}/candidates", token, {
            "first_name": "Nuori", "last_name": f"Henkilö {number}",
            "email": f"nuori{number}@example.fi", "birth_year": 2005, "languages": ["fi"],
            "open_to_other": True})

    def health(_number: int) -> tuple[int, float]:
        return _request(f"{base}/healthz", token)

    def page(number: int) -> tuple[int, float]:
        return _request(f"{base}/api/v1/events/{event_id}/candidates?page_size=100"
                        f"&page={1 + number % 12}", token)

    rows = [("healthz (baseline)", _run(args.signups, args.clients, health)),
            ("POST sign-up", _run(args.signups, args.clients, signup))]
    more = 1200 - args.signups
    if more > 0:
        _run(more, args.clients, lambda n: signup(args.signups + n))
    rows += [("healthz (baseline)", _run(300, args.clients, health)),
             ("GET 100 sign-ups of 1,200", _run(300, args.clients, page))]
    server.shutdown()
    print(f"{'route':<28}{'n':>6}{'s':>8}{'req/s':>9}{'ratio':>7}{'p50 ms':>8}"
          f"{'p95 ms':>8}{'errors':>7}")
    baseline = rows[0][1]["per_s"]
    for name, row in rows:
        if name.startswith("healthz"):
            baseline = row["per_s"]
        print(f"{name:<28}{row['n']:>6}{row['seconds']:>8.1f}{row['per_s']:>9.1f}"
              f"{row['per_s'] / baseline:>7.2f}{row['p50_ms']:>8.1f}{row['p95_ms']:>8.1f}"
              f"{row['errors']:>7}")


if __name__ == "__main__":
    main()
