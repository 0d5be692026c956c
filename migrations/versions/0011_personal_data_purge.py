"""personal data purge: when an event's personal data was deleted; outbox rows erased once
sent; 90 days as the default retention period

Revision ID: 0011_personal_data_purge
Revises: 0010_told_interview
Create Date: 2026-12-04 18:00:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0011_personal_data_purge'
down_revision = '0010_told_interview'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.add_column(sa.Column('personal_data_deleted_at', sa.DateTime(timezone=True),
                                      nullable=True))
        batch_op.alter_column('retention_days', existing_type=sa.Integer(),
                              server_default='90', existing_nullable=False)
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.add_column(sa.Column('erase_when_sent', sa.Boolean(), nullable=False,
                                      server_default=sa.false()))


def downgrade():
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.drop_column('erase_when_sent')
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.alter_column('retention_days', existing_type=sa.Integer(),
                              server_default='180', existing_nullable=False)
        batch_op.drop_column('personal_data_deleted_at')
