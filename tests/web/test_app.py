"""The app factory, settings, security headers, error pages, languages and logging."""

from __future__ import annotations

import io
import json
import logging
import stat

import pytest

from config.settings import Config, instance_secret_key
from recruit import JSONLogFormatter, create_app


def test_settings_default_to_the_embedded_setup(tmp_path, monkeypatch):
    for name in ("DATABASE_URL", "REDIS_URL", "SECRET_KEY", "MAIL_SERVER", "SESSION_COOKIE_SECURE"):
        monkeypatch.delenv(name, raising=False)
    settings = Config(str(tmp_path)).as_dict()
    assert settings["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'recruit.sqlite3'}"
    assert settings["REDIS_URL"] is None
    assert settings["MAIL_SERVER"] is None
    assert settings["BABEL_DEFAULT_LOCALE"] == "fi"
    assert settings["BABEL_DEFAULT_TIMEZONE"] == "Europe/Helsinki"
    assert settings["SESSION_COOKIE_SECURE"] is False
    assert settings["RATELIMIT_STORAGE_URI"] == "memory://"


def test_settings_come_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://app@db.internal/recruit")
    monkeypatch.setenv("REDIS_URL", "redis://cache:6379/0")
    monkeypatch.setenv("SESSION_COOKIE_SECURE", "true")
    monkeypatch.setenv("MAIL_PORT", "587")
    settings = Config(str(tmp_path)).as_dict()
    # The old "postgres://" scheme is rewritten to name the psycopg 3 driver.
    assert settings["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://app@db.internal/recruit"
    assert settings["REDIS_URL"] == "redis://cache:6379/0"
    assert settings["SESSION_COOKIE_SECURE"] is True
    assert settings["MAIL_PORT"] == 587


def test_secret_key_is_generated_once_and_kept_private(tmp_path):
    first = instance_secret_key(str(tmp_path))
    assert len(first) == 64
    assert instance_secret_key(str(tmp_path)) == first
    mode = (tmp_path / "secret_key").stat().st_mode
    assert not mode & (stat.S_IRGRP | stat.S_IROTH)


def test_test_config_overrides_the_defaults(app):
    assert app.testing
    assert app.config["SECRET_KEY"] == "test-secret-key"
    assert app.config["BABEL_TRANSLATION_DIRECTORIES"].split(";")[0] == "translations"


def test_creating_an_app_twice_gives_independent_apps(database_url):
    first = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": "a"})
    second = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": "b"})
    assert first is not second
    assert first.config["SECRET_KEY"] != second.config["SECRET_KEY"]


def test_front_page_sends_to_the_staff_workspace_or_login(client, app):
    response = client.get("/")
    assert response.status_code == 302
    expected = "/auth/login" if "staff.events" not in app.view_functions else None
    if expected:
        assert response.location.startswith(expected)
    else:
        follow = client.get(response.location)
        assert follow.status_code == 302 and "/auth/login" in follow.location


def test_security_headers(client):
    response = client.get("/auth/login")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Frame-Options"] == "DENY"
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "http" not in policy  # no third-party origin is allowed


def test_pages_load_nothing_from_other_sites(client):
    html = client.get("/auth/login").get_data(as_text=True)
    assert "https://" not in html and "http://" not in html and "//cdn" not in html
    assert client.get("/static/style.css").status_code == 200


@pytest.mark.parametrize(
    ("lang", "title"),
    [("fi", "Sivua ei löytynyt"), ("sv", "Sidan hittades inte"), ("en", "Page not found")],
)
def test_not_found_page_speaks_the_users_language(client, lang, title):
    response = client.get(f"/no/such/page?lang={lang}")
    assert response.status_code == 404
    html = response.get_data(as_text=True)
    assert title in html
    assert f'<html lang="{lang}">' in html


def test_method_not_allowed_has_its_own_page(client):
    response = client.get("/auth/logout")
    assert response.status_code == 405
    assert "Toiminto ei ole sallittu" in response.get_data(as_text=True)


def test_server_error_shows_no_stack_trace(make_app):
    app = make_app(PROPAGATE_EXCEPTIONS=False)

    @app.get("/explode")
    def explode():
        raise RuntimeError("secret internals: aino@example.org")

    response = app.test_client().get("/explode")
    assert response.status_code == 500
    html = response.get_data(as_text=True)
    assert "Jokin meni vikaan" in html
    assert "Traceback" not in html and "secret internals" not in html


def test_errors_answer_json_to_json_clients(client):
    response = client.get("/nothing-here", headers={"Accept": "application/json"})
    assert response.status_code == 404
    assert response.get_json()["error"] == "Sivua ei löytynyt"


def test_csrf_is_enforced_when_enabled(make_app):
    app = make_app(WTF_CSRF_ENABLED=True)
    response = app.test_client().post(
        "/auth/login", data={"email": "a@example.org", "password": "x"}
    )
    assert response.status_code == 400
    assert "Lomake ehti vanhentua" in response.get_data(as_text=True)


def test_language_choice_is_remembered_and_switch_is_shown(client):
    html = client.get("/auth/login?lang=sv").get_data(as_text=True)
    assert "Logga in" in html
    # The switch links to the same page in every language, each named in its own language.
    assert 'hreflang="fi"' in html and "Suomeksi" in html and "In English" in html
    assert "Logga in" in client.get("/auth/login").get_data(as_text=True)


def test_accept_language_is_used_without_a_choice(client):
    html = client.get("/auth/login", headers={"Accept-Language": "en-GB,en;q=0.8"}).get_data(
        as_text=True
    )
    assert "Log in" in html and '<html lang="en">' in html


def test_unknown_language_falls_back_to_finnish(client):
    html = client.get("/auth/login?lang=de", headers={"Accept-Language": "de"}).get_data(
        as_text=True
    )
    assert "Kirjaudu sisään" in html


def test_health_check(client):
    assert client.get("/healthz").get_json() == {"status": "ok"}


def test_request_log_is_json_without_paths_or_personal_data(app, client):
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JSONLogFormatter())
    logger = logging.getLogger("recruit.request")
    logger.addHandler(handler)
    old_level = logging.getLogger("recruit").level
    logging.getLogger("recruit").setLevel(logging.INFO)
    try:
        client.get("/auth/login?email=aino.virtanen@example.org&token=s3cr3t")
    finally:
        logger.removeHandler(handler)
        logging.getLogger("recruit").setLevel(old_level)
    line = stream.getvalue().strip().splitlines()[-1]
    entry = json.loads(line)
    assert entry["endpoint"] == "auth.login" and entry["status"] == 200
    assert "aino" not in line and "s3cr3t" not in line and "/auth/login" not in line
