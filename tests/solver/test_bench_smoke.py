"""`bench/solver_bench.py` runs end to end on size S and prints its tables and verdicts."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EXPECTED_COLUMNS = ("size", "first s", "total s", "peak MiB", "valid", "coverage = flow",
                    "never worse than greedy", "tier", "value", "bound", "gap", "proven",
                    "greedy", "ours/greedy")
FAMILY_COLUMNS = ("family", "size", "E×C", "engine tiers", "reference tiers", "engine vs ref",
                  "engine s", "ref s", "engine/ref time", "valid")
TIERS = ("kept_published", "priority_covered", "covered", "shortfall", "preference", "waiting")


def run_bench(*args: str) -> str:
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "solver_bench.py"), "--sizes", "S",
         "--time-limit", "2", *args],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return result.stdout


def test_size_s_prints_every_column_tier_and_a_valid_schedule() -> None:
    out = run_bench("--markdown", "--families", "none")
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
    out = run_bench("--families", "none")
    header = next(line for line in out.splitlines() if line.startswith("size"))
    for column in EXPECTED_COLUMNS:
        assert column in header
    assert any(line.startswith("PASS") and "validity" in line for line in out.splitlines())


def test_family_table_compares_the_engine_with_the_reference() -> None:
    out = run_bench("--markdown", "--families", "sessions,tight_windows", "--family-sizes", "S",
                    "--family-time-limit", "1")
    header = next(line for line in out.splitlines() if line.startswith("| family |"))
    assert tuple(cell.strip() for cell in header.strip("|").split("|")) == FAMILY_COLUMNS
    rows = [line.split("|")[1:-1] for line in out.splitlines()[out.splitlines().index(header)
                                                                  + 2:] if line.startswith("| ")]
    assert [(row[0].strip(), row[1].strip()) for row in rows] == [("sessions", "S"),
                                                                  ("tight_windows", "S")]
    for row in rows:
        cells = [cell.strip() for cell in row]
        assert cells[9] == "yes"  # both schedules pass the validator
        assert cells[5] == "≥" or cells[5].startswith("< (")
        # Six tier values on each side, in tier order.
        assert len(cells[3].split(" / ")) == len(cells[4].split(" / ")) == len(TIERS)
        assert float(cells[6]) > 0 and float(cells[7]) > 0 and float(cells[8]) > 0
    assert "engine ≥ reference lexicographically:" in out
