"""Application settings: safe defaults, every one overridable from the environment.

The defaults give the embedded set-up of DESIGN §4 (a SQLite file under `instance/`,
in-process jobs, mail printed to the log); production sets the environment variables listed
in `config/production.env.example`.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any, overload


@overload
def _env(name: str) -> str | None: ...
@overload
def _env(name: str, default: str) -> str: ...
def _env(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    return default if value is None or value == "" else value


def _env_bool(name: str, default: bool) -> bool:
    value = _env(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _env_int(name: str, default: int) -> int:
    value = _env(name)
    return default if value is None else int(value)


def _development_base_url() -> str:
    host = _env("FLASK_RUN_HOST", "127.0.0.1")
    if host in {"0.0.0.0", "::"}:
        host = "127.0.0.1"
    port = _env("FLASK_RUN_PORT", "5000")
    return f"http://{host}:{port}"


def instance_secret_key(instance_path: str) -> str:
    """Return the secret key kept in `instance/secret_key`, creating it on first run.

    A generated key keeps a fresh clone secure without anyone choosing a password, and
    storing it means sessions survive a restart.
    """
    path = Path(instance_path) / "secret_key"
    if path.exists():
        return path.read_text(encoding="ascii").strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    # O_EXCL: two workers starting at once must not write two different keys.
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text(encoding="ascii").strip()
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(key)
    return key


def engine_options(database_url: str) -> dict[str, Any]:
    """SQLAlchemy engine options for `database_url`.

    hide_parameters: an IntegrityError in the log must not carry names or addresses. A
    PostgreSQL server that does not answer fails a connection after DATABASE_CONNECT_TIMEOUT
    seconds, so requests and the health checks fail within seconds instead of hanging.
    """
    options: dict[str, Any] = {"pool_pre_ping": True, "hide_parameters": True}
    if database_url.startswith("postgresql"):
        options["connect_args"] = {"connect_timeout": _env_int("DATABASE_CONNECT_TIMEOUT", 5)}
    return options


class Config:
    """All settings with their defaults; `as_dict()` gives what `app.config` receives."""

    def __init__(self, instance_path: str) -> None:
        self.instance_path = instance_path

    def as_dict(self) -> dict[str, Any]:
        instance = self.instance_path
        database_url = _env("DATABASE_URL", f"sqlite:///{Path(instance) / 'recruit.sqlite3'}")
        # Heroku-style URLs name the old driver; SQLAlchemy 2 wants an explicit psycopg 3 URL.
        if database_url.startswith("postgres://"):
            database_url = "postgresql+psycopg://" + database_url[len("postgres://") :]
        elif database_url.startswith("postgresql://"):
            database_url = "postgresql+psycopg://" + database_url[len("postgresql://") :]
        return {
            # Unset: create_app generates one into instance/secret_key (see instance_secret_key).
            "SECRET_KEY": _env("SECRET_KEY"),
            "SQLALCHEMY_DATABASE_URI": database_url,
            "SQLALCHEMY_ENGINE_OPTIONS": engine_options(database_url),
            # Unset: background jobs run in a thread of the web process.
            "REDIS_URL": _env("REDIS_URL"),
            # The RQ queue jobs go to; workers listen on it: `rq worker recruit`.
            "RQ_QUEUE": _env("RQ_QUEUE", "recruit"),
            "RATELIMIT_STORAGE_URI": _env("RATELIMIT_STORAGE_URI", "memory://"),
            "RATELIMIT_ENABLED": _env_bool("RATELIMIT_ENABLED", True),
            "RATELIMIT_HEADERS_ENABLED": True,
            # Per client address: a ceiling for a whole office behind one connection. One
            # account is locked after LOGIN_LOCKOUT_LIMIT wrong passwords instead.
            "LOGIN_RATE_LIMIT": _env("LOGIN_RATE_LIMIT", "30 per minute;300 per hour"),
            "LOGIN_LOCKOUT_LIMIT": _env("LOGIN_LOCKOUT_LIMIT", "5 per 15 minutes"),
            # Mails a stranger can make us send to one address (a sign-up's confirmation,
            # "send my link again"), whatever the client: per address and kind of mail.
            "PUBLIC_MAIL_PER_RECIPIENT_LIMIT": _env(
                "PUBLIC_MAIL_PER_RECIPIENT_LIMIT", "3 per hour;10 per day"
            ),
            # Staff accounts: how long an invitation and a password-reset link work, how long
            # after the password the second factor's code may come, and the name an
            # authenticator app shows for the account.
            "ACCOUNT_INVITE_HOURS": _env_int("ACCOUNT_INVITE_HOURS", 72),
            "PASSWORD_RESET_MINUTES": _env_int("PASSWORD_RESET_MINUTES", 30),
            "SECOND_STEP_SECONDS": _env_int("SECOND_STEP_SECONDS", 300),
            "TOTP_ISSUER": _env("TOTP_ISSUER", "Täsmärekry"),
            "EMPLOYER_SIGNUP_RATE_LIMIT": _env(
                "EMPLOYER_SIGNUP_RATE_LIMIT", "10 per minute;60 per hour"
            ),
            # Sign-ups per address: a ceiling high enough for a school class behind one
            # connection; one person (e-mail) and one open form are limited more tightly.
            "YOUTH_SIGNUP_RATE_LIMIT": _env(
                "YOUTH_SIGNUP_RATE_LIMIT", "120 per minute;1000 per hour"
            ),
            "YOUTH_SIGNUP_PERSON_RATE_LIMIT": _env(
                "YOUTH_SIGNUP_PERSON_RATE_LIMIT", "5 per minute;20 per hour"
            ),
            "YOUTH_SIGNUP_FORM_RATE_LIMIT": _env(
                "YOUTH_SIGNUP_FORM_RATE_LIMIT", "10 per minute;60 per hour"
            ),
            "YOUTH_LINK_AGAIN_RATE_LIMIT": _env(
                "YOUTH_LINK_AGAIN_RATE_LIMIT", "30 per minute;300 per hour"
            ),
            "YOUTH_ACTION_RATE_LIMIT": _env("YOUTH_ACTION_RATE_LIMIT", "60 per minute"),
            # No MAIL_SERVER: messages are written to the log instead of being sent.
            "MAIL_SERVER": _env("MAIL_SERVER"),
            "MAIL_PORT": _env_int("MAIL_PORT", 25),
            "MAIL_USE_TLS": _env_bool("MAIL_USE_TLS", False),
            "MAIL_USE_SSL": _env_bool("MAIL_USE_SSL", False),
            "MAIL_USERNAME": _env("MAIL_USERNAME"),
            "MAIL_PASSWORD": _env("MAIL_PASSWORD"),
            "MAIL_DEFAULT_SENDER": _env("MAIL_DEFAULT_SENDER", "tasmarekry@localhost"),
            "MAIL_TIMEOUT_SECONDS": _env_int("MAIL_TIMEOUT_SECONDS", 10),
            "MAIL_MAX_ATTEMPTS": _env_int("MAIL_MAX_ATTEMPTS", 12),
            # Retries wait base · 2^(attempt-1) seconds, at most the maximum: 5, 10, 20 s …
            # one hour, so a short outage of the relay delays mail by seconds, not a minute;
            # 12 attempts span about 2.4 hours before a message is dead.
            "MAIL_RETRY_BASE_SECONDS": _env_int("MAIL_RETRY_BASE_SECONDS", 5),
            "MAIL_RETRY_MAX_SECONDS": _env_int("MAIL_RETRY_MAX_SECONDS", 3600),
            # A sender's lease on the batch it claimed; a sender that dies leaves it to expire.
            "MAIL_CLAIM_SECONDS": _env_int("MAIL_CLAIM_SECONDS", 600),
            # Whole messages in the log when there is no MAIL_SERVER (only with FLASK_DEBUG).
            "MAIL_LOG_BODIES": _env_bool("MAIL_LOG_BODIES", False),
            # Deliver right after the commit that queued mail. Unset: on, except under TESTING.
            "MAIL_DELIVER_ON_COMMIT": (
                _env_bool("MAIL_DELIVER_ON_COMMIT", True)
                if _env("MAIL_DELIVER_ON_COMMIT") is not None
                else None
            ),
            # Text messages (recruit.sms): an HTTP gateway taking GatewayAPI-style JSON. Unset
            # URL: SMS is off and nothing is queued. In development: `flask sms-fake-gateway`.
            "SMS_GATEWAY_URL": _env("SMS_GATEWAY_URL"),
            "SMS_GATEWAY_TOKEN": _env("SMS_GATEWAY_TOKEN"),
            # The sender name shown on the phone (at most 11 letters and digits).
            "SMS_SENDER": _env("SMS_SENDER", "Tasmarekry"),
            "SMS_TIMEOUT_SECONDS": _env_int("SMS_TIMEOUT_SECONDS", 10),
            "SMS_MAX_ATTEMPTS": _env_int("SMS_MAX_ATTEMPTS", 8),
            "SMS_RETRY_BASE_SECONDS": _env_int("SMS_RETRY_BASE_SECONDS", 60),
            "SMS_RETRY_MAX_SECONDS": _env_int("SMS_RETRY_MAX_SECONDS", 3600),
            # Deliver right after the commit that queued a text. Unset: on, except under TESTING.
            "SMS_DELIVER_ON_COMMIT": (
                _env_bool("SMS_DELIVER_ON_COMMIT", True)
                if _env("SMS_DELIVER_ON_COMMIT") is not None
                else None
            ),
            # Absolute base for links in e-mails, which are built outside any request. Unset:
            # the address `flask run` serves (FLASK_RUN_HOST/FLASK_RUN_PORT, as `make run` sets).
            "PUBLIC_BASE_URL": _env("PUBLIC_BASE_URL", _development_base_url()),
            "BABEL_DEFAULT_LOCALE": _env("BABEL_DEFAULT_LOCALE", "fi"),
            "BABEL_DEFAULT_TIMEZONE": _env("BABEL_DEFAULT_TIMEZONE", "Europe/Helsinki"),
            # The one catalogue, relative to the `recruit` package (recruit/translations).
            "BABEL_TRANSLATION_DIRECTORIES": _env("BABEL_TRANSLATION_DIRECTORIES", "translations"),
            # WTForms' own messages ("This field is required.") in the page's language.
            "WTF_I18N_ENABLED": True,
            "LANGUAGES": ("fi", "sv", "en"),
            "SESSION_COOKIE_SECURE": _env_bool("SESSION_COOKIE_SECURE", False),
            "SESSION_COOKIE_HTTPONLY": True,
            "SESSION_COOKIE_SAMESITE": "Lax",
            "REMEMBER_COOKIE_SECURE": _env_bool("SESSION_COOKIE_SECURE", False),
            # A staff login ends after this long without use, and this long after the login
            # at the latest (recruit/auth/sessions.py).
            "SESSION_IDLE_SECONDS": _env_int("SESSION_IDLE_SECONDS", 30 * 60),
            "SESSION_ABSOLUTE_SECONDS": _env_int("SESSION_ABSOLUTE_SECONDS", 12 * 3600),
            # The staff session cookie expires with the idle limit (renewed while used).
            "PERMANENT_SESSION_LIFETIME": _env_int("SESSION_IDLE_SECONDS", 30 * 60),
            "REFERRER_POLICY": _env("REFERRER_POLICY", "same-origin"),
            # Proxies in front of the app (nginx: 1). Their X-Forwarded-* headers are then
            # trusted, so rate limits count real client addresses, not the proxy's.
            "TRUSTED_PROXIES": _env_int("TRUSTED_PROXIES", 0),
            "WTF_CSRF_TIME_LIMIT": _env_int("WTF_CSRF_TIME_LIMIT", 4 * 3600),
            # Flask-WTF's extra Referer check over HTTPS would refuse every form on a page
            # reached by a private link: those pages send "Referrer-Policy: no-referrer" so
            # the token never leaves in a Referer. The CSRF token, SameSite cookies and HSTS
            # stay (docs/security.md).
            "WTF_CSRF_SSL_STRICT": False,
            "MAX_CONTENT_LENGTH": _env_int("MAX_CONTENT_LENGTH", 2 * 1024 * 1024),
            "SOLVER_TIME_LIMIT_SECONDS": _env_int("SOLVER_TIME_LIMIT_SECONDS", 60),
            "SOLVER_WORKERS": _env_int("SOLVER_WORKERS", 2),
            # Telling people about a publish: young people per transaction of the job, and
            # how long a job may go without progress before it counts as lost and is queued
            # again (recruit.scheduling.fanout).
            "PUBLISH_BATCH_SIZE": _env_int("PUBLISH_BATCH_SIZE", 100),
            "PUBLISH_LEASE_SECONDS": _env_int("PUBLISH_LEASE_SECONDS", 60),
            # A waiting-list run (a freed time offered to the waiting list) is a short solve.
            "WAITLIST_TIME_LIMIT_SECONDS": _env_int("WAITLIST_TIME_LIMIT_SECONDS", 10),
            # A booking page shows the free times themselves up to this many in all (a
            # Täsmärekry of one employer); with more (a fair) it lists the employers, each
            # linking to a page of its own times.
            "BOOKING_PAGE_INLINE_TIMES": _env_int("BOOKING_PAGE_INLINE_TIMES", 24),
            # On the event day a build or waiting-list run places no interview that starts
            # sooner than this many minutes from now (time to get the message and come).
            "SAME_DAY_MARGIN_MINUTES": _env_int("SAME_DAY_MARGIN_MINUTES", 30),
            # "Fill gaps from now" on the event day: a solve of the whole event, kept short.
            "FILL_GAPS_TIME_LIMIT_SECONDS": _env_int("FILL_GAPS_TIME_LIMIT_SECONDS", 20),
            # Employers who have not recorded every outcome this many days after the event
            # get one reminder (sent by the daily `flask request-outcomes`).
            "OUTCOME_REMINDER_DAYS": _env_int("OUTCOME_REMINDER_DAYS", 7),
            # `flask periodic`, the app's own schedule (recruit/core/periodic.py): daily tasks
            # from these hours in PERIODIC_TIMEZONE, e-mail retries every so many seconds.
            "PERIODIC_TIMEZONE": _env("PERIODIC_TIMEZONE", "Europe/Helsinki"),
            "PERIODIC_TICK_SECONDS": _env_int("PERIODIC_TICK_SECONDS", 60),
            "PERIODIC_RETRY_SECONDS": _env_int("PERIODIC_RETRY_SECONDS", 900),
            "PERIODIC_MAIL_SECONDS": _env_int("PERIODIC_MAIL_SECONDS", 300),
            "REMINDERS_HOUR": _env_int("REMINDERS_HOUR", 10),
            "OUTCOMES_HOUR": _env_int("OUTCOMES_HOUR", 9),
            "PURGE_HOUR": _env_int("PURGE_HOUR", 3),
            "FOLLOW_UP_HOUR": _env_int("FOLLOW_UP_HOUR", 11),
            # The impact follow-up (`flask follow-up send`, daily): one reminder this many days
            # after the question, and the links must live this many days from the question
            # (the event form asks for retention >= follow-up days + this).
            "FOLLOW_UP_REMINDER_DAYS": _env_int("FOLLOW_UP_REMINDER_DAYS", 14),
            "FOLLOW_UP_ANSWER_DAYS": _env_int("FOLLOW_UP_ANSWER_DAYS", 28),
            "PRIVACY_NOTICE_VERSION": _env("PRIVACY_NOTICE_VERSION", "2026-01"),
            # A young person who withdraws their consent is erased by the first purge run
            # this many hours later (time to download their data and get the cancellations).
            "WITHDRAWN_DATA_KEPT_HOURS": _env_int("WITHDRAWN_DATA_KEPT_HOURS", 24),
            # Staff may fill an event with generated demo people: on for development and
            # `make run`, off in production (config/production.env.example).
            "DEMO_TOOLS": _env_bool("DEMO_TOOLS", True),
            # Argon2id cost: "default" (recommended parameters); tests use "cheapest".
            "ARGON2_PROFILE": "default",
            "LOG_LEVEL": _env("LOG_LEVEL", "INFO"),
            "LOG_JSON": _env_bool("LOG_JSON", True),
        }
