"""interview ids never reused on SQLite (AUTOINCREMENT): published snapshots name interviews by id

Revision ID: 0006_interview_autoincrement
Revises: 0005_event_feed_link
Create Date: 2026-11-24 05:35:00

SQLite without AUTOINCREMENT gives a new row the highest id in the table plus one, so after
a re-solve deletes the newest draft rows their ids go to unrelated new interviews while a
published snapshot still names them. Batch mode recreates the table with AUTOINCREMENT, and
the sequence starts above every id a published version names. PostgreSQL: nothing to do
(sequences never go back).

Dropping the old table (batch mode's recreate) fires the cells' ON DELETE CASCADE when SQLite
enforces foreign keys, so the cells are kept aside and put back.
"""
import json

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0006_interview_autoincrement'
down_revision = '0005_event_feed_link'
branch_labels = None
depends_on = None

CELL_TABLES = ('interview_cell', 'table_cell')


def _recreate(autoincrement):
    bind = op.get_bind()
    for table in CELL_TABLES:
        op.execute(f'CREATE TEMP TABLE _kept_{table} AS SELECT * FROM {table}')
    with op.batch_alter_table(
        'interview', recreate='always', table_kwargs={'sqlite_autoincrement': autoincrement}
    ):
        pass
    for table in CELL_TABLES:
        op.execute(f'DELETE FROM {table}')
        op.execute(f'INSERT INTO {table} SELECT * FROM _kept_{table}')
        op.execute(f'DROP TABLE _kept_{table}')
    return bind


def _published_ids(bind):
    ids = [0]
    for (snapshot,) in bind.execute(sa.text('SELECT snapshot FROM schedule_version')):
        data = json.loads(snapshot) if isinstance(snapshot, str) else snapshot
        ids += [entry['id'] for entry in (data or {}).get('interviews', [])]
    return max(ids)


def upgrade():
    if op.get_bind().dialect.name != 'sqlite':
        return
    bind = _recreate(True)
    highest = max(
        _published_ids(bind),
        bind.execute(sa.text('SELECT coalesce(max(id), 0) FROM interview')).scalar_one(),
    )
    bind.execute(sa.text("DELETE FROM sqlite_sequence WHERE name = 'interview'"))
    bind.execute(
        sa.text("INSERT INTO sqlite_sequence (name, seq) VALUES ('interview', :seq)"),
        {'seq': highest},
    )


def downgrade():
    if op.get_bind().dialect.name != 'sqlite':
        return
    _recreate(False)
