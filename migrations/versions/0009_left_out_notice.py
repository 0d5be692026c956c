"""the event's "next steps" text and who was told they have no interview

Revision ID: 0009_left_out_notice
Revises: 0008_outbox_logged
Create Date: 2026-12-04 16:40:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0009_left_out_notice'
down_revision = '0008_outbox_logged'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.add_column(sa.Column('next_steps', sa.Text(), server_default='', nullable=False))
    with op.batch_alter_table('candidate', schema=None) as batch_op:
        batch_op.add_column(sa.Column('left_out_told_version', sa.Integer(), nullable=True))


def downgrade():
    # Plain DROP COLUMN (SQLite 3.35+ has it): a batch recreate of these tables would drop
    # and cascade to every row that refers to them (see 0007).
    op.execute('ALTER TABLE candidate DROP COLUMN left_out_told_version')
    op.execute('ALTER TABLE event DROP COLUMN next_steps')
