"""periodic_run: the app's own schedule of daily and interval work, one claim per period

Revision ID: 0016_periodic_runs
Revises: 0015_personal_data_purge
Create Date: 2026-12-04 21:40:00

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '0016_periodic_runs'
down_revision = '0015_personal_data_purge'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('periodic_run',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('task', sa.String(length=40), nullable=False),
    sa.Column('period', sa.String(length=20), nullable=False),
    sa.Column('outcome', sa.String(length=8), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("outcome IN ('running', 'done', 'failed')", name=op.f('ck_periodic_run_outcome_known')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_periodic_run')),
    sa.UniqueConstraint('task', 'period', name=op.f('uq_periodic_run_task_period'))
    )


def downgrade():
    op.drop_table('periodic_run')
