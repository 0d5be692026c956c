"""`make audit` (.ci/audit.py): a known vulnerability fails it, and an unreachable
vulnerability service is said plainly, never reported as "no known vulnerabilities"."""

from __future__ import annotations

import importlib.util
import os
import socket
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / ".ci" / "audit.py"


def _audit_module():
    spec = importlib.util.spec_from_file_location("ci_audit", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_known_vulnerability_fails_the_audit():
    audit = _audit_module()
    status, lines = audit.judge({"dependencies": [
        {"name": "flask", "version": "3.1.0", "vulns": []},
        {"name": "jinja2", "version": "3.1.2", "vulns": [
            {"id": "GHSA-h5c8-rqwp-cp95", "fix_versions": ["3.1.3"]}]},
    ]})
    assert status == audit.VULNERABLE
    assert lines == ["VULNERABLE: jinja2 3.1.2: GHSA-h5c8-rqwp-cp95 (fixed in 3.1.3)"]


def test_skipped_packages_make_the_audit_incomplete_not_clean():
    audit = _audit_module()
    status, lines = audit.judge({"dependencies": [
        {"name": "flask", "version": "3.1.0", "vulns": []},
        {"name": "wtforms", "version": "3.3.2",
         "skip_reason": "Dependency not found on PyPI and could not be audited"},
    ]})
    assert status == audit.NOT_DONE
    assert "AUDIT INCOMPLETE: 1 of 2" in lines[0]
    assert audit.judge({"dependencies": []})[0] == audit.NOT_DONE
    clean = audit.judge({"dependencies": [{"name": "flask", "version": "3.1.0", "vulns": []}]})
    assert clean == (audit.OK, ["1 locked packages checked: no known vulnerabilities."])


def test_an_unreachable_service_is_reported_as_not_done():
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    # Every request of pip-audit goes to a port where nothing listens.
    proxy = f"http://127.0.0.1:{port}"
    environment = {**os.environ, "HTTPS_PROXY": proxy, "HTTP_PROXY": proxy,
                   "https_proxy": proxy, "http_proxy": proxy, "NO_PROXY": ""}
    result = subprocess.run([sys.executable, str(SCRIPT)], cwd=ROOT, env=environment,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "AUDIT NOT DONE" in result.stdout or "AUDIT INCOMPLETE" in result.stdout
    assert "no known vulnerabilities" not in result.stdout.lower()
