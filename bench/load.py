"""Load benchmark: the pages everyone opens after a publish, served as in production.

    .venv/bin/python bench/load.py                     # L: 40 employers x 1,200 youth
    .venv/bin/python bench/load.py --employers 8 --candidates 200 --seconds 5
    .venv/bin/python bench/load.py --smoke             # seconds, to check the bench works

It makes a database of its own (PostgreSQL by default, created and dropped on the server of
--database-url; a SQLite file with --database-url sqlite), puts a published fair in it
(`bench/fair.py`), starts gunicorn with the project's config/gunicorn.conf.py (4 workers x 2
threads unless GUNICORN_WORKERS/THREADS say otherwise) and Redis, and drives it from a load
generator in a second process over loopback: a small asyncio HTTP/1.1 client with keep-alive,
bounded in seconds and in requests. It prints one table:

* closed loop: each of N connections sends its next request when the answer arrives, for
  `/healthz`, the booking page, one employer's times page of it, the employer link, the
  sign-up forms and the staff schedule page, at 16 and 64 connections; throughput as a
  ratio to `/healthz` in the same run; beside them the JSON API's lists (sign-ups and
  employers a page at a time, the schedule draft) and its sign-up write, with a token as
  another system would call them;
* the API's bulk case: a fixed number of sign-ups (1,000) posted at 16 connections, timed to
  the last answer;
* open loop: requests arrive at a fixed rate whatever the answers do (latency counted from
  the moment each was due, so a slow server cannot hide its queue);
* contention: 100 young people, each in their own session, press "book" on the same free
  time at once, for several rounds: winners (exactly one expected), "taken" answers, errors
  and the time until the last answer.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import multiprocessing
import os
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_DATABASE = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
DEFAULT_REDIS = "redis://127.0.0.1:6379/3"
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
STAFF_EMAIL, STAFF_PASSWORD = "bench@example.org", "bench-password-123"


# --- the HTTP client ---------------------------------------------------------------------------


class Connection:
    """One keep-alive HTTP/1.1 connection with its own cookies (one visitor's session)."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def request(
        self, method: str, path: str, form: dict[str, str] | None = None,
        json_body: Any = None, headers: dict[str, str] | None = None,
    ) -> tuple[int, str]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
        assert self.reader is not None
        body = b""
        if form is not None:
            body = urlencode(form).encode()
        elif json_body is not None:
            body = json.dumps(json_body).encode()
        head = [f"{method} {path} HTTP/1.1", f"Host: 127.0.0.1:{self.port}",
                "Connection: keep-alive", f"Content-Length: {len(body)}"]
        if form is not None:
            head.append("Content-Type: application/x-www-form-urlencoded")
        elif json_body is not None:
            head.append("Content-Type: application/json")
        head.extend(f"{name}: {value}" for name, value in (headers or {}).items())
        if self.cookies:
            head.append("Cookie: " + "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        self.writer.write(("\r\n".join(head) + "\r\n\r\n").encode() + body)
        status_line = await self.reader.readline()
        if not status_line:
            await self.close()
            raise ConnectionError("the server closed the connection")
        status = int(status_line.split()[1])
        length, closing = 0, False
        while (line := await self.reader.readline()) not in (b"\r\n", b""):
            name, _sep, value = line.decode("latin-1").partition(":")
            name, value = name.strip().lower(), value.strip()
            if name == "content-length":
                length = int(value)
            elif name == "set-cookie":
                key, _eq, rest = value.partition("=")
                self.cookies[key] = rest.split(";", 1)[0]
            elif name == "connection" and value.lower() == "close":
                closing = True
        text = (await self.reader.readexactly(length)).decode("utf-8", "replace")
        if closing:
            await self.close()
        return status, text

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            self.writer = None


# --- what is measured -------------------------------------------------------------------------


@dataclass
class Route:
    """GET pages by default; an API route adds its token, and a write route its JSON body
    (made per request, so that each sign-up is a new person) and the status it expects."""

    name: str
    paths: list[str]
    cookies: dict[str, str] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)
    method: str = "GET"
    body: Callable[[], Any] | None = None
    expect: int = 200

    def path(self, i: int) -> str:
        return self.paths[i % len(self.paths)]

    async def send(self, conn: Connection, i: int) -> bool:
        status, _text = await conn.request(
            self.method, self.path(i), json_body=self.body() if self.body else None,
            headers=self.headers)
        return status == self.expect


@dataclass
class Result:
    scenario: str
    route: str
    load: str
    seconds: float
    latencies: list[float]
    errors: int

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    def percentile(self, p: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))] * 1000


async def _timed(conn: Connection, route: Route, i: int) -> tuple[float, bool]:
    started = time.perf_counter()
    try:
        ok = await route.send(conn, i)
    except (OSError, ConnectionError, asyncio.IncompleteReadError):
        return time.perf_counter() - started, False
    return time.perf_counter() - started, ok


async def closed_loop(port: int, route: Route, connections: int, seconds: float,
                      max_requests: int) -> Result:
    latencies: list[float] = []
    errors = 0
    counter = iter(range(max_requests))
    deadline = time.perf_counter() + seconds

    async def visitor() -> None:
        nonlocal errors
        conn = Connection(port)
        conn.cookies.update(route.cookies)
        for i in counter:
            if time.perf_counter() > deadline:
                break
            took, ok = await _timed(conn, route, i)
            if ok:
                latencies.append(took)
            else:
                errors += 1
        await conn.close()

    started = time.perf_counter()
    await asyncio.gather(*(visitor() for _ in range(connections)))
    return Result("closed", route.name, f"{connections} conn", time.perf_counter() - started,
                  latencies, errors)


async def open_loop(port: int, route: Route, rate: float, seconds: float) -> Result:
    """Requests due every 1/rate s; a free connection takes each, new ones open as needed
    (at most 256). Latency runs from when the request was due."""
    latencies: list[float] = []
    errors = 0
    idle: list[Connection] = []
    started = time.perf_counter()
    tasks: list[asyncio.Task[None]] = []

    async def one(i: int, due: float) -> None:
        nonlocal errors
        conn = idle.pop() if idle else Connection(port)
        conn.cookies.update(route.cookies)
        try:
            ok = await route.send(conn, i)
        except (OSError, ConnectionError, asyncio.IncompleteReadError):
            ok = False
        if ok:
            latencies.append(time.perf_counter() - due)
            idle.append(conn)
        else:
            errors += 1
            await conn.close()

    for i in range(int(rate * seconds)):
        due = started + i / rate
        await asyncio.sleep(max(0.0, due - time.perf_counter()))
        if len(tasks) - len(latencies) - errors < 256:
            tasks.append(asyncio.create_task(one(i, due)))
        else:
            errors += 1  # more than 256 outstanding: the server has fallen behind
    await asyncio.gather(*tasks)
    return Result("open", route.name, f"{rate:g}/s", time.perf_counter() - started,
                  latencies, errors)


async def contention_round(port: int, tokens: Sequence[str], vacancy_id: int,
                           start_minute: int) -> dict[str, Any]:
    """Everyone opens their booking page (their own session and form token), then all press
    "book" on the same time at once."""
    visitors = [Connection(port) for _ in tokens]
    forms = []
    for conn, token in zip(visitors, tokens, strict=True):
        _status, page = await conn.request("GET", f"/youth/b/{token}")
        match = CSRF.search(page)
        forms.append({"csrf_token": match.group(1) if match else "",
                      "vacancy_id": str(vacancy_id), "start_minute": str(start_minute)})
        # The press comes on a fresh connection (the session is in the cookie): an idle
        # keep-alive connection may have been closed by the server meanwhile.
        await conn.close()
    go = asyncio.Event()

    async def press(conn: Connection, token: str, form: dict[str, str]) -> tuple[int, float]:
        await go.wait()
        started = time.perf_counter()
        try:
            status, _text = await conn.request("POST", f"/youth/b/{token}/book", form)
        except (OSError, ConnectionError, asyncio.IncompleteReadError):
            status = 0
        return status, time.perf_counter() - started

    tasks = [asyncio.create_task(press(c, t, f)) for c, t, f in zip(visitors, tokens, forms,
                                                                   strict=True)]
    await asyncio.sleep(0.05)
    go.set()
    answers = await asyncio.gather(*tasks)
    for conn in visitors:
        await conn.close()
    statuses = [status for status, _took in answers]
    times = sorted(took for _status, took in answers)
    return {"winners": statuses.count(302), "taken": statuses.count(409),
            "errors": len(statuses) - statuses.count(302) - statuses.count(409),
            "median": statistics.median(times), "last": times[-1]}


# --- the server and the event --------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _database(url: str) -> tuple[str, Any]:
    """A fresh database for this run and a function that removes it."""
    if url == "sqlite":
        folder = tempfile.mkdtemp(prefix="recruit-load-")
        return f"sqlite:///{folder}/load.sqlite3", lambda: None
    import sqlalchemy as sa
    from sqlalchemy.engine import make_url

    name = f"bench_load_{os.getpid()}_{secrets.token_hex(3)}"
    admin = sa.create_engine(make_url(url).set(database="postgres"),
                             isolation_level="AUTOCOMMIT", poolclass=sa.NullPool)
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))

    def drop() -> None:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))

    return make_url(url).set(database=name).render_as_string(hide_password=False), drop


def prepare(database_url: str, employers: int, candidates: int, rounds: int,
            crowd: int, time_limit: float) -> dict[str, Any]:
    """The published fair, a staff account, links, and a crowd with a free time per round."""
    import sqlalchemy as sa

    from bench.fair import published_fair
    from recruit import create_app
    from recruit.api import tokens
    from recruit.booking.free_slots import free_offers, free_slots
    from recruit.core import links
    from recruit.extensions import db
    from recruit.models import Candidate, Employer, Interview, StaffUser, utcnow
    from recruit.models.user import ROLE_ADMIN
    from recruit.people.employer_link import LINK_PURPOSE

    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": "bench",
                      "REDIS_URL": None, "MAIL_DELIVER_ON_COMMIT": False})
    with app.app_context():
        db.create_all()
        made = time.perf_counter()
        event = published_fair(employers, candidates, time_limit=time_limit)
        built = time.perf_counter() - made
        # An admin: a coordinator sees only the events assigned to them.
        user = StaffUser(email=STAFF_EMAIL, name="Bench", role=ROLE_ADMIN)
        user.set_password(STAFF_PASSWORD)
        db.session.add(user)
        scheduled = list(db.session.scalars(
            sa.select(Candidate).where(Candidate.event_id == event.id,
                                       Candidate.id.in_(sa.select(Interview.candidate_id)))
            .order_by(Candidate.id).limit(200)))
        booking = [links.issue(person, "booking")[1] for person in scheduled]
        # Each person's times page of the employer that offers her most free times.
        booking_times = []
        for person, token in zip(scheduled, booking, strict=True):
            offers = free_offers(person)
            if offers:
                busiest = max(offers, key=lambda offer: len(offer.times))
                booking_times.append(f"/youth/b/{token}/times/{busiest.employer_id}")
        approved = list(db.session.scalars(sa.select(Employer).where(
            Employer.event_id == event.id, Employer.status == "approved").order_by(Employer.id)))
        roster = [links.issue(e, LINK_PURPOSE)[1] for e in approved]
        crowds: list[dict[str, Any]] = []
        for round_no in range(rounds):
            people = [Candidate(event_id=event.id, first_name="Kilpa", last_name=f"Varaaja{i}",
                                email=f"race{round_no}-{i}@example.org", birth_year=2006,
                                languages=["fi", "sv", "en"], status="active",
                                email_verified_at=utcnow(), open_to_other=True,
                                signup_seq=event.allocate_signup_seq())
                      for i in range(crowd)]
            db.session.add_all(people)
            db.session.flush()
            taken = {(c["employer_id"], c["start_minute"]) for c in crowds}
            # A time with one table left, so that exactly one of the crowd can have it.
            slot = next(s for s in free_slots(people[0])
                        if (s.employer_id, s.start_minute) not in taken
                        and _tables_left(s.employer_id, s.start_minute, s.end_minute) == 1)
            crowds.append({"tokens": [links.issue(p, "booking")[1] for p in people],
                           "employer_id": slot.employer_id, "vacancy_id": slot.vacancy_id,
                           "start_minute": slot.start_minute})
        _row, api_token = tokens.create_token("bench", "write", user)
        db.session.commit()
        return {"event_id": event.id, "booking": booking, "booking_times": booking_times,
                "roster": roster, "crowds": crowds,
                "build_seconds": built, "api_token": api_token,
                "candidates": candidates, "employers": employers,
                "employer_ids": [e.id for e in approved]}


def _tables_left(employer_id: int, start: int, end: int) -> int:
    import sqlalchemy as sa

    from recruit.extensions import db
    from recruit.models import Employer, Interview

    busy = db.session.scalar(sa.select(sa.func.count()).select_from(Interview).where(
        Interview.employer_id == employer_id, Interview.cancelled_at.is_(None),
        Interview.start_minute < end, Interview.end_minute > start)) or 0
    employer = db.session.get(Employer, employer_id)
    return (employer.tables if employer else 0) - busy


def start_server(database_url: str, redis_url: str | None, port: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "DATABASE_URL": database_url, "SECRET_KEY": secrets.token_hex(16),
           "RATELIMIT_ENABLED": "false", "GUNICORN_BIND": f"127.0.0.1:{port}",
           "GUNICORN_WORKERS": os.environ.get("GUNICORN_WORKERS", "4"),
           "LOG_LEVEL": "WARNING", "MAIL_DELIVER_ON_COMMIT": "false"}
    env.pop("REDIS_URL", None)
    if redis_url:
        env["REDIS_URL"] = redis_url
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "-c", "config/gunicorn.conf.py",
         "recruit:create_app()"], cwd=ROOT, env=env, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return server
        except OSError:
            if server.poll() is not None:
                raise SystemExit("gunicorn did not start") from None
            time.sleep(0.2)
    stop_server(server)
    raise SystemExit("gunicorn did not answer within 60 s")


def stop_server(server: subprocess.Popen[bytes]) -> None:
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)


# --- the load generator (its own process) -------------------------------------------------------


async def _login(port: int) -> dict[str, str]:
    conn = Connection(port)
    _status, page = await conn.request("GET", "/auth/login")
    match = CSRF.search(page)
    await conn.request("POST", "/auth/login", {"csrf_token": match.group(1) if match else "",
                                              "email": STAFF_EMAIL, "password": STAFF_PASSWORD})
    await conn.close()
    return dict(conn.cookies)


_SIGNUPS = itertools.count(1)
_RUN = secrets.token_hex(3)


def _api_signup() -> dict[str, Any]:
    """A new young person each time (the API refuses a second sign-up of one address)."""
    number = next(_SIGNUPS)
    return {"first_name": "Rajapinta", "last_name": f"Nuori {number}",
            "email": f"api-{_RUN}-{number}@example.org", "birth_year": 2005,
            "languages": ["fi"], "open_to_other": True}


def api_routes(plan: dict[str, Any]) -> list[Route]:
    """The API's lists and its sign-up write, each beside the page it replaces."""
    event_id = plan["event_id"]
    auth = {"Authorization": f"Bearer {plan['api_token']}"}
    size = 50
    candidate_pages = max(1, plan["candidates"] // size)
    employer_pages = max(1, plan["employers"] // 20)
    return [
        Route("API sign-ups, 50 a page",
              [f"/api/v1/events/{event_id}/candidates?page_size={size}&page={1 + n}"
               for n in range(candidate_pages)], headers=auth),
        Route("API employers, 20 a page",
              [f"/api/v1/events/{event_id}/employers?page_size=20&page={1 + n}"
               for n in range(employer_pages)], headers=auth),
        Route("API schedule draft", [f"/api/v1/events/{event_id}/schedule/draft"],
              headers=auth),
        Route("API one employer's draft",
              [f"/api/v1/events/{event_id}/schedule/draft?employer={e}"
               for e in plan["employer_ids"]], headers=auth),
        Route("API sign-up POST", [f"/api/v1/events/{event_id}/candidates"], headers=auth,
              method="POST", body=_api_signup, expect=201),
    ]


async def drive(port: int, plan: dict[str, Any], options: dict[str, Any]) -> dict[str, Any]:
    staff = await _login(port)
    event_id = plan["event_id"]
    routes = [
        Route("/healthz", ["/healthz"]),
        Route("booking page", [f"/youth/b/{t}" for t in plan["booking"]]),
        # One employer's times (a fair's booking page links to them); none when nobody has any.
        *([Route("booking times", plan["booking_times"])] if plan["booking_times"] else []),
        Route("employer link", [f"/employers/link/{t}" for t in plan["roster"]]),
        Route("youth sign-up form", [f"/youth/events/{event_id}/sign-up"]),
        Route("employer sign-up form", [f"/employers/events/{event_id}/signup"]),
        Route("staff schedule", [f"/staff/events/{event_id}/schedule"], staff),
        Route("staff board", [f"/staff/events/{event_id}/schedule/board"], staff),
        *api_routes(plan),
    ]
    if options.get("routes"):
        routes = [r for r in routes if r.name == "/healthz" or r.name in options["routes"]]
    for route in routes:  # each worker's first requests load templates and catalogues
        await closed_loop(port, route, 8, 2.0, 40)
    results: list[Result] = []
    for connections in options["connections"]:
        for route in routes:
            results.append(_progress(await closed_loop(
                port, route, connections, options["seconds"], options["max_requests"])))
    by_name = {route.name: route for route in routes}
    for name, rate in options["open"]:
        if name not in by_name:
            continue  # a route left out by --routes
        results.append(_progress(await open_loop(port, by_name[name], rate,
                                                 options["seconds"])))
    signups = options["api_signups"]
    if signups and "API sign-up POST" in by_name:
        # The bulk case another system brings: a fixed number of sign-ups, timed to the last.
        results.append(_progress(await closed_loop(
            port, by_name["API sign-up POST"], 16, 600.0, signups)))
        results[-1].load = f"{signups} in {results[-1].seconds:.1f} s"
    rounds = []
    for crowd in plan["crowds"]:
        rounds.append(await contention_round(port, crowd["tokens"], crowd["vacancy_id"],
                                             crowd["start_minute"]))
        print(f"contention round: {rounds[-1]}", file=sys.stderr, flush=True)
    return {"results": results, "rounds": rounds}


def _progress(result: Result) -> Result:
    """A long run shows each figure as it is measured (the table comes at the end)."""
    print(f"measured: {result.scenario} {result.route} {result.load}: {result.rate:.1f} req/s, "
          f"p50 {result.percentile(50):.0f} ms, {result.errors} errors",
          file=sys.stderr, flush=True)
    return result


def _generator(port: int, plan: dict[str, Any], options: dict[str, Any], out: Any) -> None:
    try:
        out.put(asyncio.run(drive(port, plan, options)))
    except Exception as error:  # the parent stops the server and says why
        out.put({"error": repr(error)})


# --- the table -----------------------------------------------------------------------------


def print_table(results: list[Result], rounds: list[dict[str, Any]]) -> None:
    health = {r.load: r.rate for r in results if r.route == "/healthz"}
    print("| loop | route | load | req/s | ratio to /healthz | p50 ms | p95 ms | p99 ms | errors |")
    print("|---|---|---|---|---|---|---|---|---|")
    for r in results:
        ratio = f"{r.rate / health[r.load]:.2f}" if health.get(r.load) else "–"
        print(f"| {r.scenario} | {r.route} | {r.load} | {r.rate:.1f} | {ratio} | "
              f"{r.percentile(50):.0f} | {r.percentile(95):.0f} | {r.percentile(99):.0f} | "
              f"{r.errors} |")
    print()
    print("| contention round | people | winners | taken (409) | errors | median answer s |"
          " last answer s |")
    print("|---|---|---|---|---|---|---|")
    for number, answer in enumerate(rounds, start=1):
        people = answer["winners"] + answer["taken"] + answer["errors"]
        print(f"| {number} | {people} | {answer['winners']} | {answer['taken']} | "
              f"{answer['errors']} | {answer['median']:.2f} | {answer['last']:.2f} |")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--employers", type=int, default=40)
    parser.add_argument("--candidates", type=int, default=1200)
    parser.add_argument("--seconds", type=float, default=20.0, help="per closed/open-loop run")
    parser.add_argument("--max-requests", type=int, default=20000, help="per run")
    parser.add_argument("--connections", default="16,64")
    parser.add_argument("--open", default="booking page=100,staff schedule=10",
                        help="route=requests per second, comma-separated")
    parser.add_argument("--api-signups", type=int, default=1000,
                        help="sign-ups posted through the API at 16 connections, timed")
    parser.add_argument("--routes", default="",
                        help="only these routes (comma-separated names as in the table; "
                             "/healthz is always measured); default all")
    parser.add_argument("--rounds", type=int, default=5, help="contention rounds")
    parser.add_argument("--crowd", type=int, default=100, help="people per contention round")
    parser.add_argument("--time-limit", type=float, default=60.0, help="the engine's, seconds")
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL",
                                                                 DEFAULT_DATABASE),
                        help="a PostgreSQL server (a database is made on it), or 'sqlite'")
    parser.add_argument("--redis-url", default=os.environ.get("BENCH_REDIS_URL", DEFAULT_REDIS),
                        help="'' for none (jobs then run in the web process)")
    parser.add_argument("--smoke", action="store_true",
                        help="a tiny run that checks the bench works (2 x 20, 1 s, 1 round)")
    args = parser.parse_args(argv)
    if args.smoke:
        args.employers, args.candidates, args.seconds, args.max_requests = 2, 20, 1.0, 200
        args.connections, args.rounds, args.crowd, args.time_limit = "4", 1, 10, 3.0
        args.open = "booking page=20"
        args.api_signups = 20
    options = {
        "connections": [int(c) for c in args.connections.split(",")],
        "seconds": args.seconds, "max_requests": args.max_requests,
        "api_signups": args.api_signups,
        "routes": [name.strip() for name in args.routes.split(",") if name.strip()],
        "open": [(name, float(rate)) for name, rate in
                 (item.rsplit("=", 1) for item in args.open.split(",") if item)],
    }
    database_url, drop = _database(args.database_url)
    server = None
    try:
        plan = prepare(database_url, args.employers, args.candidates, args.rounds, args.crowd,
                       args.time_limit)
        port = _free_port()
        server = start_server(database_url, args.redis_url or None, port)
        out: Any = multiprocessing.get_context("spawn").Queue()
        generator = multiprocessing.get_context("spawn").Process(
            target=_generator, args=(port, plan, options, out))
        generator.start()
        answer = out.get()
        generator.join()
        if "error" in answer:
            raise SystemExit(f"the load generator failed: {answer['error']}")
        load = os.getloadavg()
        print(f"{args.employers} employers x {args.candidates} youth, published "
              f"(build and publish {plan['build_seconds']:.0f} s); database "
              f"{database_url.split(':', 1)[0]}; {os.cpu_count()} cores; load average "
              f"{load[0]:.1f} {load[1]:.1f} {load[2]:.1f} at the end")
        print()
        print_table(answer["results"], answer["rounds"])
        broken = any(r["winners"] != 1 or r["errors"] for r in answer["rounds"])
        return 1 if broken else 0
    finally:
        if server is not None:
            stop_server(server)
        drop()


if __name__ == "__main__":
    sys.exit(main())
