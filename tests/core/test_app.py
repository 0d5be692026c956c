"""The app factory, settings, security headers, error pages, languages and logging."""

from __future__ import annotations

import datetime as dt
import io
import json
import logging
import re
import stat
from pathlib import Path

import pytest

from config.settings import Config, instance_secret_key
from recruit import create_app
from recruit.core.i18n import (
    format_date,
    format_event_datetime,
    format_event_time,
    format_event_window,
)
from recruit.core.logging import JSONLogFormatter
from recruit.models import Event


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


def test_server_error_shows_no_stack_trace_and_logs_no_personal_data(make_app):
    app = make_app(PROPAGATE_EXCEPTIONS=False)

    @app.get("/explode/<token>")
    def explode(token):
        raise RuntimeError(f"secret internals: {token}")

    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JSONLogFormatter())
    logging.getLogger("recruit").addHandler(handler)
    try:
        response = app.test_client().get("/explode/t0k3n")  # a private link's token
    finally:
        logging.getLogger("recruit").removeHandler(handler)
    assert response.status_code == 500
    html = response.get_data(as_text=True)
    assert "Jokin meni vikaan" in html
    assert "Traceback" not in html and "secret internals" not in html
    entries = [json.loads(line) for line in stream.getvalue().splitlines()]
    error = next(entry for entry in entries if entry["level"] == "ERROR")
    assert error["exception"] == "builtins.RuntimeError" and error["endpoint"] == "explode"
    assert "raise RuntimeError" in error["traceback"]
    # Neither the message (which quotes the input) nor the path reaches the log.
    assert "t0k3n" not in stream.getvalue()


def test_unhandled_errors_propagate_in_tests(make_app):
    app = make_app()

    @app.get("/explode")
    def explode():
        raise RuntimeError("visible to the test")

    with pytest.raises(RuntimeError, match="visible to the test"):
        app.test_client().get("/explode")


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


def test_every_environment_setting_is_documented_in_the_example():
    root = Path(__file__).resolve().parents[2]
    source = (root / "config" / "settings.py").read_text(encoding="utf-8")
    example = (root / "config" / "production.env.example").read_text(encoding="utf-8")
    names = set(re.findall(r'_env(?:_bool|_int)?\("([A-Z_]+)"', source))
    gunicorn = (root / "config" / "gunicorn.conf.py").read_text(encoding="utf-8")
    names |= set(re.findall(r'os\.environ\.get\("([A-Z_]+)"', gunicorn))
    assert names, "no settings found; has settings.py changed shape?"
    undocumented = sorted(n for n in names if not re.search(rf"^#? ?{n}=", example, re.M))
    assert not undocumented


def test_every_setting_the_app_reads_is_in_the_settings():
    """A `config.get("X", default)` or a rate limit `_limit("X", ...)` whose X is not in
    config/settings.py can never be set from the environment (nor found in the example)."""
    root = Path(__file__).resolve().parents[2]
    source = (root / "config" / "settings.py").read_text(encoding="utf-8")
    read = re.compile(r'config\.get\(\s*"([A-Z_]+)"\s*,|_limit\(\s*"([A-Z_]+)"')
    names = {
        name
        for path in (root / "recruit").rglob("*.py")
        for match in read.findall(path.read_text(encoding="utf-8"))
        for name in match
        if name
    }
    assert {"YOUTH_ACTION_RATE_LIMIT", "WAITLIST_TIME_LIMIT_SECONDS"} <= names
    assert sorted(n for n in names if f'"{n}"' not in source) == []


@pytest.mark.parametrize(
    ("lang", "time", "window", "day", "deadline"),
    [
        ("fi", "9.30", "9.00–24.00", "12.3.2027", "6.3.2027 0.00"),
        # Finland-Swedish usage, as in Finnish: 9.30 and 6.3.2027 (not Sweden's 09:30, 2027-03-06).
        ("sv", "9.30", "9.00–24.00", "12 mars 2027", "6.3.2027 0.00"),
        ("en", "09:30", "09:00–24:00", "12 Mar 2027", "06/03/2027, 00:00"),
    ],
)
def test_times_and_dates_follow_the_language_and_event_timezone(
    app, lang, time, window, day, deadline
):
    event = Event(date=dt.date(2027, 3, 12), timezone="Europe/Helsinki")
    with app.test_request_context(f"/?lang={lang}"):
        assert format_event_time(event, 9 * 60 + 30) == time
        assert format_event_window(event, 9 * 60, 24 * 60) == window
        assert format_date(event.date) == day
        # 22:00 UTC on 5 March is midnight in Helsinki (UTC+2 in winter).
        utc = dt.datetime(2027, 3, 5, 22, 0, tzinfo=dt.UTC)
        assert format_event_datetime(event, utc) == deadline
        rendered = app.jinja_env.from_string(
            "{{ 570 | minute }} {{ format_event_time(event, 600) }} {{ day | format_date }}"
        ).render(event=event, day=event.date)
        assert rendered.split()[0] == time


def test_event_timezone_is_used_for_instants(app):
    event = Event(date=dt.date(2027, 7, 1), timezone="Europe/Stockholm")
    with app.test_request_context("/?lang=fi"):
        # 08:00 UTC in July is 10.00 in Stockholm (UTC+2), not 11.00 as in Helsinki.
        utc = dt.datetime(2027, 7, 1, 8, 0, tzinfo=dt.UTC)
        assert format_event_datetime(event, utc).endswith("10.00")


def test_translations_work_outside_requests(app):
    from flask_babel import force_locale, gettext

    assert gettext("Log in") == "Kirjaudu sisään"  # a job or command: the default language
    with force_locale("sv"):
        assert gettext("Log in") == "Logga in"


def test_form_field_partial_keeps_input_and_puts_errors_beside_fields(app):
    from flask import render_template_string
    from flask_wtf import FlaskForm
    from wtforms import BooleanField, RadioField, SelectChoice, StringField
    from wtforms.validators import DataRequired, Length

    class ExampleForm(FlaskForm):
        name = StringField("Name", validators=[Length(max=3)])
        size = RadioField(
            "Size",
            choices=[SelectChoice("s", "Small"), SelectChoice("l", "Large")],
            validators=[DataRequired(message="Pick a size.")],
        )
        agree = BooleanField("I agree")

    with app.test_request_context(method="POST", data={"name": "Liisa"}):
        form = ExampleForm()
        assert not form.validate()
        html = render_template_string(
            '{% from "_form_field.html" import form_field %}'
            "{{ form_field(form.name, hint='Short') }}{{ form_field(form.size) }}"
            "{{ form_field(form.agree) }}",
            form=form,
        )
    assert 'value="Liisa"' in html  # what was typed is kept
    assert 'aria-describedby="name-hint name-error"' in html and 'aria-invalid="true"' in html
    assert '<span class="error" id="name-error">' in html
    assert "<legend>Size</legend>" in html and 'id="size-error">Pick a size.</span>' in html
    assert '<label for="agree">I agree</label>' in html


def test_https_deployments_get_strict_transport_security(make_app):
    app = make_app(SESSION_COOKIE_SECURE=True, TRUSTED_PROXIES=1)
    client = app.test_client()
    response = client.get("/healthz", base_url="https://localhost")
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000"
    # Behind the proxy, which says the visitor came over HTTPS.
    proxied = client.get("/healthz", headers={"X-Forwarded-Proto": "https"})
    assert proxied.headers["Strict-Transport-Security"] == "max-age=31536000"
    # Plain HTTP (development): a browser would pin a site that cannot serve HTTPS.
    assert "Strict-Transport-Security" not in client.get("/healthz").headers


def test_behind_a_trusted_proxy_limits_count_the_real_client(make_app, staff_user):
    app = make_app(TRUSTED_PROXIES=1, RATELIMIT_ENABLED=True, LOGIN_RATE_LIMIT="2 per minute")
    client = app.test_client()
    wrong = {"email": "x@example.org", "password": "wrong"}

    def attempt(address):
        return client.post("/auth/login", data=wrong, headers={"X-Forwarded-For": address})

    assert [attempt("198.51.100.7").status_code for _ in range(3)] == [401, 401, 429]
    # A colleague behind the same proxy is not locked out.
    assert attempt("203.0.113.9").status_code == 401


@pytest.mark.parametrize(
    ("code", "fi_title", "sv_title"),
    [
        (400, "Virheellinen pyyntö", "Felaktig begäran"),
        (403, "Ei käyttöoikeutta", "Åtkomst nekad"),
        (404, "Sivua ei löytynyt", "Sidan hittades inte"),
        (405, "Toiminto ei ole sallittu", "Metoden är inte tillåten"),
        (413, "Liikaa tietoa", "För mycket data"),
        (429, "Liian monta pyyntöä", "För många förfrågningar"),
    ],
)
def test_every_error_page_has_a_title_in_each_language(make_app, code, fi_title, sv_title):
    from flask import abort

    app = make_app()

    @app.get("/fail")
    def fail():
        abort(code)

    client = app.test_client()
    finnish = client.get("/fail")
    assert finnish.status_code == code
    assert f"<h1>{fi_title}</h1>" in finnish.get_data(as_text=True)
    swedish = client.get("/fail?lang=sv")
    assert f"<h1>{sv_title}</h1>" in swedish.get_data(as_text=True)


def _urls_with_ids(app, number):
    """Every route with an `<int:...>` part: that number in each, "x" in any other part."""
    for rule in app.url_map.iter_rules():
        if "<int:" not in rule.rule:
            continue
        url = re.sub(r"<[^>]+>", "x", re.sub(r"<int:\w+>", str(number), rule.rule))
        # A method the route takes (GET first), so the answer is about the id, not a 405.
        yield next(m for m in ("GET", "POST", "PUT", "PATCH", "DELETE") if m in rule.methods), url


@pytest.mark.parametrize("number", [2**31, 10**20])
def test_ids_beyond_the_databases_integers_are_404_on_every_route(
    app, logged_in_client, number
):
    # PostgreSQL's integer ends at 2**31 - 1: a larger id in any URL (staff, schedule,
    # employer, youth) is a page that does not exist, never an "out of range" database error.
    urls = list(_urls_with_ids(app, number))
    assert len(urls) > 30
    for method, url in urls:
        response = logged_in_client.open(url, method=method)
        assert response.status_code == 404, (method, url)


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def test_every_form_of_the_app_has_the_shared_base(app):
    # The base drops NUL characters from what is posted (PostgreSQL refuses them in text).
    from flask_wtf import FlaskForm
    from wtforms import FieldList, StringField

    from recruit.core.forms import RecruitForm

    forms = {form for form in _subclasses(FlaskForm) if form.__module__.startswith("recruit.")}
    assert len(forms) > 10
    assert [form for form in forms if not issubclass(form, RecruitForm)] == []

    class Named(RecruitForm):
        name = StringField()
        names = FieldList(StringField(), min_entries=2)

    data = {"name": "A\x00b", "names-0": "\x00c", "names-1": "d"}
    with app.test_request_context(method="POST", data=data):
        assert Named().data == {"name": "Ab", "names": ["c", "d"]}
    # Forms that read the query string (search boxes) too.
    with app.test_request_context("/?name=%00x"):
        from flask import request

        assert Named(request.args, meta={"csrf": False}).name.data == "x"
