"""The load benchmark still works: a tiny run against gunicorn prints its table.

It checks that the bench runs end to end (database, published fair, gunicorn with the
project's config, the load generator, the contention round), not its numbers: those belong to
docs/performance.md, measured on a quiet machine.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ROUTES = ("/healthz", "booking page", "booking times", "employer link", "youth sign-up form",
          "employer sign-up form", "staff schedule", "API sign-ups, 50 a page",
          "API employers, 20 a page", "API schedule draft", "API one employer's draft",
          "API sign-up POST")


@pytest.mark.slow
def test_the_load_bench_prints_its_table() -> None:
    database = os.environ.get("TEST_DATABASE_URL") or "sqlite"
    redis = os.environ.get("TEST_REDIS_URL", "")
    run = subprocess.run(
        [sys.executable, "bench/load.py", "--smoke", "--database-url", database,
         "--redis-url", redis],
        cwd=ROOT, capture_output=True, text=True, timeout=600, check=False,
    )
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-4000:]
    rows = [line.split("|") for line in run.stdout.splitlines() if line.startswith("| ")]
    measured = {(cells[1].strip(), cells[2].strip()) for cells in rows if len(cells) > 9}
    for route in ROUTES:
        assert ("closed", route) in measured, run.stdout
    assert ("open", "booking page") in measured, run.stdout
    # Every route answered as a user would get it: a route that only errs measures nothing.
    closed = [cells for cells in rows if len(cells) > 9 and cells[1].strip() == "closed"]
    for cells in closed:
        assert cells[9].strip() == "0", f"{cells[2].strip()} erred: {run.stdout}"
    # The bulk sign-up through the API: every one of them accepted.
    [bulk] = [cells for cells in rows if len(cells) > 9 and " in " in cells[3]]
    assert bulk[3].strip().startswith("20 in ") and bulk[9].strip() == "0", run.stdout
    # The contention round: one winner among the crowd, the others told the time was taken.
    [round_row] = [cells for cells in rows if len(cells) == 9 and cells[1].strip() == "1"]
    people, winners, taken, errors = (int(cell) for cell in round_row[2:6])
    assert (winners, taken, errors) == (1, people - 1, 0), run.stdout
