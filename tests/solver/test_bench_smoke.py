"""`bench/solver_bench.py` runs end to end on size S and prints its table and verdicts."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EXPECTED_COLUMNS = ("size", "first s", "total s", "peak MiB", "valid", "coverage = flow",
                    "never worse than greedy", "tier", "value", "bound", "gap", "proven",
                    "greedy", "ours/greedy")
TIERS = ("kept_published", "priority_covered", "covered", "shortfall", "preference", "waiting")


def run_bench(*args: str) -> str:
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "solver_bench.py"), "--sizes", "S",
         "--time-limit", "2", *args],
        cwd=ROOT, capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return result.stdout


def test_size_s_prints_every_column_tier_and_a_valid_schedule() -> None:
    out = run_bench("--markdown")
    header = next(line for line in out.splitlines() if line.startswith("| size |"))
    assert tuple(cell.strip() for cell in header.strip("|").split("|")) == EXPECTED_COLUMNS
    rows = [line for line in out.splitlines() if line.startswith("| ") and line != header]
    assert [row.split("|")[8].strip() for row in rows] == list(TIERS)
    assert rows[0].split("|")[1].strip() == "S"
    verdicts = {line.split("** ", 1)[1].split(" — ")[0]: line.split("**")[1]
                for line in out.splitlines() if line.startswith("- **")}
    assert verdicts["validity: every schedule passes solver.validate at every size"] == "PASS"
    assert verdicts["coverage equals the max-flow optimum at every size"] == "PASS"
    assert verdicts["XL: done in ≤ 180 s using < 4 GB"] == "not run"


def test_plain_table_has_the_same_columns() -> None:
    out = run_bench()
    header = next(line for line in out.splitlines() if line.startswith("size"))
    for column in EXPECTED_COLUMNS:
        assert column in header
    assert any(line.startswith("PASS") and "validity" in line for line in out.splitlines())
