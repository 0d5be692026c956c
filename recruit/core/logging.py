"""Logging: one JSON object per line in production; never personal data."""

from __future__ import annotations

import json
import logging
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
