"""A scan of every text-like column of every table for given strings (what a copy of the
database would give away)."""

from __future__ import annotations

import json
from collections.abc import Iterable

import sqlalchemy as sa

from recruit.extensions import db

_TEXT_TYPES = (sa.String, sa.Text, sa.JSON, sa.LargeBinary)


def _as_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bytes):
        # Calendars fold long lines: unfold so a name cut in two is still found.
        return value.decode("utf-8", "replace").replace("\r\n ", "").replace("\n ", "")
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def find_anywhere(needles: Iterable[str]) -> list[str]:
    """`table.column: needle` for every stored value that contains one of `needles`
    (compared case-insensitively)."""
    wanted = [needle.lower() for needle in needles if needle]
    hits = []
    db.session.expire_all()
    for table in db.metadata.sorted_tables:
        columns = [c for c in table.columns if isinstance(c.type, _TEXT_TYPES)]
        if not columns:
            continue
        for row in db.session.execute(sa.select(*columns)):
            for column, value in zip(columns, row, strict=True):
                text = _as_text(value).lower()
                hits += [f"{table.name}.{column.name}: {n}" for n in wanted if n in text]
    return hits
