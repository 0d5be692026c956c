"""personal data purge: when an event's personal data was deleted; outbox rows erased once
sent; 90 days as the default retention period

Revision ID: 0015_personal_data_purge
Revises: 0014_solve_run_lease
Create Date: 2026-12-04 18:00:00

Plain ADD/DROP COLUMN only: on SQLite a batch recreate of `event` would drop the table and
cascade to every row that refers to it (see 0007). The new default retention period is a
column default on PostgreSQL; on SQLite the model's default gives it (the app always sets it).
"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0015_personal_data_purge'
down_revision = '0014_solve_run_lease'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('event', sa.Column('personal_data_deleted_at', sa.DateTime(timezone=True),
                                     nullable=True))
    op.add_column('outbox_message', sa.Column('erase_when_sent', sa.Boolean(), nullable=False,
                                              server_default=sa.false()))
    if op.get_bind().dialect.name == 'postgresql':
        op.execute('ALTER TABLE event ALTER COLUMN retention_days SET DEFAULT 90')


def downgrade():
    if op.get_bind().dialect.name == 'postgresql':
        op.execute('ALTER TABLE event ALTER COLUMN retention_days SET DEFAULT 180')
    op.execute('ALTER TABLE outbox_message DROP COLUMN erase_when_sent')
    op.execute('ALTER TABLE event DROP COLUMN personal_data_deleted_at')
