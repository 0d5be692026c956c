"""The systemd units and the compose file in config/: checked by systemd's own tool where it
exists, and against the app itself (the commands, settings and routes they name are real).

There is no container engine on the test machines, so the compose file is read as YAML and
its wiring checked against the app (docs/deployment.md says how to run `docker compose
config` where the plugin is installed).
"""

from __future__ import annotations

import configparser
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from recruit import create_app
from tests.conftest import _test_config

ROOT = Path(__file__).resolve().parents[2]
CONFIG = ROOT / "config"
UNITS = sorted((CONFIG / "systemd").iterdir())
INSTALL_ROOT = "/srv/tasmarekry"
APP_SERVICES = {"migrate", "web", "worker", "periodic"}


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} is not installed")
    return path


def _unit(path: Path) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    parser.optionxform = str  # systemd keys are case-sensitive
    parser.read(path, encoding="utf-8")
    return parser


def _settings_the_app_reads() -> set[str]:
    """Environment variables named in config/settings.py and config/gunicorn.conf.py."""
    names = set()
    for source in ("settings.py", "gunicorn.conf.py"):
        text = (CONFIG / source).read_text(encoding="utf-8")
        names |= set(re.findall(r"""_env(?:_int|_bool)?\(\s*"([A-Z0-9_]+)\"""", text))
        names |= set(re.findall(r"""environ\.get\(\s*"([A-Z0-9_]+)\"""", text))
    return names


@pytest.fixture(scope="module")
def flask_commands() -> set[str]:
    app = create_app(_test_config("sqlite://"))
    return set(app.cli.list_commands(None))  # type: ignore[arg-type]


# --- systemd -----------------------------------------------------------------------------------


def test_systemd_accepts_every_unit(tmp_path):
    """`systemd-analyze verify` on the units as installed here: the paths point at this
    checkout and its virtualenv, so every ExecStart must name a real executable."""
    analyze = _tool("systemd-analyze")
    venv_bin = str(Path(sys.executable).parent)
    for unit in UNITS:
        text = unit.read_text(encoding="utf-8")
        text = text.replace(f"{INSTALL_ROOT}/.venv/bin", venv_bin).replace(INSTALL_ROOT, str(ROOT))
        text = text.replace("/etc/tasmarekry.env", str(CONFIG / "production.env.example"))
        (tmp_path / unit.name).write_text(text, encoding="utf-8")
    result = subprocess.run(
        [analyze, "verify", "--man=no", *sorted(str(p) for p in tmp_path.iterdir())],
        capture_output=True, text=True, timeout=60,
    )
    # Warnings (an unknown key, a bad calendar) go to stderr with exit code 0: none allowed.
    assert result.returncode == 0 and result.stderr == "", result.stderr


def test_every_timer_starts_a_service_with_a_valid_calendar():
    analyze = _tool("systemd-analyze")
    timers = [u for u in UNITS if u.suffix == ".timer"]
    assert {t.stem for t in timers} == {
        "tasmarekry-send-mail", "tasmarekry-send-sms", "tasmarekry-reminders",
        "tasmarekry-outcomes", "tasmarekry-backup", "tasmarekry-purge",
    }
    for timer in timers:
        assert (timer.parent / f"{timer.stem}.service").exists(), timer.name
        calendar = _unit(timer)["Timer"]["OnCalendar"]
        result = subprocess.run(
            [analyze, "calendar", calendar], capture_output=True, text=True, timeout=30
        )
        assert result.returncode == 0, f"{timer.name}: {result.stderr}"
        assert "Next elapse:" in result.stdout


def test_units_run_commands_that_exist(flask_commands):
    ran = {}
    for unit in UNITS:
        if unit.suffix != ".service":
            continue
        service = _unit(unit)["Service"]
        command = service["ExecStart"]
        assert service["User"] == "tasmarekry", f"{unit.name} must not run as root"
        assert service["EnvironmentFile"] == "/etc/tasmarekry.env"
        assert service["WorkingDirectory"] == INSTALL_ROOT
        ran[unit.name] = command
        flask = re.search(r"/\.venv/bin/flask --app recruit:create_app ([a-z-]+)", command)
        if flask:
            assert flask.group(1) in flask_commands, f"{unit.name}: no `flask {flask.group(1)}`"
        script = re.match(rf"{INSTALL_ROOT}/(config/\S+\.sh)", command)
        if script:
            assert os.access(ROOT / script.group(1), os.X_OK), script.group(1)
    assert 'gunicorn -c config/gunicorn.conf.py "recruit:create_app()"' in ran[
        "tasmarekry-web.service"
    ]
    assert ran["tasmarekry-migrate.service"].endswith(" init-db")
    # The workers listen on the queue the web side sends jobs to.
    worker = ran["tasmarekry-worker@.service"]
    default_queue = create_app(_test_config("sqlite://")).config["RQ_QUEUE"]
    assert "rq worker --url \"$REDIS_URL\"" in worker
    assert f"$${{RQ_QUEUE:-{default_queue}}}" in worker
    assert "%i" in worker, "each worker of the template needs its own name"


def test_worker_stop_lets_the_running_job_finish():
    service = _unit(CONFIG / "systemd" / "tasmarekry-worker@.service")["Service"]
    # SIGTERM to RQ's main process only: it waits for the job; the job is not killed at once.
    assert service["KillMode"] == "mixed"
    solver_limit = create_app(_test_config("sqlite://")).config["SOLVER_TIME_LIMIT_SECONDS"]
    assert int(service["TimeoutStopSec"]) > solver_limit


# --- compose -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((CONFIG / "compose.yaml").read_text(encoding="utf-8"))


def test_compose_services_and_images(compose):
    services = compose["services"]
    assert set(services) == {"db", "redis"} | APP_SERVICES
    assert services["db"]["image"].startswith("postgres:")
    assert services["redis"]["image"].startswith("redis:")
    for name in APP_SERVICES:
        build = services[name]["build"]
        containerfile = (CONFIG / build["context"] / build["dockerfile"]).resolve()
        assert containerfile == CONFIG / "Containerfile", name
        assert services[name]["image"] == services["web"]["image"]


def test_compose_start_order(compose):
    services = compose["services"]
    for name in ("db", "redis"):
        assert services[name]["healthcheck"]["test"], f"{name} needs a health check to wait on"
    assert services["migrate"]["depends_on"] == {"db": {"condition": "service_healthy"}}
    assert services["migrate"]["command"] == ["flask", "init-db"]
    assert services["migrate"]["restart"] == "no"
    for name in ("web", "worker", "periodic"):
        depends = services[name]["depends_on"]
        assert depends["migrate"] == {"condition": "service_completed_successfully"}, name
        assert depends["redis"] == {"condition": "service_healthy"}, name


def test_compose_environment_reaches_the_right_places(compose):
    services = compose["services"]
    db = services["db"]["environment"]
    known = _settings_the_app_reads()
    for name in APP_SERVICES:
        environment = services[name]["environment"]
        unknown = set(environment) - known
        assert not unknown, f"{name} sets variables the app never reads: {sorted(unknown)}"
        url = environment["DATABASE_URL"]
        assert url.startswith(f"postgresql+psycopg://{db['POSTGRES_USER']}:")
        assert url.endswith(f"@db:5432/{db['POSTGRES_DB']}")
        assert "${POSTGRES_PASSWORD" in url and "${POSTGRES_PASSWORD" in db["POSTGRES_PASSWORD"]
        assert environment["REDIS_URL"].startswith("redis://redis:6379/")
        # Without it every container would make its own key and log everyone out.
        assert environment["SECRET_KEY"].startswith("${SECRET_KEY:?")
        assert environment["DEMO_TOOLS"] == "0"


def test_compose_web_probe_and_commands(compose, flask_commands):
    services = compose["services"]
    app = create_app(_test_config("sqlite://"))
    routes = {rule.rule for rule in app.url_map.iter_rules()}
    probe = " ".join(services["web"]["healthcheck"]["test"])
    path = re.search(r"127\.0\.0\.1:8000(/\w+)", probe).group(1)
    assert path == "/readyz" and path in routes
    assert services["web"]["environment"]["GUNICORN_BIND"] == "0.0.0.0:8000"
    assert services["web"]["ports"] == ["127.0.0.1:8000:8000"]
    worker = " ".join(services["worker"]["command"])
    assert "rq worker" in worker and "$$REDIS_URL" in worker
    assert services["worker"]["deploy"]["replicas"] >= 1
    assert services["periodic"]["command"] == ["sh", "config/periodic.sh"]
    periodic = (CONFIG / "periodic.sh").read_text(encoding="utf-8")
    for command in re.findall(r'"\$flask" ([a-z-]+)', periodic):
        assert command in flask_commands

