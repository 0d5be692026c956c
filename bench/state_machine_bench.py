"""Benchmark: the change path's state machine (tests/changes/test_state_machine.py), examples
per second, today's way against the way it once ran.

    .venv/bin/python bench/state_machine_bench.py [--examples 20] [--steps 30]
        [--database-url postgresql+psycopg://postgres@127.0.0.1:5432/test]

Each scenario gets a fresh database (a temporary SQLite file, and a private PostgreSQL
database when --database-url names a server) and a fresh aiosmtpd server on loopback, and
runs the same random sequences (same seed):
  now        every example starts from empty tables; the mail that arrived is read once
  baseline   every example's rows stay for the next; all mail is re-read at every step with
             the default e-mail policy (the cost grows with all mail of all examples)
CPU is this process's time (the SMTP server's thread included); wall includes the database
server's work. CI runs the "ci" profiles (200 x 30 on SQLite, 60 x 30 on PostgreSQL).
"""

from __future__ import annotations

import argparse
import importlib
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from hypothesis import HealthCheck, Phase, settings  # noqa: E402

from recruit import create_app  # noqa: E402
from recruit.extensions import db  # noqa: E402

# The machine and its fixtures' helpers are the tests' own; loaded at run time because the
# tests are outside what mypy checks (recruit, solver, config, bench).
_machine: Any = importlib.import_module("tests.changes.test_state_machine")
_fixtures: Any = importlib.import_module("tests.conftest")
_mail: Any = importlib.import_module("tests.mail.conftest")


@contextmanager
def _database(engine: str, server_url: str | None) -> Iterator[str]:
    if engine == "sqlite":
        # In memory-backed /dev/shm when there is one, as the tests do: no fsync per commit.
        shm = Path("/dev/shm")
        folder = Path(tempfile.mkdtemp(prefix="recruit-bench-", dir=shm if shm.is_dir() else None))
        try:
            yield f"sqlite:///{folder / 'bench.sqlite3'}"
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        return
    assert server_url is not None
    url, drop = _fixtures._create_postgres_database(server_url)
    try:
        yield url
    finally:
        drop()


def _run(engine: str, server_url: str | None, examples: int, steps: int,
         baseline: bool) -> tuple[float, float]:
    profile = settings(
        max_examples=examples, stateful_step_count=steps, deadline=None, database=None,
        derandomize=True, phases=[Phase.generate],
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    with _database(engine, server_url) as url:
        app = create_app(_fixtures._test_config(url))
        smtp = _mail.SMTPTestServer(port=_mail._free_port()).start()
        try:
            with app.app_context():
                db.create_all()
                _mail.point_at(app, smtp.port)
                wall, cpu = time.perf_counter(), time.process_time()
                _machine.run_machine(app, smtp, profile, baseline=baseline)
                wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
                db.session.remove()
                db.engine.dispose()
        finally:
            smtp.stop()
    return wall, cpu


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=20)
    parser.add_argument("--steps", type=int, default=30)
    parser.add_argument("--database-url", help="a PostgreSQL server (its database is untouched)")
    args = parser.parse_args(argv)
    engines = ["sqlite"] + (["postgresql"] if args.database_url else [])
    print(f"state machine, {args.examples} examples x {args.steps} steps")
    print(f"{'engine':<11} {'scenario':<9} {'wall s':>7} {'CPU s':>7} {'examples/s':>11} "
          f"{'CPU ms/step':>12} {'vs baseline':>12}")
    def runner(engine: str, baseline: bool) -> tuple[float, float]:
        return _run(engine, args.database_url, args.examples, args.steps, baseline)

    for engine in engines:
        results = {name: runner(engine, name == "baseline") for name in ("baseline", "now")}
        base_wall = results["baseline"][0]
        for name, (wall, cpu) in results.items():
            per_step = 1000 * cpu / (args.examples * args.steps)
            print(f"{engine:<11} {name:<9} {wall:>7.1f} {cpu:>7.1f} "
                  f"{args.examples / wall:>11.2f} {per_step:>12.1f} {base_wall / wall:>11.1f}x")


if __name__ == "__main__":
    main()
