"""The Containerfile's steps and the nginx site, run for real without a container engine.

The files the Containerfile copies are laid out in a temporary /app, its `uv sync` installs
the lock there (no dev extras, from uv's cache), its translation step compiles the
catalogues, the compose file's migration command prepares a database, and the image's
command starts gunicorn. nginx (config/nginx/) then serves it over TLS: the probes, static
files straight from disk, the redirect from HTTP, and an access log without paths. The
compose file's worker command starts an RQ worker there against the test Redis.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import re
import shlex
import shutil
import socket
import ssl
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from tests.conftest import REDIS_URL

ROOT = Path(__file__).resolve().parents[2]
CONFIG = ROOT / "config"
HOST = "rekry.example.org"


def _instructions(containerfile: Path) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs, continuation lines joined, comments dropped."""
    lines, current = [], ""
    for raw in containerfile.read_text(encoding="utf-8").splitlines():
        stripped = raw.strip()
        if not stripped or stripped.startswith("#"):
            continue
        current += " " + stripped.removesuffix("\\").strip()
        if not stripped.endswith("\\"):
            lines.append(current.strip())
            current = ""
    return [(line.split(None, 1)[0].upper(), line.split(None, 1)[1]) for line in lines]


def _stages(containerfile: Path) -> list[list[tuple[str, str]]]:
    stages: list[list[tuple[str, str]]] = []
    for instruction, arguments in _instructions(containerfile):
        if instruction == "FROM":
            stages.append([])
        if stages:
            stages[-1].append((instruction, arguments))
    return stages


STAGES = _stages(CONFIG / "Containerfile")


# The image compiles every module once at build time (UV_COMPILE_BYTECODE, compileall) and
# then forbids writing bytecode; here Python compiles lazily what the processes import, which
# is the same code and much cheaper than compiling the whole environment for one test.
NOT_COPIED_FROM_THE_IMAGE = {"PATH", "UV_PROJECT_ENVIRONMENT", "UV_COMPILE_BYTECODE",
                             "PYTHONDONTWRITEBYTECODE"}


def _image_environment(arguments: str) -> dict[str, str]:
    pairs = re.findall(r"(\w+)=(\S+)", arguments)
    return {name: value for name, value in pairs if name not in NOT_COPIED_FROM_THE_IMAGE}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _uv() -> str:
    found = ROOT / ".uv" / "bin" / "uv"
    return str(found) if found.exists() else (shutil.which("uv") or pytest.skip("no uv"))


def _wait_for(port: int, seconds: float, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"exited with {process.returncode}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.5):
            return
        time.sleep(0.1)
    raise AssertionError(f"nothing listens on {port} after {seconds} s")


def _stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def test_image_is_multi_stage_non_root_and_installs_only_the_lock():
    build, final = STAGES[0], STAGES[-1]
    assert len(STAGES) == 2
    syncs = [args for instruction, args in build if instruction == "RUN" and "uv sync" in args]
    assert syncs and all("--locked" in s and "--extra" not in s and "--all-extras" not in s
                         for s in syncs)
    # uv itself is installed by hash, as the Makefile does.
    assert any("--require-hashes" in a and "uv-bootstrap.txt" in a for i, a in build if i == "RUN")
    users = [args for instruction, args in final if instruction == "USER"]
    assert users and users[-1].split(":")[0] not in ("root", "0")
    copies_from_build = [a for i, a in final if i == "COPY" and a.startswith("--from=build")]
    assert copies_from_build == ["--from=build /app /app"]


@pytest.fixture(scope="module")
def image_app(tmp_path_factory) -> Iterator[tuple[Path, dict[str, str]]]:
    """/app as the Containerfile's build stage makes it, and the image's environment."""
    app = tmp_path_factory.mktemp("image") / "app"
    app.mkdir()
    build = STAGES[0]
    for instruction, arguments in build:
        if instruction != "COPY":
            continue
        *sources, target = shlex.split(arguments)
        for source in sources:
            origin = ROOT / source
            if origin.is_dir():
                # As a fresh clone has it: build output (.mo, caches) is not in the repository.
                shutil.copytree(origin, app / target, dirs_exist_ok=True,
                                ignore=shutil.ignore_patterns("__pycache__", "*.mo", "*.pyc"))
            else:
                final = app / target / origin.name if target.endswith("/") else app / target
                final.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(origin, final)
    environment = {
        "PATH": f"{app / '.venv' / 'bin'}:{os.environ['PATH']}",
        "HOME": os.environ.get("HOME", "/root"),
        "UV_PROJECT_ENVIRONMENT": str(app / ".venv"),
        # Everything is in uv's cache after `make venv`; the test never downloads.
        "UV_OFFLINE": "1",
    }
    for name in ("UV_CACHE_DIR", "XDG_CACHE_HOME"):
        if name in os.environ:
            environment[name] = os.environ[name]
    for instruction, arguments in build:
        if instruction == "ENV":
            environment.update(_image_environment(arguments))
        if instruction != "RUN" or "pip install" in arguments:
            continue
        command = arguments.replace("/opt/uv/bin/uv", _uv())
        command = command.replace("/usr/local/bin/python3", sys.executable)
        command = command.replace("/app/", f"{app}/")
        result = subprocess.run(
            ["sh", "-c", command], cwd=app, env=environment, capture_output=True, text=True,
            timeout=300,
        )
        assert result.returncode == 0, f"{command}\n{result.stderr[-2000:]}"
    for instruction, arguments in STAGES[-1]:
        if instruction == "ENV":
            environment.update(_image_environment(arguments))
    environment.update({
        "DATABASE_URL": f"sqlite:///{app / 'instance' / 'recruit.sqlite3'}",
        "SECRET_KEY": "image-test-key",
        "TRUSTED_PROXIES": "1",
        "SESSION_COOKIE_SECURE": "1",
        "GUNICORN_WORKERS": "1",
    })
    yield app, environment


def test_image_has_no_dev_tools_and_compiled_catalogues(image_app):
    app, _environment = image_app
    bin_dir = app / ".venv" / "bin"
    assert (bin_dir / "gunicorn").exists() and (bin_dir / "rq").exists()
    assert not (bin_dir / "pytest").exists() and not (bin_dir / "ruff").exists()
    assert not (app / "tests").exists() and not (app / "bench").exists()
    assert list((app / "recruit").rglob("fi/LC_MESSAGES/messages.mo"))


@pytest.fixture(scope="module")
def migrated_image_app(image_app) -> tuple[Path, dict[str, str]]:
    """The compose file's migration command (`flask init-db`) run in the image's /app."""
    app, environment = image_app
    migrate = subprocess.run(
        ["flask", "init-db"], cwd=app, env=environment, capture_output=True, text=True,
        timeout=120,
    )
    assert migrate.returncode == 0, migrate.stderr
    assert "requirement cards added" in migrate.stdout
    return app, environment


def test_the_periodic_container_runs_the_commands_that_are_due(migrated_image_app):
    app, environment = migrated_image_app
    result = subprocess.run(
        ["flask", "periodic", "--once"], cwd=app, capture_output=True, text=True, timeout=120,
        # Reminders are due from hour 0, the other daily commands never (hour 24).
        env={**environment, "REMINDERS_HOUR": "0", "OUTCOMES_HOUR": "24", "PURGE_HOUR": "24",
             "FOLLOW_UP_HOUR": "24"},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "sent 0, to retry later 0, dead 0", "send-mail: done",
        "0 publish job(s) queued again.", "resume-publishing: done",
        "no event tomorrow", "send-reminders: done",
    ]
    # A second process (or a restart) the same day finds nothing left to do.
    again = subprocess.run(
        ["flask", "periodic", "--once"], cwd=app, capture_output=True, text=True, timeout=120,
        env={**environment, "REMINDERS_HOUR": "0", "OUTCOMES_HOUR": "24", "PURGE_HOUR": "24",
             "FOLLOW_UP_HOUR": "24"},
    )
    assert again.returncode == 0 and again.stdout == "", again.stdout + again.stderr


def test_migrate_serve_and_nginx_in_front(migrated_image_app, tmp_path):
    nginx = shutil.which("nginx") or pytest.skip("nginx is not installed")
    app, environment = migrated_image_app
    web_port, http_port, https_port = _free_port(), _free_port(), _free_port()
    command = json.loads(next(a for i, a in STAGES[-1] if i == "CMD"))
    gunicorn = subprocess.Popen(
        command, cwd=app, env={**environment, "GUNICORN_BIND": f"127.0.0.1:{web_port}"},
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    try:
        _wait_for(web_port, 60, gunicorn)
        config = _nginx_config(tmp_path, app, web_port, http_port, https_port)
        server = subprocess.Popen(
            [nginx, "-c", str(config), "-p", str(tmp_path)],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )
        try:
            _wait_for(https_port, 10, server)
            _check_through_nginx(app, tmp_path, http_port, https_port)
        finally:
            _stop(server)
    finally:
        _stop(gunicorn)


def _nginx_config(folder: Path, app: Path, web_port: int, http_port: int, https_port: int
                  ) -> Path:
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", f"/CN={HOST}", "-keyout", str(folder / "key.pem"),
         "-out", str(folder / "cert.pem")],
        check=True, capture_output=True, timeout=60,
    )
    (folder / "logs").mkdir()
    site = (CONFIG / "nginx" / "tasmarekry.conf").read_text(encoding="utf-8")
    replacements = {
        "server 127.0.0.1:8000": f"server 127.0.0.1:{web_port}",
        "listen 80;": f"listen 127.0.0.1:{http_port};",
        "listen 443 ssl http2;": f"listen 127.0.0.1:{https_port} ssl http2;",
        f"/etc/letsencrypt/live/{HOST}/fullchain.pem": str(folder / "cert.pem"),
        f"/etc/letsencrypt/live/{HOST}/privkey.pem": str(folder / "key.pem"),
        "/var/log/nginx/": f"{folder / 'logs'}/",
        "/srv/tasmarekry/recruit": str(app / "recruit"),
        "/etc/nginx/tasmarekry-proxy.conf": str(CONFIG / "nginx" / "tasmarekry-proxy.conf"),
    }
    for old, new in replacements.items():
        assert old in site, old
        site = site.replace(old, new)
    # The test machine may have no IPv6.
    site = "\n".join(line for line in site.splitlines() if "listen [::]" not in line)
    (folder / "site.conf").write_text(site, encoding="utf-8")
    config = folder / "nginx.conf"
    config.write_text(
        f"daemon off;\nmaster_process off;\npid {folder}/nginx.pid;\n"
        f"error_log {folder}/logs/error.log;\nevents {{}}\n"
        f"http {{\n  include /etc/nginx/mime.types;\n"
        f"  client_body_temp_path {folder}/tmp; proxy_temp_path {folder}/tmp;\n"
        f"  access_log {folder}/logs/access.log;\n  include {folder}/site.conf;\n}}\n",
        encoding="utf-8",
    )
    result = subprocess.run(
        [shutil.which("nginx"), "-t", "-c", str(config), "-p", str(folder)],
        capture_output=True, text=True, timeout=30,
    )
    assert result.returncode == 0, result.stderr
    return config


def _get(port: int, path: str, *, tls: bool = True) -> http.client.HTTPResponse:
    if tls:
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        connection: http.client.HTTPConnection = http.client.HTTPSConnection(
            "127.0.0.1", port, context=context, timeout=10
        )
    else:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", path, headers={"Host": HOST})
    response = connection.getresponse()
    response.body = response.read()  # type: ignore[attr-defined]
    connection.close()
    return response


def _check_through_nginx(app: Path, folder: Path, http_port: int, https_port: int) -> None:
    plain = _get(http_port, "/healthz", tls=False)
    assert plain.status == 301 and plain.headers["Location"] == f"https://{HOST}/healthz"

    health = _get(https_port, "/healthz")
    assert health.status == 200
    assert json.loads(health.body) == {
        "status": "ok", "database": "ok", "redis": "not configured",
    }
    ready = _get(https_port, "/readyz")
    assert ready.status == 200 and json.loads(ready.body)["migrations"] == "ok"

    # Static files come from disk (nginx's headers, none of the app's), blueprint ones too.
    for path, file in (("/static/style.css", "static/style.css"),
                       ("/employers/static/employers.css", "employers/static/employers.css")):
        response = _get(https_port, path)
        assert response.status == 200, path
        assert response.body == (app / "recruit" / file).read_bytes()
        assert response.headers.get_all("Cache-Control") == ["public, max-age=3600"]
        assert "Content-Security-Policy" not in response.headers
    # Not on disk: the app answers (its own headers), not a bare nginx 404.
    missing = _get(https_port, "/static/no-such-file.css")
    assert missing.status == 404 and "Content-Security-Policy" in missing.headers

    # The app's pages through the proxy, with the app's security headers.
    login = _get(https_port, "/auth/login")
    assert login.status == 200 and "Strict-Transport-Security" in login.headers

    token = "PRIVATE-TOKEN-8f3a"
    _get(https_port, f"/youth/b/{token}")
    log = (folder / "logs" / "tasmarekry.access.log").read_text(encoding="utf-8")
    assert " GET 200 " in log
    for secret in (token, "/youth/b/", "127.0.0.1"):
        assert secret not in log


def test_compose_worker_command_listens_on_the_queue(image_app, redis_connection):
    """The worker service's command line as the container's shell gets it, in burst mode (it
    stops when the queue is empty), on a queue of its own in the test Redis."""
    app, environment = image_app
    compose = yaml.safe_load((CONFIG / "compose.yaml").read_text(encoding="utf-8"))
    shell, flag, script = compose["services"]["worker"]["command"]
    queue = f"deploy-test-{os.getpid()}"
    result = subprocess.run(
        [shell, flag, script.replace("$$", "$") + " --burst"], cwd=app,
        env={**environment, "REDIS_URL": REDIS_URL, "RQ_QUEUE": queue},
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert f"Listening on {queue}" in result.stderr + result.stdout
