"""server sessions: staff and visitor sessions kept on the server, keyed by a hash of the
cookie's id; attempts counted by the per-person limits when there is no Redis

Revision ID: 0021_server_sessions
Revises: 0020_staff_roles
Create Date: 2026-12-04 21:30:00
"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0021_server_sessions'
down_revision = '0020_staff_roles'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'server_session',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('store_id', sa.String(length=64), nullable=False),
        sa.Column('data', sa.LargeBinary(), nullable=False),
        sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_server_session')),
        sa.UniqueConstraint('store_id', name=op.f('uq_server_session_store_id')),
    )
    with op.batch_alter_table('server_session', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_server_session_expires_at'), ['expires_at'],
                              unique=False)
    op.create_table(
        'throttle_hit',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('key', sa.String(length=80), nullable=False),
        sa.Column('at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_throttle_hit')),
    )
    with op.batch_alter_table('throttle_hit', schema=None) as batch_op:
        batch_op.create_index('ix_throttle_hit_key_at', ['key', 'at'], unique=False)
        batch_op.create_index(batch_op.f('ix_throttle_hit_at'), ['at'], unique=False)


def downgrade():
    with op.batch_alter_table('throttle_hit', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_throttle_hit_at'))
        batch_op.drop_index('ix_throttle_hit_key_at')
    op.drop_table('throttle_hit')
    with op.batch_alter_table('server_session', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_server_session_expires_at'))
    op.drop_table('server_session')
