"""Why young people were left out, counted over the latest schedule of each event.

The solve job stores the engine's answer on its `SolveRun` (`result`): `unscheduled` lists
each candidate the schedule could not place ("C12") with reasons, each a stable `code` and a
`detail` (`missing_card` names the `card`); `left_out` lists the candidates the app could not
even give to the engine (for example no available time inside the event). Counsellors use
the counts ("12 lacked the occupational safety card") to offer card trainings.

Only the latest run that produced a schedule counts, and only for people still signed up who
still have no interview: someone placed later from the waiting list or by hand, or who has
cancelled, is no longer left out. Each person counts once per reason (code and card),
however many vacancies it concerned.

The stored lists are opened in the database with its own JSON table functions (SQLite's
`json_each`, PostgreSQL's `json_array_elements`) and counted there, in one statement: a year
of events brings back a few dozen counts, not thousands of stored reasons to decode.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import sqlalchemy as sa

from recruit.extensions import db

# Runs whose schedule the event uses (the scheduling package stores results of these).
RESULT_STATUSES = ("done", "stopped")

_LATEST = """
    SELECT max(id) FROM solve_run
    WHERE event_id IN :events AND status IN :statuses AND result IS NOT NULL
    GROUP BY event_id
"""

# (event_id, person, code, card) for every reason of every unscheduled candidate, and for
# every candidate the app left out of the problem; "C12" is candidate 12.
_FOUND = {
    "sqlite": f"""
        SELECT r.event_id AS event_id,
               CAST(substr(json_extract(u.value, '$.candidate'), 2) AS INTEGER) AS person,
               json_extract(x.value, '$.code') AS code,
               CASE WHEN json_extract(x.value, '$.code') = 'missing_card'
                    THEN coalesce(json_extract(x.value, '$.detail.card'), '') ELSE '' END
                 AS card
        FROM solve_run AS r, json_each(r.result, '$.unscheduled') AS u,
             json_each(u.value, '$.reasons') AS x
        WHERE r.id IN ({_LATEST}) AND json_extract(u.value, '$.candidate') LIKE 'C%'
        UNION ALL
        SELECT r.event_id, CAST(substr(json_extract(l.value, '$.id'), 2) AS INTEGER),
               json_extract(l.value, '$.code'), ''
        FROM solve_run AS r, json_each(r.result, '$.left_out') AS l
        WHERE r.id IN ({_LATEST}) AND json_extract(l.value, '$.id') LIKE 'C%'
    """,
    "postgresql": f"""
        SELECT r.event_id AS event_id,
               CAST(substr(u.value ->> 'candidate', 2) AS INTEGER) AS person,
               x.value ->> 'code' AS code,
               CASE WHEN x.value ->> 'code' = 'missing_card'
                    THEN coalesce(x.value -> 'detail' ->> 'card', '') ELSE '' END AS card
        FROM solve_run AS r,
             json_array_elements(coalesce(r.result -> 'unscheduled', '[]')) AS u(value),
             json_array_elements(coalesce(u.value -> 'reasons', '[]')) AS x(value)
        WHERE r.id IN ({_LATEST}) AND u.value ->> 'candidate' ~ '^C[0-9]+$'
        UNION ALL
        SELECT r.event_id, CAST(substr(l.value ->> 'id', 2) AS INTEGER), l.value ->> 'code', ''
        FROM solve_run AS r,
             json_array_elements(coalesce(r.result -> 'left_out', '[]')) AS l(value)
        WHERE r.id IN ({_LATEST}) AND l.value ->> 'id' ~ '^C[0-9]+$'
    """,
}

# Per event: youth per reason, and (code NULL) the youth left out; only people still signed
# up without a live interview. MATERIALIZED: both halves of the UNION read it, computed once.
_COUNT = """
    WITH found AS ({found}),
    still_out AS MATERIALIZED (
        SELECT found.* FROM found
        JOIN candidate AS c ON c.id = found.person AND c.event_id = found.event_id
        WHERE c.status = 'active' AND NOT EXISTS (
            SELECT 1 FROM interview AS i
            WHERE i.candidate_id = c.id AND i.cancelled_at IS NULL)
    )
    SELECT event_id, code, card, count(DISTINCT person) FROM still_out
    WHERE code IS NOT NULL GROUP BY event_id, code, card
    UNION ALL
    SELECT event_id, NULL, NULL, count(DISTINCT person) FROM still_out GROUP BY event_id
"""


def count_reasons(event_ids: Sequence[int]) -> dict[int, tuple[int, Counter[tuple[str, str]]]]:
    """Per event id: how many youth the latest schedule left out, and the youth per reason."""
    counted: dict[int, tuple[int, Counter[tuple[str, str]]]] = {}
    if not event_ids:
        return counted
    found = _FOUND.get(db.engine.dialect.name)
    if found is None:
        # The JSON functions differ per database; the service runs on SQLite and PostgreSQL.
        raise RuntimeError(f"left-out reasons are counted on SQLite and PostgreSQL only, "
                           f"not on {db.engine.dialect.name}")
    statement = sa.text(_COUNT.format(found=found)).bindparams(
        sa.bindparam("events", expanding=True), sa.bindparam("statuses", expanding=True)
    )
    rows = db.session.execute(
        statement, {"events": list(event_ids), "statuses": list(RESULT_STATUSES)}
    )
    totals: dict[int, int] = {}
    reasons: dict[int, Counter[tuple[str, str]]] = {}
    for event_id, code, card, number in rows:
        if code is None:
            totals[event_id] = number
        else:
            reasons.setdefault(event_id, Counter())[(code, card or "")] += number
    for event_id in set(totals) | set(reasons):
        counted[event_id] = (totals.get(event_id, 0), reasons.get(event_id, Counter()))
    return counted
