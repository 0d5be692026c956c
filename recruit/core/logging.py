"""Logging: one JSON object per line in production; never personal data."""

from __future__ import annotations

import json
import logging
import re
import traceback
from datetime import UTC, datetime
from typing import Any

from flask import Flask


class JSONLogFormatter(logging.Formatter):
    """One JSON object per line. Only the fields below and `extra` values are written, and
    callers log ids and endpoint names, never names, addresses or tokens."""

    EXTRA_FIELDS = ("method", "endpoint", "status", "ms", "event_id", "object_id", "job_id")

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for field in self.EXTRA_FIELDS:
            if hasattr(record, field):
                entry[field] = getattr(record, field)
        if record.exc_info and record.exc_info[0] is not None:
            # The type and the frames, never the message: messages quote input (names,
            # addresses) as often as not.
            exc_type, _value, tb = record.exc_info
            entry["exception"] = f"{exc_type.__module__}.{exc_type.__qualname__}"
            entry["traceback"] = "".join(traceback.format_tb(tb))
        return json.dumps(entry, ensure_ascii=False, default=str)


# A path segment kept in a development server's request line: short, lower-case words and
# numbers (route names and ids). Anything else (tokens, e-mail addresses) is replaced.
_PLAIN_SEGMENT = re.compile(r"^[a-z0-9_.-]{0,24}$")


def redact_request_line(line: str) -> str:
    """`GET /youth/b/<token>?q=x HTTP/1.1` → `GET /youth/b/… HTTP/1.1`: no query, no token."""
    parts = line.split(" ")
    if len(parts) != 3:
        return "(request line not shown)"
    method, target, protocol = parts
    path = target.split("?", 1)[0]
    shown = "/".join(s if _PLAIN_SEGMENT.match(s) else "…" for s in path.split("/"))
    return f"{method} {shown} {protocol}"


# The quoted request line inside a development server's log line (maybe in colour codes).
_QUOTED_REQUEST_LINE = re.compile(r'"([^"]* HTTP/[0-9.]+[^"]*)"')


class RequestLineFilter(logging.Filter):
    """Werkzeug's development server logs each request line with its path and query, which
    carry private-link tokens and searched addresses (`flask run`): it keeps only the
    route's shape. Production (gunicorn) writes no request lines of its own."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            if record.args:
                record.msg, record.args = record.getMessage(), ()
            record.msg = _QUOTED_REQUEST_LINE.sub(
                lambda m: f'"{redact_request_line(m.group(1))}"', record.msg)
        return True


def configure_logging(app: Flask) -> None:
    logger = logging.getLogger("recruit")
    logger.setLevel(app.config["LOG_LEVEL"])
    if app.config["LOG_JSON"] and not any(
        isinstance(h.formatter, JSONLogFormatter) for h in logger.handlers
    ):
        handler = logging.StreamHandler()
        handler.setFormatter(JSONLogFormatter())
        logger.addHandler(handler)
        logger.propagate = False
    # app.logger is "recruit" (the package name), so it shares the handler above.
    werkzeug = logging.getLogger("werkzeug")
    if not any(isinstance(f, RequestLineFilter) for f in werkzeug.filters):
        werkzeug.addFilter(RequestLineFilter())
