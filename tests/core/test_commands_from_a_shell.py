"""The README's commands work as written, from a plain shell in the repository."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from config.settings import Config

ROOT = Path(__file__).resolve().parents[2]
FLASK = Path(sys.executable).with_name("flask")


def _flask(*args: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FLASK_")}
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'shell.sqlite3'}"
    return subprocess.run(
        [str(FLASK), *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_the_readme_commands_are_found_without_flask_app_set(tmp_path):
    result = _flask("--help", tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Could not locate a Flask application" not in result.stderr
    commands = result.stdout.split("Commands:")[1]
    for command in ("employer-link", "booking-link", "export-mail", "send-mail", "demo"):
        assert f"  {command} " in commands, command


def test_employer_link_explains_itself(tmp_path):
    result = _flask("employer-link", "--help", tmp_path=tmp_path)
    assert "Print a new private link for the approved employer EMPLOYER_ID" in result.stdout


def test_a_command_on_a_fresh_database_answers_plainly(tmp_path):
    assert _flask("db", "upgrade", tmp_path=tmp_path).returncode == 0
    result = _flask("employer-link", "999", tmp_path=tmp_path)
    assert result.returncode == 1
    assert "no employer 999" in result.stderr
    assert "Traceback" not in result.stderr


def test_links_follow_the_port_flask_run_serves_unless_set(tmp_path, monkeypatch):
    monkeypatch.delenv("PUBLIC_BASE_URL", raising=False)
    monkeypatch.setenv("FLASK_RUN_PORT", "8123")
    assert Config(str(tmp_path)).as_dict()["PUBLIC_BASE_URL"] == "http://127.0.0.1:8123"
    monkeypatch.setenv("PUBLIC_BASE_URL", "https://rekry.example.org")
    assert Config(str(tmp_path)).as_dict()["PUBLIC_BASE_URL"] == "https://rekry.example.org"
