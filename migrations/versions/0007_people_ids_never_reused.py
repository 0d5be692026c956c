"""candidate, employer and vacancy ids never reused on SQLite (AUTOINCREMENT): snapshots name them

Revision ID: 0007_people_autoincrement
Revises: 0006_interview_autoincrement
Create Date: 2026-11-24 05:45:00

Published snapshots name the candidate, employer and vacancy of each interview by id, and
people are erased on request: a new sign-up must not take an erased person's id (SQLite
would give it out again when it was the highest). PostgreSQL: nothing to do.

Batch mode recreates each table by copying it and dropping the old one. With foreign keys
enforced, that DROP deletes (ON DELETE CASCADE) or refuses (RESTRICT) the rows that refer to
it, so every table that depends on these ones is kept aside and emptied first, children
first, and put back afterwards, parents first.
"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0007_people_autoincrement'
down_revision = '0006_interview_autoincrement'
branch_labels = None
depends_on = None

# Parents first.
TABLES = ('employer', 'vacancy', 'candidate')


def _dependents(bind):
    """Every table that refers to TABLES, directly or through another, parents first."""
    inspector = sa.inspect(bind)
    parents = {
        name: {fk['referred_table'] for fk in inspector.get_foreign_keys(name)}
        for name in inspector.get_table_names()
    }
    found = set(TABLES)
    while True:
        more = {name for name, refs in parents.items() if refs & found} - found
        if not more:
            break
        found |= more
    ordered = []
    while len(ordered) < len(found):
        ready = [
            name for name in sorted(found - set(ordered))
            if (parents[name] & found) - {name} <= set(ordered)
        ]
        if not ready:
            raise RuntimeError(f'foreign keys form a cycle among {sorted(found)}')
        ordered += ready
    return ordered


def _recreate(autoincrement):
    bind = op.get_bind()
    tables = _dependents(bind)
    columns = {
        name: [c['name'] for c in sa.inspect(bind).get_columns(name)] for name in tables
    }
    for name in tables:
        op.execute(f'CREATE TEMP TABLE "_kept_{name}" AS SELECT * FROM "{name}"')
    for name in reversed(tables):
        op.execute(f'DELETE FROM "{name}"')
    for name in TABLES:
        with op.batch_alter_table(
            name, recreate='always', table_kwargs={'sqlite_autoincrement': autoincrement}
        ):
            pass
    for name in tables:
        listed = ', '.join(f'"{c}"' for c in columns[name])
        op.execute(f'INSERT INTO "{name}" ({listed}) SELECT {listed} FROM "_kept_{name}"')
        op.execute(f'DROP TABLE "_kept_{name}"')
    return bind


def _highest_in_snapshots(bind):
    import json

    highest = {'candidate': 0, 'employer': 0, 'vacancy': 0}
    for (snapshot,) in bind.execute(sa.text('SELECT snapshot FROM schedule_version')):
        data = json.loads(snapshot) if isinstance(snapshot, str) else snapshot
        for entry in (data or {}).get('interviews', []):
            for name in highest:
                highest[name] = max(highest[name], entry.get(f'{name}_id') or 0)
    return highest


def upgrade():
    if op.get_bind().dialect.name != 'sqlite':
        return
    bind = _recreate(True)
    named = _highest_in_snapshots(bind)
    for name in TABLES:
        rows = bind.execute(sa.text(f'SELECT coalesce(max(id), 0) FROM "{name}"')).scalar_one()
        bind.execute(sa.text('DELETE FROM sqlite_sequence WHERE name = :name'), {'name': name})
        bind.execute(
            sa.text('INSERT INTO sqlite_sequence (name, seq) VALUES (:name, :seq)'),
            {'name': name, 'seq': max(rows, named[name])},
        )


def downgrade():
    if op.get_bind().dialect.name != 'sqlite':
        return
    _recreate(False)
