"""checkin: an interview's arrival as marked at the door on the event day

Revision ID: 0012_checkin
Revises: 0011_told_backfill
Create Date: 2026-12-04 18:10:00

On SQLite, batch mode recreates `interview` (for the check constraint). Dropping the old table
fires the cells' ON DELETE CASCADE when SQLite enforces foreign keys, so the cells are kept
aside and put back; the table keeps AUTOINCREMENT and its sequence (ids are never reused).
"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0012_checkin'
down_revision = '0011_told_backfill'
branch_labels = None
depends_on = None

CELL_TABLES = ('interview_cell', 'table_cell')
CHECK = "arrival IS NULL OR arrival IN ('arrived', 'late', 'no_show')"


def _alter_interview(change):
    bind = op.get_bind()
    sqlite = bind.dialect.name == 'sqlite'
    if sqlite:
        seq = bind.execute(sa.text(
            "SELECT seq FROM sqlite_sequence WHERE name = 'interview'")).scalar()
        for table in CELL_TABLES:
            op.execute(f'CREATE TEMP TABLE _kept_{table} AS SELECT * FROM {table}')
    with op.batch_alter_table(
        'interview', schema=None, table_kwargs={'sqlite_autoincrement': True}
    ) as batch_op:
        change(batch_op)
    if sqlite:
        for table in CELL_TABLES:
            op.execute(f'DELETE FROM {table}')
            op.execute(f'INSERT INTO {table} SELECT * FROM _kept_{table}')
            op.execute(f'DROP TABLE _kept_{table}')
        if seq is not None:
            bind.execute(sa.text("DELETE FROM sqlite_sequence WHERE name = 'interview'"))
            bind.execute(
                sa.text("INSERT INTO sqlite_sequence (name, seq) VALUES ('interview', :seq)"),
                {'seq': seq},
            )


def upgrade():
    def change(batch_op):
        batch_op.add_column(sa.Column('arrival', sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column('arrival_marked_at', sa.DateTime(timezone=True),
                                      nullable=True))
        batch_op.create_check_constraint(op.f('ck_interview_arrival_known'), CHECK)

    _alter_interview(change)


def downgrade():
    def change(batch_op):
        batch_op.drop_constraint(op.f('ck_interview_arrival_known'), type_='check')
        batch_op.drop_column('arrival_marked_at')
        batch_op.drop_column('arrival')

    _alter_interview(change)
