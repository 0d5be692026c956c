"""`make audit`: pip-audit against the lock file, saying plainly what it could not check.

pip-audit answers "No known vulnerabilities found" (exit 0) even when it could not reach its
vulnerability service and skipped every package ("Dependency not found on PyPI and could not
be audited"). Here a skipped package makes the audit incomplete, and an unreachable service
is reported as such, never as "no known vulnerabilities".

Exit status: 0 every locked package checked and none has a known vulnerability; 1 a known
vulnerability; 2 the audit could not be done, or not for every package (no network, the
service down): run it where the service can be reached.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
OK, VULNERABLE, NOT_DONE = 0, 1, 2


def judge(report: dict[str, Any]) -> tuple[int, list[str]]:
    """The verdict on pip-audit's JSON report, and the lines that explain it."""
    dependencies = report.get("dependencies", [])
    skipped = [d for d in dependencies if d.get("skip_reason")]
    vulnerable = [d for d in dependencies if d.get("vulns")]
    lines = [
        f"VULNERABLE: {d['name']} {d.get('version', '')}: "
        + ", ".join(f"{v['id']} (fixed in {', '.join(v.get('fix_versions') or ['?'])})"
                    for v in d["vulns"])
        for d in vulnerable
    ]
    if skipped:
        lines.append(
            f"AUDIT INCOMPLETE: {len(skipped)} of {len(dependencies)} locked packages could "
            "not be checked (the vulnerability service did not answer for them), e.g. "
            f"{skipped[0]['name']}: {skipped[0]['skip_reason']}. Nothing is known about "
            "their vulnerabilities; run `make audit` where the service can be reached."
        )
    if vulnerable:
        return VULNERABLE, lines
    if skipped or not dependencies:
        if not dependencies:
            lines.append("AUDIT NOT DONE: pip-audit reported no packages at all.")
        return NOT_DONE, lines
    return OK, [f"{len(dependencies)} locked packages checked: no known vulnerabilities."]


def main() -> int:
    uv = ROOT / ".uv" / "bin" / "uv"
    pip_audit = ROOT / ".venv" / "bin" / "pip-audit"
    with tempfile.TemporaryDirectory() as folder:
        requirements = Path(folder) / "requirements.txt"
        exported = subprocess.run(
            [str(uv), "export", "--frozen", "--format", "requirements-txt",
             "--no-emit-project", "--all-extras", "-o", str(requirements)],
            cwd=ROOT, capture_output=True, text=True,
        )
        if exported.returncode != 0:
            print(f"AUDIT NOT DONE: could not export the lock file:\n{exported.stderr}")
            return NOT_DONE
        run = subprocess.run(
            [str(pip_audit), "-r", str(requirements), "--require-hashes", "--disable-pip",
             "--progress-spinner", "off", "--format", "json", "--timeout", "20"],
            cwd=ROOT, capture_output=True, text=True,
        )
    try:
        report = json.loads(run.stdout)
    except json.JSONDecodeError:
        last = (run.stderr.strip().splitlines() or ["(no output)"])[-1]
        print("AUDIT NOT DONE: pip-audit could not reach its vulnerability service or "
              f"failed ({last}). Nothing is known about vulnerabilities in the locked packages.")
        return NOT_DONE
    status, lines = judge(report)
    print("\n".join(lines))
    return status


if __name__ == "__main__":
    sys.exit(main())
