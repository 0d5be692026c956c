"""solve_run.heartbeat_at: the running job's lease, so a run whose worker died is seen failed

Revision ID: 0014_solve_run_lease
Revises: 0013_api_tokens
Create Date: 2026-12-04 18:35:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0014_solve_run_lease'
down_revision = '0013_api_tokens'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('solve_run', schema=None) as batch_op:
        batch_op.add_column(sa.Column('heartbeat_at', sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table('solve_run', schema=None) as batch_op:
        batch_op.drop_column('heartbeat_at')
